"""A loaded data folder: the documents that passed their model, with their sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

from tindustrie.models import Avenant, Fiche, Protocole
from tindustrie.models.fields import natural_key
from tindustrie.yamlio import YamlDoc

if TYPE_CHECKING:
    from tindustrie.ledger import Ledger

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Entry(Generic[M]):
    """A validated model and the document it came from (file and positions)."""

    model: M
    doc: YamlDoc
    #: the file on disk (``None`` when the document was not read from a file)
    path: Path | None = None

    @property
    def file(self) -> str:
        return self.doc.file


@dataclass(slots=True)
class Project:
    """What a data folder holds.

    Only documents that passed their model are kept as entries. So that one
    broken file does not cascade into false alarms elsewhere, the identifiers
    that could still be read from broken files are kept aside: a fiche whose
    file has a typo is still "known" to the avenants that name it. ``None``
    means "unknown": the checks that need it stay silent.
    """

    root: Path
    protocole: Entry[Protocole] | None = None
    fiches: list[Entry[Fiche]] = field(default_factory=list)
    avenants: list[Entry[Avenant]] = field(default_factory=list)
    files: int = 0
    partner_ids: set[str] | None = None
    axis_numbers: set[int] | None = None
    fiche_ids: set[str] = field(default_factory=set)
    #: Families whose list may be incomplete because a file could not be used:
    #: ``"fiches"`` (a fiche whose id cannot be read), ``"avenants"`` (an avenant
    #: that failed). The checks that would raise false alarms stay silent.
    unknown: set[str] = field(default_factory=set)
    #: The day of the check (a signature after it is announced, not yet a fact); set
    #: by :func:`tindustrie.validation.check_folder`.
    today: date = date.max
    _ledger: Ledger | None = field(default=None, init=False, repr=False, compare=False)

    def full_ledger(self) -> Ledger:
        """The ledger of the loaded fiches and avenants, every avenant in force.

        Built once and shared by the checks that need it (building it is the
        costliest part of the checks on a large territory).
        """
        if self._ledger is None:
            from tindustrie import ledger

            self._ledger = ledger.build(
                (e.model for e in self.fiches), (e.model for e in self.avenants), date.max
            )
        return self._ledger


@dataclass(frozen=True, slots=True)
class SourceFiles:
    """Where each document of a valid project was read from (absolute paths).

    The published PDFs carry these files, byte for byte. A document that was
    not read from a file (built in memory) is simply absent.
    """

    protocole: Path | None = None
    fiches: Mapping[str, Path] = field(default_factory=dict)  # fiche id -> file
    avenants: Mapping[int, Path] = field(default_factory=dict)  # avenant numero -> file


@dataclass(frozen=True, slots=True)
class ValidProject:
    """A project with no error: the protocol and every fiche and avenant are there."""

    root: Path
    protocole: Protocole
    fiches: tuple[Fiche, ...]
    avenants: tuple[Avenant, ...]
    sources: SourceFiles = field(default_factory=SourceFiles)

    @classmethod
    def of(cls, project: Project) -> ValidProject:
        assert project.protocole is not None
        sources = SourceFiles(
            project.protocole.path,
            MappingProxyType({e.model.id: e.path for e in project.fiches if e.path}),
            MappingProxyType({e.model.numero: e.path for e in project.avenants if e.path}),
        )
        return cls(
            project.root,
            project.protocole.model,
            tuple(sorted((e.model for e in project.fiches), key=lambda f: natural_key(f.id))),
            tuple(sorted((e.model for e in project.avenants), key=lambda a: a.numero)),
            sources,
        )

    def fiche(self, ident: str) -> Fiche | None:
        for f in self.fiches:
            if f.id == ident:
                return f
        return None
