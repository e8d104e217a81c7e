"""Strict YAML loading that loses nothing and changes nothing.

pyyaml composes the node graph (in C when libyaml is present); we then build
plain Python values ourselves, so that:

- every value keeps its 1-based line and column, in a *positions table* keyed
  by the path to the value (``("engagements", 2, "montant") -> (14, 15)``);
- a key repeated in one mapping is reported with both lines, not silently
  overwritten;
- a scalar that YAML would turn into a number, a boolean or a date is kept as
  the text the user wrote (a :class:`Lit`, a ``str`` that remembers what YAML
  thought it was): ``id: 1.10`` stays ``"1.10"``, ``montant: 0.005`` can be
  refused instead of rounded, ``titre: Non`` stays ``"Non"``. The models decide
  what each field means;
- only plain YAML is accepted: any ``!!python/...`` or other non-standard tag,
  merge keys and keys that are not text are refused;
- the work is bounded: nesting depth and the number of values after expanding
  aliases are limited (see ``docs/limites.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from tindustrie.problems import Problem, Rule, Severity

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how pyyaml was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

#: Deepest nesting accepted (a real file nests 4 or 5 levels).
MAX_DEPTH = 64
#: Most values one file may hold once aliases are expanded.
MAX_VALUES = 1_000_000

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _MAP, _SEQ, _MERGE = (_TAG + t for t in ("str", "null", "map", "seq", "merge"))
_LIT_KINDS = {_TAG + k: k for k in ("int", "float", "bool", "timestamp")}

YAML_SYNTAX = Rule(
    "TI102",
    Severity.ERROR,
    "Erreur de syntaxe YAML",
    """Le fichier n'est pas du YAML valide : indentation par tabulation,
guillemet non fermé, deux-points manquant, plusieurs documents (`---`) dans un
même fichier… L'analyse du fichier s'arrête à la première erreur de syntaxe ;
les autres fichiers sont tout de même vérifiés.""",
)
DUPLICATE_KEY = Rule(
    "TI105",
    Severity.ERROR,
    "Clé en double",
    """Une même clé apparaît deux fois dans la même table. YAML ne garderait
que la seconde valeur sans rien dire : tindustrie refuse et nomme les deux
lignes. Gardez une seule des deux clés.""",
)
FORBIDDEN_TAG = Rule(
    "TI106",
    Severity.ERROR,
    "Étiquette YAML interdite",
    """Seules les valeurs YAML simples sont acceptées (texte, nombres, dates,
listes, tables). Les étiquettes comme `!!python/object` ou `!!binary` sont
refusées : elles n'ont pas leur place dans un protocole et pourraient faire
exécuter du code.""",
)
LIMIT_EXCEEDED = Rule(
    "TI107",
    Severity.ERROR,
    "Limite dépassée",
    """Le fichier dépasse une limite de taille, d'imbrication ou de nombre de
valeurs (voir `docs/limites.md`). Ces limites protègent la chaîne d'intégration
contre les fichiers piégés (« bombe » d'alias, imbrication sans fin).""",
)
MERGE_KEY = Rule(
    "TI108",
    Severity.ERROR,
    "Clé de fusion `<<` non prise en charge",
    """Les clés de fusion YAML (`<<: *ancre`) masquent des valeurs et des
doublons. Recopiez les clés voulues explicitement.""",
)
KEY_NOT_TEXT = Rule(
    "TI109",
    Severity.ERROR,
    "Clé qui n'est pas du texte",
    """Une clé de table doit être un simple mot (`titre`, `montant`…), pas une
liste ni une table.""",
)


class Lit(str):
    """A plain scalar that YAML would have read as a number, a boolean or a date.

    It *is* the text as written; ``kind`` says what YAML saw in it (``int``,
    ``float``, ``bool`` or ``timestamp``). The models decide what to make of it.
    """

    __slots__ = ("kind",)
    kind: str

    def __new__(cls, text: str, kind: str) -> Lit:
        obj = super().__new__(cls, text)
        obj.kind = kind
        return obj


@dataclass(slots=True)
class YamlDoc:
    """One loaded file: its data (``None`` if unusable), positions and problems.

    Positions can be left out when parsing (``parse(..., positions=False)``)
    and found only when asked for: ``reread`` then gives the file's text again
    (``None`` if it cannot), and the text is parsed anew on the first call to
    :meth:`at`. Most files of a large territory have no problem: their
    positions are never needed, and not keeping them halves the memory used.
    ``digest`` tells whether the text read again is the one that was checked.
    """

    file: str
    data: Any = None
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    reread: Callable[[], str | None] | None = None
    digest: int = 0

    def _find_positions(self) -> None:
        reread, self.reread = self.reread, None
        if reread is None:
            return
        text = reread()
        if text is None or hash(text) != self.digest:
            return  # the file changed or vanished meanwhile: positions fall back to (1, 1)
        again = parse(text, self.file)
        self.positions, self.key_positions = again.positions, again.key_positions

    def at(self, path: Path_) -> Position:
        """Position of the value at ``path``, or of its nearest known parent."""
        if self.reread is not None:
            self._find_positions()
        positions = self.positions
        while path:
            pos = positions.get(path)
            if pos is not None:
                return pos
            path = path[:-1]
        return positions.get((), (1, 1))

    def key_at(self, path: Path_) -> Position:
        """Position of the key naming ``path`` (falls back to the value)."""
        if self.reread is not None:
            self._find_positions()
        return self.key_positions.get(path) or self.at(path)


