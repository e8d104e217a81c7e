"""`tindustrie list`: the fiches, the avenants or the partners."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tindustrie.cli._app import (
    AsOfOption,
    DataOption,
    FollowOption,
    FormatOption,
    app,
    check_choice,
    emit,
    parse_date,
)
from tindustrie.cli._project import load_valid
from tindustrie.formats import LISTING


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
        typer.Option(
            "--statut",
            help="Seulement les fiches de ce statut, écrit comme dans les fichiers (en_cours) "
            "ou comme il s'affiche.",
        ),
    ] = None,
    financeur: Annotated[
        str | None,
        typer.Option(
            "--financeur",
            help="Seulement les fiches (ou les avenants) où ce partenaire finance.",
        ),
    ] = None,
    format: FormatOption = "table",
    as_of: AsOfOption = None,
    follow_symlinks: FollowOption = False,
) -> None:
    """Lister les fiches, les avenants ou les partenaires."""
    from tindustrie.views import listing, selection

    check_choice(kind, selection.KINDS, "le type à lister")
    fmt = check_choice(format, LISTING, "--format")
    day = parse_date(as_of)
    filters = selection.Filters(axe=axe, pilote=pilote, statut=statut, financeur=financeur)
    filters.check_kind(kind)
    project = load_valid(data, follow_symlinks)
    emit(listing.LISTS[kind](project, filters, day), fmt)
