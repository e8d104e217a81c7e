"""One French money format for every output, the same as Babel's for ``fr_FR``.

``tindustrie.money.euros`` is used by ``validate`` (no Babel there) and by the
tables and documents. It must give the bytes Babel gave when those were formatted
with it: the reference below is Babel itself, with the pattern they used.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from hypothesis import given, settings
from hypothesis import strategies as st

from tindustrie.money import euros, plain


def babel_euros(amount: Decimal) -> str:
    """Babel's French amount; a negative one with the true minus sign (U+2212)."""
    whole = amount == amount.to_integral_value()
    pattern = "#,##0\u00a0¤" if whole else "#,##0.00\u00a0¤"
    text = str(
        format_currency(amount, "EUR", format=pattern, locale="fr_FR", currency_digits=False)
    )
    return "\u2212" + text[1:] if text.startswith("-") else text


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_euros_is_babel_fr_for_every_amount_in_cents(cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    assert euros(amount) == babel_euros(amount)


def test_euros_examples() -> None:
    assert euros(Decimal("1234567")) == "1\u202f234\u202f567\u00a0€"
    assert euros(Decimal("1250.5")) == "1\u202f250,50\u00a0€"
    assert euros(Decimal("-0.05")) == "\u22120,05\u00a0€"
    assert euros(Decimal("100.00")) == "100\u00a0€"


def test_plain_is_two_decimals_and_a_point() -> None:
    assert plain(Decimal("150000")) == "150000.00"
    assert plain(Decimal("-3.5")) == "-3.50"
    assert plain(Decimal("1E+3")) == "1000.00"
