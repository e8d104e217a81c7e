"""The SVG geometry of the charts: stacked bars per summary, the fiches' timeline.

Pure functions from the views to plain dataclasses; the templates only draw
them. Coordinates are strings with two fixed decimals, so the SVG has the same
bytes on every machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tindustrie.ledger import ZERO
from tindustrie.models import Statut
from tindustrie.money import euros
from tindustrie.render.views import FicheView, SummaryRow, SummaryView
from tindustrie.views.suivi import number
from tindustrie.wording import shorten


@dataclass(frozen=True, slots=True)
class Segment:
    kind: str
    label: str
    value: Decimal
    x: str
    width: str


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    short_label: str
    y: str
    text_y: str
    segments: tuple[Segment, ...]
    total: Decimal
    total_x: str
    summary: str


@dataclass(frozen=True, slots=True)
class BarChart:
    id: str
    title: str
    desc: str
    width: int
    height: int
    bar_height: int
    legend: tuple[tuple[str, str], ...]  # (kind, label)
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class TimelineItem:
    fiche: str
    anchor: str
    label: str
    short_label: str
    y: str
    text_y: str
    x: str
    width: str
    kind: str  # "periode", "debut", "fin"
    summary: str
    abandoned: bool


@dataclass(frozen=True, slots=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    id: str
    title: str
    desc: str
    width: int
    height: int
    axis_y: str
    items: tuple[TimelineItem, ...]
    ticks: tuple[Tick, ...]
    today_x: str | None
    without: tuple[tuple[str, str, str], ...]  # (id, titre, anchor): fiches without calendar


_CHART_WIDTH = 800
_LABEL_WIDTH = 270
_VALUE_WIDTH = 110
_BAR = 22
_GAP = 12
_TOP = 8


def _coord(value: Decimal | int) -> str:
    """Coordinates with two fixed decimals: the same bytes on every machine."""
    return f"{Decimal(value).quantize(Decimal('0.01')):f}"


def _shorten(text: str, limit: int = 38) -> str:
    return shorten(" ".join(text.split()), limit)


def bar_chart(summary: SummaryView, ident: str) -> BarChart:
    with_cost = summary.has_cost
    span = _CHART_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    legend: tuple[tuple[str, str], ...] = (("engage", "Engagé"), ("attente", "En attente"))
    if with_cost:
        legend += (("reste", "Reste à engager au-delà des projets"),)

    def parts(row: SummaryRow) -> list[tuple[str, str, Decimal]]:
        committed = max(row.committed, ZERO)
        pending = max(row.pending, ZERO)
        out = [("engage", "engagé", committed), ("attente", "en attente", pending)]
        if with_cost and row.cost is not None:
            out.append(("reste", "reste", max(row.cost - committed - pending, ZERO)))
        return out

    rows = [r for r in summary.rows if with_cost or r.committed or r.pending]
    scale_max = max((sum((v for _, _, v in parts(r)), ZERO) for r in rows), default=ZERO)
    bars = []
    for index, row in enumerate(rows):
        y = _TOP + index * (_BAR + _GAP)
        x = Decimal(_LABEL_WIDTH)
        segments = []
        for kind, label, value in parts(row):
            width = (Decimal(span) * value / scale_max) if scale_max else ZERO
            if value:
                segments.append(Segment(kind, label, value, _coord(x), _coord(width)))
            x += width
        total = sum((s.value for s in segments), ZERO)
        pieces = [f"engagé {euros(row.committed)}", f"en attente {euros(row.pending)}"]
        if row.cost is not None and with_cost:
            pieces.insert(0, f"coût {euros(row.cost)}")
            pieces.append(f"reste à engager {euros(row.remaining or ZERO)}")
        bars.append(
            Bar(
                row.label,
                _shorten(row.label),
                _coord(y),
                _coord(Decimal(y) + Decimal(_BAR) / 2 + 4),
                tuple(segments),
                row.cost if with_cost and row.cost is not None else total,
                _coord(x + 6),
                f"{row.label} : " + ", ".join(pieces),
            )
        )
    height = _TOP * 2 + max(len(bars), 1) * (_BAR + _GAP)
    what = "axe" if summary.by == "axe" else "financeur"
    title = f"Financements par {what}"
    desc = (
        f"Barres horizontales empilées, une par {what} : engagé, puis en attente"
        + (
            ", puis reste à engager au-delà des projets ; la longueur totale est le coût."
            if with_cost
            else " ; la longueur totale est le montant projeté."
        )
        + " Les montants exacts sont dans le tableau qui suit."
    )
    return BarChart(ident, title, desc, _CHART_WIDTH, height, _BAR, legend, tuple(bars))


def payment_chart(rows: Sequence[tuple[str, Decimal, Decimal]], ident: str) -> BarChart:
    """One bar per financer (label, paid, to pay): paid, then what remains to pay; the
    whole bar is what is committed."""
    span = _CHART_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    legend = (("verse", "Versé"), ("averser", "Reste à verser"))
    scale_max = max((max(paid, ZERO) + max(to_pay, ZERO) for _, paid, to_pay in rows), default=ZERO)
    bars = []
    for index, (label, paid, to_pay) in enumerate(rows):
        y = _TOP + index * (_BAR + _GAP)
        x = Decimal(_LABEL_WIDTH)
        segments = []
        for kind, name, value in (("verse", "versé", paid), ("averser", "reste à verser", to_pay)):
            value = max(value, ZERO)
            width = (Decimal(span) * value / scale_max) if scale_max else ZERO
            if value:
                segments.append(Segment(kind, name, value, _coord(x), _coord(width)))
            x += width
        bars.append(
            Bar(
                label,
                _shorten(label),
                _coord(y),
                _coord(Decimal(y) + Decimal(_BAR) / 2 + 4),
                tuple(segments),
                paid + to_pay,
                _coord(x + 6),
                f"{label} : engagé {euros(paid + to_pay)}, versé {euros(paid)}, "
                f"reste à verser {euros(to_pay)}",
            )
        )
    height = _TOP * 2 + max(len(bars), 1) * (_BAR + _GAP)
    desc = (
        "Barres horizontales empilées, une par financeur : versé, puis reste à verser ; "
        "la longueur totale est l'engagé. Les montants exacts sont dans le tableau qui suit."
    )
    return BarChart(
        ident,
        "Versements et engagements par financeur",
        desc,
        _CHART_WIDTH,
        height,
        _BAR,
        legend,
        tuple(bars),
    )


_TL_LABEL = 300
_TL_ROW = 24
_TL_BAR = 14
_TL_TOP = 8


#: Most year labels under the timeline (a calendar from year 1 to 9999 stays readable).
_MAX_TICKS = 24


def _new_year(year: int) -> int:
    """The day number (ordinal) of 1 January of ``year``; year 10000 included."""
    return date(year, 1, 1).toordinal() if year <= date.max.year else date.max.toordinal() + 1


def timeline(fiches: Sequence[FicheView], as_of: date) -> Timeline:
    from tindustrie.formatting import long_date

    dated = [f for f in fiches if f.debut or f.fin]
    without = tuple((f.id, f.titre, f.anchor) for f in fiches if not (f.debut or f.fin))
    days = [d for f in dated for d in (f.debut, f.fin) if d is not None]
    span = _CHART_WIDTH - _TL_LABEL - 20
    first_year, last_year = (min(days).year, max(days).year) if days else (as_of.year, as_of.year)
    # In day numbers (ordinals): the end of year 9999 is no `date`.
    start, end = _new_year(first_year), _new_year(last_year + 1)
    total_days = Decimal(end - start)

    def x_of(day: date | int) -> Decimal:
        number = day if isinstance(day, int) else day.toordinal()
        return Decimal(_TL_LABEL) + Decimal(span) * Decimal(number - start) / total_days

    items = []
    for index, f in enumerate(dated):
        y = _TL_TOP + index * _TL_ROW
        if f.debut and f.fin:
            x0, x1 = x_of(f.debut), x_of(f.fin)
            kind = "periode"
            when = f"du {long_date(f.debut)} au {long_date(f.fin)}"
        elif f.debut:
            x0 = x_of(f.debut)
            x1 = x0 + 4
            kind, when = "debut", f"début le {long_date(f.debut)}, fin non précisée"
        else:
            assert f.fin is not None
            x1 = x_of(f.fin)
            x0 = x1 - 4
            kind, when = "fin", f"fin le {long_date(f.fin)}, début non précisé"
        label = f"{f.id} {f.titre}"
        suffix = f" ({Statut.ABANDONNEE.label})" if f.abandoned else ""
        items.append(
            TimelineItem(
                f.id,
                f.anchor,
                label,
                _shorten(label, 44),
                _coord(Decimal(y) + Decimal(_TL_ROW - _TL_BAR) / 2),
                _coord(Decimal(y) + Decimal(_TL_ROW) / 2 + 4),
                _coord(x0),
                _coord(max(x1 - x0, Decimal(2))),
                kind,
                f"Fiche {f.id}{suffix} : {when}",
                f.abandoned,
            )
        )
    axis_y = _TL_TOP + max(len(items), 1) * _TL_ROW + 4
    step = -(-(last_year + 2 - first_year) // _MAX_TICKS)  # at most _MAX_TICKS labels
    ticks = tuple(
        Tick(_coord(x_of(_new_year(year))), str(year))
        for year in range(first_year, last_year + 2, step)
    )
    today = _coord(x_of(as_of)) if start <= as_of.toordinal() <= end else None
    desc = (
        "Frise chronologique : une barre par fiche, de sa date de début à sa date de fin"
        f" ; une ligne verticale marque la date de l'état présenté ({long_date(as_of)})."
        if items
        else "Aucune fiche n'a de calendrier."
    )
    return Timeline(
        "graphique-calendrier",
        "Calendrier des fiches actions",
        desc,
        _CHART_WIDTH,
        axis_y + 24,
        _coord(axis_y),
        tuple(items),
        ticks,
        today,
        without,
    )


# --- one indicator: its measures against its target ---------------------------------


@dataclass(frozen=True, slots=True)
class MeasurePoint:
    x: str
    y: str
    #: where the value is written, above the point
    label_y: str
    day: date
    value: str
    #: « 15 septembre 2023 : 9 élèves »
    summary: str


@dataclass(frozen=True, slots=True)
class IndicatorChart:
    """A small line chart: one point per measure, the target as a dashed line."""

    id: str
    title: str
    #: the text alternative: what the chart shows, every measure and the target
    desc: str
    width: int
    height: int
    points: tuple[MeasurePoint, ...]
    #: the ``points`` attribute of the SVG polyline
    polyline: str
    target_y: str | None
    target_label: str | None
    #: the plot area: left, top, right, bottom
    left: str
    top: str
    right: str
    bottom: str
    #: the value at the top of the scale, as shown, and where the scale's labels go
    top_label: str
    bottom_label: str
    label_x: str
    top_text_y: str
    #: (x, label) under the axis: the first and the last measure's month
    ticks: tuple[Tick, ...]


_IC_WIDTH = 360
_IC_HEIGHT = 130
_IC_LEFT = 44
_IC_RIGHT = 36
_IC_TOP = 22  # room for the value written above the highest point
_IC_BOTTOM = 28


def _quantity(text: str, unit: str | None) -> str:
    return f"{text} {unit}" if unit else text


def _number_text(value: Decimal) -> str:
    """``12``, ``12,5``: a scale label in French."""
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value.normalize():f}".replace(".", ",")


def _left_out(count: int) -> str:
    if count == 0:
        return ""
    if count == 1:
        return " Une mesure qui n'est pas un nombre ne figure pas sur la courbe."
    return f" {count} mesures qui ne sont pas des nombres ne figurent pas sur la courbe."


def indicator_chart(
    ident: str,
    label: str,
    unit: str | None,
    target: str | None,
    measures: Sequence[tuple[date, str]],
) -> IndicatorChart | None:
    """The chart of an indicator's numeric measures (oldest first) against its target;
    ``None`` when no measure is a number (the measures are then only listed)."""
    from tindustrie.formatting import long_date

    found = [(day, text, number(text)) for day, text in measures]
    numeric = [(day, text, value) for day, text, value in found if value is not None]
    if not numeric:
        return None
    goal = number(target)
    highest = max([v for _, _, v in numeric] + ([goal] if goal is not None else []))
    lowest = min([v for _, _, v in numeric] + [ZERO])
    scale_top = highest if highest > lowest else lowest + 1
    right = _IC_WIDTH - _IC_RIGHT
    bottom = _IC_HEIGHT - _IC_BOTTOM
    plot_w = Decimal(right - _IC_LEFT)
    plot_h = Decimal(bottom - _IC_TOP)
    first, last = numeric[0][0], numeric[-1][0]
    span = Decimal((last - first).days)

    def x_of(day: date) -> Decimal:
        if not span:
            return Decimal(_IC_LEFT) + plot_w / 2
        return Decimal(_IC_LEFT) + plot_w * Decimal((day - first).days) / span

    def y_of(value: Decimal) -> Decimal:
        return Decimal(bottom) - plot_h * (value - lowest) / (scale_top - lowest)

    points = tuple(
        MeasurePoint(
            _coord(x_of(day)),
            _coord(y_of(value)),
            _coord(y_of(value) - 8),
            day,
            text,
            f"{long_date(day)} : {_quantity(text, unit)}",
        )
        for day, text, value in numeric
    )
    ticks = [Tick(points[0].x, first.strftime("%m/%Y"))]
    if last != first:
        ticks.append(Tick(points[-1].x, last.strftime("%m/%Y")))
    said = " ; ".join(p.summary for p in points)
    aim = f"cible {_quantity(target, unit)}" if target is not None else "pas de cible"
    left_out = len(found) - len(numeric)
    desc = (
        f"Courbe des résultats mesurés de l'indicateur « {label} », du plus ancien au plus "
        f"récent, et sa cible en pointillé : {said} ; {aim}." + _left_out(left_out)
    )
    return IndicatorChart(
        id=ident,
        title=f"Indicateur : {label}",
        desc=desc,
        width=_IC_WIDTH,
        height=_IC_HEIGHT,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        target_y=_coord(y_of(goal)) if goal is not None else None,
        target_label=f"cible {_quantity(target, unit)}" if target is not None else None,
        left=_coord(_IC_LEFT),
        top=_coord(_IC_TOP),
        right=_coord(right),
        bottom=_coord(bottom),
        top_label=_number_text(scale_top),
        bottom_label=_number_text(lowest),
        label_x=_coord(_IC_LEFT - 6),
        top_text_y=_coord(_IC_TOP + 4),
        ticks=tuple(ticks),
    )
