"""French money and dates for people (tables, rendered documents), via Babel.

Babel is imported lazily, inside the functions: `validate` never pays for it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

LOCALE = "fr_FR"


def money(amount: Decimal) -> str:
    """``Decimal("1234567")`` → ``1 234 567 €``; cents shown only when there are some."""
    from babel.numbers import format_currency

    whole = amount == amount.to_integral_value()
    pattern = "#,##0\u00a0¤" if whole else "#,##0.00\u00a0¤"
    return str(
        format_currency(amount, "EUR", format=pattern, locale=LOCALE, currency_digits=False)
    )


def long_date(day: date) -> str:
    """``2021-10-28`` → ``28 octobre 2021``; ``1er`` for the first of the month."""
    from babel.dates import format_date

    text = str(format_date(day, format="long", locale=LOCALE))
    return "1er" + text[1:] if day.day == 1 else text


def plain_amount(amount: Decimal) -> str:
    """Exact amount for machines: two decimals, a point, no grouping (``150000.00``)."""
    return f"{amount.quantize(Decimal('0.01')):f}"
