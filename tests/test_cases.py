"""Every rule, on small data folders: ``tests/cases/<CODE-nom>/{valid,invalid}/<cas>/``.

A case folder holds the files that replace those of ``tests/cases/_base`` (a
small valid protocol) and ``expected.yaml``: the exact list of problems,
``CODE file line column`` each (``-`` for no line), optionally with a piece of
the message or of the hint. Dropping a folder in adds a case (see
``tests/cases/README.md``).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tindustrie.problems import Problem
from tindustrie.rules import catalogue
from tindustrie.validation import check_folder

CASES = Path(__file__).parent / "cases"
BASE = CASES / "_base"
EXPECTED = "expected.yaml"
#: Rule families covered here: all of them.
FAMILIES = ("TI1", "TI2", "TI3", "TI4", "TI5", "TI6")


@dataclass(frozen=True)
class Expected:
    code: str
    file: str
    line: int | None
    column: int | None
    message: str = ""
    hint: str = ""

    @classmethod
    def parse(cls, item: Any) -> Expected:
        if isinstance(item, str):
            item = {"at": item}
        code, file, line, column = item["at"].split()
        return cls(
            code,
            file,
            None if line == "-" else int(line),
            None if column == "-" else int(column),
            item.get("message", ""),
            item.get("hint", ""),
        )

    def key(self) -> tuple[str, str, int | None, int | None]:
        return (self.code, self.file, self.line, self.column)


def case_dirs() -> list[Path]:
    return sorted(p.parent for p in CASES.glob(f"*/*/*/{EXPECTED}"))


def spec(case: Path) -> dict[str, Any]:
    return yaml.safe_load((case / EXPECTED).read_text(encoding="utf-8")) or {}


def build_case(case: Path, tmp: Path) -> Path:
    """The case's data folder: ``_base`` overlaid with the case's own files."""
    data = tmp / "data"
    meta = spec(case)
    if meta.get("base", True):
        shutil.copytree(BASE, data)
    else:
        data.mkdir()
    for name in meta.get("remove", []):
        (data / name).unlink()
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if rel.name == EXPECTED or source.is_dir():
            continue
        target = data / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return data


def actual(data: Path) -> list[Problem]:
    """The problems of ``data``, with file names relative to the data folder."""
    here = Path.cwd()
    os.chdir(data)
    try:
        return check_folder(Path(".")).problems
    finally:
        os.chdir(here)


def _id(case: Path) -> str:
    return str(case.relative_to(CASES))


@pytest.mark.parametrize("case", case_dirs(), ids=_id)
def test_case(case: Path, tmp_path: Path) -> None:
    meta = spec(case)
    expected = [Expected.parse(item) for item in meta.get("problems") or []]
    problems = actual(build_case(case, tmp_path))

    got = sorted((p.code, p.file, p.line, p.column) for p in problems)
    assert got == sorted(e.key() for e in expected), "\n".join(
        f"{p.code} {p.file} {p.line} {p.column}  {p.message} → {p.hint}" for p in problems
    )
    for e in expected:
        (match,) = {p for p in problems if (p.code, p.file, p.line, p.column) == e.key()}
        assert e.message in match.message, match
        assert e.hint in match.hint, match

    rule_code = case.parent.parent.name.split("-")[0]
    kind = case.parent.name
    assert kind in ("valid", "invalid"), case
    codes = {p.code for p in problems}
    if kind == "invalid":
        assert rule_code in codes, f"{rule_code} should fire in {_id(case)}"
    else:
        assert rule_code not in codes, f"{rule_code} should stay silent in {_id(case)}"
    for p in problems:  # every message and hint is French and self-contained
        assert p.message and p.hint, p
        assert "Traceback" not in p.message + p.hint


def test_base_is_valid(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    assert actual(data) == []


@pytest.mark.parametrize(
    "code",
    [r.code for r in catalogue() if r.code.startswith(FAMILIES)],
)
def test_every_rule_has_cases(code: str) -> None:
    folders = [p for p in CASES.glob(f"{code}*") if p.is_dir()]
    assert folders, f"no folder tests/cases/{code}-…"
    for kind in ("valid", "invalid"):
        cases = [c for folder in folders for c in folder.glob(f"{kind}/*/{EXPECTED}")]
        assert cases, f"no {kind} case for {code}"


def test_rule_folders_name_known_rules() -> None:
    codes = {r.code for r in catalogue()}
    for folder in CASES.iterdir():
        if folder.is_dir() and not folder.name.startswith("_"):
            assert folder.name.split("-")[0] in codes, folder
