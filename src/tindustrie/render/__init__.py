"""Publish the protocol: Markdown and a self-contained HTML document.

The templates (``templates/*.j2`` at the top of the repository, shipped inside
the wheel as ``tindustrie/templates``) only lay out plain data: everything they
show is computed here, once, in :class:`RenderContext` (from the validated
project and the :mod:`tindustrie.ledger`). A ``--templates`` folder is searched
first, so any template can be replaced; a template missing there falls back
to the built-in one.

jinja2 and Babel are imported lazily: ``validate`` never pays for them. No
typer, no rich: errors are :class:`RenderError` values with a French message
and the exit code the command line should use.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from tindustrie.ledger import ZERO, Amounts, Ledger, Line, Step, Summary, build
from tindustrie.models import PHASE_YEARS, Avenant, Fiche
from tindustrie.output import write_atomic
from tindustrie.project import ValidProject

if TYPE_CHECKING:
    import jinja2

#: format name -> (template, output file)
FORMATS: dict[str, tuple[str, str]] = {
    "md": ("protocole.md.j2", "protocole.md"),
    "html": ("protocole.html.j2", "protocole.html"),
}
EXIT_INVALID, EXIT_USAGE = 1, 2

PARTNER_TYPES: dict[str, str] = {
    "collectivite": "collectivité",
    "etat": "État",
    "region": "Région",
    "entreprise": "entreprise",
    "chambre_consulaire": "chambre consulaire",
    "operateur": "opérateur",
    "association": "association",
    "autre": "autre",
}
THEMES: dict[str, str] = {
    "recruter": "recruter",
    "innover": "innover",
    "attirer": "attirer",
    "simplifier": "simplifier",
    "competences": "compétences",
    "innovation": "innovation",
    "transition_ecologique": "transition écologique",
    "foncier": "foncier",
}
NATURE_LABELS = {"fonctionnement": "fonctionnement", "investissement": "investissement"}


class RenderError(Exception):
    """A problem the user can fix (a template, the output folder), in French."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Person:
    nom: str
    qualite: str | None = None
    partenaire: str | None = None


@dataclass(frozen=True, slots=True)
class PartnerView:
    id: str
    nom: str
    type: str


@dataclass(frozen=True, slots=True)
class AvenantRef:
    """An avenant as cited next to an amount: number, anchor, signature state."""

    numero: int
    anchor: str
    #: ``signe`` (in force on the date shown), ``signe_apres`` (signed after it), ``projet``
    state: str
    signed_on: date | None

    @property
    def label(self) -> str:
        if self.state == "signe" and self.signed_on is not None:
            return f"avenant n° {self.numero}"
        if self.state == "signe_apres":
            return f"avenant n° {self.numero}, non signé à cette date"
        return f"avenant n° {self.numero}, projet non signé"


@dataclass(frozen=True, slots=True)
class FinancingLine:
    """One financer and nature of a fiche: planned, in force, pending."""

    financeur: str
    nature: str
    planned: Decimal
    committed: Decimal
    pending: Decimal
    projected: Decimal
    #: the signed avenant that set the amount in force (``None``: nothing in force)
    set_by: AvenantRef | None
    #: the avenants, not in force on the date shown, that would change it
    pending_from: tuple[AvenantRef, ...]


@dataclass(frozen=True, slots=True)
class Indicator:
    libelle: str
    cible: str | None
    unite: str | None


@dataclass(frozen=True, slots=True)
class FicheView:
    id: str
    anchor: str
    titre: str
    axe: int
    pilote: str
    partenaires: tuple[str, ...]
    themes: tuple[str, ...]
    statut: str
    statut_label: str
    abandoned: bool
    #: abandoned, yet money is still committed on it
    abandoned_with_money: bool
    contexte: tuple[str, ...]
    description: tuple[str, ...]
    objectifs: tuple[str, ...]
    debut: date | None
    fin: date | None
    indicateurs: tuple[Indicator, ...]
    cost: Decimal | None
    lines: tuple[FinancingLine, ...]
    amounts: Amounts
    avenants: tuple[AvenantRef, ...]


