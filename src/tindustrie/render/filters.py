"""The template filters: French money and dates, and text made safe for Markdown.

Money is :func:`tindustrie.money.euros`; Babel (for dates) is imported inside
the function that needs it: importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from tindustrie.markdown import escape
from tindustrie.money import euros, signed_euros


def md(value: object) -> str:
    """Plain text for Markdown: see :func:`tindustrie.markdown.escape`."""
    return escape(value)


signed_money = signed_euros


def money_or_dash(amount: Decimal | None) -> str:
    return "—" if amount is None else euros(amount)


def date_or_dash(day: date | None) -> str:
    from tindustrie.formatting import long_date

    return "—" if day is None else long_date(day)


def fiche_anchor(ident: str) -> str:
    """The anchor of a fiche in the HTML document: ``fiche-1-2``."""
    return "fiche-" + ident.replace(".", "-")


#: The filters a template may use besides Jinja2's own: name -> (function, French role).
FILTERS: dict[str, tuple[Callable[..., str], str]] = {
    "money": (money_or_dash, "un montant en euros à la française (« 1 250,50 € ») ; `—` si vide"),
    "signed_money": (signed_money, "un montant signé (« +50 000 € », « −20 000 € »)"),
    "long_date": (date_or_dash, "une date en toutes lettres (« 28 octobre 2021 ») ; `—` si vide"),
    "md": (md, "un texte rendu sûr pour le Markdown (caractères spéciaux échappés)"),
    "fiche_anchor": (fiche_anchor, "l'ancre HTML d'une fiche, d'après son identifiant"),
}
