"""`tindustrie suivi`: the comité de pilotage's dashboard on a date.

:func:`suivi_view` computes typed values that other outputs reuse (the
workbook's « Alertes » sheet, the « Suivi » section of the rendered document);
:func:`document` lays them out for the formatters.

Per fiche: its status on the date (from ``historique``), its calendar, late
when ``calendrier.fin`` is before the date and the fiche is neither réalisée
nor abandonnée, committed, paid and to pay; per indicator, the latest measure
on or before the date against the target, in %.

The alerts (:class:`~tindustrie.models.vocabulary.AlertKind`), each defined
once here (``docs/commandes.md`` says the same in French):

- **en retard**: the fiche is late (as above);
- **indicateur sans mesure**: on a fiche *en cours*, an indicator has had no
  measure for more than 12 months. The 12 months run from the latest of its
  last measure and the day the fiche went *en cours* (the decision of
  ``historique`` that started the current run; without a history,
  ``calendrier.debut`` when it is known and past). An indicator never measured
  counts from that start; when neither is known, it is signalled
  (« jamais mesuré ») with no date;
- **engagement sans versement**: money is committed on a (fiche, financeur,
  nature) and nothing of it is paid 18 months (or more) after the avenant that
  committed it was signed (the first signature of the current run of
  non-zero amounts: a raise does not restart the clock, an end does). Lines of
  a fiche abandoned on the date are left to the next alert;
- **abandonnée engagée**: a fiche abandoned on the date still holds money in
  force.

Lateness and these alerts are not ``validate`` problems: they change with the
date they are read on.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tindustrie.ledger import ZERO, Ledger, Line, in_force
from tindustrie.models import AlertKind, Fiche, Indicateur, Nature, Statut, known_on
from tindustrie.models.fields import natural_key
from tindustrie.money import euros
from tindustrie.project import ValidProject
from tindustrie.views.document import (
    FACTS,
    Column,
    Data,
    Document,
    Prose,
    Table,
    columns,
)
from tindustrie.views.listing import partner_names

#: No measure for more than this many months on a fiche en cours: an alert.
STALE_MONTHS = 12
#: Nothing paid this many months after the signature: an alert.
UNPAID_MONTHS = 18
#: Statuses for which a passed ``calendrier.fin`` is not late.
CLOSED = (Statut.REALISEE, Statut.ABANDONNEE)


def months_after(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    if year > date.max.year:
        return date.max  # the end of the calendar: nothing comes after it
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


#: A number as people write a target or a result: ``12``, ``12,5``, ``-3.5``.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def number(text: str | None) -> Decimal | None:
    """The number a target or a result holds (« 12 », « 12,5 », « 1 200 », « 80 % »),
    or ``None`` when it is not one (« en hausse »)."""
    if text is None:
        return None
    folded = "".join(text.split()).removesuffix("%")
    return Decimal(folded.replace(",", ".")) if _NUMBER.fullmatch(folded) else None


def percent(value: str | None, target: str | None) -> int | None:
    """The value as a whole percentage of the target; ``None`` when either is not a
    number, or the target is 0."""
    got, wanted = number(value), number(target)
    if got is None or wanted is None or wanted == 0:
        return None
    return int((got * 100 / wanted).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    """An indicator of a fiche on the date: its target and its latest measure."""

    fiche: str
    label: str
    target: str | None
    unit: str | None
    #: the latest measure on or before the date (``None``: none yet)
    value: str | None
    measured_on: date | None
    #: value / target in %, rounded (``None``: not both numbers)
    percent: int | None


@dataclass(frozen=True, slots=True)
class FicheStatus:
    """One fiche on the date."""

    fiche: Fiche
    status: Statut
    start: date | None
    end: date | None
    late: bool
    committed: Decimal
    paid: Decimal
    indicators: tuple[IndicatorStatus, ...]

    @property
    def to_pay(self) -> Decimal:
        return self.committed - self.paid


@dataclass(frozen=True, slots=True)
class Alert:
    """One thing the comité should look at, on the date."""

    kind: AlertKind
    fiche: str
    fiche_title: str
    #: what it is about within the fiche: an indicator, « financer (nature) »; else ``None``
    subject: str | None
    #: since when the condition holds (end date, last measure, signature,
    #: abandonment); ``None`` when unknown
    since: date | None
    #: the money concerned (commitment, or what an abandoned fiche still holds)
    committed: Decimal | None
    #: one French sentence, without the kind's label nor the fiche
    detail: str

    def __post_init__(self) -> None:
        # French typography: a non-breaking space before « : » and « ; », so that a
        # narrow table never starts a line with them
        text = self.detail.replace(" : ", "\u00a0: ").replace(" ; ", "\u00a0; ")
        object.__setattr__(self, "detail", text)


@dataclass(frozen=True, slots=True)
class Suivi:
    """The dashboard on :attr:`as_of`: alerts first, then one row per fiche."""

    as_of: date
    alerts: tuple[Alert, ...]
    rows: tuple[FicheStatus, ...]

    @property
    def committed(self) -> Decimal:
        return sum((r.committed for r in self.rows), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((r.paid for r in self.rows), ZERO)

    @property
    def to_pay(self) -> Decimal:
        return self.committed - self.paid

    def alerts_of(self, kind: AlertKind) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if a.kind is kind)


def _day(day: date) -> str:
    from tindustrie.formatting import long_date

    return long_date(day)


def _latest(indicator: Indicateur, as_of: date) -> tuple[str | None, date | None]:
    known = known_on(indicator.mesures, as_of)
    if not known:
        return None, None
    return known[-1].valeur, known[-1].date


def ongoing_since(fiche: Fiche, as_of: date) -> date | None:
    """The day the fiche went *en cours* for the run that holds on ``as_of`` (from its
    ``historique``; without one, ``calendrier.debut`` when past); ``None``: unknown."""
    if fiche.historique:
        since = None
        for decision in known_on(fiche.historique, as_of):
            if decision.statut != Statut.EN_COURS:
                since = None
            elif since is None:
                since = decision.date
        return since
    start = fiche.calendrier.debut if fiche.calendrier else None
    return start if start is not None and start <= as_of else None


def committed_since(line: Line, as_of: date) -> date | None:
    """The signature that started the current run of non-zero amounts of ``line``."""
    amount_on = in_force(line.history)
    since = None
    for day in sorted({s.signed_on for s in line.history if s.signed_on is not None}):
        if day > as_of:
            break
        if amount_on(day) == 0:
            since = None
        elif since is None:
            since = day
    return since


def _indicators(fiche: Fiche, as_of: date) -> tuple[IndicatorStatus, ...]:
    out = []
    for indicator in fiche.indicateurs:
        value, day = _latest(indicator, as_of)
        out.append(
            IndicatorStatus(
                fiche.id,
                indicator.libelle,
                indicator.cible,
                indicator.unite,
                value,
                day,
                percent(value, indicator.cible),
            )
        )
    return tuple(out)


def _late_alert(row: FicheStatus) -> Alert:
    assert row.end is not None
    return Alert(
        AlertKind.EN_RETARD,
        row.fiche.id,
        row.fiche.titre,
        None,
        row.end,
        None,
        f"fin prévue le {_day(row.end)}, toujours {row.status.label}",
    )


def _stale_alerts(row: FicheStatus, as_of: date) -> list[Alert]:
    if row.status != Statut.EN_COURS:
        return []
    start = ongoing_since(row.fiche, as_of)
    out = []
    for indicator in row.indicators:
        known = [d for d in (indicator.measured_on, start) if d is not None]
        since = max(known) if known else None
        if since is not None and months_after(since, STALE_MONTHS) >= as_of:
            continue
        if indicator.measured_on is not None and indicator.measured_on == since:
            detail = f"dernière mesure le {_day(since)}, il y a plus de {STALE_MONTHS} mois"
        elif indicator.measured_on is not None and since is not None:
            detail = (
                f"dernière mesure le {_day(indicator.measured_on)} ; aucune depuis que la "
                f"fiche est en cours ({_day(since)}, il y a plus de {STALE_MONTHS} mois)"
            )
        elif since is not None:
            detail = (
                f"jamais mesuré, fiche en cours depuis le {_day(since)} "
                f"(plus de {STALE_MONTHS} mois)"
            )
        else:
            detail = "jamais mesuré (date de début inconnue)"
        out.append(
            Alert(
                AlertKind.INDICATEUR_SANS_MESURE,
                row.fiche.id,
                row.fiche.titre,
                indicator.label,
                since,
                None,
                f"«\u00a0{indicator.label}\u00a0» : {detail}",  # no line break in « … »
            )
        )
    return out


def _unpaid_alerts(
    ledger: Ledger, names: dict[str, str], titles: dict[str, str], abandoned: set[str]
) -> list[Alert]:
    out = []
    for line in ledger.lines:
        if line.committed <= 0 or line.paid != 0 or line.fiche in abandoned:
            continue
        since = committed_since(line, ledger.as_of)
        if since is None or months_after(since, UNPAID_MONTHS) > ledger.as_of:
            continue
        name = names.get(line.financeur, line.financeur)
        nature = Nature.label_of(line.nature)
        out.append(
            Alert(
                AlertKind.ENGAGEMENT_SANS_VERSEMENT,
                line.fiche,
                titles[line.fiche],
                f"{name}, {nature}",
                since,
                line.committed,
                f"{euros(line.committed)} engagés par {name} en {nature} depuis le "
                f"{_day(since)} : "
                f"rien n'est versé après {UNPAID_MONTHS} mois",
            )
        )
    return out


def _abandoned_alert(fiche: Fiche, ledger: Ledger) -> Alert:
    amounts = ledger.fiche_amounts(fiche)
    day = fiche.abandoned_on()
    when = f"abandonnée le {_day(day)}" if day is not None else "abandonnée"
    return Alert(
        AlertKind.ABANDONNEE_ENGAGEE,
        fiche.id,
        fiche.titre,
        None,
        day,
        amounts.committed,
        f"{when}, garde {euros(amounts.committed)} d'engagements en vigueur "
        f"(dont {euros(amounts.to_pay)} restent à verser) : un avenant peut y mettre fin",
    )


def suivi_view(project: ValidProject, ledger: Ledger, as_of: date | None = None) -> Suivi:
    """The dashboard of ``project`` on ``as_of`` (by default, and necessarily, the date
    ``ledger`` was built on)."""
    day = ledger.as_of if as_of is None else as_of
    if day != ledger.as_of:
        raise ValueError(f"ledger built on {ledger.as_of}, dashboard asked on {day}")
    rows = []
    for fiche in sorted(ledger.fiches, key=lambda f: natural_key(f.id)):
        status = ledger.statut_of(fiche)
        cal = fiche.calendrier
        start, end = (cal.debut, cal.fin) if cal else (None, None)
        amounts = ledger.fiche_amounts(fiche)
        rows.append(
            FicheStatus(
                fiche,
                status,
                start,
                end,
                end is not None and end < day and status not in CLOSED,
                amounts.committed,
                amounts.paid,
                _indicators(fiche, day),
            )
        )
    abandoned = ledger.abandoned_with_commitments()
    alerts: list[Alert] = [_late_alert(r) for r in rows if r.late]
    for row in rows:
        alerts += _stale_alerts(row, day)
    alerts += _unpaid_alerts(
        ledger,
        partner_names(project),
        {f.id: f.titre for f in ledger.fiches},
        {f.id for f in ledger.fiches if ledger.statut_of(f) == Statut.ABANDONNEE},
    )
    alerts += [_abandoned_alert(f, ledger) for f in abandoned]
    order = {kind: i for i, kind in enumerate(AlertKind)}
    alerts.sort(key=lambda a: (order[a.kind], natural_key(a.fiche)))  # stable within a fiche
    return Suivi(day, tuple(alerts), tuple(rows))


#: Facts shown here (the others are in :data:`~tindustrie.views.document.FACTS`).
KIND = Column("kind", "Alerte")
DETAIL = Column("detail", "Détail")
SUBJECT = Column("subject", "Objet")
SINCE = Column("since", "Depuis")
START = Column("start", "Début")
END = Column("end", "Fin")
LATE = Column("late", "En retard")
INDICATOR = Column("label", "Indicateur")
TARGET = Column("target", "Cible", numeric=True)
UNIT = Column("unit", "Unité")
VALUE = Column("value", "Dernière mesure", numeric=True)
MEASURED_ON = Column("measured_on", "Mesurée le")
PERCENT = Column("percent", "Atteint (%)", numeric=True)


def alerts_table(suivi: Suivi) -> Table:
    return Table(
        "alerts",
        (KIND, FACTS["fiche"], DETAIL, SUBJECT, SINCE, FACTS["committed"]),
        tuple((a.kind, a.fiche, a.detail, a.subject, a.since, a.committed) for a in suivi.alerts),
        title="Alertes",
        empty="Aucune alerte à cette date.",
        noun=("alerte", "alertes"),
        hidden=frozenset({"subject", "since", "committed"}),
    )


def fiches_table(suivi: Suivi) -> Table:
    return Table(
        "rows",
        (
            *columns("id", "title", "status"),
            START,
            END,
            LATE,
            *columns("committed", "paid", "to_pay"),
        ),
        tuple(
            (
                r.fiche.id,
                r.fiche.titre,
                r.status,
                r.start,
                r.end,
                r.late,
                r.committed,
                r.paid,
                r.to_pay,
            )
            for r in suivi.rows
        ),
        title="Fiches",
        total=(None, "Total", None, None, None, None, suivi.committed, suivi.paid, suivi.to_pay),
        lead=2,
    )


def indicators_table(suivi: Suivi) -> Table:
    return Table(
        "indicators",
        (FACTS["fiche"], INDICATOR, TARGET, VALUE, UNIT, PERCENT, MEASURED_ON),
        tuple(
            (i.fiche, i.label, i.target, i.value, i.unit, i.percent, i.measured_on)
            for r in suivi.rows
            for i in r.indicators
        ),
        title="Indicateurs",
        empty="Aucun indicateur.",
        lead=2,
    )


def document(suivi: Suivi) -> Document:
    """The dashboard as a document: alerts, fiches, indicators (CSV: the fiches)."""
    from tindustrie.wording import plural

    count = plural(len(suivi.alerts), "alerte", "alertes") if suivi.alerts else "aucune alerte"
    return Document(
        (
            Data("as_of", suivi.as_of),
            Prose(f"Suivi au {_day(suivi.as_of)} : {count}."),
            alerts_table(suivi),
            fiches_table(suivi),
            indicators_table(suivi),
        ),
        kind="suivi",
        main="rows",
    )
