"""Properties of « versé » and of the dashboard over generated payments (hypothesis):
the paid amount on a date is the sum of the payments dated on or before it, counted
once whatever the grouping, and the dashboard shows the ledger's money."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tindustrie import ledger
from tindustrie.models import Fiche, GroupBy, Protocole, Versement
from tindustrie.project import ValidProject
from tindustrie.views.suivi import months_after, suivi_view

START = date(2022, 1, 1)
FUNDERS = ("agglo", "region")
NATURES = ("fonctionnement", "investissement")
PROTOCOLE = Protocole.model_validate(
    {
        "territoire": {"nom": "Essai"},
        "programme": {"phase": 1},
        "date_signature": "2021-10-28",
        "partenaires": [
            {"id": "agglo", "nom": "Agglomération", "type": "collectivite"},
            {"id": "region", "nom": "Région", "type": "region"},
        ],
        "axes": [{"numero": 1, "titre": "Un"}, {"numero": 2, "titre": "Deux"}],
    }
)

payment = st.tuples(
    st.integers(0, 1500),  # days after START
    st.sampled_from(FUNDERS),
    st.sampled_from(NATURES),
    st.integers(1, 10**9),  # cents
)


@st.composite
def fiches(draw: st.DrawFn) -> tuple[Fiche, ...]:
    out = []
    for ident in ("1.1", "1.2", "2.1")[: draw(st.integers(1, 3))]:
        out.append(
            Fiche(
                id=ident,
                titre=f"Fiche {ident}",
                axe=int(ident[0]),
                pilote="agglo",
                versements=[
                    Versement(
                        date=START + timedelta(days),
                        financeur=funder,
                        nature=nature,
                        montant=Decimal(cents).scaleb(-2),
                    )
                    for days, funder, nature, cents in draw(st.lists(payment, max_size=6))
                ],
            )
        )
    return tuple(out)


@settings(max_examples=60, deadline=None)
@given(fiches(), st.integers(-10, 1600))
def test_paid_is_the_sum_of_the_payments_up_to_the_date(
    generated: tuple[Fiche, ...], offset: int
) -> None:
    day = START + timedelta(offset)
    book = ledger.build(generated, (), day)
    want = sum((p.montant for f in generated for p in f.versements if p.date <= day), Decimal(0))
    for by in GroupBy:
        summary = book.summary(by, PROTOCOLE)
        assert summary.totals.paid == want
        assert sum((r.amounts.paid for r in summary.rows), Decimal(0)) == want
        assert summary.totals.to_pay == summary.totals.committed - want
    project = ValidProject(Path("."), PROTOCOLE, generated, ())
    view = suivi_view(project, book)
    assert view.paid == want and view.committed == book.summary(GroupBy.FICHE).totals.committed


@given(st.dates(max_value=date(9000, 1, 1)), st.integers(0, 48))
def test_months_after(day: date, months: int) -> None:
    later = months_after(day, months)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day  # the 31st becomes the month's last day
