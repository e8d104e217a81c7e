"""Load a data folder and run every check: the whole of `tindustrie validate`."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tindustrie import clock
from tindustrie.loader import Source, load_project, load_source
from tindustrie.problems import Problem, Summary, is_valid, sort_problems
from tindustrie.project import Project, ValidProject
from tindustrie.rules import run_checks


@dataclass(frozen=True, slots=True)
class Report:
    """Every problem of a data folder, sorted by file and position."""

    project: Project
    problems: list[Problem]

    def valid(self, strict: bool = False) -> bool:
        return is_valid(self.problems, strict)

    @property
    def summary(self) -> Summary:
        return Summary.of(self.problems, self.project.files)

    def valid_project(self) -> ValidProject | None:
        """The project, when it has no error (warnings allowed)."""
        if not self.valid() or self.project.protocole is None:
            return None
        return ValidProject.of(self.project)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a data folder is loaded and checked.

    Loading keeps every value, position and model alive: each automatic
    collection walks all of them again, which doubled the time of `validate`
    on a large territory (see benchmarks/README.md). What is built holds no
    reference cycle, so nothing is lost by not scanning it then. At the end,
    what was built moves to the oldest generation unscanned (``freeze`` then
    ``unfreeze``), where it is checked with the rest of the long-lived objects;
    otherwise the first allocation after the pause would walk it all at once.
    """
    enabled = gc.isenabled()
    frozen_before = gc.get_freeze_count()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if not frozen_before:
            # a caller's freeze (`consolidate` freezes before forking its workers)
            # is kept: unfreezing would hand back everything it froze
            gc.unfreeze()
        if enabled:
            gc.enable()


def check_folder(
    root: Path,
    follow_links: bool = False,
    today: date | None = None,
    *,
    positions: bool = True,
) -> Report:
    """Every problem of the data folder ``root``; ``today`` (by default
    :func:`tindustrie.clock.today`) is the day signatures are checked against.

    ``positions=False`` is for callers that only count the problems (a
    consolidation of many territories): the problems are then neither sorted
    nor merged.
    """
    day = clock.today() if today is None else today
    with gc_paused():
        loaded = load_project(root, follow_links)
        loaded.project.today = day
        if not positions:
            return Report(loaded.project, loaded.problems + run_checks(loaded.project))
        problems = loaded.problems + run_checks(loaded.project)
        return Report(loaded.project, sort_problems(problems))


def check_source(source: Source, today: date | None = None) -> Report:
    """The same as :func:`check_folder`, for any source of files (a git tree)."""
    day = clock.today() if today is None else today
    with gc_paused():
        loaded = load_source(source)
        loaded.project.today = day
        problems = loaded.problems + run_checks(loaded.project)
        return Report(loaded.project, sort_problems(problems))
