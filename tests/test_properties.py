"""Properties of the loader and the scalar types: nothing lost, nothing changed."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tindustrie.models import Fiche
from tindustrie.shape import validate
from tindustrie.yamlio import parse

BASE = 'id: "{id}"\ntitre: "t"\naxe: {axe}\npilote: agglo\n'


@settings(max_examples=60, deadline=None)
@given(
    axe=st.integers(1, 30),
    n=st.integers(1, 300),
    units=st.integers(0, 10**12 - 1),  # amounts have at most 12 digits (docs/limites.md)
    cents=st.one_of(st.none(), st.integers(0, 99)),
)
def test_fiche_ids_and_amounts_are_kept_exactly(
    axe: int, n: int, units: int, cents: int | None
) -> None:
    amount = f"{units}" if cents is None else f"{units}.{cents:02d}"
    text = f"id: {axe}.{n}\ntitre: t\naxe: {axe}\npilote: agglo\ncout_previsionnel: {amount}\n"
    doc = parse(text, "f.yaml")
    fiche, problems = validate(doc, Fiche, "la fiche")
    assert problems == [] and fiche is not None
    assert fiche.id == f"{axe}.{n}"
    assert fiche.cout_previsionnel == Decimal(amount)
    assert str(fiche.cout_previsionnel) == amount


@settings(max_examples=40, deadline=None)
@given(units=st.integers(0, 10**9), extra=st.integers(100, 999))
def test_three_decimals_are_refused_never_rounded(units: int, extra: int) -> None:
    text = BASE.format(id="1.1", axe=1) + f"cout_previsionnel: {units}.{extra}\n"
    fiche, problems = validate(parse(text, "f.yaml"), Fiche, "la fiche")
    assert fiche is None
    assert [(p.code, p.line, p.column) for p in problems] == [("TI206", 5, 20)]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_parse_never_raises(text: str) -> None:
    doc = parse(text, "f.yaml")
    for p in doc.problems:
        assert p.file == "f.yaml" and p.message


def test_unknown_references_cost_a_bounded_number_of_comparisons() -> None:
    """10,000 unknown fiches against 3,000 known ones: the « Vouliez-vous dire ? »
    work is capped per value and per run (issue 16), counted, not timed."""
    from tindustrie.wording import MAX_CANDIDATES, MAX_COMPARISONS, Matcher

    known = [f"{1 + i % 4}.{i}" for i in range(3000)]
    small, large = Matcher(known, "fiche"), Matcher(known, "fiche")
    for i in range(1000):
        small.hint(f"{1 + i % 4}.{100_000 + i}")
    for i in range(10_000):
        large.hint(f"{1 + i % 4}.{100_000 + i}")
    assert small.comparisons <= 1000 * MAX_CANDIDATES
    assert large.comparisons <= MAX_COMPARISONS + MAX_CANDIDATES
    assert large.comparisons <= 2 * small.comparisons + MAX_CANDIDATES
    assert large.hint("1.1O") == "Vouliez-vous dire « 1.10 » ?" or "1.1" in large.hint("1.1O")
