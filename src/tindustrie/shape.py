"""Validate one loaded document against its model; pydantic errors become problems.

Each pydantic error carries a ``loc`` (the path to the value); the document's
positions table turns it into a line and a column, falling back to the nearest
parent for a missing key. Messages are French and each kind of mistake has its
own stable code.
"""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from tindustrie.problems import Problem, Rule, Severity, declare, quote
from tindustrie.wording import closest
from tindustrie.yamlio import YamlDoc

M = TypeVar("M", bound=BaseModel)

UNKNOWN_KEY = declare(
    "TI201",
    Severity.ERROR,
    "Clé inconnue",
    """La clé n'existe pas dans le format (faute de frappe, accent, clé mal
indentée). Le message propose la clé connue la plus proche : `tittre` →
`titre`. Les clés sont en minuscules, sans accent.""",
)
MISSING_KEY = declare(
    "TI202",
    Severity.ERROR,
    "Clé obligatoire absente",
    """Une clé obligatoire manque : `nom` du territoire, `date_signature` du
protocole, `id`, `titre`, `axe` et `pilote` d'une fiche, `numero` et `titre`
d'un avenant, et les clés de chaque élément de liste (`financeur`, `montant`,
`nature` d'une ligne de financement…).""",
)
WRONG_TYPE = declare(
    "TI203",
    Severity.ERROR,
    "Type de valeur incorrect",
    """La valeur n'a pas la forme attendue : un texte là où une liste est
attendue, une table à la place d'un texte, un nombre écrit entre guillemets,
une valeur vide… Le message dit ce qui est attendu.""",
)
NOT_ALLOWED = declare(
    "TI204",
    Severity.ERROR,
    "Valeur hors de la liste autorisée",
    """La valeur doit être prise dans une liste fermée (statut d'une fiche,
nature d'un financement, type de partenaire, phase du programme). Le message
donne les valeurs possibles.""",
)
BAD_DATE = declare(
    "TI205",
    Severity.ERROR,
    "Date invalide",
    """Une date s'écrit AAAA-MM-JJ (`2021-10-28`) et doit exister dans le
calendrier (`2021-02-30` est refusée). Une date avec heure ou au format
`28/10/2021` est refusée, avec la bonne écriture en suggestion.""",
)
BAD_AMOUNT = declare(
    "TI206",
    Severity.ERROR,
    "Montant invalide",
    """Un montant est un nombre d'euros, positif ou nul, écrit en chiffres sans
espace ni symbole, avec au plus deux décimales : `150000` ou `1250.50`.
`"150 000 €"`, `-5`, `0.005`, `1e3`, `.inf` sont refusés : rien n'est arrondi
ni converti en silence.""",
)
BAD_IDENTIFIER = declare(
    "TI207",
    Severity.ERROR,
    "Identifiant invalide",
    """Un identifiant de fiche s'écrit « <axe>.<n> » (`"1.2"`, `"1.10"`) ; un
identifiant de partenaire en minuscules, chiffres et tirets (`laval-economie`).
Un identifiant que YAML lirait comme un booléen ou une date (`yes`, `2021-01-01`)
doit être mis entre guillemets.""",
)
TO_COMPLETE = declare(
    "TI208",
    Severity.ERROR,
    "Valeur à compléter",
    """`tindustrie init` écrit « À compléter » dans `protocole.yaml` là où seul le
territoire connaît la valeur : date de signature, signataires, binôme, titres des
axes. La validation échoue tant qu'il en reste une. Remplacez-la par la valeur
voulue : un texte entre guillemets, une date sans guillemets (`2024-03-15`).""",
)
EMPTY_FILE = declare(
    "TI103",
    Severity.ERROR,
    "Fichier vide",
    """Le fichier ne contient aucune donnée (il est vide ou ne contient que des
commentaires). Remplissez-le ou supprimez-le.""",
)
NOT_A_MAPPING = declare(
    "TI104",
    Severity.ERROR,
    "Le document n'est pas une table",
    """Un fichier de tindustrie est une table de clés (`titre: …`, `axe: …`), pas
une liste ni une valeur seule.""",
)


_CUSTOM: dict[str, Rule] = {
    "ti_text": WRONG_TYPE,
    "ti_integer": WRONG_TYPE,
    "ti_amount": BAD_AMOUNT,
    "ti_date": BAD_DATE,
    "ti_identifier": BAD_IDENTIFIER,
    "ti_fiche_id": BAD_IDENTIFIER,
    "ti_slug": BAD_IDENTIFIER,
}


