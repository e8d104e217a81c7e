"""`tindustrie financing`: planned, committed and pending money on a date."""

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


@app.command()
def financing(
    data: DataOption = Path("data"),
    by: Annotated[
        str,
        typer.Option(
            "--by",
            "-b",
            metavar="GROUPE",
            help="Regrouper par axe, fiche, financeur ou nature.",
        ),
    ] = "axe",
    as_of: AsOfOption = None,
    format: FormatOption = "table",
    follow_symlinks: FollowOption = False,
) -> None:
    """Montants prévus, engagés (avenants signés) et en attente, à une date donnée."""
    from tindustrie.models import GroupBy

    check_choice(by, GroupBy.keys(), "--by")
    fmt = check_choice(format, LISTING, "--format")
    day = parse_date(as_of, "--as-of")
    project = load_valid(
        data,
        follow_symlinks,
        refusal="le tableau de financement n'est calculé que sur des données valides : corrigez "
        "les erreurs ci-dessus",
        mention_warnings=True,
    )
    from tindustrie.ledger import build
    from tindustrie.views import financing as view

    ledger = build(project.fiches, project.avenants, day)
    emit(view.document(ledger, by, project.protocole), fmt)
