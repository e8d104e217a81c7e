"""`tindustrie render`: the published protocol, in Markdown and in HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tindustrie.cli._app import (
    DataOption,
    FollowOption,
    app,
    check_choice,
    check_data_folder,
    check_output_folder,
    parse_date,
)

FORMAT_CHOICES = ("md", "html", "all")


@app.command()
def render(
    data: DataOption = Path("data"),
    format: Annotated[
        str,
        typer.Option("--format", "-f", help="Format à produire : md, html ou all (les deux)."),
    ] = "all",
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Dossier où écrire protocole.md et protocole.html."),
    ] = Path("site"),
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Date de l'état présenté (AAAA-MM-JJ) ; par défaut aujourd'hui.",
            show_default=False,
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Dossier de modèles Jinja2 qui remplacent les modèles fournis, un à un.",
            show_default=False,
        ),
    ] = None,
    follow_symlinks: FollowOption = False,
) -> None:
    """Publier le protocole, les fiches et les avenants en Markdown et en HTML."""
    check_choice(format, FORMAT_CHOICES, "--format")
    day = parse_date(as_of)
    check_data_folder(data)
    check_output_folder(output)
    from tindustrie.render import RenderError, write_outputs
    from tindustrie.render import render as render_project
    from tindustrie.reporters import REPORTERS
    from tindustrie.validation import check_folder

    report = check_folder(data, follow_symlinks)
    project = report.valid_project()
    if project is None:
        REPORTERS["text"](sys.stdout, sys.stderr).report(report, False)
        sys.stderr.write("Données invalides : rien n'a été écrit.\n")
        raise typer.Exit(1)
    formats = ("md", "html") if format == "all" else (format,)
    try:
        outputs = render_project(project, day, formats, templates)
        written = write_outputs(outputs, output)
    except RenderError as exc:
        sys.stderr.write(f"Erreur : {exc.message}\n")
        raise typer.Exit(exc.exit_code) from None
    for path in written:
        typer.echo(f"Écrit : {path}")
