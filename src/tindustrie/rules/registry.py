"""The checks of a data folder, each registered with the rule it enforces.

A check is one function, decorated with its rule's code, severity and title;
its docstring is the rule's user documentation (French), shown in
``docs/regles.md``. It yields :class:`Finding` values (where, what, how to fix)
and never decides its code or severity: the runner stamps them (as yamllint
does). Adding a rule is writing one function and one test folder.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tindustrie.problems import Problem, Rule, Severity, declare
from tindustrie.project import Entry, Project
from tindustrie.yamlio import Path_


@dataclass(frozen=True, slots=True)
class Finding:
    """One occurrence found by a check, before its rule is stamped on it."""

    file: str
    line: int | None
    column: int | None
    message: str
    hint: str = ""


def at(entry: Entry[Any], path: Path_, message: str, hint: str = "") -> Finding:
    """A finding at the value ``path`` of ``entry``'s file."""
    line, column = entry.doc.at(path)
    return Finding(entry.file, line, column, message, hint)


CheckFunction = Callable[[Project], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    rule: Rule
    function: CheckFunction

    def run(self, project: Project) -> Iterator[Problem]:
        for f in self.function(project):
            yield self.rule.problem(f.file, f.line, f.column, f.message, f.hint)


#: Every check, in the order registered (the report is sorted by position anyway).
CHECKS: list[Check] = []


def rule(code: str, severity: Severity, title: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the check of rule ``code``."""

    def register(function: CheckFunction) -> CheckFunction:
        doc = inspect.getdoc(function)
        if not doc:
            raise ValueError(f"rule {code}: its check needs a docstring (the rule's documentation)")
        CHECKS.append(Check(declare(code, severity, title, doc), function))
        return function

    return register


def run_checks(project: Project, checks: Iterable[Check] | None = None) -> list[Problem]:
    return [
        problem
        for check in (CHECKS if checks is None else checks)
        for problem in check.run(project)
    ]
