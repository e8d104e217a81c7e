"""Properties of the ledger over generated protocols (hypothesis).

The reference below recomputes the rule on integer cents, independently of
the ledger: on a date, the amount in force of a triple is the amount of the
highest-numbered avenant signed on or before that date that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tindustrie import ledger
from tindustrie.models import Avenant, Engagement, Fiche, LigneFinancement

FUNDERS = ("agglo", "region", "etat")
NATURES = ("fonctionnement", "investissement")
START = date(2022, 1, 1)
CENT = Decimal("0.01")

cents = st.integers(min_value=0, max_value=10**10)


def euros(n: int) -> Decimal:
    return Decimal(n).scaleb(-2)


@dataclass(frozen=True)
class Generated:
    fiches: tuple[Fiche, ...]
    avenants: tuple[Avenant, ...]

    @property
    def signatures(self) -> list[date]:
        return [a.date_signature for a in self.avenants if a.date_signature is not None]


@st.composite
def protocols(draw: st.DrawFn, all_signed: bool = False) -> Generated:
    """A protocol's fiches and avenants; ``all_signed``: at least one avenant, all signed."""
    fiche_ids = []
    for axe in range(1, draw(st.integers(1, 3)) + 1):
        fiche_ids += [f"{axe}.{n}" for n in range(1, draw(st.integers(1, 3)) + 1)]
    triples = st.tuples(
        st.sampled_from(fiche_ids), st.sampled_from(FUNDERS), st.sampled_from(NATURES)
    )
    fiches = []
    for ident in fiche_ids:
        plan = draw(
            st.lists(
                st.tuples(st.sampled_from(FUNDERS), st.sampled_from(NATURES), cents), max_size=4
            )
        )
        cost = draw(st.none() | cents)
        fiches.append(
            Fiche(
                id=ident,
                titre=f"Fiche {ident}",
                axe=int(ident.split(".")[0]),
                pilote="agglo",
                statut=draw(st.sampled_from(("en_cours", "abandonnee", "a_preciser"))),
                cout_previsionnel=euros(cost) if cost is not None else None,
                plan_financement=[
                    LigneFinancement(financeur=f, nature=n, montant=euros(m)) for f, n, m in plan
                ],
            )
        )
    count = draw(st.integers(1 if all_signed else 0, 4))
    signed = count if all_signed else draw(st.integers(0, count))
    day = START
    avenants = []
    for numero in range(1, count + 1):
        signature = None
        if numero <= signed:  # signed avenants first, in numero order, drafts after
            day += timedelta(days=draw(st.integers(0, 200)))
            signature = day
        chosen = draw(st.lists(triples, max_size=5, unique=True))
        avenants.append(
            Avenant(
                numero=numero,
                titre=f"Avenant {numero}",
                date_signature=signature,
                engagements=[
                    Engagement(fiche=fi, financeur=f, nature=n, montant=euros(draw(cents)))
                    for fi, f, n in chosen
                ],
            )
        )
    # the files come in any order
    order = draw(st.permutations(range(count)))
    return Generated(tuple(fiches), tuple(avenants[i] for i in order))


def reference_committed(gen: Generated, day: date | None, fiche: str | None = None) -> int:
    """Total committed in cents on ``day`` (``None``: as if every avenant were signed),
    of one fiche when ``fiche`` is given."""
    in_force: dict[tuple[str, str, str], tuple[int, int]] = {}
    for a in gen.avenants:
        if day is not None and (a.date_signature is None or a.date_signature > day):
            continue
        for e in a.engagements:
            key = (e.fiche, e.financeur, e.nature)
            if fiche is not None and e.fiche != fiche:
                continue
            if key not in in_force or in_force[key][0] < a.numero:
                in_force[key] = (a.numero, int(e.montant * 100))
    return sum(amount for _, amount in in_force.values())


