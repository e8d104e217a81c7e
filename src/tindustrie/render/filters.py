"""The template filters: French money and dates, and text made safe for Markdown.

Money is :func:`tindustrie.money.euros`; Babel (for dates) is imported inside
the function that needs it: importing this module costs nothing.
"""

from __future__ import annotations

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
