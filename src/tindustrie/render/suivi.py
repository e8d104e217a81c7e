"""The « Suivi » section of the published protocol: what the comité de pilotage reads.

- the dashboard of ``tindustrie suivi`` on the same date (its tables, written
  as people read them: French amounts, dates and labels);
- per indicator that has measures on that date: its measures, a small chart
  of them against the target (:func:`~tindustrie.render.charts.indicator_chart`)
  and its text alternative;
- per financer: committed, paid and to pay, as a table and as bars.

A measure or a payment dated after the date shown is left out: the document
of 2022 shows what was known in 2022.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tindustrie.ledger import Amounts, Ledger
from tindustrie.models import GroupBy, known_on
from tindustrie.project import ValidProject
from tindustrie.render.charts import BarChart, IndicatorChart, indicator_chart, payment_chart
from tindustrie.render.filters import fiche_anchor
from tindustrie.views.document import Document, Table
from tindustrie.views.financing import TOTAL_LABEL


@dataclass(frozen=True, slots=True)
class DashboardTable:
    """One table of the dashboard, its cells already written for people."""

    title: str
    headers: tuple[str, ...]
    #: per column: a number (aligned right)
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None
    empty: str
    #: per column, its share of the page's free width for the PDF: ``0`` for a column
    #: that fits its content (numbers, short texts), else its longest cell's length,
    #: capped, so that a title and a date share the width instead of one crushing the
    #: other
    widths: tuple[int, ...]


#: A text column whose cells are at most this long fits its content.
_SHORT = 10
#: A longer text column's share of the width, at most.
_LONGEST = 30


def _widths(
    headers: Sequence[str], numeric: Sequence[bool], rows: Sequence[Sequence[str]]
) -> tuple[int, ...]:
    def width(i: int) -> int:
        longest = max([len(headers[i])] + [len(row[i]) for row in rows])
        return 0 if numeric[i] or longest <= _SHORT else min(longest, _LONGEST)

    return tuple(width(i) for i in range(len(headers)))


@dataclass(frozen=True, slots=True)
class MeasureView:
    date: date
    valeur: str
    source: str | None
    commentaire: str | None


@dataclass(frozen=True, slots=True)
class IndicatorFollowUp:
    fiche: str
    fiche_anchor: str
    fiche_titre: str
    anchor: str
    libelle: str
    cible: str | None
    unite: str | None
    #: the measures dated on or before the date shown, oldest first
    measures: tuple[MeasureView, ...]
    chart: IndicatorChart | None


@dataclass(frozen=True, slots=True)
class PaymentRow:
    financeur: str
    committed: Decimal
    paid: Decimal
    to_pay: Decimal
    #: « 40 % »: paid / committed (``None``: nothing committed)
    share: str | None


@dataclass(frozen=True, slots=True)
class SuiviView:
    as_of: date
    dashboard: tuple[DashboardTable, ...]
    indicators: tuple[IndicatorFollowUp, ...]
    payments: tuple[PaymentRow, ...]
    payments_total: PaymentRow
    payments_chart: BarChart


def _share(paid: Decimal, committed: Decimal) -> str | None:
    if committed <= 0:
        return None
    percent = (paid * 100 / committed).quantize(Decimal("1"))
    return f"{percent} %"


def _payment_row(name: str, amounts: Amounts) -> PaymentRow:
    return PaymentRow(
        name,
        amounts.committed,
        amounts.paid,
        amounts.to_pay,
        _share(amounts.paid, amounts.committed),
    )


def dashboard_tables(document: Document) -> tuple[DashboardTable, ...]:
    """The tables of a view, as people read them (the same words as ``suivi --format md``)."""
    from tindustrie.formats.values import human

    def shown(table: Table) -> DashboardTable:
        people = table.shown()
        numeric = tuple(c.numeric for c in people.columns)
        rows = tuple(tuple(human(cell) for cell in row) for row in people.rows)
        headers = tuple(c.header for c in people.columns)
        return DashboardTable(
            people.title or "",
            headers,
            numeric,
            rows,
            tuple(human(cell) for cell in people.total) if people.total is not None else None,
            people.empty,
            _widths(headers, numeric, rows),
        )

    return tuple(shown(t) for t in document.tables())


def suivi_view(
    project: ValidProject,
    ledger: Ledger,
    dashboard: Document | None = None,
) -> SuiviView:
    """The follow-up section on the ledger's date."""
    as_of = ledger.as_of
    indicators = []
    for fiche in project.fiches:
        for n, indicator in enumerate(fiche.indicateurs, start=1):
            measures = tuple(
                MeasureView(m.date, m.valeur, m.source, m.commentaire)
                for m in known_on(indicator.mesures, as_of)
            )
            if not measures:
                continue
            anchor = f"{fiche_anchor(fiche.id)}-indicateur-{n}"
            indicators.append(
                IndicatorFollowUp(
                    fiche.id,
                    fiche_anchor(fiche.id),
                    fiche.titre,
                    anchor,
                    indicator.libelle,
                    indicator.cible,
                    indicator.unite,
                    measures,
                    indicator_chart(
                        f"{anchor}-graphique",
                        indicator.libelle,
                        indicator.unite,
                        indicator.cible,
                        [(m.date, m.valeur) for m in measures],
                    ),
                )
            )
    summary = ledger.summary(GroupBy.FINANCEUR, project.protocole)
    payments = tuple(
        _payment_row(row.label, row.amounts)
        for row in summary.rows
        if row.amounts.committed or row.amounts.paid
    )
    return SuiviView(
        as_of=as_of,
        dashboard=dashboard_tables(dashboard) if dashboard is not None else (),
        indicators=tuple(indicators),
        payments=payments,
        payments_total=_payment_row(TOTAL_LABEL, summary.totals),
        payments_chart=payment_chart(
            [(p.financeur, p.paid, p.to_pay) for p in payments], "graphique-versements"
        ),
    )