@dataclass(frozen=True, slots=True)
class AxisView:
    numero: int
    anchor: str
    titre: str
    description: str | None
    fiches: tuple[FicheView, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """What one commitment of an avenant changed: previous amount → new amount."""

    fiche: str
    fiche_titre: str
    fiche_anchor: str
    financeur: str
    nature: str
    previous: Decimal | None
    amount: Decimal
    kind: str

    @property
    def delta(self) -> Decimal:
        return self.amount - (self.previous or ZERO)


@dataclass(frozen=True, slots=True)
class AvenantView:
    numero: int
    anchor: str
    titre: str
    objet: tuple[str, ...]
    ref: AvenantRef
    signed_on: date | None
    signataires: tuple[str, ...]
    fiches: tuple[tuple[str, str, str], ...]  # (id, titre, anchor)
    changes: tuple[Change, ...]
    delta: Decimal


@dataclass(frozen=True, slots=True)
class SummaryRow:
    key: str
    label: str
    anchor: str | None
    cost: Decimal | None
    planned: Decimal
    committed: Decimal
    pending: Decimal
    remaining: Decimal | None
    abandoned: bool


@dataclass(frozen=True, slots=True)
class SummaryView:
    by: str
    anchor: str
    title: str
    heading: str
    has_cost: bool
    rows: tuple[SummaryRow, ...]
    totals: SummaryRow


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


@dataclass(frozen=True, slots=True)
class StateView:
    """The state shown: which avenants count on the date of the document."""

    as_of: date
    last_signed: int | None
    signed: tuple[AvenantRef, ...]
    signed_after: tuple[AvenantRef, ...]
    drafts: tuple[AvenantRef, ...]
    sentence: str


@dataclass(frozen=True, slots=True)
class RenderContext:
    """Everything the templates show, as plain data."""

    territoire: str
    siren: str | None
    region: str | None
    departement: str | None
    phase: int
    phase_years: str
    signed_on: date
    state: StateView
    signataires: tuple[Person, ...]
    binome: tuple[Person, Person] | None
    pilotage: str | None
    partenaires: tuple[PartnerView, ...]
    axes: tuple[AxisView, ...]
    fiches: tuple[FicheView, ...]
    avenants: tuple[AvenantView, ...]
    summaries: tuple[SummaryView, ...]
    totals: Amounts
    charts: tuple[BarChart, ...]
    timeline: Timeline
    abandoned_with_money: tuple[FicheView, ...]
    generated_on: date | None


# ------------------------------------------------------------------ the context


def fiche_anchor(ident: str) -> str:
    return "fiche-" + ident.replace(".", "-")


def _paragraphs(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    parts = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return tuple(p for p in parts if p)


def _cible(value: str | None) -> str | None:
    return None if value is None else str(value)


def _state_of(avenant: Avenant, as_of: date) -> str:
    if avenant.date_signature is None:
        return "projet"
    return "signe" if avenant.date_signature <= as_of else "signe_apres"


def _numbers(refs: Sequence[AvenantRef]) -> str:
    names = [f"n° {r.numero}" for r in refs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def _state_sentence(
    signed: Sequence[AvenantRef],
    after: Sequence[AvenantRef],
    drafts: Sequence[AvenantRef],
    last_signed: int | None,
) -> str:
    from tindustrie.formatting import long_date

    if last_signed is None:
        parts = ["aucun avenant signé à cette date"]
    elif len(signed) == 1:
        parts = [f"avenant signé : n° {last_signed}"]
    else:
        parts = [f"avenants signés jusqu'au n° {last_signed}"]
    for ref in after:
        assert ref.signed_on is not None
        parts.append(
            f"l'avenant n° {ref.numero} est non signé à cette date "
            f"(signé le {long_date(ref.signed_on)})"
        )
    if len(drafts) == 1:
        parts.append(f"l'avenant n° {drafts[0].numero} est un projet, non signé")
    elif drafts:
        parts.append(f"les avenants {_numbers(drafts)} sont des projets, non signés")
    return " ; ".join(parts)


def build_context(
    project: ValidProject, ledger: Ledger, generated_on: date | None = None
) -> RenderContext:
    """The plain data of the document, from a valid project and its ledger."""
    proto = project.protocole
    as_of = ledger.as_of
    name = proto.partner_name
    refs = {
        a.numero: AvenantRef(a.numero, f"avenant-{a.numero}", _state_of(a, as_of), a.date_signature)
        for a in project.avenants
    }
    lines_by_fiche: dict[str, list[Line]] = {}
    for line in ledger.lines:
        lines_by_fiche.setdefault(line.fiche, []).append(line)
    with_money = {f.id for f in ledger.abandoned_with_commitments()}

    fiche_views = tuple(
        _fiche_view(f, ledger, lines_by_fiche.get(f.id, []), refs, name, f.id in with_money)
        for f in project.fiches
    )
    views_by_axis: dict[int, list[FicheView]] = {}
    for view in fiche_views:
        views_by_axis.setdefault(view.axe, []).append(view)
    axis_numbers = sorted({a.numero for a in proto.axes} | views_by_axis.keys())
    axes = []
    for numero in axis_numbers:
        axis = proto.axis(numero)
        axes.append(
            AxisView(
                numero,
                f"axe-{numero}",
                axis.titre if axis else f"Axe {numero}",
                axis.description if axis else None,
                tuple(views_by_axis.get(numero, ())),
            )
        )

    fiche_titles = {f.id: f.titre for f in project.fiches}
    history = {(ln.fiche, ln.financeur, ln.nature): ln.history for ln in ledger.lines}
    avenant_views = tuple(
        _avenant_view(a, refs[a.numero], history, fiche_titles, name) for a in project.avenants
    )

    signed = tuple(r for r in refs.values() if r.state == "signe")
    after = tuple(r for r in refs.values() if r.state == "signe_apres")
    drafts = tuple(r for r in refs.values() if r.state == "projet")
    state = StateView(
        as_of,
        ledger.last_signed,
        signed,
        after,
        drafts,
        _state_sentence(signed, after, drafts, ledger.last_signed),
    )

    summaries = tuple(
        _summary_view(ledger.summary(by, proto)) for by in ("axe", "financeur", "nature")
    )
    binome = None
    if proto.binome is not None:
        binome = (
            Person(proto.binome.elu.nom, proto.binome.elu.qualite),
            Person(proto.binome.industriel.nom, proto.binome.industriel.qualite),
        )
    return RenderContext(
        territoire=proto.territoire.nom,
        siren=proto.territoire.siren,
        region=proto.territoire.region,
        departement=proto.territoire.departement,
        phase=proto.programme.phase,
        phase_years=PHASE_YEARS[proto.programme.phase],
        signed_on=proto.date_signature,
        state=state,
        signataires=tuple(Person(s.nom, s.qualite, name(s.partenaire)) for s in proto.signataires),
        binome=binome,
        pilotage=name(proto.pilotage) if proto.pilotage else None,
        partenaires=tuple(
            PartnerView(p.id, p.nom, PARTNER_TYPES.get(p.type, p.type)) for p in proto.partenaires
        ),
        axes=tuple(axes),
        fiches=fiche_views,
        avenants=avenant_views,
        summaries=summaries,
        totals=ledger.totals(),
        charts=(
            _bar_chart(summaries[0], "graphique-axes"),
            _bar_chart(summaries[1], "graphique-financeurs"),
        ),
        timeline=_timeline(fiche_views, as_of),
        abandoned_with_money=tuple(v for v in fiche_views if v.abandoned_with_money),
        generated_on=generated_on,
    )


def _fiche_view(
    fiche: Fiche,
    ledger: Ledger,
    lines: Sequence[Line],
    refs: Mapping[int, AvenantRef],
    name: Any,
    abandoned_with_money: bool,
) -> FicheView:
    financing = []
    for line in lines:
        set_by = refs.get(line.setting.avenant) if line.setting else None
        after = line.setting.avenant if line.setting else 0
        pending_from = tuple(
            refs[s.avenant]
            for s in line.history
            if s.avenant > after and not s.in_force_on(ledger.as_of) and s.avenant in refs
        )
        financing.append(
            FinancingLine(
                name(line.financeur),
                NATURE_LABELS.get(line.nature, line.nature),
                line.planned,
                line.committed,
                line.pending,
                line.projected,
                set_by,
                pending_from,
            )
        )
    cited = sorted({s.avenant for ln in lines for s in ln.history})
    calendar = fiche.calendrier
    return FicheView(
        id=fiche.id,
        anchor=fiche_anchor(fiche.id),
        titre=fiche.titre,
        axe=fiche.axe,
        pilote=name(fiche.pilote),
        partenaires=tuple(name(p) for p in fiche.partenaires),
        themes=tuple(THEMES.get(t, t.replace("_", " ")) for t in fiche.themes),
        statut=fiche.statut,
        statut_label=fiche.statut_label,
        abandoned=fiche.statut == "abandonnee",
        abandoned_with_money=abandoned_with_money,
        contexte=_paragraphs(fiche.contexte),
        description=_paragraphs(fiche.description),
        objectifs=tuple(" ".join(o.split()) for o in fiche.objectifs),
        debut=calendar.debut if calendar else None,
        fin=calendar.fin if calendar else None,
        indicateurs=tuple(
            Indicator(i.libelle, _cible(i.cible), i.unite) for i in fiche.indicateurs
        ),
        cost=fiche.cout_previsionnel,
        lines=tuple(financing),
        amounts=ledger.fiche_amounts(fiche),
        avenants=tuple(refs[n] for n in cited if n in refs),
    )


def _kind(previous: Decimal | None, amount: Decimal) -> str:
    if previous is None:
        return "nouvel engagement"
    if amount == 0 and previous != 0:
        return "fin de l'engagement"
    if amount > previous:
        return "hausse"
    if amount < previous:
        return "baisse"
    return "inchangé"


def _avenant_view(
    avenant: Avenant,
    ref: AvenantRef,
    history: Mapping[tuple[str, str, str], tuple[Step, ...]],
    fiche_titles: Mapping[str, str],
    name: Any,
) -> AvenantView:
    changes = []
    for e in avenant.engagements:
        steps = history.get((e.fiche, e.financeur, e.nature), ())
        index = next((i for i, s in enumerate(steps) if s.avenant == avenant.numero), 0)
        previous = steps[index - 1].amount if index > 0 else None
        changes.append(
            Change(
                e.fiche,
                fiche_titles.get(e.fiche, e.fiche),
                fiche_anchor(e.fiche),
                name(e.financeur),
                NATURE_LABELS.get(e.nature, e.nature),
                previous,
                e.montant,
                _kind(previous, e.montant),
            )
        )
    return AvenantView(
        numero=avenant.numero,
        anchor=ref.anchor,
        titre=avenant.titre,
        objet=_paragraphs(avenant.objet),
        ref=ref,
        signed_on=avenant.date_signature,
        signataires=tuple(name(s) for s in avenant.signataires),
        fiches=tuple((f, fiche_titles.get(f, f), fiche_anchor(f)) for f in avenant.fiches),
        changes=tuple(changes),
        delta=sum((c.delta for c in changes), ZERO),
    )


_SUMMARY_TITLES = {
    "axe": ("par axe", "Axe"),
    "financeur": ("par financeur", "Financeur"),
    "nature": ("par nature", "Nature"),
}


def _summary_view(summary: Summary) -> SummaryView:
    title, heading = _SUMMARY_TITLES[summary.by]
    rows = tuple(
        SummaryRow(
            r.key,
            r.label,
            f"axe-{r.key}" if summary.by == "axe" else None,
            r.amounts.cost if r.has_cost else None,
            r.amounts.planned,
            r.amounts.committed,
            r.amounts.pending,
            r.amounts.remaining if r.has_cost else None,
            r.abandoned,
        )
        for r in summary.rows
    )
    has_cost = all(r.has_cost for r in summary.rows) if summary.rows else summary.by == "axe"
    t = summary.totals
    totals = SummaryRow(
        "total",
        "Total",
        None,
        t.cost if has_cost else None,
        t.planned,
        t.committed,
        t.pending,
        t.remaining if has_cost else None,
        False,
    )
    return SummaryView(
        summary.by, f"financements-{summary.by}", title, heading, has_cost, rows, totals
    )


# ------------------------------------------------------------------- the charts

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
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bar_chart(summary: SummaryView, ident: str) -> BarChart:
    from tindustrie.formatting import money

    with_cost = summary.has_cost
    span = _CHART_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    legend: tuple[tuple[str, str], ...] = (("engage", "Engagé"), ("attente", "En attente"))
    if with_cost:
        legend += (("reste", "Reste à financer au-delà des projets"),)

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
        pieces = [f"engagé {money(row.committed)}", f"en attente {money(row.pending)}"]
        if row.cost is not None and with_cost:
            pieces.insert(0, f"coût {money(row.cost)}")
            pieces.append(f"reste à financer {money(row.remaining or ZERO)}")
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
            ", puis reste à financer au-delà des projets ; la longueur totale est le coût."
            if with_cost
            else " ; la longueur totale est le montant projeté."
        )
        + " Les montants exacts sont dans le tableau qui suit."
    )
    return BarChart(ident, title, desc, _CHART_WIDTH, height, _BAR, legend, tuple(bars))


_TL_LABEL = 300
_TL_ROW = 24
_TL_BAR = 14
_TL_TOP = 8


def _timeline(fiches: Sequence[FicheView], as_of: date) -> Timeline:
    from tindustrie.formatting import long_date

    dated = [f for f in fiches if f.debut or f.fin]
    without = tuple((f.id, f.titre, f.anchor) for f in fiches if not (f.debut or f.fin))
    days = [d for f in dated for d in (f.debut, f.fin) if d is not None]
    span = _CHART_WIDTH - _TL_LABEL - 20
    if days:
        start = date(min(days).year, 1, 1)
        end = date(max(days).year + 1, 1, 1)
    else:
        start, end = date(as_of.year, 1, 1), date(as_of.year + 1, 1, 1)
    total_days = Decimal((end - start).days)

    def x_of(day: date) -> Decimal:
        return Decimal(_TL_LABEL) + Decimal(span) * Decimal((day - start).days) / total_days

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
        suffix = " (abandonnée)" if f.abandoned else ""
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
    ticks = tuple(
        Tick(_coord(x_of(date(year, 1, 1))), str(year)) for year in range(start.year, end.year + 1)
    )
    today = _coord(x_of(as_of)) if start <= as_of <= end else None
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


# ------------------------------------------------------------------ the filters

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_LEADING = re.compile(r"^(#|[+=-]|[0-9]{1,9}(?=[.)](?:\s|$)))")


def md(value: object) -> str:
    """Plain text for Markdown: on one line, nothing it could turn into markup.

    Safe inside a GFM table cell (``|`` escaped, newlines folded), and at the
    start of a line (no heading, list or quote can start).
    """
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    match = _MD_LEADING.match(text)
    if match:
        end = match.end()
        text = text[:end] + "\\" + text[end:] if text[:end].isdigit() else "\\" + text
    return text


def signed_money(amount: Decimal) -> str:
    from tindustrie.formatting import money

    if amount > 0:
        return "+" + money(amount)
    if amount < 0:
        return "\u2212" + money(-amount)
    return money(amount)


def _money(amount: Decimal | None) -> str:
    from tindustrie.formatting import money

    return "—" if amount is None else money(amount)


def _long_date(day: date | None) -> str:
    from tindustrie.formatting import long_date

    return "—" if day is None else long_date(day)


# ------------------------------------------------------------------ environment


def builtin_templates() -> Path:
    """The templates shipped in the wheel, else those of the source checkout."""
    from importlib.resources import files

    packaged = files("tindustrie") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The jinja2 environment: override folder first, then the built-in templates."""
    import jinja2

    if templates_dir is not None and not templates_dir.is_dir():
        raise RenderError(
            f"dossier de modèles introuvable : {templates_dir}\n"
            "`--templates` attend un dossier qui contient des modèles *.j2 à substituer."
        )
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2",), default_for_string=False, default=False
        ),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=_money,
        signed_money=signed_money,
        long_date=_long_date,
        md=md,
    )
    return env


def generated_on_from(environ: Mapping[str, str]) -> date | None:
    """The day of ``SOURCE_DATE_EPOCH`` (reproducible builds), else ``None``."""
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC).date()
    except (ValueError, OverflowError, OSError):
        raise RenderError(
            f"SOURCE_DATE_EPOCH invalide : « {raw} »\n"
            "Attendu un nombre de secondes depuis le 1er janvier 1970 (par exemple 1654041600)."
        ) from None


def render(
    project: ValidProject,
    as_of: date,
    formats: Iterable[str] = ("md", "html"),
    templates_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """``{file name: text}`` for each format asked, from a valid project on ``as_of``."""
    import jinja2

    generated = generated_on_from(os.environ if environ is None else environ)
    ledger = build(project.fiches, project.avenants, as_of)
    context = build_context(project, ledger, generated)
    env = environment(templates_dir)
    outputs: dict[str, str] = {}
    for fmt in sorted(set(formats), key=list(FORMATS).index):
        template_name, output = FORMATS[fmt]
        try:
            template = env.get_template(template_name)
            outputs[output] = template.render(doc=context)
        except jinja2.TemplateSyntaxError as exc:
            where = _where(exc.filename or exc.name or template_name, exc.lineno)
            raise RenderError(
                f"modèle invalide : {where} : erreur de syntaxe Jinja2 : {exc.message}"
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise RenderError(f"modèle introuvable : {exc.name}") from None
        except Exception as exc:
            if templates_dir is None:
                raise
            where = _where_in_traceback(exc.__traceback__) or template_name
            raise RenderError(f"modèle invalide : {where} : {_explain(exc)}") from None
    return outputs


def _where(file: str, line: int | None) -> str:
    return f"{file}, ligne {line}" if line else file


def _where_in_traceback(tb: TracebackType | None) -> str | None:
    """The last template line in a traceback (jinja2 rewrites frames to point at them)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = _where(filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _explain(exc: Exception) -> str:
    message = str(exc)
    undefined = re.fullmatch(r"'(.+)' is undefined", message)
    if undefined:
        return f"variable inconnue « {undefined.group(1)} »"
    attribute = re.fullmatch(r"'(.+)' has no attribute '(.+)'", message)
    if attribute:
        return f"« {attribute.group(2)} » n'existe pas (dans {attribute.group(1)})"
    return f"{type(exc).__name__} : {message}"


# ----------------------------------------------------------------------- writing


def write_outputs(outputs: Mapping[str, str], out_dir: Path) -> list[Path]:
    """Write each file atomically (temporary file in the same folder, then rename).

    Only the files named in ``outputs`` are touched: nothing else in ``out_dir``
    is ever deleted. A failure leaves the previous version of a file whole.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(
            f"impossible de créer le dossier de sortie {out_dir} : {exc.strerror or exc}"
        ) from None
    written = []
    for name in sorted(outputs):
        target = out_dir / name
        if target.is_dir():
            raise RenderError(f"{target} est un dossier : impossible d'y écrire le document")
        try:
            write_atomic(target, outputs[name].encode("utf-8"))
        except OSError as exc:
            raise RenderError(f"impossible d'écrire {target} : {exc.strerror or exc}") from None
        written.append(target)
    return written

