"""Exact money helpers that cost nothing to import (no Babel on the `validate` path)."""

from __future__ import annotations

from decimal import Decimal

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """The amount with exactly two decimals (exact: amounts never have more)."""
    return amount.quantize(CENT)


def euros(amount: Decimal) -> str:
    """``1234567`` → ``1 234 567 €``; cents shown only when there are some."""
    sign = "-" if amount < 0 else ""
    value = cents(abs(amount))
    units, _, decimals = f"{value:f}".partition(".")
    grouped = f"{int(units):,}".replace(",", "\u202f")
    tail = f",{decimals}" if decimals != "00" else ""
    return f"{sign}{grouped}{tail}\u00a0€"
