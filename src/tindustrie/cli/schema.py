"""`tindustrie schema`: write the JSON Schemas that editors use to help while typing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tindustrie.cli._app import app, check_output_folder


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
    from tindustrie.errors import WriteError
    from tindustrie.oserror import os_reason
    from tindustrie.schemas import write_all

    check_output_folder(output)
    try:
        written = write_all(output)
    except OSError as exc:
        raise WriteError(f"impossible d'écrire dans {output} : {os_reason(exc)}") from None
    for path in written:
        sys.stdout.write(f"{path}\n")
