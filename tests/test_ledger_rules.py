"""The ledger checks TI601-TI603 on small data folders under tests/ledger_cases/.

Each ``<code>/{valid,invalid}/`` folder is a whole data folder; its
``expected.txt`` lists every problem ``validate`` must report, one
``file:line:column CODE`` a line (empty for a valid case).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tindustrie.rules import catalogue
from tindustrie.validation import check_folder

CASES = Path(__file__).resolve().parent / "ledger_cases"
FOLDERS = sorted(p.parent for p in CASES.glob("*/*/expected.txt"))
DATA = Path(__file__).resolve().parent.parent / "data"


def expected(folder: Path) -> list[str]:
    text = (folder / "expected.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def found(folder: Path) -> list[str]:
    report = check_folder(folder)
    return [
        f"{Path(os.path.relpath(p.file, folder)).as_posix()}:{p.line}:{p.column} {p.code}"
        for p in report.problems
    ]


def test_every_ledger_rule_has_a_valid_and_an_invalid_case() -> None:
    codes = {r.code for r in catalogue() if r.code.startswith("TI6")}
    assert codes == {"TI601", "TI602", "TI603"}
    for code in codes:
        assert (CASES / code / "valid" / "expected.txt").is_file()
        invalid = expected(CASES / code / "invalid")
        assert invalid and all(line.endswith(code) for line in invalid)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}-{p.name}")
def test_case(folder: Path) -> None:
    assert found(folder) == expected(folder)


def test_silent_on_the_example_data() -> None:
    assert not [p for p in check_folder(DATA).problems if p.code.startswith("TI6")]


def test_messages_are_french_and_name_the_amounts() -> None:
    report = check_folder(CASES / "TI601" / "invalid")
    (problem,) = report.problems
    assert problem.is_error
    assert "110\u202f000\u00a0€ engagés" in problem.message
    assert "100\u202f000\u00a0€" in problem.message
    assert problem.hint
    (warning,) = check_folder(CASES / "TI603" / "invalid").problems
    assert not warning.is_error
    assert "« etat »" in warning.message
