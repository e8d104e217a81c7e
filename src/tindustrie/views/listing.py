"""`tindustrie list`: the fiches, the avenants or the partners, as documents.

The money of an avenant is the sum of the amounts its engagements set
(``amount``) and the net change it brings to the committed total (``delta``:
for each engagement, new amount − amount it replaces; see
:func:`tindustrie.ledger.changes`). A draft's money is what it *would* commit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tindustrie.ledger import ZERO, Ledger, build, changes, histories
from tindustrie.project import ValidProject
from tindustrie.views.document import Data, Document, Named, Signed, Table, columns
from tindustrie.views.selection import Filters, resolved, select_fiches


def partner_names(project: ValidProject) -> dict[str, str]:
    return {p.id: p.nom for p in project.protocole.partenaires}


def named_partner(names: dict[str, str], ident: str) -> Named:
    return Named(ident, names.get(ident, ident))


def fiches(project: ValidProject, filters: Filters, as_of: date) -> Document:
    ledger = build(project.fiches, project.avenants, as_of)
    chosen = select_fiches(project, filters, ledger.statut_of)
    names = partner_names(project)
    rows = tuple(
        (
            f.id,
            f.titre,
            f.axe,
            named_partner(names, f.pilote),
            ledger.statut_of(f),
            f.cout_previsionnel,
            ledger.fiche_amounts(f).committed,
        )
        for f in chosen
    )
    table = Table(
        "rows",
        columns("id", "title", "axis", "pilot", "status", "cost", "committed"),
        rows,
        noun=("fiche", "fiches"),
        lead=2,
    )
    return Document((Data("as_of", as_of), table), kind="fiches")


def avenants(project: ValidProject, filters: Filters, as_of: date) -> Document:
    financeur = resolved(project, filters).financeur
    ledger = build(project.fiches, project.avenants, as_of)
    history = histories(project.avenants)
    names = partner_names(project)
    rows = []
    for avenant in project.avenants:
        if financeur is not None and all(e.financeur != financeur for e in avenant.engagements):
            continue
        found = changes(avenant, history)
        rows.append(
            (
                avenant.numero,
                avenant.titre,
                ledger.state_of(avenant),
                avenant.date_signature,
                tuple(named_partner(names, s) for s in avenant.signataires),
                sum((c.amount for c in found), ZERO),
                Signed(sum((c.delta for c in found), ZERO)),
            )
        )
    table = Table(
        "rows",
        columns("numero", "title", "state", "signed_on", "signatories", "amount", "delta"),
        tuple(rows),
        noun=("avenant", "avenants"),
        lead=2,
    )
    return Document((Data("as_of", as_of), table), kind="avenants")


def committed_by_financer(ledger: Ledger) -> dict[str, Decimal]:
    committed: dict[str, Decimal] = {}
    for line in ledger.lines:
        committed[line.financeur] = committed.get(line.financeur, ZERO) + line.committed
    return committed


def partenaires(project: ValidProject, filters: Filters, as_of: date) -> Document:
    ledger = build(project.fiches, project.avenants, as_of)
    committed = committed_by_financer(ledger)
    piloted: dict[str, int] = {}
    for f in project.fiches:
        piloted[f.pilote] = piloted.get(f.pilote, 0) + 1
    rows = tuple(
        (p.id, p.nom, p.type, piloted.get(p.id, 0), committed.get(p.id, ZERO))
        for p in project.protocole.partenaires
    )
    table = Table(
        "rows",
        columns("id", "name", "type", "piloted", "committed"),
        rows,
        noun=("partenaire", "partenaires"),
        lead=2,
    )
    return Document((Data("as_of", as_of), table), kind="partenaires")


#: ``list`` kind -> the view that builds it
LISTS = {"fiches": fiches, "avenants": avenants, "partenaires": partenaires}
