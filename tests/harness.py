"""One expectation format for every data-folder case (``tests/cases``, ``tests/corpus``).

Each case folder holds ``expected.yaml``::

    why: pourquoi le résultat est celui-là      # optional (required in the corpus)
    problems:                                   # the exact list, [] or absent: none
      - at: "TI102 fiches/1.1-accueil.yaml 8 3"  # CODE file line column
        message: un morceau du message           # optional
        hint: un morceau de l'indice             # optional
      - "TI501 protocole.yaml -"                # a bare string is ``at`` alone
    remove: [fichiers/de/la/base.yaml]          # optional
    base: false                                 # optional: start from an empty folder
    follow_symlinks: true                       # optional (corpus)
    quick: true                                 # optional (corpus): a big case
    skip_as_root: la raison                     # optional (corpus)

``line`` and ``column`` are numbers or ``-`` (the problem has none); the column may
be left out, and then no column of the case is compared. A file name may hold
spaces (not `` <nombre> ``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

EXPECTED = "expected.yaml"
KEYS = {"why", "problems", "remove", "base", "follow_symlinks", "quick", "skip_as_root"}
_AT = re.compile(r"(?P<code>\S+) (?P<file>.+?) (?P<line>\d+|-)(?: (?P<column>\d+|-))?")


class Found(Protocol):
    """What the harness reads of a problem (``tindustrie.problems.Problem``)."""

    code: str
    file: str
    line: int | None
    column: int | None
    message: str
    hint: str


@dataclass(frozen=True)
class Expected:
    code: str
    file: str
    line: int | None
    column: int | None
    has_column: bool = True
    message: str = ""
    hint: str = ""

    @classmethod
    def parse(cls, item: Any) -> Expected:
        if isinstance(item, str):
            item = {"at": item}
        match = _AT.fullmatch(item["at"])
        assert match, f"not « CODE fichier ligne [colonne] » : {item['at']!r}"
        line, column = match["line"], match["column"]
        return cls(
            match["code"],
            match["file"],
            None if line == "-" else int(line),
            None if column in (None, "-") else int(column),
            column is not None,
            item.get("message", ""),
            item.get("hint", ""),
        )

    def at(self) -> str:
        text = f"{self.code} {self.file} {'-' if self.line is None else self.line}"
        if self.has_column:
            text += f" {'-' if self.column is None else self.column}"
        return text


@dataclass(frozen=True)
class Spec:
    """A case's ``expected.yaml``."""

    folder: Path
    problems: list[Expected]
    why: str = ""
    remove: list[str] = field(default_factory=list)
    base: bool = True
    follow_symlinks: bool = False
    quick: bool = False
    skip_as_root: str = ""

    @classmethod
    def load(cls, folder: Path) -> Spec:
        meta = yaml.safe_load((folder / EXPECTED).read_text(encoding="utf-8")) or {}
        assert isinstance(meta, dict) and set(meta) <= KEYS, (folder, sorted(set(meta) - KEYS))
        return cls(
            folder=folder,
            problems=[Expected.parse(item) for item in meta.get("problems") or []],
            why=str(meta.get("why", "")),
            remove=list(meta.get("remove") or []),
            base=bool(meta.get("base", True)),
            follow_symlinks=bool(meta.get("follow_symlinks", False)),
            quick=bool(meta.get("quick", False)),
            skip_as_root=str(meta.get("skip_as_root", "")),
        )

    @property
    def columns(self) -> bool:
        """Whether columns are compared: only when every expected problem gives one."""
        return all(e.has_column for e in self.problems)

    def keys(self) -> list[tuple[str, str, int | None, int | None]]:
        return sorted(
            (e.code, e.file, e.line, e.column if self.columns else None) for e in self.problems
        )

    def found_keys(
        self, problems: Iterable[Found]
    ) -> list[tuple[str, str, int | None, int | None]]:
        return sorted(
            (p.code, p.file, p.line, p.column if self.columns else None) for p in problems
        )

    def check(self, problems: list[Found]) -> None:
        """The problems are exactly the expected ones, messages and hints included."""
        shown = "\n".join(
            f"{p.code} {p.file} {p.line} {p.column}  {p.message} → {p.hint}" for p in problems
        )
        assert self.found_keys(problems) == self.keys(), f"{self.why}\n{shown}"
        for e in self.problems:
            for p in problems:
                if (p.code, p.file, p.line) == (e.code, e.file, e.line) and (
                    not self.columns or p.column == e.column
                ):
                    assert e.message in p.message, p
                    assert e.hint in p.hint, p


def is_case_file(path: Path) -> bool:
    """A file of the case folder that is not data (the expectations, the maker)."""
    return path.name in (EXPECTED, "make.py")
