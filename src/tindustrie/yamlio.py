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

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from sys import intern
from typing import Any

import yaml
import yaml.resolver
from yaml.nodes import ScalarNode

from tindustrie.problems import Problem, Rule, Severity, declare

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how pyyaml was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

#: Texts up to this length are interned: identifiers, natures and keys repeat
#: in every file, and one shared copy of each saves memory on large territories.
_INTERNED = 40
#: Deepest nesting accepted (a real file nests 4 or 5 levels).
MAX_DEPTH = 64
#: Most values one file may hold once aliases are expanded (a real file holds a few
#: hundred; each value costs about 250 bytes of positions and objects).
MAX_VALUES = 100_000

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _MAP, _SEQ, _MERGE = (_TAG + t for t in ("str", "null", "map", "seq", "merge"))
_LIT_KINDS = {_TAG + k: k for k in ("int", "float", "bool", "timestamp")}

YAML_SYNTAX = declare(
    "TI102",
    Severity.ERROR,
    "Erreur de syntaxe YAML",
    """Le fichier n'est pas du YAML valide : indentation par tabulation,
guillemet non fermé, deux-points manquant, plusieurs documents (`---`) dans un
même fichier… L'analyse du fichier s'arrête à la première erreur de syntaxe ;
les autres fichiers sont tout de même vérifiés.""",
)
DUPLICATE_KEY = declare(
    "TI105",
    Severity.ERROR,
    "Clé en double",
    """Une même clé apparaît deux fois dans la même table. YAML ne garderait
que la seconde valeur sans rien dire : tindustrie refuse et nomme les deux
lignes. Gardez une seule des deux clés.""",
)
FORBIDDEN_TAG = declare(
    "TI106",
    Severity.ERROR,
    "Étiquette YAML interdite",
    """Seules les valeurs YAML simples sont acceptées (texte, nombres, dates,
listes, tables). Les étiquettes comme `!!python/object` ou `!!binary` sont
refusées : elles n'ont pas leur place dans un protocole et pourraient faire
exécuter du code.""",
)
LIMIT_EXCEEDED = declare(
    "TI107",
    Severity.ERROR,
    "Limite dépassée",
    """Le fichier dépasse une limite de taille, d'imbrication ou de nombre de
valeurs (voir `docs/limites.md`). Ces limites protègent la chaîne d'intégration
contre les fichiers piégés (« bombe » d'alias, imbrication sans fin).""",
)
MERGE_KEY = declare(
    "TI108",
    Severity.ERROR,
    "Clé de fusion `<<` non prise en charge",
    """Les clés de fusion YAML (`<<: *ancre`) masquent des valeurs et des
doublons. Recopiez les clés voulues explicitement.""",
)
KEY_NOT_TEXT = declare(
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


#: Where a value is written, and where what it holds is written:
#: ``(line, column, inner)``. ``inner`` is ``None`` for a scalar; for a table, a
#: dict that gives each key ``(key line, key column, value line, value column,
#: value's inner)``; for a list, a list of its items' nodes. An alias shares the
#: inner positions of its anchor (what it stands for is written there).
Node = tuple[int, int, Any]


@dataclass(slots=True)
class YamlDoc:
    """One loaded file: its data (``None`` if unusable), positions and problems.

    Positions are recorded while parsing, for every value and every key: a
    problem found later (by a model or a rule) is placed without reading the
    file again, however many problems there are. They are kept as a tree that
    follows the values (see :data:`Node`), not as a table by path: nothing is
    built for a path unless a problem asks for it.
    """

    file: str
    data: Any = None
    #: Where the document's value and everything in it is written (``None`` when
    #: nothing was recorded: an empty file, or positions not asked for).
    tree: Node | None = None
    problems: list[Problem] = field(default_factory=list)
    #: Paths whose value was refused here (a forbidden tag): already reported,
    #: so the model's complaint about the same value is not repeated.
    refused: frozenset[Path_] | set[Path_] = frozenset()

    def _descend(self, path: Path_) -> tuple[int, int, Any, int]:
        """The deepest value recorded along ``path``: its line, column and inner
        positions, and how many steps of ``path`` lead to it."""
        if self.tree is None:
            return 1, 1, None, -1
        line, column, inner = self.tree
        steps = 0
        for step in path:
            if isinstance(inner, dict) and isinstance(step, str):
                entry = inner.get(step)
                if entry is None:
                    break
                line, column, inner = entry[2], entry[3], entry[4]
            elif isinstance(inner, list) and type(step) is int and 0 <= step < len(inner):
                line, column, inner = inner[step]
            else:
                break
            steps += 1
        return line, column, inner, steps

    def at(self, path: Path_) -> Position:
        """Position of the value at ``path``, or of its nearest known parent."""
        line, column, _, _ = self._descend(path)
        return line, column

    def key_at(self, path: Path_) -> Position:
        """Position of the key naming ``path`` (falls back to the value)."""
        if path:
            *_, inner, steps = self._descend(path[:-1])
            if steps == len(path) - 1 and isinstance(inner, dict):
                entry = inner.get(path[-1])
                if entry is not None:
                    return entry[0], entry[1]
        return self.at(path)


def _pos(event: yaml.Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


_SCALAR = yaml.ScalarEvent
_MAP_END = yaml.MappingEndEvent
_SEQ_END = yaml.SequenceEndEvent
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


@dataclass(slots=True)
class _Anchor:
    """A value named by ``&name``: what an alias ``*name`` stands for."""

    value: Any
    count: int
    #: Positions inside the anchored value (the inner part of its :data:`Node`).
    inner: Any


class _Builder:
    """Builds Python values straight from the parser's events.

    Working on events rather than on a composed node graph keeps memory and
    time bounded: values are counted as they arrive, so a 10 Mio file of tiny
    values or an alias bomb is stopped after :data:`MAX_VALUES` values instead
    of first being turned into millions of nodes. It also knows where each
    alias (``*nom``) is written. Recursion is bounded by :data:`MAX_DEPTH`.

    Each value is built with its inner positions (``(value, inner)``); its own
    position is recorded by what holds it, from the event that starts it.
    """

    __slots__ = ("anchors", "count", "doc", "loader", "next", "open_anchors", "recording")

    def __init__(self, doc: YamlDoc, loader: Any, recording: bool = True) -> None:
        self.doc = doc
        self.recording = recording
        self.loader = loader
        #: The parser's next event (a bound method: called for every event).
        self.next: Callable[[], Any] = loader.get_event
        self.count = 0
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()

    def fail(self, rule: Rule, at: Position, message: str, hint: str = "") -> None:
        line, col = at
        self.doc.problems.append(rule.problem(self.doc.file, line, col, message, hint))

    def tick(self, event: yaml.Event, amount: int = 1) -> None:
        self.count += amount
        if self.count > MAX_VALUES:
            raise _Abort(
                LIMIT_EXCEEDED,
                _pos(event),
                f"le fichier contient plus de {MAX_VALUES:_} valeurs une fois les alias "
                "développés".replace("_", " "),
                "Un fichier de tindustrie contient quelques centaines de valeurs ; supprimez "
                "les alias (`*nom`) répétés et découpez le fichier.",
            )

    def refuse(self, path: Path_) -> None:
        """The value at ``path`` was refused here (and already reported)."""
        refused = self.doc.refused
        if not isinstance(refused, set):
            refused = self.doc.refused = set(refused)
        refused.add(path)

    def document(self) -> Any:
        """The single document of the stream (``None`` when there is none)."""
        event = self.next()  # StreamStartEvent
        event = self.next()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        event = self.next()
        data, inner = self.node(event, (), 0)
        if self.recording:
            line, column = _pos(event)
            self.doc.tree = (line, column, inner)
        self.next()  # DocumentEndEvent
        event = self.next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise _Abort(
                YAML_SYNTAX,
                _pos(event),
                "plusieurs documents YAML (`---`) dans un même fichier",
                "Un fichier ne contient qu'un document : retirez le `---` ou séparez les fichiers.",
            )
        return data

    def skip(self, event: yaml.Event) -> None:
        """Read past a value that is refused, counting what it holds."""
        level = 1 if isinstance(event, _STARTS) else 0
        while level:
            event = self.next()
            self.tick(event)
            if isinstance(event, _STARTS):
                level += 1
            elif isinstance(event, _ENDS):
                level -= 1

    def alias(self, event: yaml.AliasEvent) -> tuple[Any, Any]:
        name = event.anchor
        at = _pos(event)
        if name in self.open_anchors:
            raise _Abort(
                LIMIT_EXCEEDED,
                at,
                f"l'alias « *{name} » se contient lui-même (boucle)",
                "Supprimez l'alias (`*nom`) qui renvoie à son propre bloc.",
            )
        anchor = self.anchors.get(name) if name is not None else None
        if anchor is None:
            raise _Abort(
                YAML_SYNTAX,
                at,
                f"alias « *{name} » qui ne renvoie à aucune ancre (`&{name}`)",
                "Écrivez la valeur elle-même plutôt qu'un alias.",
            )
        self.tick(event, anchor.count)
        return anchor.value, anchor.inner

    def node(self, event: Any, path: Path_, depth: int) -> tuple[Any, Any]:
        """The value that ``event`` starts, and its inner positions."""
        if isinstance(event, yaml.AliasEvent):
            return self.alias(event)
        if depth > MAX_DEPTH:
            raise _Abort(
                LIMIT_EXCEEDED,
                _pos(event),
                f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                "Un fichier de tindustrie ne dépasse pas quelques niveaux d'indentation.",
            )
        name = event.anchor
        if name is None:
            self.count += 1
            if self.count > MAX_VALUES:
                self.tick(event, 0)
            return self.value(event, path, depth)
        if name in self.anchors or name in self.open_anchors:
            raise _Abort(
                YAML_SYNTAX,
                _pos(event),
                f"ancre « &{name} » définie deux fois",
                "Donnez un nom différent à chaque ancre (`&nom`).",
            )
        self.open_anchors.add(name)
        first = self.count
        self.tick(event)
        value, inner = self.value(event, path, depth)
        self.open_anchors.discard(name)
        self.anchors[name] = _Anchor(value, self.count - first, inner)
        return value, inner

    def value(self, event: Any, path: Path_, depth: int) -> tuple[Any, Any]:
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, path), None
        is_map = isinstance(event, yaml.MappingStartEvent)
        if not is_map and not isinstance(event, yaml.SequenceStartEvent):  # pragma: no cover
            raise _Abort(YAML_SYNTAX, _pos(event), "structure YAML inattendue", "")
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
            self.fail(
                FORBIDDEN_TAG,
                _pos(event),
                f"étiquette YAML « {_short_tag(tag)} » refusée",
                "Retirez l'étiquette (`!!…`) : seules les listes et tables simples sont acceptées.",
            )
            self.skip(event)
            self.refuse(path)
            return None, None
        if is_map:
            return self.mapping(path, depth)
        items: list[Any] = []
        inner: list[Node] | None = [] if self.recording else None
        next_event = self.next
        while True:
            item = next_event()
            if item.__class__ is _SEQ_END:
                return items, inner
            value, within = self.node(item, (*path, len(items)), depth + 1)
            items.append(value)
            if inner is not None:
                mark = item.start_mark
                inner.append((mark.line + 1, mark.column + 1, within))

    def scalar(self, event: yaml.ScalarEvent, path: Path_) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _plain_tag(event.value) if event.implicit[0] else _STR
        elif tag != _STR:  # an explicit `!!null 2022-03-15` would change the value
            self.fail(
                FORBIDDEN_TAG,
                _pos(event),
                f"étiquette YAML « {_short_tag(tag)} » refusée",
                "Retirez l'étiquette (`!!…`) : la valeur est lue telle qu'elle est écrite.",
            )
            self.refuse(path)
            return None
        if tag == _STR:
            text: str = event.value
            return intern(text) if len(text) <= _INTERNED else text
        if tag == _NULL:
            return None
        kind = _LIT_KINDS.get(tag)
        if kind is not None:
            return Lit(event.value, kind)
        self.fail(
            FORBIDDEN_TAG,
            _pos(event),
            f"étiquette YAML « {_short_tag(tag)} » refusée",
            "Retirez l'étiquette (`!!…`) et écrivez une valeur simple.",
        )
        self.refuse(path)
        return None

    def mapping(self, path: Path_, depth: int) -> tuple[dict[str, Any], Any]:
        result: dict[str, Any] = {}
        inner: dict[str, tuple[int, int, int, int, Any]] | None = {} if self.recording else None
        seen: dict[str, Any] = {}  # key -> its event (positions only when needed)
        next_event = self.next
        while True:
            key_event = next_event()
            kind = key_event.__class__
            if kind is _MAP_END:
                return result, inner
            key: str | None
            if kind is _SCALAR and key_event.tag is None and key_event.anchor is None:
                # the common case, inlined: a key written as plain or quoted text
                key = key_event.value
                if key_event.implicit[0] and _plain_tag(key) != _STR:
                    key = self.key(key_event)  # a number, a boolean, `<<`: decided there
                else:
                    self.count += 1
                    if self.count > MAX_VALUES:
                        self.tick(key_event, 0)
                    if len(key) <= _INTERNED:
                        key = intern(key)
            else:
                key = self.key(key_event)
            if key is not None:
                first = seen.get(key)
                if first is not None:
                    self.fail(
                        DUPLICATE_KEY,
                        _pos(key_event),
                        f"clé « {_short_key(key)} » en double (déjà présente ligne "
                        f"{_pos(first)[0]})",
                        f"Gardez une seule clé « {_short_key(key)} » : YAML ne conserverait "
                        "que la dernière.",
                    )
                    key = None
            value_event = next_event()
            if key is None:
                if isinstance(value_event, yaml.AliasEvent):
                    continue
                self.tick(value_event)
                self.skip(value_event)
                continue
            seen[key] = key_event
            within = None
            tag = None
            if (
                value_event.__class__ is _SCALAR
                and value_event.tag is None
                and value_event.anchor is None
                and depth < MAX_DEPTH
            ):
                # the common case, inlined: a value without tag nor anchor of its own
                text: str = value_event.value
                tag = _plain_tag(text) if value_event.implicit[0] else _STR
                if tag == _STR:
                    result[key] = intern(text) if len(text) <= _INTERNED else text
                elif tag == _NULL:
                    result[key] = None
                elif tag in _LIT_KINDS:
                    result[key] = Lit(text, _LIT_KINDS[tag])
                else:
                    tag = None  # refused: said by the general case
            if tag is None:
                result[key], within = self.node(value_event, (*path, key), depth + 1)
            else:
                self.count += 1
                if self.count > MAX_VALUES:
                    self.tick(value_event, 0)
            if inner is not None:
                start: Any = key_event.start_mark
                mark: Any = value_event.start_mark
                inner[key] = (
                    start.line + 1,
                    start.column + 1,
                    mark.line + 1,
                    mark.column + 1,
                    within,
                )

    def key(self, event: Any) -> str | None:
        """The text of a mapping key, or ``None`` (with a problem) when it is refused."""
        self.count += 1
        if self.count > MAX_VALUES:
            self.tick(event, 0)
        if not isinstance(event, yaml.ScalarEvent):
            if isinstance(event, yaml.AliasEvent):
                message = "une clé ne peut pas être un alias (`*nom`)"
            else:
                message = "une clé doit être un mot, pas une liste ni une table"
                self.skip(event)
            self.fail(
                KEY_NOT_TEXT, _pos(event), message, "Écrivez la clé sous la forme `nom: valeur`."
            )
            return None
        tag = event.tag
        explicit = tag is not None and tag not in ("!", _STR)
        if tag is None or tag == "!":
            tag = _plain_tag(event.value) if event.implicit[0] else _STR
        if event.anchor is not None:
            self.fail(
                KEY_NOT_TEXT,
                _pos(event),
                f"une clé ne peut pas porter d'ancre (`&{event.anchor}`)",
                "Retirez l'ancre de la clé ; écrivez les valeurs elles-mêmes.",
            )
            return None
        if explicit:
            self.fail(FORBIDDEN_TAG, _pos(event), f"étiquette YAML « {_short_tag(tag)} » refusée")
            return None
        if tag == _MERGE:
            self.fail(
                MERGE_KEY,
                _pos(event),
                "clé de fusion « << » non prise en charge",
                "Recopiez explicitement les clés voulues au lieu de `<<: *ancre`.",
            )
            return None
        if tag not in (_STR, _NULL) and tag not in _LIT_KINDS:
            self.fail(FORBIDDEN_TAG, _pos(event), f"étiquette YAML « {_short_tag(tag)} » refusée")
            return None
        key: str = event.value
        return intern(key) if len(key) <= _INTERNED else key


def _short_tag(tag: str) -> str:
    tag = tag.replace(_TAG, "!!", 1) if tag.startswith(_TAG) else tag
    return tag if len(tag) <= 60 else tag[:59] + "…"


def _short_key(key: str) -> str:
    return key if len(key) <= 60 else key[:59] + "…"


class _Abort(Exception):
    def __init__(self, rule: Rule, at: Position, message: str, hint: str) -> None:
        super().__init__(message)
        self.rule, self.at, self.message, self.hint = rule, at, message, hint


#: What the YAML parser counts as a line break (a lone CR too, as in old Mac files).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_BREAK_BYTES = re.compile(b"\r\n|[\r\n]")


def line_col(text: str | bytes, index: int) -> Position:
    """The 1-based line and column of ``text[index]``, lines counted as YAML does."""
    line, start = 1, 0
    pattern: Any = _BREAK if isinstance(text, str) else _BREAK_BYTES
    for match in pattern.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def _syntax_problem(file: str, exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    index = mark.index if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):  # a forbidden character: no mark
        index = exc.position
        line, col = line_col(text, index)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    context = getattr(exc, "context", None) or ""
    at_tab = index is not None and text[index : index + 1] == "\t"
    if "cannot start any token" in problem and at_tab:
        problem = "found character '\\t' that cannot start any token"
    message, hint = _explain_syntax(problem, context)
    rule = LIMIT_EXCEEDED if "maximum nesting depth" in f"{context} {problem}" else YAML_SYNTAX
    better = _explain_layout(exc, problem, context, text, line)
    if better is not None:
        (line, col), message, hint = better
    return rule.problem(file, line, col, message, hint)


#: The reader's complaints that a quote left open, or a line indented wrongly, causes.
_LOST = (
    "did not find expected key",
    "mapping values are not allowed",
    "could not find expected ':'",
    "did not find expected '-' indicator",
    "expected <block end>",
)


def _explain_layout(
    exc: yaml.YAMLError, problem: str, context: str, text: str, line: int | None
) -> tuple[Position, str, str] | None:
    """A quote left open, named where it opens; a line indented wrongly, said first."""
    opened = getattr(exc, "context_mark", None)
    if "while scanning a quoted scalar" in context and opened is not None:
        at = (opened.line + 1, opened.column + 1)
        return (
            at,
            f"guillemet ouvert ligne {at[0]} et jamais fermé",
            f"Fermez le guillemet à la fin de la valeur, ligne {at[0]}.",
        )
    if line is None or not any(needle in problem for needle in _LOST):
        return None
    lines = text.splitlines()
    quote = _open_quote(lines[: line - 1])
    if quote is not None:
        return (
            quote,
            f"guillemet ouvert ligne {quote[0]} et non fermé sur sa ligne (YAML lit la suite "
            f"comme du texte jusqu'à la ligne {line})",
            f"Fermez le guillemet à la fin de la valeur, ligne {quote[0]}.",
        )
    if line > len(lines):
        return None
    here = lines[line - 1]
    above = next((t for t in reversed(lines[: line - 1]) if t.strip() and not _comment(t)), None)
    if above is None or not here.strip():
        return None
    indent, above_indent = _indent(here), _indent(above)
    key = here.strip().split(":", 1)[0]
    if indent > above_indent and ":" in here:
        return (
            (line, 1),
            f"indentation inattendue : la ligne {line} est plus indentée que la précédente",
            f"Alignez `{key}:` sur les autres clés de sa table (même nombre d'espaces en début "
            "de ligne) ; si la ligne précédente est un texte qui contient « : », mettez-le "
            "entre guillemets.",
        )
    if indent != above_indent and "mapping values are not allowed" not in problem:
        return (
            (line, 1),
            f"indentation irrégulière : la ligne {line} n'est alignée sur aucune clé au-dessus",
            "Alignez les clés d'une même table sur la même colonne, avec des espaces (deux par "
            "niveau).",
        )
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _open_quote(lines: list[str]) -> Position | None:
    """The last line whose value opens a quote it does not close, and where."""
    for number in range(len(lines), 0, -1):
        found = _quote_left_open(lines[number - 1])
        if found is not None:
            return (number, found + 1)
    return None


def _quote_left_open(line: str) -> int | None:
    """The column (0-based) of a quote that opens a value of ``line`` and is not closed."""
    stripped = line.lstrip(" ")
    start = len(line) - len(stripped)
    while stripped.startswith("- "):  # list items, maybe nested: `- - "a`
        start += 2 + _indent(stripped[2:])
        stripped = line[start:]
    key = _KEY.match(stripped)
    if key is not None:
        start += key.end()
        stripped = line[start:]
    if stripped[:1] not in ("'", '"'):
        return None
    quote, i = stripped[0], 1
    while i < len(stripped):
        char = stripped[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and stripped[i + 1 : i + 2] == "'":
                i += 2
                continue
            return None
        i += 1
    return start


_KEY = re.compile(r"[^\s\"'#:][^:#]*:[ \t]+")


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
        "imbrication trop profonde (limite de l'analyseur YAML)",
        "Un fichier de tindustrie ne dépasse pas quelques niveaux d'indentation.",
    ),
    (
        "found a tab character",
        "tabulation utilisée pour l'indentation",
        "Indentez avec des espaces (deux par niveau), jamais avec des tabulations.",
    ),
    (
        "cannot start any token",
        "caractère inattendu en début de valeur (`@`, `` ` ``, `%`…)",
        'Mettez la valeur entre guillemets, par exemple `titre: "@nom"`.',
    ),
    (
        "did not find expected ',' or ']'",
        "liste entre crochets mal fermée : « , » ou « ] » attendu",
        "Fermez le crochet `]` ou séparez les éléments par des virgules.",
    ),
    (
        "did not find expected ',' or '}'",
        "table entre accolades mal fermée : « , » ou « } » attendu",
        "Fermez l'accolade `}` ou séparez les éléments par des virgules.",
    ),
    (
        "did not find expected node content",
        "valeur attendue (crochet, virgule ou tiret en trop ?)",
        "Vérifiez la ponctuation YAML autour de cette position.",
    ),
    (
        "block sequence entries are not allowed",
        "tiret de liste « - » mal placé",
        "Un élément de liste commence à la ligne, sous sa clé : `clé:` puis `  - valeur`.",
    ),
    (
        "found undefined tag handle",
        "étiquette (`!…`) inconnue",
        "Retirez l'étiquette : seules les valeurs YAML simples sont acceptées.",
    ),
    (
        "while scanning an alias",
        "alias (`*nom`) ou ancre (`&nom`) mal écrit",
        "Mettez entre guillemets une valeur qui commence par `*` ou `&`.",
    ),
    (
        "while scanning an anchor",
        "alias (`*nom`) ou ancre (`&nom`) mal écrit",
        "Mettez entre guillemets une valeur qui commence par `*` ou `&`.",
    ),
    (
        "found unexpected ':'",
        "deux-points inattendu (une valeur contenant « : » doit être entre guillemets)",
        'Mettez la valeur entre guillemets, par exemple `titre: "Axe 1 : recruter"`.',
    ),
    (
        "mapping values are not allowed",
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
        "indentation irrégulière ou guillemet non fermé : clé attendue",
        "Alignez les clés d'une même table sur la même colonne, et vérifiez qu'aucun "
        "guillemet n'est resté ouvert plus haut.",
    ),
    (
        "did not find expected '-' indicator",
        "indentation irrégulière : élément de liste attendu",
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
        "syntaxe YAML invalide",
        "Vérifiez l'indentation, les deux-points et les guillemets autour de cette position.",
    )


def _plain_tag(value: str) -> str:
    """The tag YAML gives a plain (unquoted) scalar: a pure function of its text.

    Only a text starting with one of a few characters (a digit, a sign, ``y``,
    ``n``, ``~``…) can be anything but text; the others are known without asking
    the resolver (most titles and descriptions).
    """
    return _resolved_tag(value) if value[:1] in _RESOLVED_FIRST else _STR


@lru_cache(maxsize=8192)
def _resolved_tag(value: str) -> str:
    """The resolver's tag for ``value``, remembered (keys and listed values repeat in
    every file)."""
    tag: str = _RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag


_RESOLVER = yaml.resolver.Resolver()
#: The first characters for which the resolver has an implicit tag to try ("" for
#: the empty text); it has none for any character (``None``) and no path resolver.
_RESOLVED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)
assert None not in _RESOLVED_FIRST and not _RESOLVER.yaml_path_resolvers