def reference_remaining(gen: Generated, day: date) -> int:
    """« Reste à engager » in cents: cost − committed of each fiche that has a cost and
    is not abandoned (the others have nothing left to commit)."""
    return sum(
        int(f.cout_previsionnel * 100) - reference_committed(gen, day, f.id)
        for f in gen.fiches
        if f.cout_previsionnel is not None and f.statut != "abandonnee"
    )


def days_around(gen: Generated) -> list[date]:
    points = {START - timedelta(days=1), date(2030, 1, 1)}
    for d in gen.signatures:
        points |= {d - timedelta(days=1), d, d + timedelta(days=1)}
    return sorted(points)


def is_cents(amount: Decimal) -> bool:
    return amount == amount.quantize(CENT)


@settings(max_examples=120, deadline=None)
@given(protocols())
def test_totals_do_not_depend_on_the_grouping_and_match_the_reference(gen: Generated) -> None:
    cost = sum(int(f.cost * 100) for f in gen.fiches)
    planned = sum(int(line.montant * 100) for f in gen.fiches for line in f.plan_financement)
    projected = reference_committed(gen, None)
    for day in days_around(gen):
        book = ledger.build(gen.fiches, gen.avenants, day)
        committed = reference_committed(gen, day)
        expected = ledger.Amounts(
            euros(cost),
            euros(planned),
            euros(committed),
            euros(projected),
            euros(reference_remaining(gen, day)),
        )
        for by in ledger.GROUPINGS:
            summary = ledger.summarize(book, by)
            assert summary.totals == expected
            rows = sum((r.amounts for r in summary.rows), ledger.Amounts())
            assert (rows.planned, rows.committed, rows.projected) == (
                expected.planned,
                expected.committed,
                expected.projected,
            )
            if by in ("fiche", "axe"):
                assert (rows.cost, rows.remaining) == (expected.cost, expected.remaining)


@settings(max_examples=80, deadline=None)
@given(protocols())
def test_nothing_is_committed_before_the_first_signature(gen: Generated) -> None:
    first = min(gen.signatures, default=date(2100, 1, 1))
    for day in (first - timedelta(days=1), START - timedelta(days=400)):
        book = ledger.build(gen.fiches, gen.avenants, day)
        assert book.last_signed is None
        assert all(line.committed == 0 for line in book.lines)
        assert book.totals().committed == 0
        assert book.totals().pending == book.totals().projected
        assert book.totals().remaining == euros(reference_remaining(gen, day))
        assert len(book.pending_avenants) == len(gen.avenants)


@settings(max_examples=80, deadline=None)
@given(protocols(all_signed=True))
def test_committed_on_the_last_signature_is_projected_when_all_are_signed(gen: Generated) -> None:
    assert gen.avenants and all(a.signed for a in gen.avenants)
    last = max(gen.signatures)
    book = ledger.build(gen.fiches, gen.avenants, last)
    assert book.last_signed == len(gen.avenants)
    assert book.pending_avenants == ()
    assert all(line.committed == line.projected for line in book.lines)
    for by in ledger.GROUPINGS:
        summary = ledger.summarize(book, by)
        assert summary.totals.pending == 0
        assert all(r.amounts.pending == 0 for r in summary.rows)


@settings(max_examples=80, deadline=None)
@given(protocols(), st.integers(-10, 800))
def test_amounts_are_exact_to_the_cent(gen: Generated, offset: int) -> None:
    book = ledger.build(gen.fiches, gen.avenants, START + timedelta(days=offset))
    for by in ledger.GROUPINGS:
        summary = ledger.summarize(book, by)
        for amounts in [summary.totals, *(r.amounts for r in summary.rows)]:
            for value in (
                amounts.cost,
                amounts.planned,
                amounts.committed,
                amounts.projected,
                amounts.pending,
                amounts.remaining,
            ):
                assert isinstance(value, Decimal)
                assert is_cents(value)
        totals = summary.totals
        assert totals.pending == totals.projected - totals.committed
