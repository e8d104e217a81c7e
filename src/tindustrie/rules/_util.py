"""Small helpers shared by the checks."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from tindustrie.problems import Problem, Rule
from tindustrie.project import Entry
from tindustrie.yamlio import Path_


def at(rule: Rule, entry: Entry[Any], path: Path_, message: str, hint: str = "") -> Problem:
    """A problem of ``rule`` at the value ``path`` of ``entry``'s file."""
    line, column = entry.doc.at(path)
    return rule.problem(entry.file, line, column, message, hint)


def suggest(value: str, known: Iterable[str], what: str, feminine: bool = False) -> str:
    """A hint naming the nearest known values, or listing them when few.

    ``what`` is the singular French noun (``partenaire``, ``fiche``);
    ``feminine`` agrees the words around it.
    """
    ordered = sorted(known)
    close = difflib.get_close_matches(value, ordered, n=3, cutoff=0.5)
    if close:
        return "Vouliez-vous dire " + " ou ".join(f"« {c} »" for c in close) + " ?"
    e = "e" if feminine else ""
    if not ordered:
        return f"Aucun{e} {what} n'est déclaré{e}."
    if len(ordered) <= 12:
        return f"{what.capitalize()}s connu{e}s : " + ", ".join(ordered) + "."
    return f"Vérifiez l'orthographe ; {len(ordered)} {what}s sont déclaré{e}s."
