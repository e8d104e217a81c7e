"""The few rules of French wording every message and view shares, written once.

- :func:`plural`: « 0 fiche », « 1 fiche », « 2 fiches » (French: 0 and 1 take
  the singular);
- :func:`enumeration`: « 2.2 », « 2.2 et 3.2 », « 1.1, 2.2 et 3.2 »;
- :func:`shorten`: a long text cut with « … »;
- :func:`closest` and :func:`did_you_mean`: the one « Vouliez-vous dire ? »
  matcher, bounded in work whatever the number of known identifiers.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

#: Most known values compared with an unknown one (difflib costs about 10 µs each).
MAX_CANDIDATES = 300


def plural(count: int, one: str, many: str) -> str:
    """``count`` and its noun: singular for 0 and 1, as French does."""
    return f"{count} {one if abs(count) < 2 else many}"


def enumeration(items: Sequence[str], last: str = "et") -> str:
    """``a``, ``a et b``, ``a, b et c``."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one « … » when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _candidates(value: str, ordered: Sequence[str]) -> Sequence[str]:
    """The known values worth comparing: all of them when few, else those of a close
    length sharing the first character, so that thousands of identifiers stay fast."""
    if len(ordered) <= MAX_CANDIDATES:
        return ordered
    first, size = value[:1], len(value)
    near = [k for k in ordered if k[:1] == first and abs(len(k) - size) <= 2]
    return near[:MAX_CANDIDATES]


def closest(value: str, known: Iterable[str], n: int = 3, cutoff: float = 0.5) -> tuple[str, ...]:
    """The known values nearest to ``value`` (none when nothing is close)."""
    ordered = sorted(known)
    found = difflib.get_close_matches(value[:100], _candidates(value, ordered), n, cutoff)
    if not found and "." in value:  # "1.9": the fiches of axis 1
        prefix = value.split(".")[0] + "."
        found = [k for k in ordered if k.startswith(prefix)][:n]
    return tuple(found)


def did_you_mean(value: str, known: Iterable[str], what: str) -> str:
    """A hint naming the nearest known values, or listing them when few."""
    ordered = sorted(known)
    close = closest(value, ordered)
    if close:
        return "Vouliez-vous dire " + " ou ".join(f"« {c} »" for c in close) + " ?"
    if not ordered:
        return f"Aucun identifiant de {what} n'est déclaré."
    if len(ordered) <= 12:
        return f"Identifiants de {what} connus : " + ", ".join(ordered) + "."
    return f"Vérifiez l'orthographe ; {len(ordered)} identifiants de {what} sont déclarés."
