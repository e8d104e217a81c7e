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


_SEVERITY_FR = {"error": "erreur", "warning": "avertissement"}


def catalogue_markdown() -> str:
    """`docs/regles.md`: every rule with its code, severity, title and documentation."""
    lines = [
        "# Règles de validation",
        "",
        "<!-- Fichier généré par `python scripts/gen_regles.py` depuis le code : ne pas "
        "modifier à la main. -->",
        "",
        "Chaque problème signalé par `tindustrie validate` porte un code stable. Une "
        "**erreur** fait échouer la validation (code de sortie 1) ; un **avertissement** "
        "ne la fait échouer qu'avec `--strict`.",
        "",
        "| Code | Gravité | Titre |",
        "|------|---------|-------|",
    ]
    rules = catalogue()
    lines += [
        f"| [{r.code}](#{r.code.lower()}) | {_SEVERITY_FR[r.severity]} | {r.title} |" for r in rules
    ]
    for r in rules:
        doc = " ".join(part.strip() for part in r.doc.strip().splitlines())
        lines += ["", f"## {r.code}", "", f"**{r.title}** — {_SEVERITY_FR[r.severity]}.", "", doc]
    return "\n".join(lines) + "\n"
