"""The corpus of hostile and broken data folders (issue 6).

Each folder of ``tests/corpus/`` (except ``_base``) is one case: files laid
over the valid ``_base`` folder, an optional ``make.py`` for what git cannot
hold (huge files, symbolic links, FIFOs, odd bytes), and ``expected.yaml`` in the
one format of ``harness`` (shared with ``tests/cases``): why the outcome is what
it is, and the exact problems expected as ``CODE file line [column]``.

One test per case runs the library (every entry point of
``entrypoints.LIBRARY_ENTRIES``) and the command line (every command of
``entrypoints.CLI_COMMANDS`` in each of its formats), and asserts the exact
problems, the exit code of every command (1 exactly when validate finds an
error), parseable machine output with nothing meant for a person on stdout,
and that no traceback or internal-error path (exit 70) is ever reached. Every
command runs in every format on the valid cases and on a few invalid ones
(``FULL_MATRIX``); the other cases run the light commands in one format, and a
big case (``quick``) only what ``QUICK`` names.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus_support import (
    Case,
    all_cases,
    as_root,
    assert_clean_run,
    check_command,
    check_rendered,
    machine_problems,
    run_cli,
    run_command,
)
from entrypoints import CLI_COMMANDS, LIBRARY_ENTRIES
from tindustrie.problems import MESSAGE_LIMIT
from tindustrie.validation import check_folder

CASES = all_cases()

#: The invalid cases on which every command runs in every format (the valid cases
#: always do); the others run each light command in its first format, since any
#: command refuses invalid data after the same check as `validate`.
FULL_MATRIX = {
    "cle-en-double",
    "fiches-est-un-fichier",
    "fichier-illisible",
    "lien-en-boucle",
    "null-en-tete",
    "protocole-absent",
    "syntaxe-protocole",
}
#: What runs on a big (``quick``) case, to keep CI fast.
QUICK = {"validate", "financing", "validate_entry", "financing_entry"}


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45
    assert all(case.why for case in CASES)


def test_every_command_is_run() -> None:
    from tindustrie.cli import COMMAND_MODULES
    from tindustrie.cli._app import app

    names = {c.name or getattr(c.callback, "__name__", "") for c in app.registered_commands}
    names |= {g.name or "" for g in app.registered_groups}
    assert len(names) == len(COMMAND_MODULES)
    assert names == {command.argv[0] for command in CLI_COMMANDS}
    assert len(LIBRARY_ENTRIES) == len(COMMAND_MODULES)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.skip_as_root and as_root():
        pytest.skip(case.skip_as_root)
    data = case.build(tmp_path)
    monkeypatch.chdir(data)  # files are then reported relative to the data folder
    here = Path(".")

    report = check_folder(here, case.follow_symlinks)
    case.spec.check(report.problems)
    for p in report.problems:
        assert p.message and len(p.message) <= MESSAGE_LIMIT and len(p.hint) <= MESSAGE_LIMIT
        assert p.message.isprintable() or "\u00a0" in p.message or "\u202f" in p.message
        assert p.file.isprintable()
    valid = report.valid_project() is not None
    has_error = any(p.is_error for p in report.problems)
    assert valid == (not has_error)
    entries = [e for e in LIBRARY_ENTRIES if e.__name__ in QUICK] if case.quick else LIBRARY_ENTRIES
    for entry in entries:  # every command's library side: a value, never a raise
        result = entry(here, case.follow_symlinks)
        if entry.__name__ in (
            "financing_entry",
            "suivi_entry",
            "render_entry",
            "list_entry",
            "show_entry",
        ):
            assert (result is not None) == valid, entry.__name__
        if entry.__name__ == "render_entry" and isinstance(result, dict):
            project = report.valid_project()
            assert project is not None
            check_rendered(result, [(f.id, f.titre) for f in project.fiches])

    before = tree(data)
    matrix = not case.quick and (valid or case.name in FULL_MATRIX)
    for command in CLI_COMMANDS:
        if case.quick and command.kind not in QUICK:
            continue
        if command.heavy and not matrix:
            continue
        formats = command.formats if matrix or command.kind == "validate" else command.formats[:1]
        if case.quick:
            formats = formats[:1]
        for fmt in formats or (None,):
            run, _ = run_command(command, here, tmp_path, fmt, case.follow_symlinks)
            check_command(command, fmt, run, report)
            if command.kind != "validate" or fmt is None:
                continue
            expected = case.expected
            if fmt == "gitlab":  # GitLab has no "no line": it gets line 1
                expected = sorted((c, f, 0) for c, f, _ in expected)
            assert sorted(machine_problems(fmt, run.out)) == expected, fmt
            if fmt != "json":
                assert run.err.count("\n") == 1, "only the summary line, for a person, on stderr"
        if command.kind == "validate" and not case.quick:
            link = ["--follow-symlinks"] if case.follow_symlinks else []
            run = run_cli([*command.argv, "--data", ".", *link, "--format", "text"])
            assert_clean_run(run)
            assert run.code == (1 if has_error else 0)
    assert tree(data) == before, "a command wrote into the data folder"


def tree(folder: Path) -> list[str]:
    """Every path under ``folder`` (links not followed)."""
    return sorted(
        os.path.relpath(os.path.join(top, name), folder)
        for top, dirs, files in os.walk(folder)
        for name in dirs + files
    )
