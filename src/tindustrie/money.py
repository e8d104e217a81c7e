"""Money for people and for machines, without Babel: it costs nothing to import.

The one French money format of tindustrie (``validate`` messages, the
financing tables, the rendered documents): :func:`euros` gives the bytes Babel
gives for ``fr_FR`` (narrow no-break space between thousands, no-break space
before ``€``), without depending on Babel's version of the CLDR data.
"""

from __future__ import annotations

from decimal import Decimal

CENT = Decimal("0.01")
#: The sign of a negative amount, for people: the true minus sign (U+2212), everywhere.
MINUS = "\u2212"


def cents(amount: Decimal) -> Decimal:
    """The amount with exactly two decimals (exact: amounts never have more)."""
    return amount.quantize(CENT)


def euros(amount: Decimal) -> str:
    """``1234567`` → ``1 234 567 €``; cents shown only when there are some."""
    sign = MINUS if amount < 0 else ""
    value = cents(abs(amount))
    units, _, decimals = f"{value:f}".partition(".")
    grouped = f"{int(units):,}".replace(",", "\u202f")
    tail = f",{decimals}" if decimals != "00" else ""
    return f"{sign}{grouped}{tail}\u00a0€"


def plain(amount: Decimal) -> str:
    """``150000.00``: the exact amount for machines, two decimals, a point, no grouping."""
    return f"{cents(amount):f}"


def signed_euros(amount: Decimal) -> str:
    """A change of money: ``+20 000 €``, ``−5 000 €`` (a true minus sign), ``0 €``."""
    if amount > 0:
        return "+" + euros(amount)
    if amount < 0:
        return euros(amount)
    return euros(amount)
