"""`tindustrie validate`: every problem of the data folder, for a person or for CI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tindustrie.cli._app import DataOption, FollowOption, app, check_choice, check_data_folder
from tindustrie.errors import ExitCode

FORMATS = ("auto", "text", "json", "github", "gitlab")


@app.command()
def validate(
    data: DataOption = Path("data"),
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Format du rapport : auto (github dans GitHub Actions, text sinon), text, "
            "json, github, gitlab.",
        ),
    ] = "auto",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Échouer aussi sur les avertissements (jamais sur les remarques)."
        ),
    ] = False,
    follow_symlinks: FollowOption = False,
) -> int:
    """Vérifier le protocole, les fiches et les avenants ; code de sortie 0 si tout est valide."""
    check_choice(format, FORMATS, "--format")
    check_data_folder(data)
    from tindustrie.reporters import REPORTERS, resolve_format
    from tindustrie.validation import check_folder

    report = check_folder(data, follow_symlinks)
    reporter = REPORTERS[resolve_format(format)](sys.stdout, sys.stderr)
    reporter.report(report, strict)
    return ExitCode.OK if report.valid(strict) else ExitCode.INVALID
