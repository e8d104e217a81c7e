"""The corpus of hostile and broken data folders (issue 6).

Each folder of ``tests/corpus/`` (except ``_base``) is one case: files laid
over the valid ``_base`` folder, an optional ``make.py`` for what git cannot
hold (huge files, symbolic links, FIFOs, odd bytes), and ``case.toml``: why
the outcome is what it is, and the exact problems expected as
``[code, file, line]`` (line 0: the problem has none).

One test per case runs the library (every entry point of
``entrypoints.LIBRARY_ENTRIES``) and the command line (every command of
``entrypoints.CLI_COMMANDS`` in each of its machine formats), and asserts the
exact problems, parseable machine output, the exit code, and that no
traceback or internal-error path (exit 70) is ever reached.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_support import (
    Case,
    all_cases,
    as_root,
    assert_clean_run,
    machine_problems,
    run_cli,
)
from entrypoints import CLI_COMMANDS, LIBRARY_ENTRIES
from tindustrie.problems import MESSAGE_LIMIT
from tindustrie.validation import check_folder

CASES = all_cases()


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45
    assert all(case.why for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.skip_as_root and as_root():
        pytest.skip(case.skip_as_root)
    data = case.build(tmp_path)
    monkeypatch.chdir(data)  # files are then reported relative to the data folder
    here = Path(".")

    report = check_folder(here, case.follow_symlinks)
    found = sorted((p.code, p.file, p.line or 0) for p in report.problems)
    assert found == case.expected, case.why
    for p in report.problems:
        assert p.message and len(p.message) <= MESSAGE_LIMIT and len(p.hint) <= MESSAGE_LIMIT
        assert p.message.isprintable() or "\u00a0" in p.message or "\u202f" in p.message
        assert p.file.isprintable()
    for entry in LIBRARY_ENTRIES:  # every command's library side: a value, never a raise
        entry(here, case.follow_symlinks)

    has_error = any(p.is_error for p in report.problems)
    for command in CLI_COMMANDS:
        link = ["--follow-symlinks"] if case.follow_symlinks and command.follows_links else []
        formats = command.formats[:1] if case.quick else command.formats
        for fmt in formats or (None,):
            argv = [*command.argv, "--data", ".", *link]
            if fmt is not None:
                argv += ["--format", fmt]
            run = run_cli(argv)
            assert_clean_run(run)
            if command.argv != ("validate",) or fmt is None:
                continue
            assert run.code == (1 if has_error else 0)
            expected = case.expected
            if fmt == "gitlab":  # GitLab has no "no line": it gets line 1
                expected = sorted((c, f, 0) for c, f, _ in expected)
            assert sorted(machine_problems(fmt, run.out)) == expected, fmt
            if fmt != "json":
                assert run.err.count("\n") == 1, "only the summary line, for a person, on stderr"
        if command.argv == ("validate",) and not case.quick:
            run = run_cli([*command.argv, "--data", ".", *link, "--format", "text"])
            assert_clean_run(run)
            assert run.code == (1 if has_error else 0)
