"""`tindustrie render`: the published protocol, in Markdown and in HTML."""

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
    as_of: AsOfOption = None,
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
    check_output_folder(output)
    project = load_valid(data, follow_symlinks, refusal="données invalides : rien n'a été écrit")
    from tindustrie.render import render_to_folder

    formats = ("md", "html") if format == "all" else (format,)
    written = render_to_folder(project, day, output, formats, templates)
    for path in written:
        typer.echo(f"Écrit : {path}")
