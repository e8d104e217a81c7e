"""`tindustrie list`: the fiches, the avenants or the partners, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tindustrie.cli._app import (
    AsOfOption,
    DataOption,
    FollowOption,
    app,
    check_choice,
    parse_date,
    usage_error,
)
from tindustrie.cli._project import load_valid, unknown_filter

FORMATS = ("table", "json", "csv")


@app.command("list")
def list_(
    kind: Annotated[
        str,
        typer.Argument(
            help="Quoi lister : fiches (par défaut), avenants ou partenaires.",
            show_default=False,
        ),
    ] = "fiches",
    data: DataOption = Path("data"),
    axe: Annotated[
        str | None, typer.Option("--axe", help="Seulement les fiches de cet axe (numéro).")
    ] = None,
    pilote: Annotated[
        str | None,
        typer.Option("--pilote", help="Seulement les fiches pilotées par ce partenaire (id)."),
    ] = None,
    statut: Annotated[
        str | None,
        typer.Option("--statut", help="Seulement les fiches de ce statut (en_cours, …)."),
    ] = None,
    financeur: Annotated[
        str | None,
        typer.Option(
            "--financeur",
            help="Seulement les fiches (ou les avenants) où ce partenaire finance.",
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option("--format", "-f", help="Format : table (par défaut), json ou csv."),
    ] = "table",
    as_of: AsOfOption = None,
    follow_symlinks: FollowOption = False,
) -> None:
    """Lister les fiches, les avenants ou les partenaires."""
    from tindustrie import browse

    check_choice(kind, browse.KINDS, "le type à lister")
    check_choice(format, FORMATS, "--format")
    day = parse_date(as_of)
    filters = browse.Filters(axe=axe, pilote=pilote, statut=statut, financeur=financeur)
    refused = [name for name in filters.given() if name not in browse.FILTERS[kind]]
    if refused:
        allowed = browse.FILTERS[kind]
        usage_error(
            f"--{refused[0]} ne s'applique pas à la liste des {kind}",
            (
                "Filtres possibles ici : " + ", ".join(f"--{n}" for n in allowed) + "."
                if allowed
                else "Cette liste n'a pas de filtre."
            ),
        )
    project = load_valid(data, follow_symlinks)
    try:
        if kind == "fiches":
            columns, rows = _fiches(browse.fiche_rows(project, filters, day), format)
        elif kind == "avenants":
            columns, rows = _avenants(browse.avenant_rows(project, financeur), format)
        else:
            columns, rows = _partenaires(browse.partenaire_rows(project, day), format)
    except browse.UnknownValue as exc:
        unknown_filter(f"--{exc.what}", exc.value, exc.known)
    if format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_csv(row[c]) for c in columns] for row in rows])
    else:
        _table(kind, columns, rows)


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def _amount(value: Any, format: str) -> Any:
    from decimal import Decimal

    from tindustrie.money import euros, plain

    if value is None:
        return None if format != "table" else "—"
    assert isinstance(value, Decimal)
    return euros(value) if format == "table" else plain(value)


Rows = list[dict[str, Any]]


def _fiches(found: Any, format: str) -> tuple[list[str], Rows]:
    columns = ["id", "titre", "axe", "pilote", "statut", "cout", "engage"]
    rows = [
        {
            "id": r.id,
            "titre": r.titre,
            "axe": r.axe if format == "json" else str(r.axe),
            "pilote": r.pilote,
            "statut": r.statut.label if format == "table" else str(r.statut),
            "cout": _amount(r.cout, format),
            "engage": _amount(r.engage, format),
        }
        for r in found
    ]
    return columns, rows


def _avenants(found: Any, format: str) -> tuple[list[str], Rows]:
    from tindustrie.formatting import long_date

    columns = ["numero", "titre", "date_signature", "signataires", "montants", "variation"]
    rows = []
    for r in found:
        when: str | None
        if format == "table":
            when = long_date(r.date_signature) if r.date_signature else "projet"
            signers: Any = ", ".join(r.signataires)
            montants = _amount(r.montants, format) + (" (projet)" if r.draft else "")
            variation = _signed(r.variation) + (" (projet)" if r.draft else "")
        else:
            when = r.date_signature.isoformat() if r.date_signature else None
            signers = list(r.signataires)
            montants = _amount(r.montants, format)
            variation = _amount(r.variation, format)
        rows.append(
            {
                "numero": r.numero if format == "json" else str(r.numero),
                "titre": r.titre,
                "date_signature": when,
                "signataires": signers,
                "montants": montants,
                "variation": variation,
            }
        )
    return columns, rows


def _signed(value: Any) -> str:
    from tindustrie.money import signed_euros

    return signed_euros(value)


def _partenaires(found: Any, format: str) -> tuple[list[str], Rows]:
    columns = ["id", "nom", "type", "fiches_pilotees", "engage"]
    rows = [
        {
            "id": r.id,
            "nom": r.nom,
            "type": r.type,
            "fiches_pilotees": r.fiches_pilotees if format == "json" else str(r.fiches_pilotees),
            "engage": _amount(r.engage, format),
        }
        for r in found
    ]
    return columns, rows


HEADERS = {
    "id": "Id",
    "titre": "Titre",
    "axe": "Axe",
    "pilote": "Pilote",
    "statut": "Statut",
    "cout": "Coût",
    "engage": "Engagé",
    "numero": "N°",
    "date_signature": "Signé le",
    "signataires": "Signataires",
    "montants": "Montants fixés",
    "variation": "Variation de l'engagé",
    "nom": "Nom",
    "type": "Type",
    "fiches_pilotees": "Fiches pilotées",
}
WRAP = {"titre", "nom", "signataires"}
RIGHT = {"cout", "engage", "montants", "variation", "fiches_pilotees", "axe", "numero"}
NOUNS = {"fiches": ("fiche", "fiches"), "avenants": ("avenant", "avenants"),
         "partenaires": ("partenaire", "partenaires")}  # fmt: skip


def _table(kind: str, columns: list[str], rows: Rows) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, highlight=False)
    for c in columns:
        table.add_column(
            HEADERS[c],
            justify="right" if c in RIGHT else "left",
            no_wrap=c not in WRAP,
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(Text(str(row[c])) for c in columns))
    console = Console(file=sys.stdout, highlight=False)
    if not console.is_terminal:  # a pipe or a file: no terminal width to respect
        console.width = 160
    console.print(table)
    one, many = NOUNS[kind]
    console.print(f"{len(rows)} {one if len(rows) < 2 else many}")
