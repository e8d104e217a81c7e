"""`tindustrie show`: one fiche, one avenant or one partner, in full."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tindustrie.cli._app import AsOfOption, DataOption, FollowOption, app, parse_date
from tindustrie.cli._project import load_valid

if TYPE_CHECKING:
    from rich.console import Console

    from tindustrie.ledger import Ledger, Step
    from tindustrie.project import ValidProject


@app.command()
def show(
    words: Annotated[
        list[str],
        typer.Argument(
            help="Ce qu'il faut montrer : 1.2 (une fiche), avenant 2 (ou avenant-2), "
            "partenaire ID (ou l'id seul).",
            show_default=False,
            metavar="ID",
        ),
    ],
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    follow_symlinks: FollowOption = False,
) -> None:
    """Montrer une fiche (avec l'historique de son financement), un avenant ou un partenaire."""
    from tindustrie import browse
    from tindustrie.cli._app import usage_error

    if len(words) > 2:
        usage_error(
            "trop d'arguments : " + " ".join(words),
            "Exemples : `tindustrie show 1.2`, `tindustrie show avenant 2`.",
        )
    day = parse_date(as_of)
    project = load_valid(data, follow_symlinks)
    try:
        target = browse.resolve(project, words)
    except browse.UnknownValue as exc:
        if exc.what == "type":
            usage_error(
                f"type « {exc.value} » inconnu",
                "Écrivez `fiche`, `avenant` ou `partenaire` avant l'identifiant.",
            )
        sys.stderr.write(f"Erreur : {exc.what} « {exc.value} » introuvable.\n")
        if exc.known:
            sys.stderr.write("Vouliez-vous dire : " + ", ".join(exc.known) + " ?\n")
        raise typer.Exit(1) from None
    from rich.console import Console

    console = Console(file=sys.stdout, highlight=False)
    if not console.is_terminal:  # a pipe or a file: no terminal width to respect
        console.width = 160
    ledger = browse.ledger_of(project, day)
    if target.kind == "fiche":
        _fiche(console, project, ledger, target.ident)
    elif target.kind == "avenant":
        _avenant(console, project, int(target.ident))
    else:
        _partenaire(console, project, ledger, target.ident)


def _line(console: Console, label: str, value: str) -> None:
    from rich.text import Text

    console.print(Text.assemble((f"{label} : ", "bold"), value))


def _money(amount: Decimal) -> str:
    from tindustrie.money import euros

    return euros(amount)


def _step(step: Step) -> str:
    from tindustrie.formatting import long_date

    when = f"signé le {long_date(step.signed_on)}" if step.signed_on else "projet"
    return f"avenant {step.avenant} ({when}) : {_money(step.amount)}"


def _fiche(console: Console, project: ValidProject, ledger: Ledger, ident: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from tindustrie.formatting import long_date

    fiche = project.fiche(ident)
    assert fiche is not None
    proto = project.protocole
    console.print(Text(f"Fiche {fiche.id} — {fiche.titre}", style="bold"))
    axis = proto.axis(fiche.axe)
    _line(console, "Axe", f"{fiche.axe} : {axis.titre}" if axis else str(fiche.axe))
    _line(console, "Pilote", f"{proto.partner_name(fiche.pilote)} ({fiche.pilote})")
    if fiche.partenaires:
        _line(console, "Partenaires", ", ".join(proto.partner_name(p) for p in fiche.partenaires))
    if fiche.themes:
        _line(console, "Thèmes", ", ".join(fiche.themes))
    _line(console, "Statut", fiche.statut_label)
    cal = fiche.calendrier
    if cal is not None and (cal.debut or cal.fin):
        start = long_date(cal.debut) if cal.debut else "?"
        end = long_date(cal.fin) if cal.fin else "?"
        _line(console, "Calendrier", f"du {start} au {end}")
    for label, text in (("Contexte", fiche.contexte), ("Description", fiche.description)):
        if text:
            _line(console, label, text)
    if fiche.objectifs:
        console.print(Text("Objectifs :", style="bold"))
        for goal in fiche.objectifs:
            console.print(Text(f"  - {goal}"))
    if fiche.indicateurs:
        console.print(Text("Indicateurs :", style="bold"))
        for ind in fiche.indicateurs:
            target = " ".join(x for x in (ind.cible, ind.unite) if x)
            console.print(Text(f"  - {ind.libelle}" + (f" : {target}" if target else "")))
    cost = fiche.cout_previsionnel
    _line(console, "Coût prévisionnel", _money(cost) if cost is not None else "non renseigné")
    console.print()
    lines = ledger.lines_of(fiche.id)
    console.print(Text(f"Financement au {long_date(ledger.as_of)}", style="bold"))
    if not lines:
        console.print("Aucun financement prévu ni engagé.")
        return
    table = Table(highlight=False)
    for head, right in (("Financeur", False), ("Nature", False), ("Prévu", True),
                        ("Engagé", True), ("Historique des avenants", False)):  # fmt: skip
        table.add_column(head, justify="right" if right else "left", no_wrap=head != "Financeur")
    for ln in lines:
        history = "\n".join(
            _step(s) + (" ← en vigueur" if s is ln.setting else "") for s in ln.history
        )
        table.add_row(
            Text(proto.partner_name(ln.financeur)),
            ln.nature,
            _money(ln.planned),
            _money(ln.committed),
            Text(history or "aucun avenant"),
        )
    console.print(table)
    total = ledger.fiche_amounts(fiche)
    _line(console, "Prévu", _money(total.planned))
    _line(console, "Engagé", _money(total.committed))
    _line(console, "En attente (projets d'avenant)", _money(total.pending))
    _line(console, "Reste à financer", _money(total.remaining))


def _avenant(console: Console, project: ValidProject, numero: int) -> None:
    from rich.table import Table
    from rich.text import Text

    from tindustrie import browse
    from tindustrie.formatting import long_date

    avenant = next(a for a in project.avenants if a.numero == numero)
    proto = project.protocole
    console.print(Text(f"Avenant n° {avenant.numero} — {avenant.titre}", style="bold"))
    signed = avenant.date_signature
    _line(console, "Signature", long_date(signed) if signed else "projet, non signé")
    if avenant.objet:
        _line(console, "Objet", avenant.objet)
    if avenant.signataires:
        _line(console, "Signataires", ", ".join(proto.partner_name(p) for p in avenant.signataires))
    if avenant.fiches:
        _line(console, "Fiches", ", ".join(avenant.fiches))
    console.print()
    found = browse.changes(project.avenants, numero)
    if not found:
        console.print("Aucun engagement financier.")
        return
    title = "Engagements (ce que l'avenant changerait)" if not signed else "Engagements"
    console.print(Text(title, style="bold"))
    table = Table(highlight=False)
    for head, right in (("Fiche", False), ("Financeur", False), ("Nature", False),
                        ("Avant", True), ("Après", True), ("Écart", True),
                        ("Montant remplacé", False)):  # fmt: skip
        table.add_column(head, justify="right" if right else "left", no_wrap=right)
    for c in found:
        table.add_row(
            c.fiche,
            Text(proto.partner_name(c.financeur)),
            c.nature,
            _money(c.previous),
            _money(c.amount),
            _signed(c.delta),
            f"avenant {c.replaces}" if c.replaces else "nouvel engagement",
        )
    console.print(table)
    zero = Decimal(0)
    _line(console, "Montants fixés", _money(sum((c.amount for c in found), zero)))
    _line(console, "Variation de l'engagé", _signed(sum((c.delta for c in found), zero)))


def _signed(amount: Decimal) -> str:
    from tindustrie.money import signed_euros

    return signed_euros(amount)


def _partenaire(console: Console, project: ValidProject, ledger: Ledger, ident: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from tindustrie.formatting import long_date

    partner = next(p for p in project.protocole.partenaires if p.id == ident)
    console.print(Text(f"Partenaire {partner.id} — {partner.nom}", style="bold"))
    _line(console, "Type", partner.type)
    piloted = [f.id for f in project.fiches if f.pilote == ident]
    _line(console, "Fiches pilotées", ", ".join(piloted) or "aucune")
    associated = [f.id for f in project.fiches if ident in f.partenaires]
    _line(console, "Fiches où il est partenaire", ", ".join(associated) or "aucune")
    signed = [str(a.numero) for a in project.avenants if ident in a.signataires]
    _line(console, "Avenants signataires", ", ".join(signed) or "aucun")
    lines = [ln for ln in ledger.lines if ln.financeur == ident]
    console.print()
    console.print(Text(f"Financements au {long_date(ledger.as_of)}", style="bold"))
    if not lines:
        console.print("Aucun financement prévu ni engagé.")
        return
    table = Table(highlight=False)
    for head, right in (("Fiche", False), ("Nature", False), ("Prévu", True),
                        ("Engagé", True), ("En attente", True)):  # fmt: skip
        table.add_column(head, justify="right" if right else "left", no_wrap=right)
    for ln in lines:
        table.add_row(ln.fiche, ln.nature, _money(ln.planned), _money(ln.committed),
                      _money(ln.pending))  # fmt: skip
    console.print(table)
    zero = Decimal(0)
    _line(console, "Engagé", _money(sum((ln.committed for ln in lines), zero)))
    _line(console, "En attente", _money(sum((ln.pending for ln in lines), zero)))
