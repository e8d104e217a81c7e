"""The whole corpus with an output that cannot take the text.

``PYTHONIOENCODING=ascii`` (a Windows console, a Latin-9 terminal) and a closed
standard output (``>&-``), for ``validate``, ``list``, ``show`` and ``financing``
on every case of ``tests/corpus``. The CLI runs in this process with the streams
Python itself would make (an ``ascii`` ``TextIOWrapper``, ``None`` when descriptor 1
is closed): one subprocess per case and command would take minutes. One real
subprocess per situation checks the equivalence.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.corpus_support import all_cases

from tindustrie.cli import main

COMMANDS = (("validate",), ("list",), ("show", "1.1"), ("financing",))
EXIT_INTERNAL = 70


def _run(argv: list[str], stdout: io.TextIOWrapper | None) -> tuple[int, str]:
    """Exit code and stderr of ``tindustrie argv`` with ``stdout`` as standard output."""
    err_bytes = io.BytesIO()
    err = io.TextIOWrapper(err_bytes, encoding="ascii", errors="backslashreplace")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, err  # type: ignore[assignment]
    try:
        try:
            main(argv)
            code: object = 0
        except SystemExit as done:
            code = done.code
    finally:
        sys.stdout, sys.stderr = saved
        err.flush()
    assert isinstance(code, int) or code is None
    return int(code or 0), err_bytes.getvalue().decode("ascii")


def _ascii_stdout() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")


@pytest.mark.slow  # about 20 s per situation on a shared machine
@pytest.mark.parametrize("situation", ["ascii", "closed"])
def test_corpus_with_an_output_that_cannot_take_the_text(
    situation: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITLAB_CI", raising=False)
    for case in all_cases():
        if case.follow_symlinks or case.quick:
            continue
        data = case.build(tmp_path / case.name)
        for command in COMMANDS:
            stdout = _ascii_stdout() if situation == "ascii" else None
            code, err = _run([*command, "--data", str(data)], stdout)
            where = (case.name, command, code, err[-500:])
            assert code != EXIT_INTERNAL and "Traceback" not in err, where
            if situation == "ascii":
                assert code in (0, 1), where  # replaced, never fatal
            else:
                assert code in (0, 1, 3), where
                if code == 3:
                    assert "sortie standard est ferm" in err, where


@pytest.mark.parametrize("situation", ["ascii", "closed"])
def test_a_real_process_behaves_the_same(situation: str, tmp_path: Path) -> None:
    case = next(c for c in all_cases() if c.name == "texte-invisible-partout")
    data = case.build(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "ascii" if situation == "ascii" else "utf-8"}
    prefix = "exec 1>&-; " if situation == "closed" else ""
    argv = f'{prefix}exec "{sys.executable}" -m tindustrie list --data "{data}"'
    real = subprocess.run(["sh", "-c", argv], env=env, capture_output=True, check=False)
    stdout = _ascii_stdout() if situation == "ascii" else None
    code, _ = _run(["list", "--data", str(data)], stdout)
    assert real.returncode == code, real.stderr.decode("utf-8", "replace")
    if real.returncode == 3:
        assert "sortie standard est ferm" in real.stderr.decode("ascii", "replace")
