"""`tindustrie render`: the published protocol (Markdown, HTML), the PDFs people sign and
the comité's workbook (xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tindustrie.cli._app import (
    AsOfOption,
    DataOption,
    FollowOption,
    app,
    check_choice,
    check_output_folder,
    parse_date,
)
from tindustrie.cli._project import load_valid

FORMAT_CHOICES = ("md", "html", "pdf", "xlsx", "all")
ALL_FORMATS = ("md", "html", "pdf", "xlsx")


@app.command()
def render(
    data: DataOption = Path("data"),
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Format à produire : md, html, pdf (le protocole et un PDF par avenant), "
            "xlsx (le classeur du comité de pilotage) ou all (les quatre).",
        ),
    ] = "all",
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Dossier où écrire protocole.md, protocole.html, protocole.pdf, avenant-N.pdf "
            "et protocole.xlsx.",
        ),
    ] = Path("site"),
    as_of: AsOfOption = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Dossier de modèles (Jinja2 *.j2, Typst *.typ) qui remplacent les modèles "
            "fournis, un à un.",
            show_default=False,
        ),
    ] = None,
    follow_symlinks: FollowOption = False,
) -> None:
    """Publier le protocole, les fiches et les avenants en Markdown, en HTML et en PDF, et le
    classeur du comité de pilotage."""
    check_choice(format, FORMAT_CHOICES, "--format")
    day = parse_date(as_of)
    check_output_folder(output)
    project = load_valid(data, follow_symlinks, refusal="données invalides : rien n'a été écrit")
    from tindustrie.render import render_to_folder

    formats = ALL_FORMATS if format == "all" else (format,)
    written = render_to_folder(project, day, output, formats, templates, warn=_warn)
    for path in written:
        typer.echo(f"Écrit : {path}")


def _warn(message: str) -> None:
    typer.echo(f"Attention : {message}", err=True)
