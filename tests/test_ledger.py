"""The financing ledger on small hand-built models: the rule, line by line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pytest

from tindustrie import ledger
from tindustrie.models import Avenant, Fiche, Protocole

D = Decimal
JAN, MAR, JUN, SEP, DEC = (date(2022, m, 1) for m in (1, 3, 6, 9, 12))


def fiche(
    ident: str,
    plan: Sequence[tuple[str, str, str]] = (),
    cost: str | None = None,
    statut: str = "en_cours",
) -> Fiche:
    return Fiche.model_validate(
        {
            "id": ident,
            "titre": f"Fiche {ident}",
            "axe": int(ident.split(".")[0]),
            "pilote": "agglo",
            "statut": statut,
            "cout_previsionnel": D(cost) if cost is not None else None,
            "plan_financement": [
                {"financeur": f, "montant": D(m), "nature": n} for f, m, n in plan
            ],
        }
    )


def avenant(numero: int, signed: date | None, *engagements: tuple[str, str, str, str]) -> Avenant:
    return Avenant.model_validate(
        {
            "numero": numero,
            "titre": f"Avenant {numero}",
            "date_signature": signed,
            "engagements": [
                {"fiche": fi, "financeur": f, "montant": D(m), "nature": n}
                for fi, f, m, n in engagements
            ],
        }
    )


PROTOCOLE = Protocole.model_validate(
    {
        "territoire": {"nom": "Test"},
        "programme": {"phase": 1},
        "date_signature": date(2021, 1, 1),
        "partenaires": [
            {"id": "region", "nom": "Région", "type": "region"},
            {"id": "agglo", "nom": "Agglomération", "type": "collectivite"},
            {"id": "etat", "nom": "État", "type": "etat"},
        ],
        "axes": [
            {"numero": 1, "titre": "Recruter"},
            {"numero": 2, "titre": "Innover"},
            {"numero": 3, "titre": "Sans fiche"},
        ],
    }
)

INV, FCT = "investissement", "fonctionnement"

# 1.1: raised by avenant 2, lowered by avenant 3 (signed), ended by the draft 4.
FICHES = (
    fiche("1.1", [("region", "100000", INV), ("agglo", "50000", INV)], cost="200000"),
    fiche("2.1", [("etat", "30000.50", FCT)], cost="40000"),
    fiche("1.2", [("agglo", "10000", FCT)]),
)
AVENANTS = (
    avenant(1, MAR, ("1.1", "region", "80000", INV), ("1.1", "agglo", "50000", INV)),
    avenant(2, JUN, ("1.1", "region", "120000", INV), ("2.1", "etat", "30000.50", FCT)),
    avenant(3, SEP, ("1.1", "region", "90000", INV)),
    avenant(4, None, ("1.1", "agglo", "0", INV), ("1.2", "agglo", "10000", FCT)),
)


def line(book: ledger.Ledger, fiche_id: str, financeur: str, nature: str) -> ledger.Line:
    return next(
        ln
        for ln in book.lines
        if (ln.fiche, ln.financeur, ln.nature) == (fiche_id, financeur, nature)
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (JAN, D(0)),  # before any signature
        (MAR, D(80000)),  # the day of the signature counts
        (date(2022, 5, 31), D(80000)),
        (JUN, D(120000)),  # raised
        (SEP, D(90000)),  # lowered
        (DEC, D(90000)),
    ],
)
def test_amount_in_force_is_the_latest_signed_avenant(day: date, expected: Decimal) -> None:
    book = ledger.build(FICHES, AVENANTS, day)
    assert line(book, "1.1", "region", INV).committed == expected
    assert line(book, "1.1", "region", INV).projected == D(90000)


def test_a_draft_ending_a_commitment_is_a_negative_pending() -> None:
    book = ledger.build(FICHES, AVENANTS, DEC)
    agglo = line(book, "1.1", "agglo", INV)
    assert (agglo.committed, agglo.projected, agglo.pending) == (D(50000), D(0), D(-50000))
    draft_only = line(book, "1.2", "agglo", FCT)
    assert (draft_only.committed, draft_only.projected) == (D(0), D(10000))


def test_avenants_signed_after_the_date_are_pending() -> None:
    book = ledger.build(FICHES, AVENANTS, JUN)
    region = line(book, "1.1", "region", INV)
    assert region.committed == D(120000)
    assert region.pending == D(-30000)  # avenant 3, signed in September, lowers it
    assert book.last_signed == 2
    assert [a.numero for a in book.signed_avenants] == [1, 2]
    assert [a.numero for a in book.pending_avenants] == [3, 4]


def test_history_and_the_step_in_force() -> None:
    book = ledger.build(FICHES, AVENANTS, JUN)
    region = line(book, "1.1", "region", INV)
    assert [(s.avenant, s.signed_on, s.amount) for s in region.history] == [
        (1, MAR, D(80000)),
        (2, JUN, D(120000)),
        (3, SEP, D(90000)),
    ]
    assert region.setting is not None and region.setting.avenant == 2
    assert line(book, "1.2", "agglo", FCT).setting is None


def test_planned_only_and_committed_only_triples_both_have_lines() -> None:
    extra = avenant(1, MAR, ("1.1", "etat", "5000", FCT))
    book = ledger.build(FICHES[:1], [extra], DEC)
    assert line(book, "1.1", "etat", FCT).planned == D(0)
    assert line(book, "1.1", "etat", FCT).committed == D(5000)
    assert line(book, "1.1", "region", INV).committed == D(0)
    assert line(book, "1.1", "region", INV).planned == D(100000)


def test_plan_lines_for_the_same_triple_add_up() -> None:
    f = fiche("1.1", [("region", "10", INV), ("region", "0.05", INV)])
    assert line(ledger.build([f], [], DEC), "1.1", "region", INV).planned == D("10.05")


def test_fiche_amounts_remaining_and_missing_cost() -> None:
    book = ledger.build(FICHES, AVENANTS, DEC)
    first = book.fiche_amounts(FICHES[0])
    assert first == ledger.Amounts(D(200000), D(150000), D(140000), D(90000), D(60000))
    assert first.remaining == D(60000)
    assert first.pending == D(-50000)
    no_cost = book.fiche_amounts(FICHES[2])
    assert no_cost.cost == D(0)
    assert no_cost.remaining == D(0)


def test_cents_are_exact() -> None:
    book = ledger.build(FICHES, AVENANTS, DEC)
    assert book.totals().committed == D("170000.50")
    assert book.totals().remaining == D("240000") - D("170000.50")


def test_numero_order_not_file_order() -> None:
    shuffled = list(reversed(AVENANTS))
    a = ledger.build(FICHES, AVENANTS, DEC)
    b = ledger.build(reversed(FICHES), shuffled, DEC)
    assert a.lines == b.lines
    assert [f.id for f in b.fiches] == ["1.1", "1.2", "2.1"]


def test_no_avenant_at_all() -> None:
    book = ledger.build(FICHES, [], DEC)
    assert book.last_signed is None
    costs = sum((f.cost for f in FICHES if f.statut != "abandonnee"), D(0))
    assert book.totals() == ledger.Amounts(D(240000), D("190000.50"), D(0), D(0), costs)


@pytest.mark.parametrize("by", ledger.GROUPINGS)
def test_every_grouping_has_the_same_totals(by: ledger.GroupBy) -> None:
    book = ledger.build(FICHES, AVENANTS, JUN)
    summary = ledger.summarize(book, by, PROTOCOLE)
    assert summary.totals == book.totals()
    rows_total = sum((r.amounts for r in summary.rows), ledger.Amounts())
    assert rows_total.planned == summary.totals.planned
    assert rows_total.committed == summary.totals.committed
    assert rows_total.projected == summary.totals.projected
    if by in ("fiche", "axe"):
        assert rows_total.cost == summary.totals.cost
        assert all(r.has_cost for r in summary.rows)
    else:
        assert not any(r.has_cost for r in summary.rows)


def test_group_by_axis_lists_every_axis_of_the_protocol() -> None:
    summary = ledger.summarize(ledger.build(FICHES, AVENANTS, DEC), "axe", PROTOCOLE)
    assert [(r.key, r.label) for r in summary.rows] == [
        ("1", "Axe 1 : Recruter"),
        ("2", "Axe 2 : Innover"),
        ("3", "Axe 3 : Sans fiche"),
    ]
    assert summary.rows[0].amounts.committed == D(140000)
    assert summary.rows[2].amounts == ledger.Amounts()


def test_group_by_axis_without_protocol() -> None:
    summary = ledger.summarize(ledger.build(FICHES, AVENANTS, DEC), "axe")
    assert [(r.key, r.label) for r in summary.rows] == [("1", "Axe 1"), ("2", "Axe 2")]


def test_group_by_financer_follows_the_protocol_order_with_names() -> None:
    summary = ledger.summarize(ledger.build(FICHES, AVENANTS, DEC), "financeur", PROTOCOLE)
    assert [(r.key, r.label) for r in summary.rows] == [
        ("region", "Région"),
        ("agglo", "Agglomération"),
        ("etat", "État"),
    ]
    assert summary.rows[1].amounts.pending == D(-40000)


def test_group_by_nature_always_has_both() -> None:
    only_inv = fiche("1.1", [("region", "1", INV)])
    summary = ledger.summarize(ledger.build([only_inv], [], DEC), "nature")
    assert [(r.key, r.label) for r in summary.rows] == [
        ("fonctionnement", "Fonctionnement"),
        ("investissement", "Investissement"),
    ]


ABANDONED = (
    fiche("1.1", [("region", "100", INV)], cost="100", statut="abandonnee"),
    fiche("2.1", [("etat", "100", FCT)], cost="100"),
)
ABANDONED_AVENANTS = (
    avenant(1, MAR, ("1.1", "region", "100", INV), ("2.1", "etat", "100", FCT)),
    avenant(2, SEP, ("1.1", "region", "0", INV)),
)


@pytest.mark.parametrize(
    ("by", "flagged"),
    [("fiche", "1.1"), ("axe", "1"), ("financeur", "region"), ("nature", INV)],
)
def test_abandoned_fiches_keep_their_commitments_and_are_flagged(
    by: ledger.GroupBy, flagged: str
) -> None:
    book = ledger.build(ABANDONED, ABANDONED_AVENANTS, JUN)
    assert [f.id for f in book.abandoned_with_commitments()] == ["1.1"]
    assert book.totals().committed == D(200)
    rows = ledger.summarize(book, by).rows
    assert [r.key for r in rows if r.abandoned] == [flagged]


@pytest.mark.parametrize("day", [JAN, DEC])
def test_abandoned_fiches_are_not_flagged_without_money_in_force(day: date) -> None:
    book = ledger.build(ABANDONED, ABANDONED_AVENANTS, day)
    assert book.abandoned_with_commitments() == ()
    for by in ledger.GROUPINGS:
        assert not any(r.abandoned for r in ledger.summarize(book, by).rows)


class _CountingList(list[int]):
    """A list that counts how many of its items are read."""

    reads = 0

    def __getitem__(self, index: object) -> object:  # type: ignore[override]
        _CountingList.reads += 1
        return super().__getitem__(index)  # type: ignore[index]


def _one_line(n: int) -> list[Avenant]:
    """``n`` avenants changing the same (fiche, financeur, nature), every third a draft."""
    return [
        Avenant.model_validate({
            "numero": k, "titre": f"A{k}", "signataires": ["agglo"], "fiches": ["1.1"],
            "date_signature": None if k % 3 == 0 else date(2022, 1, 1),
            "engagements": [
                {"fiche": "1.1", "financeur": "agglo", "montant": k, "nature": "fonctionnement"}
            ],
        })
        for k in range(1, n + 1)
    ]  # fmt: skip


def test_many_avenants_on_one_line_is_n_log_n() -> None:
    """N avenants changing one line: each finds the amount it replaces by a binary
    search (issue 16: `list avenants` was quadratic). Counted, not timed."""
    reads = {}
    for n in (500, 4000):
        avenants = _one_line(n)
        history = ledger.histories(avenants)
        (steps,) = history.values()
        assert isinstance(steps, ledger.History)
        steps.numeros = _CountingList(steps.numeros)
        _CountingList.reads = 0
        for avenant in avenants:
            ledger.changes(avenant, history)
        reads[n] = _CountingList.reads
        assert reads[n] <= n * 14, reads  # log2(4000) < 12
    assert reads[4000] < 16 * reads[500], reads  # 8× the avenants: n·log n, not 64×


def test_indexed_history_agrees_with_the_plain_scan() -> None:
    avenants = _one_line(60)
    (steps,) = ledger.histories(avenants).values()
    for avenant in avenants:
        assert ledger.replaced(steps, avenant) == ledger.replaced(tuple(steps), avenant)
