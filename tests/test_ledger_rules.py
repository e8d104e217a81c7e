"""The ledger checks beyond their cases (which live with every rule's in tests/cases/):
silent on the example, French messages that name the amounts."""

from __future__ import annotations

from pathlib import Path

from tindustrie.validation import check_folder

CASES = Path(__file__).resolve().parent / "cases"
DATA = Path(__file__).resolve().parent.parent / "data"


def test_silent_on_the_example_data() -> None:
    assert not [p for p in check_folder(DATA).problems if p.code.startswith("TI6")]


def test_messages_are_french_and_name_the_amounts() -> None:
    report = check_folder(CASES / "TI601-engage-superieur-au-cout" / "invalid" / "depasse")
    (problem,) = report.problems
    assert problem.is_error
    assert "110\u202f000\u00a0€ engagés" in problem.message
    assert "100\u202f000\u00a0€" in problem.message
    assert problem.hint
    (warning,) = check_folder(
        CASES / "TI603-financeur-hors-plan" / "invalid" / "financeur-absent"
    ).problems
    assert not warning.is_error
    assert "« etat »" in warning.message
