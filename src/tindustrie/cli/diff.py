"""`tindustrie diff`: what a change does to the contract, for a merge request."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tindustrie.cli._app import (
    AsOfOption,
    DataOption,
    FollowOption,
    OutputFileOption,
    app,
    check_choice,
    deliver,
    parse_date,
)
from tindustrie.errors import ExitCode

FORMATS = ("text", "md", "json")


@app.command()
def diff(
    base: Annotated[
        str,
        typer.Argument(
            metavar="BASE",
            help="Révision git de départ (commit, branche, origin/main, HEAD~1, étiquette), "
            "ou fichier écrit par `tindustrie financing --format json`.",
            show_default=False,
        ),
    ],
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="[HEAD]",
            help="Révision git d'arrivée ; par défaut l'arbre de travail, modifications non "
            "enregistrées comprises.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = Path("data"),
    base_data: Annotated[
        Path | None,
        typer.Option(
            "--base-data",
            metavar="CHEMIN",
            help="Dossier de données dans BASE, s'il avait un autre nom (par défaut celui de "
            "--data).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Format : text (terminal), md (commentaire de demande de fusion), json.",
        ),
    ] = "text",
    output: OutputFileOption = None,
    follow_symlinks: FollowOption = False,
) -> int:
    """Ce qu'un changement fait au contrat : montants, fiches, avenants et problèmes.

    Code de sortie 0 si les données d'arrivée sont valides, 1 sinon (le rapport est
    quand même écrit, problèmes en tête), 2 pour une erreur d'utilisation.
    """
    check_choice(format, FORMATS, "--format")
    day = parse_date(as_of)
    from tindustrie import diff_sides
    from tindustrie.formats.diff import FORMATTERS
    from tindustrie.views.diff import compare

    request = diff_sides.Request(base, head, data, base_data, day, follow_symlinks)
    before, after = diff_sides.load(request)
    result = compare(before, after, day)
    text = FORMATTERS[format](result)
    deliver(text, output)
    if result.head.errors:
        n = len(result.head.errors)
        sys.stderr.write(
            f"Les données d'arrivée ont {n} erreur{'s' if n > 1 else ''} : code de sortie 1. "
            "Détail : tindustrie validate.\n"
        )
        return ExitCode.INVALID
    return ExitCode.OK
