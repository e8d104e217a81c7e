"""Problems are values: what is wrong, where, and how to fix it.

A :class:`Rule` is the stable, documented identity of a check (its code, its
severity, a French title and a French documentation). A :class:`Problem` is one
occurrence, with a position in a file. Nothing here raises at the user.

Every rule is made by :func:`declare`, which files it in one catalogue: the
checks of :mod:`tindustrie.rules` through their decorator, the reading rules
(syntax, shape) where they are found. :func:`catalogue` lists them all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from tindustrie.wording import shorten

#: Longest message or hint kept in a problem (a 1 Mo value never floods a report).
MESSAGE_LIMIT = 1000
#: Longest piece of the user's text quoted in a message.
QUOTE_LIMIT = 80
#: Unicode categories shown escaped: controls, format characters (bidi marks,
#: zero-width space and joiners, word joiner, byte order mark, soft hyphen),
#: surrogates, line and paragraph separators.
_HIDDEN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
#: The spaces (category Zs) other than U+0020: ``str.isprintable`` says they are not
#: printable, yet they are shown as they are (the no-break spaces of French amounts).
SPACES = "".join(map(chr, (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)))
_AS_SPACE = str.maketrans(dict.fromkeys(SPACES, " "))


def visible(text: str) -> str:
    """``text`` with control, format (bidirectional, zero-width, byte order mark),
    line-separator and noncharacter code points written as ``\\xNN`` / ``\\uNNNN`` /
    ``\\UNNNNNNNN``: a report never moves the cursor of a terminal, never hides a
    character (« agglo » and « agg\\u200blo » look different), never breaks a line of
    a machine format. The one terminal escaper (:mod:`tindustrie.formats.escape`)."""
    if text.isprintable() or text.translate(_AS_SPACE).isprintable():
        return text  # nothing to escape (the common case: checked in C, not per character)
    return "".join(_escape(c) if _unsafe(c) else c for c in text)


def _unsafe(char: str) -> bool:
    code = ord(char)
    category = unicodedata.category(char)
    return (
        category in _HIDDEN
        or char in _BIDI
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
        or (category == "Cn" and _ignorable_unassigned(code))
    )


def _ignorable_unassigned(code: int) -> bool:
    """Unassigned code points that Unicode reserves as default-ignorable: a font
    engine draws nothing for them (U+2065, U+FFF0–FFF8, U+E0000–E0FFF)."""
    return code == 0x2065 or 0xFFF0 <= code <= 0xFFF8 or 0xE0000 <= code <= 0xE0FFF


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """The user's text as shown inside « » in a message: short and visible."""
    return visible(shorten(str(value), limit))


class Severity(StrEnum):
    """How much a problem matters.

    An **error** fails validation; a **warning** fails it only under
    ``--strict``; an **info** (« remarque ») never does, even under ``--strict``:
    it suggests an improvement (a public financer without its SIREN) that
    existing data folders need not have made to stay valid.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """``erreur``, ``avertissement``, ``remarque``."""
        return _SEVERITY_LABELS[self][0]

    @property
    def plural(self) -> str:
        """``erreurs``, ``avertissements``, ``remarques``."""
        return _SEVERITY_LABELS[self][1]


_SEVERITY_LABELS = {
    Severity.ERROR: ("erreur", "erreurs"),
    Severity.WARNING: ("avertissement", "avertissements"),
    Severity.INFO: ("remarque", "remarques"),
}


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
        return Problem(
            self.code,
            self.severity,
            visible(file),
            line,
            column,
            visible(shorten(message, MESSAGE_LIMIT)),
            visible(shorten(hint, MESSAGE_LIMIT)),
        )


#: Every rule, by code: filled once, as the modules that declare them are imported.
_CATALOGUE: dict[str, Rule] = {}


def declare(code: str, severity: Severity, title: str, doc: str) -> Rule:
    """A new rule, filed in the catalogue (a code is declared once)."""
    if code in _CATALOGUE:
        raise ValueError(f"rule {code} declared twice")
    rule = Rule(code, severity, title, doc)
    _CATALOGUE[code] = rule
    return rule


def catalogue() -> list[Rule]:
    """Every rule declared so far, by code (import :mod:`tindustrie.rules` for them all)."""
    return [_CATALOGUE[code] for code in sorted(_CATALOGUE)]


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
    infos: int = 0

    @classmethod
    def of(cls, problems: Iterable[Problem], files: int) -> Summary:
        counts = dict.fromkeys(Severity, 0)
        for p in problems:
            counts[p.severity] += 1
        return cls(counts[Severity.ERROR], counts[Severity.WARNING], files, counts[Severity.INFO])


def is_valid(problems: Iterable[Problem], strict: bool = False) -> bool:
    """Valid when there is no error (and no warning either under ``strict``); an
    info never makes data invalid."""
    return not any(
        p.severity is Severity.ERROR or (strict and p.severity is Severity.WARNING)
        for p in problems
    )