def _pos(node: Node) -> Position:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Builds Python values from a node graph, recording positions and problems."""

    __slots__ = ("active", "count", "doc", "key_positions", "positions", "record")

    def __init__(self, doc: YamlDoc, record: bool = True) -> None:
        self.doc = doc
        self.positions = doc.positions
        self.key_positions = doc.key_positions
        self.record = record
        self.count = 0
        self.active: set[int] = set()

    def fail(self, rule: Rule, node: Node, message: str, hint: str = "") -> None:
        line, col = _pos(node)
        self.doc.problems.append(rule.problem(self.doc.file, line, col, message, hint))

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Abort(
                LIMIT_EXCEEDED,
                node,
                f"le fichier contient plus de {MAX_VALUES:_} valeurs une fois les alias "
                "développés".replace("_", " "),
                "Supprimez les alias (`*nom`) répétés : un protocole n'en a pas besoin.",
            )
        if depth > MAX_DEPTH:
            raise _Abort(
                LIMIT_EXCEEDED,
                node,
                f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                "Un fichier de tindustrie ne dépasse pas quelques niveaux d'indentation.",
            )
        if self.record:
            self.positions[path] = _pos(node)
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag == _STR:
                return node.value
            if tag == _NULL:
                return None
            kind = _LIT_KINDS.get(tag)
            if kind is not None:
                return Lit(node.value, kind)
            self.fail(
                FORBIDDEN_TAG,
                node,
                f"étiquette YAML « {tag} » refusée",
                "Retirez l'étiquette (`!!…`) et écrivez une valeur simple.",
            )
            return None
        if tag not in (_MAP, _SEQ):
            self.fail(
                FORBIDDEN_TAG,
                node,
                f"étiquette YAML « {tag} » refusée",
                "Retirez l'étiquette (`!!…`) : seules les listes et tables simples sont acceptées.",
            )
            return None
        ident = id(node)
        if ident in self.active:
            raise _Abort(
                LIMIT_EXCEEDED,
                node,
                "un alias se contient lui-même (boucle)",
                "Supprimez l'alias (`*nom`) qui renvoie à son propre bloc.",
            )
        self.active.add(ident)
        try:
            if isinstance(node, SequenceNode):
                if not self.record:
                    return [self.build(item, path, depth + 1) for item in node.value]
                return [
                    self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)
                ]
            assert isinstance(node, MappingNode)
            return self.build_mapping(node, path, depth)
        finally:
            self.active.discard(ident)

    def build_mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        record = self.record
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.fail(
                    MERGE_KEY,
                    key_node,
                    "clé de fusion « << » non prise en charge",
                    "Recopiez explicitement les clés voulues au lieu de `<<: *ancre`.",
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self.fail(
                    KEY_NOT_TEXT,
                    key_node,
                    "une clé doit être un mot, pas une liste ni une table",
                    "Écrivez la clé sous la forme `nom: valeur`.",
                )
                continue
            if key_node.tag not in (_STR, _NULL) and key_node.tag not in _LIT_KINDS:
                self.fail(FORBIDDEN_TAG, key_node, f"étiquette YAML « {key_node.tag} » refusée")
                continue
            key = key_node.value
            first = seen.get(key)
            if first is not None:
                self.fail(
                    DUPLICATE_KEY,
                    key_node,
                    f"clé « {key} » en double (déjà présente ligne {_pos(first)[0]})",
                    f"Gardez une seule clé « {key} » : YAML ne conserverait que la dernière.",
                )
                continue
            seen[key] = key_node
            if record:
                child = (*path, key)
                self.key_positions[child] = _pos(key_node)
                result[key] = self.build(value_node, child, depth + 1)
            else:
                result[key] = self.build(value_node, path, depth + 1)
        return result


class _Abort(Exception):
    def __init__(self, rule: Rule, node: Node, message: str, hint: str) -> None:
        super().__init__(message)
        self.rule, self.node, self.message, self.hint = rule, node, message, hint


_RESOLVE: Callable[[type[Node], str, tuple[bool, bool]], str] = Resolver().resolve


@lru_cache(maxsize=8192)
def _plain_tag(value: str) -> str:
    """The tag YAML gives a plain (unquoted) scalar: a pure function of its text."""
    return _RESOLVE(ScalarNode, value, (True, False))


class _FastLoader(_Loader):
    """The loader, with the same tags resolved for less.

    libyaml calls back into Python to resolve the tag of every node it composes.
    pyyaml's resolver tries a list of regular expressions on every plain scalar
    and looks for path resolvers at every node: none is registered here, so
    that step is skipped, and the tag of a plain scalar is remembered (keys and
    listed values repeat in every file). The tags are exactly pyyaml's.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _plain_tag(value) if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


