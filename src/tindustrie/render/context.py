"""The document's data on a date: :class:`RenderContext`, from a valid project and its ledger.

Everything the templates show is computed here, once; the templates only lay
it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tindustrie.ledger import ZERO, Amounts, Ledger, Line, Step, Summary, changes
from tindustrie.models import PHASE_YEARS, Avenant, AvenantState, Fiche, GroupBy, Statut, Theme
from tindustrie.project import ValidProject
from tindustrie.render.charts import BarChart, Timeline, bar_chart, timeline
from tindustrie.render.filters import fiche_anchor
from tindustrie.render.suivi import SuiviView, suivi_view
from tindustrie.render.views import (
    AvenantRef,
    AvenantView,
    AxisView,
    FicheView,
    FinancingLine,
    Indicator,
    Items,
    Paragraphs,
    PartnerView,
    Person,
    StateView,
    SummaryRow,
    SummaryView,
)
from tindustrie.views import suivi as dashboard
from tindustrie.views.financing import TOTAL_LABEL


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
    #: partner id -> name, for what the views keep as ids (the engagements of an avenant)
    partner_names: Mapping[str, str]
    #: the « Suivi » section: dashboard, indicators, payments
    suivi: SuiviView

    def partner_name(self, ident: str) -> str:
        return self.partner_names.get(ident, ident)


def _cible(value: str | None) -> str | None:
    return None if value is None else str(value)


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
            f"l'avenant n° {ref.numero} est {AvenantState.SIGNE_APRES.label} "
            f"(signé le {long_date(ref.signed_on)})"
        )
    if len(drafts) == 1:
        parts.append(f"l'avenant n° {drafts[0].numero} est un {AvenantState.PROJET.label}")
    elif drafts:
        parts.append(f"les avenants {_numbers(drafts)} sont des projets, non signés")
    return " ; ".join(parts)


def build_context(
    project: ValidProject, ledger: Ledger, generated_on: date | None = None
) -> RenderContext:
    """The plain data of the document, from a valid project and its ledger."""
    proto = project.protocole
    as_of = ledger.as_of
    names = {p.id: p.nom for p in proto.partenaires}

    def name(ident: str) -> str:
        return names.get(ident, ident)

    refs = {
        a.numero: AvenantRef(a.numero, f"avenant-{a.numero}", ledger.state_of(a), a.date_signature)
        for a in project.avenants
    }
    with_money = {f.id for f in ledger.abandoned_with_commitments()}

    fiche_views = tuple(
        _fiche_view(f, ledger, ledger.lines_of(f.id), refs, name, f.id in with_money)
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

    signed = tuple(r for r in refs.values() if r.state is AvenantState.SIGNE)
    after = tuple(r for r in refs.values() if r.state is AvenantState.SIGNE_APRES)
    drafts = tuple(r for r in refs.values() if r.state is AvenantState.PROJET)
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
        partenaires=tuple(PartnerView(p.id, p.nom, p.type.label) for p in proto.partenaires),
        axes=tuple(axes),
        fiches=fiche_views,
        avenants=avenant_views,
        summaries=summaries,
        totals=ledger.totals(),
        charts=(
            bar_chart(summaries[0], "graphique-axes"),
            bar_chart(summaries[1], "graphique-financeurs"),
        ),
        timeline=timeline(fiche_views, as_of),
        abandoned_with_money=tuple(v for v in fiche_views if v.abandoned_with_money),
        generated_on=generated_on,
        partner_names=names,
        suivi=suivi_view(
            project, ledger, dashboard.document(dashboard.suivi_view(project, ledger, as_of))
        ),
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
                line.nature,
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
        themes=tuple(Theme.label_of(t) for t in fiche.themes),
        statut=ledger.statut_of(fiche),
        statut_label=ledger.statut_of(fiche).label,
        abandoned=ledger.statut_of(fiche) == Statut.ABANDONNEE,
        abandoned_with_money=abandoned_with_money,
        contexte=Paragraphs(fiche.contexte),
        description=Paragraphs(fiche.description),
        objectifs=Items(tuple(fiche.objectifs)),
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


def _avenant_view(
    avenant: Avenant,
    ref: AvenantRef,
    history: Mapping[tuple[str, str, str], tuple[Step, ...]],
    fiche_titles: Mapping[str, str],
    name: Any,
) -> AvenantView:
    found = changes(avenant, history)
    return AvenantView(
        numero=avenant.numero,
        anchor=ref.anchor,
        titre=avenant.titre,
        objet=Paragraphs(avenant.objet),
        ref=ref,
        signed_on=avenant.date_signature,
        signataires=tuple(name(s) for s in avenant.signataires),
        fiches=tuple((f, fiche_titles.get(f, f), fiche_anchor(f)) for f in avenant.fiches),
        changes=found,
        delta=sum((c.delta for c in found), ZERO),
    )


def _summary_view(summary: Summary) -> SummaryView:
    title, heading = f"par {summary.by}", GroupBy.of(summary.by).label
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
        TOTAL_LABEL,
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
