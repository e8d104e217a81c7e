"""`tindustrie show`: one fiche, one avenant or one partner, in full."""

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
    format: FormatOption = "table",
    as_of: AsOfOption = None,
    follow_symlinks: FollowOption = False,
) -> None:
    """Montrer une fiche (avec l'historique de son financement), un avenant ou un partenaire."""
    from tindustrie.views import detail, selection

    fmt = check_choice(format, LISTING, "--format")
    day = parse_date(as_of)
    selection.check_words(words)
    project = load_valid(data, follow_symlinks)
    emit(detail.show(project, selection.resolve(project, words), day), fmt)
