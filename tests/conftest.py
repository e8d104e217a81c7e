"""The one CLI runner of the test suite.

``run_cli(argv)`` runs ``tindustrie argv`` in this process, as ``python -m tindustrie``
would: stdout and stderr captured, the exit code read from ``SystemExit``. It asserts
what holds for every run a user can make: no Python traceback, an integer exit code.
Tests take it as the ``cli`` fixture, or import it (``from conftest import run_cli``)
in their support modules.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

import pytest
from hypothesis import settings

from tindustrie.cli import main

#: In CI (``CI`` set, as GitHub, GitLab and ``.ci/run`` do) the property tests draw
#: the same examples at every run, so a red build is always a change's doing; on a
#: developer's machine each run explores new examples.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


class Run(NamedTuple):
    """One run of the CLI: unpacks as ``code, out, err``."""

    code: int
    out: str
    err: str


def run_cli(argv: Sequence[str]) -> Run:
    """``tindustrie argv`` in this process; its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code: object = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(argv))
        except SystemExit as done:
            code = done.code
    if code is None:
        code = 0
    assert isinstance(code, int), f"exit code {code!r} is not an integer"
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``cli("list", "--data", path)``: the CLI as a user runs it, outside any CI runner."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITLAB_CI", raising=False)

    def run(*argv: str) -> Run:
        return run_cli(argv)

    return run


@pytest.fixture(autouse=True)
def _nothing_frozen() -> Iterator[None]:
    """Each test ends as its process would: a command that loads valid data freezes
    it out of the cycle collector (`gc.freeze`) until the process ends. In this one
    long process, what each test froze would pile up, and every later check would pay
    for counting it (`gc.get_freeze_count` walks it all)."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def _no_disk_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Written files still go to a temporary file renamed into place, but are not
    forced to the disk (`os.fsync`): no test can observe it, and on a disk shared
    with other work each sync waits milliseconds, hundreds of times per run. The
    test of a failing sync (`test_atomic_write_keeps_the_previous_file_whole`) puts
    its own in place."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)