def compose(text: str) -> Node | None:
    """Compose a single YAML document (``None`` when there is none)."""
    loader = _FastLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _syntax_problem(file: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    problem = str(getattr(exc, "problem", None) or exc).strip()
    message, hint = _explain_syntax(problem, getattr(exc, "context", None) or "")
    return YAML_SYNTAX.problem(file, line, col, message, hint)


_SYNTAX_HINTS: tuple[tuple[str, str, str], ...] = (
    (
        "found character '\\t'",
        "tabulation utilisée pour l'indentation",
        "Indentez avec des espaces (deux par niveau), jamais avec des tabulations.",
    ),
    (
        "found unexpected end of stream",
        "fin de fichier inattendue (un guillemet ou un crochet n'est pas fermé ?)",
        "Fermez le guillemet ou le crochet ouvert.",
    ),
    (
        "exceeded maximum nesting depth",
        "imbrication trop profonde",
        "Un fichier de tindustrie ne dépasse pas quelques niveaux d'indentation.",
    ),
    (
        "mapping values are not allowed here",
        "deux-points inattendu (une valeur contenant « : » doit être entre guillemets)",
        'Mettez la valeur entre guillemets, par exemple `titre: "Axe 1 : recruter"`.',
    ),
    (
        "expected a single document",
        "plusieurs documents YAML (`---`) dans un même fichier",
        "Un fichier ne contient qu'un document : retirez le `---` ou séparez les fichiers.",
    ),
    (
        "found undefined alias",
        "alias (`*nom`) qui ne renvoie à aucune ancre (`&nom`)",
        "Écrivez la valeur elle-même plutôt qu'un alias.",
    ),
    (
        "could not find expected ':'",
        "deux-points « : » attendu après une clé",
        "Chaque ligne d'une table s'écrit `clé: valeur`.",
    ),
    (
        "did not find expected key",
        "clé attendue (l'indentation est-elle régulière ?)",
        "Alignez les clés d'une même table sur la même colonne.",
    ),
    (
        "did not find expected '-' indicator",
        "élément de liste attendu (l'indentation est-elle régulière ?)",
        "Alignez les tirets `-` d'une même liste sur la même colonne.",
    ),
    (
        "found unknown escape character",
        "séquence d'échappement inconnue dans un texte entre guillemets doubles",
        "Utilisez des guillemets simples, ou doublez la barre oblique inverse (`\\\\`).",
    ),
)


def _explain_syntax(problem: str, context: str) -> tuple[str, str]:
    both = f"{context} {problem}"
    for needle, message, hint in _SYNTAX_HINTS:
        if needle in both:
            return message, hint
    if "control characters are not allowed" in both or "special characters are not allowed" in both:
        return (
            "caractère de contrôle interdit dans le fichier",
            "Retirez le caractère invisible (souvent copié depuis un traitement de texte).",
        )
    return (
        f"syntaxe YAML invalide ({problem})",
        "Vérifiez l'indentation, les deux-points et les guillemets autour de cette position.",
    )


def parse(
    text: str,
    file: str,
    positions: bool = True,
    reread: Callable[[], str | None] | None = None,
) -> YamlDoc:
    """Parse ``text`` (one YAML document) into a :class:`YamlDoc`; never raises.

    With ``positions=False``, the positions table is left empty and found
    again from ``reread()`` when first asked for (see :class:`YamlDoc`).
    """
    doc = YamlDoc(file)
    if not positions and reread is not None:
        doc.reread, doc.digest = reread, hash(text)
    try:
        node = compose(text)
    except yaml.YAMLError as exc:
        doc.problems.append(_syntax_problem(file, exc))
        return doc
    except RecursionError:  # pure-Python loader only; libyaml limits depth itself
        doc.problems.append(
            LIMIT_EXCEEDED.problem(file, None, None, "imbrication trop profonde", "")
        )
        return doc
    if node is None:
        return doc
    builder = _Builder(doc, record=doc.reread is None)
    try:
        doc.data = builder.build(node, (), 0)
    except _Abort as abort:
        doc.data = None
        builder.fail(abort.rule, abort.node, abort.message, abort.hint)
    return doc


RULES = (YAML_SYNTAX, DUPLICATE_KEY, FORBIDDEN_TAG, LIMIT_EXCEEDED, MERGE_KEY, KEY_NOT_TEXT)
