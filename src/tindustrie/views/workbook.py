"""The comité's workbook (``render --format xlsx``): one table per sheet, on a date.

Sheets, in order: « Fiches », « Financements » (one row per fiche, financer and
nature), « Versements », « Indicateurs » (one row per measure, with the
target), « Avenants », « Alertes ». The cells keep their type (``Decimal``
money, ``date``): :mod:`tindustrie.formats.xlsx` writes them as numbers and
dates. The identifiers the data files use (fiche, financer, nature) have their
own columns, so that a sheet can be read back against the YAML.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from tindustrie.ledger import ZERO, Ledger
from tindustrie.models import Nature, known_on
from tindustrie.project import ValidProject
from tindustrie.views.document import FACTS, Cell, Column, Data, Document, Table, columns
from tindustrie.views.financing import TOTAL_LABEL
from tindustrie.views.listing import avenants as avenant_list
from tindustrie.views.listing import named_partner, partner_names
from tindustrie.views.selection import Filters

TITLE = "Suivi du protocole"
_NUMBER = re.compile(r"-?\d{1,15}")


def quantity(text: str | None) -> Cell:
    """A target or a result as written: a whole number becomes a number, anything
    else (« 12,5 », « 80 % ») stays the text it is."""
    if text is None:
        return None
    folded = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    return int(folded) if _NUMBER.fullmatch(folded) else text


def _nature(key: str) -> Cell:
    found = Nature.lookup(key)
    return found if found is not None else key


def fiches_table(project: ValidProject, ledger: Ledger) -> Table:
    names = partner_names(project)
    rows = []
    for f in project.fiches:
        amounts = ledger.fiche_amounts(f)
        calendar = f.calendrier
        rows.append(
            (
                f.id,
                f.titre,
                f.axe,
                named_partner(names, f.pilote),
                ledger.statut_of(f),
                calendar.debut if calendar else None,
                calendar.fin if calendar else None,
                f.cout_previsionnel,
                amounts.planned,
                amounts.committed,
                amounts.pending,
                amounts.remaining,
                amounts.paid,
                amounts.to_pay,
            )
        )
    totals = ledger.totals()
    total = (
        TOTAL_LABEL,
        *(None,) * 6,
        totals.cost,
        totals.planned,
        totals.committed,
        totals.pending,
        totals.remaining,
        totals.paid,
        totals.to_pay,
    )
    return Table(
        "fiches",
        columns(
            "id",
            "title",
            "axis",
            "pilot",
            "status",
            "start",
            "end",
            "cost",
            "planned",
            "committed",
            "pending",
            "remaining",
            "paid",
            "to_pay",
        ),
        tuple(rows),
        title="Fiches",
        total=total,
        empty="Aucune fiche.",
        lead=2,
    )


def financing_table(project: ValidProject, ledger: Ledger) -> Table:
    names = partner_names(project)
    titles = {f.id: f.titre for f in project.fiches}
    rows = tuple(
        (
            line.fiche,
            titles.get(line.fiche, ""),
            line.financeur,
            names.get(line.financeur, line.financeur),
            _nature(line.nature),
            line.planned,
            line.committed,
            line.pending,
            line.paid,
            line.to_pay,
        )
        for line in ledger.lines
    )
    totals = ledger.totals()
    total: tuple[Cell, ...] = (
        TOTAL_LABEL,
        None,
        None,
        None,
        None,
        totals.planned,
        totals.committed,
        totals.pending,
        totals.paid,
        totals.to_pay,
    )
    return Table(
        "lines",
        (
            *columns("fiche", "title"),
            Column("financeur", "Financeur (id)"),
            *columns(
                "financeur_name", "nature", "planned", "committed", "pending", "paid", "to_pay"
            ),
        ),
        rows,
        title="Financements",
        total=total,
        empty="Aucun financement.",
        lead=2,
    )


def payments_table(project: ValidProject, ledger: Ledger) -> Table:
    """The payments dated on or before the ledger's date, fiche by fiche, as written."""
    names = partner_names(project)
    rows = []
    total = ZERO
    for fiche in project.fiches:
        for payment in fiche.versements:
            if payment.date > ledger.as_of:
                continue
            total += payment.montant
            rows.append(
                (
                    fiche.id,
                    fiche.titre,
                    payment.financeur,
                    names.get(payment.financeur, payment.financeur),
                    _nature(payment.nature),
                    payment.date,
                    payment.montant,
                    payment.reference,
                )
            )
    return Table(
        "payments",
        (
            *columns("fiche", "title"),
            Column("financeur", "Financeur (id)"),
            *columns("financeur_name", "nature", "date"),
            Column("paid", "Montant versé", numeric=True),
            FACTS["reference"],
        ),
        tuple(rows),
        title="Versements",
        total=(TOTAL_LABEL, None, None, None, None, None, total, None),
        empty="Aucun versement à cette date.",
        lead=2,
    )


def indicators_table(project: ValidProject, as_of: date) -> Table:
    """One row per measure dated on or before ``as_of``, with its indicator's target; an
    indicator without such a measure has one row, its measure cells empty."""
    rows: list[tuple[Cell, ...]] = []
    for fiche in project.fiches:
        for indicator in fiche.indicateurs:
            head = (fiche.id, fiche.titre, indicator.libelle, indicator.unite)
            target = quantity(indicator.cible)
            measures = known_on(indicator.mesures, as_of)
            for m in measures:
                rows.append((*head, target, m.date, quantity(m.valeur), m.source, m.commentaire))
            if not measures:
                rows.append((*head, target, None, None, None, None))
    return Table(
        "measures",
        columns(
            "fiche", "title", "indicator", "unit", "target", "date", "value", "source", "comment"
        ),
        tuple(rows),
        title="Indicateurs",
        empty="Aucun indicateur.",
        lead=2,
    )


def avenants_table(project: ValidProject, as_of: date) -> Table:
    found = avenant_list(project, Filters(), as_of).tables()[0]
    return replace(found, key="avenants", title="Avenants", empty="Aucun avenant.")


def alerts_table(project: ValidProject, ledger: Ledger) -> Table:
    """The alerts of ``tindustrie suivi`` on the ledger's date, every column shown."""
    from tindustrie.views import suivi

    found = suivi.alerts_table(suivi.suivi_view(project, ledger, ledger.as_of))
    return replace(found, hidden=frozenset())


def document(project: ValidProject, ledger: Ledger) -> Document:
    """The workbook's tables on the ledger's date."""
    return Document(
        (
            Data("as_of", ledger.as_of),
            fiches_table(project, ledger),
            financing_table(project, ledger),
            payments_table(project, ledger),
            indicators_table(project, ledger.as_of),
            avenants_table(project, ledger.as_of),
            alerts_table(project, ledger),
        ),
        title=f"{TITLE} — {project.protocole.territoire.nom}",
        kind="workbook",
    )