def validate(doc: YamlDoc, model: type[M], what: str) -> tuple[M | None, list[Problem]]:
    """Validate ``doc.data`` as ``model``; ``what`` names the document in messages."""
    data = doc.data
    if data is None:
        if doc.problems:
            return None, []
        line, col = doc.at(())
        if doc.tree is not None:  # an explicit `~` or `null`, not an empty file
            return None, [
                NOT_A_MAPPING.problem(
                    doc.file,
                    line,
                    col,
                    f"{what} doit être une table de clés, trouvé une valeur vide",
                    "Commencez le fichier par des lignes `clé: valeur`.",
                )
            ]
        return None, [
            EMPTY_FILE.problem(
                doc.file,
                1,
                1,
                f"fichier vide : {what} ne contient aucune donnée",
                "Remplissez le fichier ou supprimez-le.",
            )
        ]
    if not isinstance(data, dict):
        line, col = doc.at(())
        found = "une liste" if isinstance(data, list) else f"la valeur « {_short(data)} »"
        return None, [
            NOT_A_MAPPING.problem(
                doc.file,
                line,
                col,
                f"{what} doit être une table de clés, trouvé {found}",
                "Commencez le fichier par des lignes `clé: valeur`, sans tiret en tête.",
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [
            _problem(doc, model, err)
            for err in exc.errors()
            if tuple(err["loc"]) not in doc.refused
        ]


def to_complete(doc: YamlDoc, model: type[BaseModel]) -> list[Problem]:
    """The values still « À compléter » (written by `tindustrie init`), one problem each.

    Each is marked as refused: the model's complaint about the same value (a date
    that is not a date) would only hide what is to be done.
    """
    from tindustrie.models.vocabulary import fold

    found: list[Problem] = []

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, str) and fold(value[:40]).startswith(_PLACEHOLDER):
            line, col = doc.at(path)
            description = _field_description(model, path) or "la valeur"
            found.append(
                TO_COMPLETE.problem(
                    doc.file,
                    line,
                    col,
                    f"{_where(path)} : à compléter",
                    f"{description[:1].upper()}{description[1:]} : remplacez « {_short(value)} »"
                    + ("." if _required(model, path) else ", ou retirez la ligne."),
                )
            )
            refused = doc.refused if isinstance(doc.refused, set) else set(doc.refused)
            refused.add(path)
            doc.refused = refused

    walk(doc.data, ())
    return found


_PLACEHOLDER = "a completer"


def _required(model: type[BaseModel], loc: tuple[str | int, ...]) -> bool:
    parent = _model_at(model, loc[:-1])
    field = parent.model_fields.get(loc[-1]) if parent and isinstance(loc[-1], str) else None
    return field is None or field.is_required()


def _short(value: Any, limit: int = 60) -> str:
    return quote(value, limit)


def _key_name(loc: tuple[str | int, ...]) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "valeur"


def _where(loc: tuple[str | int, ...]) -> str:
    """A readable path: ``plan_financement[2].montant``."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _problem(doc: YamlDoc, model: type[BaseModel], err: ErrorDetails) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    where = _where(loc)
    if kind == "missing":
        line, col = doc.at(loc[:-1])
        key = _key_name(loc)
        parent = _where(loc[:-1])
        inside = f" dans « {parent} »" if parent else ""
        description = _field_description(model, loc)
        return MISSING_KEY.problem(
            doc.file,
            line,
            col,
            f"clé obligatoire « {key} » absente{inside}",
            f"Ajoutez `{key}: …`"
            + (f" — {description[:1].lower()}{description[1:]}." if description else "."),
        )
    if kind == "extra_forbidden":
        line, col = doc.key_at(loc)
        key = _key_name(loc)
        known = _known_keys(model, loc[:-1])
        close = closest(key, known, n=1, cutoff=0.6)
        if close:
            hint = f"Vouliez-vous dire « {close[0]} » ?"
        else:
            hint = "Clés possibles ici : " + ", ".join(known) + "." if known else ""
        return UNKNOWN_KEY.problem(doc.file, line, col, f"clé inconnue « {key} »", hint)
    line, col = doc.at(loc)
    rule = _CUSTOM.get(kind)
    if rule is not None:
        message = f"{where} : {err['msg']}" if where else err["msg"]
        return rule.problem(doc.file, line, col, message, str(ctx.get("hint", "")))
    if kind in ("literal_error", "enum"):
        expected = _expected_values(str(ctx.get("expected", "")))
        value = err["input"]
        hint = f"Valeurs possibles : {expected}."
        if isinstance(value, str):
            message = f"{where} : valeur « {_short(value)} » non autorisée"
            written = _key_of_label(value, expected.split(", "))
            if written is not None:
                hint = f"« {_short(value)} » est le libellé affiché ; écrivez la clé `{written}`."
        else:
            message = f"{where} : une des valeurs possibles attendue, trouvé {_found(value)}"
        return NOT_ALLOWED.problem(doc.file, line, col, message, hint)
    found = _found(err["input"])
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return WRONG_TYPE.problem(
            doc.file,
            line,
            col,
            f"{where} : table de clés attendue, trouvé {found}",
            "Écrivez les clés de ce bloc à la ligne, indentées sous la clé.",
        )
    if kind in ("list_type", "tuple_type", "set_type"):
        return WRONG_TYPE.problem(
            doc.file,
            line,
            col,
            f"{where} : liste attendue, trouvé {found}",
            "Écrivez chaque élément sur une ligne commençant par `- `, ou `[]` pour une liste "
            "vide.",
        )
    return WRONG_TYPE.problem(  # pragma: no cover - every field type has its own message
        doc.file, line, col, f"{where} : valeur incorrecte ({found})", ""
    )


def _key_of_label(text: str, allowed: list[str]) -> str | None:
    """The key of a closed list whose label (or key, spelt loosely) ``text`` is."""
    from tindustrie.models.vocabulary import Term

    for vocabulary in Term.__subclasses__():
        member = vocabulary.parse(text)
        if member is not None and member.value in allowed:
            return member.value
    return None


def _expected_values(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as ``a, b, c``."""
    parts = expected.replace(" or ", ", ").split(",")
    return ", ".join(part.strip().strip("'\"") for part in parts)


def _found(value: Any) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, dict):
        return "une table"
    if isinstance(value, list):
        return "une liste"
    return f"« {_short(value)} »"


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X``, ``X | None``, ``list[X]``…, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return None
    if origin in (Union, types.UnionType, list, tuple, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _submodel(arg)
            if found is not None:
                return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _submodel(field.annotation)
    return current


def _known_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    found = _model_at(model, loc)
    return list(found.model_fields) if found is not None else []


def _field_description(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    parent = _model_at(model, loc[:-1])
    if parent is None or not isinstance(loc[-1], str):
        return ""
    field = parent.model_fields.get(loc[-1])
    return (field.description or "").rstrip(".") if field is not None else ""
