"""Problems are values: what is wrong, where, and how to fix it.

A :class:`Rule` is the stable, documented identity of a check (its code, its
severity, a French title and a French documentation). A :class:`Problem` is one
occurrence, with a position in a file. Nothing here raises at the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    """A check's stable identity and its user documentation (French)."""

    code: str
    severity: Severity
    title: str
    doc: str

    def problem(
        self,
        file: str,
        line: int | None,
        column: int | None,
        message: str,
        hint: str = "",
    ) -> Problem:
        return Problem(self.code, self.severity, file, line, column, message, hint)


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity
    file: str
    line: int | None
    column: int | None
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by file, line, column; duplicates removed; deterministic."""
    return sorted(set(problems), key=Problem.sort_key)


@dataclass(frozen=True, slots=True)
class Summary:
    errors: int
    warnings: int
    files: int

    @classmethod
    def of(cls, problems: Iterable[Problem], files: int) -> Summary:
        errors = warnings = 0
        for p in problems:
            if p.is_error:
                errors += 1
            else:
                warnings += 1
        return cls(errors, warnings, files)


def is_valid(problems: Iterable[Problem], strict: bool = False) -> bool:
    """Valid when there is no error (and no warning either under ``strict``)."""
    return not any(p.is_error or strict for p in problems)