def parse(text: str, file: str, positions: bool = True) -> YamlDoc:
    """Parse ``text`` (one YAML document) into a :class:`YamlDoc`; never raises.

    With ``positions=False`` no position is recorded (for callers that only
    want the values): every problem is then placed at the top of the file.
    """
    doc = YamlDoc(file)
    loader = _Loader(text)
    builder = _Builder(doc, loader, recording=positions)
    try:
        doc.data = builder.document()
    except yaml.YAMLError as exc:
        doc.data = None
        doc.problems.append(_syntax_problem(file, exc, text))
    except _Abort as abort:
        doc.data = None
        builder.fail(abort.rule, abort.at, abort.message, abort.hint)
    except RecursionError:  # pragma: no cover - depth is bounded by MAX_DEPTH
        doc.data = None
        doc.problems.append(
            LIMIT_EXCEEDED.problem(
                file,
                None,
                None,
                "imbrication trop profonde",
                "Un fichier de tindustrie ne dépasse pas quelques niveaux d'indentation.",
            )
        )
    finally:
        loader.dispose()
    return doc


def reads_as_text(text: str) -> bool:
    """Whether YAML reads ``text``, written plain (without quotes), as that text itself
    (``laval-agglo``), not as a number, a boolean, a date or nothing (``yes``, ``null``)."""
    return _plain_tag(text) == _STR


