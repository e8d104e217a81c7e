"""The ledger checks TI601-TI603 beyond their cases (``tests/cases/TI60x-…``)."""

from __future__ import annotations

from pathlib import Path

from tindustrie.validation import check_folder

CASES = Path(__file__).resolve().parent / "cases"
DATA = Path(__file__).resolve().parent.parent / "data"


def _case(code: str, kind: str) -> Path:
    (folder,) = CASES.glob(f"{code}-*/{kind}/dossier-complet")
    return folder


def test_silent_on_the_example_data() -> None:
    assert not [p for p in check_folder(DATA).problems if p.code.startswith("TI6")]


def test_messages_are_french_and_name_the_amounts() -> None:
    report = check_folder(_case("TI601", "invalid"))
    (problem,) = report.problems
    assert problem.is_error
    assert "110\u202f000\u00a0€ engagés" in problem.message
    assert "100\u202f000\u00a0€" in problem.message
    assert problem.hint
    (warning,) = check_folder(_case("TI603", "invalid")).problems
    assert not warning.is_error
    assert "« etat »" in warning.message
