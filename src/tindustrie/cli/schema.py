"""`tindustrie schema`: write the JSON Schemas that editors use to help while typing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tindustrie.cli._app import app, usage_error


@app.command()
def schema(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Dossier où écrire protocole.schema.json, fiche.schema.json et "
            "avenant.schema.json.",
            show_default=True,
        ),
    ] = Path("schemas"),
) -> None:
    """Écrire les schémas JSON du protocole, d'une fiche et d'un avenant (pour l'éditeur)."""
    from tindustrie.schemas import write_all

    if output.exists() and not output.is_dir():
        usage_error(f"« {output} » n'est pas un dossier", "`--output` attend un dossier.")
    try:
        written = write_all(output)
    except OSError as exc:
        sys.stderr.write(f"Erreur : impossible d'écrire dans {output} ({exc.strerror}).\n")
        raise typer.Exit(1) from None
    for path in written:
        sys.stdout.write(f"{path}\n")