@dataclass(frozen=True, slots=True)
class Span:
    """Where a scalar value is written: ``text[start:end]``, quotes included.

    ``style`` is ``""`` for a plain scalar, ``'"'`` or ``"'"`` for a quoted one,
    ``"|"`` or ``">"`` for a block. ``line`` and ``column`` are 1-based.
    """

    start: int
    end: int
    style: str
    line: int
    column: int


def scalar_spans(text: str) -> dict[Path_, Span]:
    """Where each scalar *value* of the document ``text`` is written, by path.

    For editing a value in place, byte for byte: keys, aliases and what they
    stand for are not listed (an alias is edited where its anchor is written).
    Uses the pure-Python reader, whose indexes count characters. Raises
    ``yaml.YAMLError`` on a text that is not valid YAML (check it first).
    """
    spans: dict[Path_, Span] = {}
    loader = yaml.SafeLoader(text)
    # A stack of (container path, is_mapping, next index or pending key).
    stack: list[list[Any]] = []

    def child() -> Path_ | None:
        """The path of the value arriving now, or None when it is a mapping key."""
        if not stack:
            return ()
        top = stack[-1]
        path, is_map, state = top
        if is_map:
            if state is None:
                return None  # a key
            top[2] = None
            return (*path, state)
        top[2] = state + 1
        return (*path, state)

    try:
        while True:
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.ScalarEvent):
                path = child()
                if path is None:
                    stack[-1][2] = event.value  # the key: its value comes next
                    continue
                start, end = event.start_mark, event.end_mark
                assert start is not None and end is not None  # the Python reader marks all
                spans[path] = Span(
                    start.index,
                    end.index,
                    event.style or "",
                    start.line + 1,
                    start.column + 1,
                )
            elif isinstance(event, yaml.AliasEvent):
                if child() is None:
                    stack[-1][2] = ""  # an alias as a key: refused when loading anyway
            elif isinstance(event, _STARTS):
                path = child()
                if path is None:
                    path = (*stack[-1][0], "")  # a key that is a collection: refused anyway
                is_map = isinstance(event, yaml.MappingStartEvent)
                stack.append([path, is_map, None if is_map else 0])
            elif isinstance(event, _ENDS):
                stack.pop()
    finally:
        loader.dispose()
    return spans
