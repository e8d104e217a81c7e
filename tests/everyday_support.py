"""Shared helpers of the everyday-use tests (list, show, new, schema, CI)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
AS_OF = "2024-01-01"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI as a user does; return (exit code, stdout, stderr)."""
    return tuple(run_cli(argv))  # type: ignore[return-value]


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.md"))
    return target
