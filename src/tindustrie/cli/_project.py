"""Loading a data folder for the commands that need valid data.

``list``, ``show``, ``financing`` and ``render`` work only on data that
validates: on an error they print the problems on stderr and exit 1, having
written nothing on stdout.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tindustrie.cli._app import check_data_folder, usage_error

if TYPE_CHECKING:  # the models cost start-up time: `--version` must not pay for them
    from tindustrie.project import Project, ValidProject
    from tindustrie.validation import Report


def load_valid(
    data: Path,
    follow_symlinks: bool = False,
    *,
    refusal: str = "les données contiennent des erreurs : corrigez-les d'abord",
    mention_warnings: bool = False,
) -> ValidProject:
    """The valid project; else its problems printed, ``refusal`` said, and exit 1.

    Warnings do not stop the command; ``mention_warnings`` says their count on stderr.
    """
    report = _valid_report(data, follow_symlinks, refusal)
    project = report.valid_project()
    assert project is not None
    if mention_warnings and report.summary.warnings:
        from tindustrie.cli._streams import say
        from tindustrie.reporters import summary_line

        say(summary_line(report.summary) + " Détail : tindustrie validate.")
    # The loaded project lives until the command ends: the cycle collector need
    # not walk it again at each collection the ledger or the templates trigger
    # (that walk was half of the ledger's time on a large territory).
    gc.freeze()
    return project


def _valid_report(data: Path, follow_symlinks: bool, refusal: str) -> Report:
    """The report of a folder with no error; else its problems printed, and exit 1."""
    check_data_folder(data)
    from tindustrie.errors import InvalidData
    from tindustrie.reporters import TextReporter
    from tindustrie.validation import check_folder

    report = check_folder(data, follow_symlinks)
    if report.valid_project() is None:
        TextReporter(sys.stderr, sys.stderr).report(report)
        raise InvalidData(refusal, "Détail : tindustrie validate.")
    return report


def load_valid_project(data: Path, follow_symlinks: bool = False, *, refusal: str) -> Project:
    """Like :func:`load_valid`, but the project with its files and positions (to edit them)."""
    return _valid_report(data, follow_symlinks, refusal).project


def unknown_filter(option: str, value: str, known: tuple[str, ...]) -> None:
    usage_error(
        f"valeur « {value} » inconnue pour {option}",
        "Valeurs connues : " + (", ".join(known) if known else "aucune") + ".",
    )
