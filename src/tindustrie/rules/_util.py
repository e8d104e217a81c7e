"""Small helpers shared by the checks."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: Most known values compared with an unknown one (difflib costs about 10 µs each).
MAX_CANDIDATES = 300


def _candidates(value: str, ordered: list[str]) -> list[str]:
    """The known values worth comparing: all of them when few, else those of a close
    length sharing the first character, so that thousands of fiches stay fast."""
    if len(ordered) <= MAX_CANDIDATES:
        return ordered
    first, size = value[:1], len(value)
    near = [k for k in ordered if k[:1] == first and abs(len(k) - size) <= 2]
    return near[:MAX_CANDIDATES]


def suggest(value: str, known: Iterable[str], what: str) -> str:
    """A hint naming the nearest known values, or listing them when few."""
    ordered = sorted(known)
    close = difflib.get_close_matches(value[:100], _candidates(value, ordered), n=3, cutoff=0.5)
    if close:
        return "Vouliez-vous dire " + " ou ".join(f"« {c} »" for c in close) + " ?"
    if not ordered:
        return f"Aucun identifiant de {what} n'est déclaré."
    if len(ordered) <= 12:
        return f"Identifiants de {what} connus : " + ", ".join(ordered) + "."
    return f"Vérifiez l'orthographe ; {len(ordered)} identifiants de {what} sont déclarés."
