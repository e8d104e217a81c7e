"""Cross-file checks, one module per family.

Each check is a function registered with its rule by the
:func:`~tindustrie.rules.registry.rule` decorator, its documentation next to it
(its docstring). Importing this package registers every family; the reading
rules (syntax, shape) are declared by :mod:`tindustrie.yamlio`,
:mod:`tindustrie.loader` and :mod:`tindustrie.shape`.
"""

from __future__ import annotations

from tindustrie import loader, shape, yamlio  # noqa: F401 - their rules join the catalogue
from tindustrie.problems import catalogue
from tindustrie.rules import avenants, fiches, ledger, protocole, references  # noqa: F401
from tindustrie.rules.registry import CHECKS, Check, run_checks

__all__ = ["CHECKS", "Check", "catalogue", "catalogue_markdown", "run_checks"]


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
        "ne la fait échouer qu'avec `--strict` ; une **remarque** ne la fait jamais "
        "échouer, même avec `--strict` : elle suggère un complément utile (annotation "
        "`notice` sur GitHub, gravité `info` dans le rapport GitLab et en JSON).",
        "",
        "| Code | Gravité | Titre |",
        "|------|---------|-------|",
    ]
    rules = catalogue()
    lines += [f"| [{r.code}](#{r.code.lower()}) | {r.severity.label} | {r.title} |" for r in rules]
    for r in rules:
        doc = " ".join(part.strip() for part in r.doc.strip().splitlines())
        lines += ["", f"## {r.code}", "", f"**{r.title}** — {r.severity.label}.", "", doc]
    return "\n".join(lines) + "\n"
