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


#: Most difflib comparisons one :class:`Matcher` makes over a whole run (about 0.2 s):
#: past it, unknown values get the plain hint, without suggestions.
MAX_COMPARISONS = 20_000


class Matcher:
    """« Vouliez-vous dire ? » for many unknown values against one set of known ones.

    The known values are sorted and indexed once (by first character and length);
    each unknown value compares with at most :data:`MAX_CANDIDATES` of them, and the
    whole run with at most ``budget`` of them: 10,000 unknown references cost no
    more than a few hundred. ``comparisons`` counts the work done (for the tests).
    """

    def __init__(self, known: Iterable[str], what: str, budget: int = MAX_COMPARISONS) -> None:
        self.ordered = sorted(set(known))
        self.what = what
        self.budget = budget
        self.comparisons = 0
        self._index: dict[tuple[str, int], list[str]] = {}
        for k in self.ordered:
            self._index.setdefault((k[:1], len(k)), []).append(k)
        self._prefixes: dict[str, list[str]] = {}
        for k in self.ordered:
            if "." in k:
                self._prefixes.setdefault(k.split(".")[0] + ".", []).append(k)
        self._seen: dict[str, tuple[str, ...]] = {}

    def _candidates(self, value: str) -> list[str]:
        if len(self.ordered) <= MAX_CANDIDATES:
            return self.ordered
        first, size = value[:1], len(value)
        near: list[str] = []
        for length in range(size - 2, size + 3):
            near += self._index.get((first, length), ())
        return sorted(near)[:MAX_CANDIDATES]

    def closest(self, value: str, n: int = 3, cutoff: float = 0.5) -> tuple[str, ...]:
        """The known values nearest to ``value`` (none when nothing is close)."""
        if value in self._seen:
            return self._seen[value]
        found: list[str] = []
        if self.comparisons < self.budget:
            candidates = self._candidates(value)
            self.comparisons += len(candidates)
            found = difflib.get_close_matches(value[:100], candidates, n, cutoff)
        if not found and "." in value:  # "1.9": the fiches of axis 1
            found = self._prefixes.get(value.split(".")[0] + ".", [])[:n]
        self._seen[value] = result = tuple(found)
        return result

    def hint(self, value: str) -> str:
        """A hint naming the nearest known values, or listing them when few."""
        close = self.closest(value)
        if close:
            return "Vouliez-vous dire " + " ou ".join(f"« {c} »" for c in close) + " ?"
        if not self.ordered:
            return f"Aucun identifiant de {self.what} n'est déclaré."
        if len(self.ordered) <= 12:
            return f"Identifiants de {self.what} connus : " + ", ".join(self.ordered) + "."
        return (
            f"Vérifiez l'orthographe ; {len(self.ordered)} identifiants de {self.what} "
            "sont déclarés."
        )


def closest(value: str, known: Iterable[str], n: int = 3, cutoff: float = 0.5) -> tuple[str, ...]:
    """The known values nearest to ``value`` (none when nothing is close)."""
    return Matcher(known, "").closest(value, n, cutoff)


def did_you_mean(value: str, known: Iterable[str], what: str) -> str:
    """A hint naming the nearest known values, or listing them when few."""
    return Matcher(known, what).hint(value)
