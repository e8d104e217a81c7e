"""The one « Vouliez-vous dire ? » of tindustrie: the known values nearest a mistyped one.

Every place that meets an unknown word (a key of the YAML, a partner or fiche
identifier in the data or on the command line, a command) asks here, so the
same typo gets the same answer everywhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: Most known values compared with an unknown one (difflib costs about 10 µs each).
MAX_CANDIDATES = 300
#: How alike two words must be to be offered (difflib's ratio, 0 to 1).
CUTOFF = 0.5


def _candidates(value: str, ordered: list[str]) -> list[str]:
    """The known values worth comparing: all of them when few, else those of a close
    length sharing the first character, so that thousands of fiches stay fast."""
    if len(ordered) <= MAX_CANDIDATES:
        return ordered
    first, size = value[:1], len(value)
    near = [k for k in ordered if k[:1] == first and abs(len(k) - size) <= 2]
    return near[:MAX_CANDIDATES]


def closest(value: str, known: Iterable[str], n: int = 3, cutoff: float = CUTOFF) -> list[str]:
    """The known values nearest ``value``, best first (none when nothing is close).

    A known value that starts with ``value`` (``region`` → ``region-pdl``) counts
    as close even when difflib finds it too long to be alike.
    """
    ordered = sorted(set(known))
    close = difflib.get_close_matches(value[:100], _candidates(value, ordered), n=n, cutoff=cutoff)
    if len(close) < n and value:
        close += [k for k in ordered if k.startswith(value) and k not in close][: n - len(close)]
    return close


def did_you_mean(close: Iterable[str]) -> str:
    """``Vouliez-vous dire « a » ou « b » ?`` (empty when there is nothing to offer)."""
    words = [f"« {c} »" for c in close]
    return f"Vouliez-vous dire {' ou '.join(words)} ?" if words else ""


def suggest(value: str, known: Iterable[str], what: str) -> str:
    """A hint naming the nearest known values, or listing them when few."""
    ordered = sorted(set(known))
    hint = did_you_mean(closest(value, ordered))
    if hint:
        return hint
    if not ordered:
        return f"Aucun identifiant de {what} n'est déclaré."
    if len(ordered) <= 12:
        return f"Identifiants de {what} connus : " + ", ".join(ordered) + "."
    return f"Vérifiez l'orthographe ; {len(ordered)} identifiants de {what} sont déclarés."
