"""Loading a data folder for the commands that need valid data (list, show)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from tindustrie.cli._app import check_data_folder, usage_error
from tindustrie.project import ValidProject


def load_valid(data: Path, follow_symlinks: bool = False) -> ValidProject:
    """The project, or its problems printed on stderr and exit 1."""
    check_data_folder(data)
    from tindustrie.reporters import REPORTERS
    from tindustrie.validation import check_folder

    report = check_folder(data, follow_symlinks)
    project = report.valid_project()
    if project is None:
        REPORTERS["text"](sys.stderr, sys.stderr).report(report)
        sys.stderr.write(
            "Les données contiennent des erreurs : corrigez-les d'abord "
            "(voir `tindustrie validate`).\n"
        )
        raise typer.Exit(1)
    return project


def unknown_filter(option: str, value: str, known: tuple[str, ...]) -> None:
    usage_error(
        f"valeur « {value} » inconnue pour {option}",
        "Valeurs connues : " + (", ".join(known) if known else "aucune") + ".",
    )
