"""`tindustrie show`: one fiche (with the history of its money), one avenant (what it
changes), one partner (what it pilots and finances), as documents."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tindustrie.ledger import ZERO, Ledger, build, changes, histories, state_on
from tindustrie.models import Avenant, AvenantState, Fiche, Nature, Theme, known_on
from tindustrie.money import euros
from tindustrie.project import ValidProject
from tindustrie.views.document import (
    FACTS,
    Cell,
    Column,
    Data,
    Document,
    Fields,
    Lines,
    Named,
    Signed,
    Table,
    columns,
)
from tindustrie.views.financing import TOTAL_LABEL
from tindustrie.views.listing import named_partner, partner_names
from tindustrie.views.selection import Target

SIGNE = AvenantState.SIGNE


@dataclass(frozen=True, slots=True)
class HistoryStep:
    """One avenant in the history of a (fiche, financeur, nature) line."""

    avenant: int
    state: AvenantState
    signed_on: date | None
    amount: Decimal
    in_force: bool

    def text(self) -> str:
        from tindustrie.formatting import long_date

        if self.signed_on is None:
            when = "projet"
        elif self.state is AvenantState.SIGNE_APRES:
            when = f"signé le {long_date(self.signed_on)}, après cette date"
        else:
            when = f"signé le {long_date(self.signed_on)}"
        mark = " ← en vigueur" if self.in_force else ""
        return f"avenant {self.avenant} ({when}) : {euros(self.amount)}{mark}"

    def facts(self) -> Mapping[str, Any]:
        return {
            "avenant": self.avenant,
            "state": self.state,
            "signed_on": self.signed_on,
            "amount": self.amount,
            "in_force": self.in_force,
        }


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """An indicator of a fiche and its target, as written."""

    label: str
    target: str | None
    unit: str | None

    def text(self) -> str:
        target = " ".join(x for x in (self.target, self.unit) if x)
        return self.label + (f" : {target}" if target else "")

    def facts(self) -> Mapping[str, Any]:
        return {"label": self.label, "target": self.target, "unit": self.unit}


#: Facts shown only here (the others are in :data:`~tindustrie.views.document.FACTS`).
PARTNERS = Column("partners", "Partenaires")
THEMES = Column("themes", "Thèmes")
START = Column("start", "Début")
END = Column("end", "Fin")
CONTEXT = Column("context", "Contexte")
DESCRIPTION = Column("description", "Description")
OBJECTIVES = Column("objectives", "Objectifs")
INDICATORS = Column("indicators", "Indicateurs")
HISTORY = Column("history", "Historique des avenants")
OBJECT = Column("object", "Objet")
PARTNER_OF = Column("partner_of", "Fiches où il est partenaire")
SIGNED = Column("signed_avenants", "Avenants dont il est signataire")
PILOTED_FICHES = Column("piloted_fiches", "Fiches pilotées")


def _fiche_name(fiche: Fiche) -> Named:
    return Named(fiche.id, f"{fiche.id} {fiche.titre}")


def fiche(project: ValidProject, ledger: Ledger, fiche: Fiche) -> Document:
    from tindustrie.formatting import long_date

    proto = project.protocole
    names = partner_names(project)
    axis = proto.axis(fiche.axe)
    cal = fiche.calendrier
    pilot = names.get(fiche.pilote, fiche.pilote)
    info: list[tuple[Column, Cell]] = [
        (FACTS["axis"], Named(fiche.axe, f"{fiche.axe} — {axis.titre}") if axis else fiche.axe),
        (FACTS["pilot"], Named(fiche.pilote, f"{pilot} ({fiche.pilote})")),
        (PARTNERS, tuple(named_partner(names, p) for p in fiche.partenaires)),
        (THEMES, tuple(Theme.lookup(t) or t for t in fiche.themes)),
        (FACTS["status"], ledger.statut_of(fiche)),
        (START, cal.debut if cal else None),
        (END, cal.fin if cal else None),
        (CONTEXT, fiche.contexte),
        (DESCRIPTION, fiche.description),
        (OBJECTIVES, Lines(tuple(fiche.objectifs))),
        (
            INDICATORS,
            Lines(tuple(IndicatorView(i.libelle, i.cible, i.unite) for i in fiche.indicateurs)),
        ),
        (FACTS["cost"], fiche.cout_previsionnel),
    ]
    lines, histories_shown = [], []
    waiting: set[AvenantState] = set()
    for ln in ledger.lines_of(fiche.id):
        steps = tuple(
            HistoryStep(
                s.avenant,
                state_on(s.signed_on, ledger.as_of),
                s.signed_on,
                s.amount,
                s is ln.setting,
            )
            for s in ln.history
        )
        after = ln.setting.avenant if ln.setting else 0
        waiting.update(s.state for s in steps if s.avenant > after and s.state is not SIGNE)
        funder = named_partner(names, ln.financeur)
        lines.append(
            (
                funder,
                ln.nature,
                ln.planned,
                ln.committed,
                ln.pending,
                ln.paid,
                ln.to_pay,
                Lines(steps),
            )
        )
        if steps:
            histories_shown.append(
                (
                    Column(ln.financeur, f"{funder.label}, {Nature.label_of(ln.nature)}"),
                    Lines(steps),
                )
            )
    amounts = ledger.fiche_amounts(fiche)
    return Document(
        (
            Data("as_of", ledger.as_of),
            Data("id", fiche.id),
            Data("title", fiche.titre),
            Fields(tuple(info)),
            Table(
                "lines",
                (
                    *columns("financeur", "nature", "planned", "committed", "pending"),
                    *columns("paid", "to_pay"),
                    HISTORY,
                ),
                tuple(lines),
                title=f"Financement au {long_date(ledger.as_of)}",
                empty="Aucun financement prévu ni engagé.",
                lead=2,
                # paid and to pay per line: in the machine formats and `financing`;
                # the fiche's totals below say them for people
                hidden=frozenset({HISTORY.key, "paid", "to_pay"}),
            ),
            Fields(
                (
                    (FACTS["planned"], amounts.planned),
                    (FACTS["committed"], amounts.committed),
                    (pending_column(waiting), amounts.pending),
                    (FACTS["remaining"], amounts.remaining),
                    (FACTS["paid"], amounts.paid),
                    (FACTS["to_pay"], amounts.to_pay),
                )
            ),
            Fields(tuple(histories_shown), title=HISTORY.header, machine=False),
            *_follow_up(fiche, names, ledger.as_of),
        ),
        title=f"Fiche {fiche.id} — {fiche.titre}",
        kind="fiche",
    )


def _follow_up(fiche: Fiche, names: dict[str, str], as_of: date) -> tuple[Table, ...]:
    """What the fiche's follow-up records up to ``as_of``: payments, indicator measures
    and status decisions, oldest first."""
    from tindustrie.formatting import long_date

    shown = f"au {long_date(as_of)}"
    paid = known_on(fiche.versements, as_of)
    payments = Table(
        "payments",
        columns("date", "financeur", "nature", "paid", "reference"),
        tuple(
            (v.date, named_partner(names, v.financeur), v.nature, v.montant, v.reference)
            for v in paid
        ),
        title=f"Versements {shown}",
        empty="Aucun versement à cette date.",
        total=(TOTAL_LABEL, None, None, sum((v.montant for v in paid), ZERO), None)
        if paid
        else None,
    )
    measures = Table(
        "measures",
        columns("indicator", "date", "value", "target", "unit", "source", "comment"),
        tuple(
            (i.libelle, m.date, m.valeur, i.cible, i.unite, m.source, m.commentaire)
            for i in fiche.indicateurs
            for m in known_on(i.mesures, as_of)
        ),
        title=f"Mesures des indicateurs {shown}",
        empty="Aucune mesure à cette date.",
        hidden=frozenset({"target", "source", "comment"}),
    )
    decisions = Table(
        "status_history",
        columns("date", "status", "decision"),
        tuple((d.date, d.statut, d.decision) for d in known_on(fiche.historique, as_of)),
        title=f"Historique du statut {shown}",
        empty="Aucune décision à cette date.",
    )
    return (payments, measures, decisions)


def pending_column(states: set[AvenantState]) -> Column:
    """« En attente », saying where the money comes from: drafts, avenants signed later."""
    drafts = AvenantState.PROJET in states
    later = AvenantState.SIGNE_APRES in states
    if drafts and later:
        why = " (projets d'avenant et avenants signés après cette date)"
    elif later:
        why = " (avenants signés après cette date)"
    elif drafts:
        why = " (projets d'avenant)"
    else:
        why = ""
    return Column("pending", FACTS["pending"].header + why, numeric=True)


_NUMBERED = re.compile(r"\s*avenant\s*(?:n\s*[°o.]?\s*)?(\d+)\b", re.IGNORECASE)


def avenant_title(avenant: Avenant) -> str:
    """« Avenant n° 2 — Titre », without repeating the number the title already gives."""
    match = _NUMBERED.match(avenant.titre)
    if match and int(match.group(1)) == avenant.numero:
        return avenant.titre
    return f"Avenant n° {avenant.numero} — {avenant.titre}"


def avenant(project: ValidProject, ledger: Ledger, avenant: Avenant) -> Document:
    names = partner_names(project)
    titles = {f.id: f for f in project.fiches}
    state = ledger.state_of(avenant)
    found = changes(avenant, histories(project.avenants))
    rows = tuple(
        (
            c.fiche,
            named_partner(names, c.financeur),
            c.nature,
            c.previous,
            c.amount,
            Signed(c.delta),
            c.kind,
            c.replaces,
        )
        for c in found
    )
    title = (
        "Engagements"
        if state is not AvenantState.PROJET
        else ("Engagements (ce que l'avenant changerait s'il était signé)")
    )
    info: list[tuple[Column, Cell]] = [
        (columns("state")[0], state),
        (columns("signed_on")[0], avenant.date_signature),
        (OBJECT, avenant.objet),
        (columns("signatories")[0], tuple(named_partner(names, s) for s in avenant.signataires)),
        (
            columns("fiches")[0],
            Lines(tuple(_fiche_name(titles[f]) if f in titles else f for f in avenant.fiches)),
        ),
    ]
    return Document(
        (
            Data("as_of", ledger.as_of),
            Data("numero", avenant.numero),
            Data("title", avenant.titre),
            Fields(tuple(info)),
            Table(
                "changes",
                columns(
                    "fiche",
                    "financeur",
                    "nature",
                    "previous",
                    "amount",
                    "delta",
                    "change",
                    "replaces",
                ),
                rows,
                title=title,
                empty="Aucun engagement financier.",
                total=(
                    "Total",
                    None,
                    None,
                    None,
                    sum((c.amount for c in found), ZERO),
                    Signed(sum((c.delta for c in found), ZERO)),
                    None,
                    None,
                ),
                lead=3,
                hidden=frozenset({"change", "replaces"}),
            ),
        ),
        title=avenant_title(avenant),
        kind="avenant",
    )


def partenaire(project: ValidProject, ledger: Ledger, ident: str) -> Document:
    partner = next(p for p in project.protocole.partenaires if p.id == ident)
    fiches = project.fiches
    lines = [ln for ln in ledger.lines if ln.financeur == ident]
    rows = tuple(
        (
            ln.fiche,
            ln.nature,
            ln.planned,
            ln.committed,
            ln.pending,
        )
        for ln in lines
    )
    total = (
        "Total",
        None,
        sum((ln.planned for ln in lines), ZERO),
        sum((ln.committed for ln in lines), ZERO),
        sum((ln.pending for ln in lines), ZERO),
    )
    from tindustrie.formatting import long_date

    info: list[tuple[Column, Cell]] = [
        (columns("type")[0], partner.type),
        (PILOTED_FICHES, Lines(tuple(_fiche_name(f) for f in fiches if f.pilote == ident))),
        (PARTNER_OF, Lines(tuple(_fiche_name(f) for f in fiches if ident in f.partenaires))),
        (SIGNED, tuple(a.numero for a in project.avenants if ident in a.signataires)),
    ]
    return Document(
        (
            Data("as_of", ledger.as_of),
            Data("id", partner.id),
            Data("name", partner.nom),
            Fields(tuple(info)),
            Table(
                "lines",
                columns("fiche", "nature", "planned", "committed", "pending"),
                rows,
                title=f"Financements au {long_date(ledger.as_of)}",
                empty="Aucun financement prévu ni engagé.",
                total=total if rows else None,
                lead=2,
            ),
        ),
        title=f"Partenaire {partner.id} — {partner.nom}",
        kind="partenaire",
    )


def show(project: ValidProject, target: Target, as_of: date) -> Document:
    """The document of what `show` was asked for."""
    ledger = build(project.fiches, project.avenants, as_of)
    if target.kind == "fiche":
        found = next(f for f in project.fiches if f.id == target.ident)
        return fiche(project, ledger, found)
    if target.kind == "avenant":
        numero = int(target.ident)
        return avenant(project, ledger, next(a for a in project.avenants if a.numero == numero))
    return partenaire(project, ledger, target.ident)
