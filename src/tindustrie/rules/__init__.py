"""Cross-file checks, one module per family.

Each module declares its :class:`~tindustrie.problems.Rule` constants (code,
severity, French documentation) right next to the check that emits them, and
exports ``RULES`` and ``CHECKS``. A check is a generator over a
:class:`~tindustrie.project.Project` that yields problems; it never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from tindustrie import loader, shape, yamlio
from tindustrie.problems import Problem, Rule
from tindustrie.project import Project
from tindustrie.rules import avenants, fiches, ledger, protocole, references

Check = Callable[[Project], Iterator[Problem]]

_FAMILIES = (protocole, references, fiches, avenants, ledger)

CHECKS: tuple[Check, ...] = tuple(check for family in _FAMILIES for check in family.CHECKS)


def run_checks(project: Project, checks: Iterable[Check] = CHECKS) -> list[Problem]:
    return [problem for check in checks for problem in check(project)]


def catalogue() -> list[Rule]:
    """Every rule of the program, sorted by code."""
    rules = [
        *yamlio.RULES,
        *loader.RULES,
        *shape.RULES,
        *(rule for family in _FAMILIES for rule in family.RULES),
    ]
    return sorted(rules, key=lambda r: r.code)
