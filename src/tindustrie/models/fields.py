"""The scalar field types of the YAML format, with French error messages.

The loader hands every scalar over as the text the user wrote (``str``, or a
:class:`~tindustrie.yamlio.Lit` when YAML saw a number, a boolean or a date in
it). Each type below decides what that text may mean, and explains in French
what is expected when it is wrong. Errors are ``PydanticCustomError`` whose
type starts with ``ti_``; ``hint`` in their context is the fix to suggest.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from tindustrie.models.vocabulary import Nature, PartnerType, Statut
from tindustrie.problems import quote
from tindustrie.yamlio import Lit

_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
#: ``150.000``, ``150,000``, ``1.250.000``: thousands grouped the French (or English)
#: way, never a number of euros with three decimals.
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
#: Most digits before the decimal point of an amount (999 999 999 999,99 € at most):
#: every sum of amounts stays exact in Decimal's 28 digits, whatever the data.
MAX_AMOUNT_DIGITS = 12
#: Most digits of an integer (axis or avenant number).
MAX_INT_DIGITS = 6
_INT = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FR_DATE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
FICHE_ID = re.compile(r"[1-9][0-9]*\.[1-9][0-9]*")
SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def _error(error_type: str, message: str, hint: str = "", **ctx: Any) -> PydanticCustomError:
    quoted = {k: quote(v) if isinstance(v, str) else v for k, v in ctx.items()}
    return PydanticCustomError(error_type, message, {"hint": hint, **quoted})


def _shape(value: Any) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, dict):
        return "une table"
    if isinstance(value, list):
        return "une liste"
    return f"« {quote(value)} »"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return str(value)
    raise _error(
        "ti_text",
        "texte attendu, trouvé {found}",
        "Écrivez un texte sur la même ligne que la clé, ou un bloc `>-` indenté.",
        found=_shape(value),
    )


def _amount_hint(text: str) -> str:
    cleaned = re.sub(r"[\s\u00a0\u202f€_']|EUR|euros?", "", text[:100], flags=re.IGNORECASE)
    cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return "Écrivez le montant en euros, en chiffres, sans espace ni symbole : `150000`."
    if number.is_finite() and number.adjusted() >= MAX_AMOUNT_DIGITS:
        return _TOO_BIG
    if not number.is_finite() or number < 0:
        return "Un montant est un nombre d'euros positif ou nul, par exemple `150000`."
    if number != number.quantize(Decimal("0.01")):
        return "Un montant a au plus deux décimales (les centimes), par exemple `1250.50`."
    if number == number.to_integral_value():
        return f"Écrivez `{number.quantize(Decimal(1)):f}`."
    return f"Écrivez `{number:f}`."


_TOO_BIG = (
    f"Un montant a au plus {MAX_AMOUNT_DIGITS} chiffres avant la virgule "
    "(999999999999.99 € au plus) : vérifiez qu'il n'y a pas de chiffre en trop."
)


def _amount(value: Any) -> Decimal:
    if isinstance(value, Decimal) and value.is_finite() and value >= 0:
        text = f"{value:f}"
    elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return Decimal(value)
    elif isinstance(value, Lit) and value.kind in ("int", "float"):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
        if _GROUPED.fullmatch(text):
            raise _grouped(text)
        if _AMOUNT.fullmatch(text):
            raise _error(
                "ti_amount",
                "montant attendu en chiffres, trouvé le texte « {value} » (entre guillemets)",
                f"Écrivez `{text}` sans guillemets : un montant est un nombre, pas un texte.",
                value=str(value),
            )
        raise _error(
            "ti_amount",
            "montant attendu en chiffres, trouvé le texte « {value} »",
            _amount_hint(value),
            value=str(value),
        )
    else:
        raise _error(
            "ti_amount",
            "montant attendu en chiffres, trouvé {found}",
            "Écrivez le montant en euros, en chiffres : `150000`.",
            found=_shape(value),
        )
    if _AMOUNT.fullmatch(text):
        if len(text.partition(".")[0].lstrip("0")) > MAX_AMOUNT_DIGITS:
            raise _error("ti_amount", "montant trop grand : « {value} »", _TOO_BIG, value=text)
        return Decimal(text)
    if text.startswith("-"):
        raise _error(
            "ti_amount",
            "montant négatif ou signé : « {value} »",
            "Un montant est positif ou nul ; pour mettre fin à un engagement, écrivez `0`.",
            value=text,
        )
    if _GROUPED.fullmatch(text):
        raise _grouped(text)
    if re.fullmatch(r"\+?[0-9]+\.[0-9]{3,}", text):
        raise _error(
            "ti_amount",
            "montant à plus de deux décimales : « {value} »",
            "Arrondissez au centime vous-même (deux décimales au plus) : rien n'est arrondi "
            "en silence.",
            value=text,
        )
    raise _error(
        "ti_amount",
        "montant mal écrit : « {value} »",
        _amount_hint(text),
        value=text,
    )


def _grouped(text: str) -> PydanticCustomError:
    """``150.000``: refused, said to be digit grouping, never read as 150 nor rounded."""
    mark = "le point" if "." in text else "la virgule"
    return _error(
        "ti_amount",
        "montant ambigu : « {value} » ({mark} sépare sans doute les milliers)",
        "Écrivez le montant en chiffres, sans séparateur de milliers ; les centimes "
        "s'écrivent après un point, deux chiffres au plus (`1250.50`).",
        value=text,
        mark=mark,
    )


def integer(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Lit) and value.kind == "int" and _INT.fullmatch(value):
        if len(value.lstrip("0")) > MAX_INT_DIGITS:
            raise _error(
                "ti_integer",
                "nombre trop grand : « {value} »",
                f"Un numéro a au plus {MAX_INT_DIGITS} chiffres.",
                value=str(value),
            )
        return int(value)
    if isinstance(value, str) and _INT.fullmatch(value.strip()):
        raise _error(
            "ti_integer",
            "nombre entier attendu, trouvé le texte « {value} »",
            f"Écrivez `{quote(value.strip())}` sans guillemets.",
            value=str(value),
        )
    raise _error(
        "ti_integer",
        "nombre entier attendu, trouvé {found}",
        "Écrivez un nombre entier en chiffres, par exemple `1`.",
        found=_shape(value),
    )


def _positive_integer(value: Any) -> int:
    number = integer(value)
    if number < 1:
        raise _error(
            "ti_integer",
            "nombre entier à partir de 1 attendu, trouvé « {value} »",
            "Les numéros commencent à 1.",
            value=number,
        )
    return number


def _day(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise _error(
            "ti_date",
            "date attendue, trouvé {found}",
            "Écrivez la date au format AAAA-MM-JJ, par exemple `2021-10-28`.",
            found=_shape(value),
        )
    text = str(value).strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise _error(
                "ti_date",
                "date impossible : « {value} »",
                "Ce jour n'existe pas dans le calendrier : vérifiez le jour et le mois.",
                value=text,
            ) from None
    if isinstance(value, Lit) and value.kind == "timestamp" and _ISO_DATE.match(text):
        raise _error(
            "ti_date",
            "une date sans heure est attendue, trouvé « {value} »",
            f"Écrivez seulement la date : `{text[:10]}`.",
            value=text,
        )
    french = _FR_DATE.fullmatch(text)
    hint = "Écrivez la date au format AAAA-MM-JJ, par exemple `2021-10-28`."
    if french:
        day, month, year = (int(g) for g in french.groups())
        with contextlib.suppress(ValueError):
            hint = f"Écrivez `{date(year, month, day).isoformat()}` (format AAAA-MM-JJ)."
    raise _error(
        "ti_date", "date attendue au format AAAA-MM-JJ, trouvé « {value} »", hint, value=text
    )


def _identifier(value: Any) -> str:
    """Any reference: the text as written (``1.10`` stays ``"1.10"``)."""
    if isinstance(value, Lit) and value.kind in ("bool", "timestamp"):
        raise _error(
            "ti_identifier",
            "identifiant attendu, trouvé « {value} » que YAML lit comme {kind}",
            f'Mettez l\'identifiant entre guillemets : `"{quote(value)}"`.',
            value=str(value),
            kind="un booléen" if value.kind == "bool" else "une date",
        )
    if isinstance(value, str):
        return str(value)
    raise _error(
        "ti_identifier",
        "identifiant attendu, trouvé {found}",
        "Écrivez l'identifiant tel qu'il est déclaré (par exemple `laval-economie` ou `\"1.2\"`).",
        found=_shape(value),
    )


def _fiche_id(value: Any) -> str:
    text = _identifier(value)
    if not FICHE_ID.fullmatch(text):
        raise _error(
            "ti_fiche_id",
            "identifiant de fiche « {value} » invalide : attendu « <axe>.<n> », comme « 1.2 »",
            'Écrivez le numéro de l\'axe, un point, puis le numéro de la fiche : `"2.3"`.',
            value=text,
        )
    return text


def _slug(value: Any) -> str:
    text = _identifier(value)
    if not SLUG.fullmatch(text):
        suggestion = re.sub(r"[^a-z0-9]+", "-", text[:60].lower()).strip("-") or "mon-partenaire"
        raise _error(
            "ti_slug",
            "identifiant « {value} » invalide : minuscules, chiffres et tirets seulement",
            f"Par exemple `{suggestion}` (sans accent ni espace).",
            value=text,
        )
    return text


def _schema(**schema: Any) -> WithJsonSchema:
    return WithJsonSchema(schema)


# A text written as a number (``cible: 300``) is kept as written: the schema says so.
Text = Annotated[str, BeforeValidator(_text), _schema(type=["string", "number"])]
# No ``multipleOf: 0.01``: JSON Schema validators test it on binary floats and refuse
# amounts like 19.99; the two decimals are checked by `tindustrie validate`.
Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    _schema(type="number", minimum=0, description="Montant en euros"),
]
PositiveInt = Annotated[int, BeforeValidator(_positive_integer), _schema(type="integer", minimum=1)]
Day = Annotated[date, BeforeValidator(_day), _schema(type="string", format="date")]
Ref = Annotated[str, BeforeValidator(_identifier), _schema(type="string")]
FicheId = Annotated[
    str,
    BeforeValidator(_fiche_id),
    _schema(type="string", pattern=r"^[1-9][0-9]*\.[1-9][0-9]*$"),
]
Slug = Annotated[
    str, BeforeValidator(_slug), _schema(type="string", pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
]

# The closed lists, each with its keys and labels in the JSON Schemas (inline, not a $ref).
NatureKey = Annotated[Nature, WithJsonSchema(Nature.json_schema())]
StatutKey = Annotated[Statut, WithJsonSchema(Statut.json_schema())]
PartnerTypeKey = Annotated[PartnerType, WithJsonSchema(PartnerType.json_schema())]


def natural_key(ident: str) -> tuple[int, ...] | tuple[float, str]:
    """``"1.2"`` sorts before ``"1.10"``."""
    try:
        return tuple(int(part) for part in ident.split("."))
    except ValueError:
        return (float("inf"), ident)
