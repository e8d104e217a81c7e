"""What a command shows, as plain typed data that every formatter can lay out.

A :class:`Document` is a title and a sequence of blocks:

- :class:`Prose`: a sentence for people (the state of the money on the date…),
  left out of the machine formats;
- :class:`Data`: a value for machines only (``as_of``, lists of numbers…);
- :class:`Fields`: labelled values (one fiche, one avenant…);
- :class:`Table`: rows under typed columns, with an optional total row.

Cells keep their type (``Decimal`` money, ``date``, a :class:`~tindustrie.models.
vocabulary.Term`, a :class:`Named` identifier…): each formatter decides how to
write it (French amounts for people, decimal strings for machines, a label or
a key). The same fact has the same :class:`Column` (key and French header)
wherever it appears, taken from :data:`FACTS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

from tindustrie.models.vocabulary import GroupBy, Term


@dataclass(frozen=True, slots=True)
class Named:
    """An identifier shown with its label: a partner (``uimm-mayenne``, « UIMM Mayenne »)."""

    key: str | int
    label: str

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class Signed:
    """A change of money, shown with its sign (``+20 000 €``, ``−5 000 €``)."""

    amount: Decimal


@dataclass(frozen=True, slots=True)
class Lines:
    """Several values read one per line (objectives, a history): a list for machines."""

    items: tuple[Any, ...]


@runtime_checkable
class Composite(Protocol):
    """A value made of several facts (one step of a history, one indicator): one
    line of French for people, its facts by key for machines."""

    def text(self) -> str: ...

    def facts(self) -> Mapping[str, Any]: ...


#: What a cell may hold; ``None`` is « no value » (``—``, ``null``, an empty CSV cell).
Cell = (
    str
    | bool
    | int
    | Decimal
    | date
    | Term
    | Named
    | Signed
    | Lines
    | Composite
    | tuple[Any, ...]
    | None
)


@dataclass(frozen=True, slots=True)
class Column:
    """A fact: its machine key (json, csv) and its French header."""

    key: str
    header: str
    #: numbers: aligned right, never wrapped
    numeric: bool = False


def _facts(*columns: Column) -> dict[str, Column]:
    found = {c.key: c for c in columns}
    if len(found) != len(columns):  # a second `status` would silently replace the first
        raise ValueError("a fact is declared twice in FACTS")
    return found


#: Every fact a command shows, once: the same key and the same header everywhere.
FACTS: Mapping[str, Column] = _facts(
    Column("id", "Id"),
    Column("key", "Id"),
    Column("label", "Libellé"),
    Column("fiche", GroupBy.FICHE.label),
    Column("title", "Titre"),
    Column("axis", GroupBy.AXE.label, numeric=True),
    Column("pilot", "Pilote"),
    Column("status", "Statut"),
    Column("financeur", GroupBy.FINANCEUR.label),
    Column("nature", GroupBy.NATURE.label),
    Column("avenant", "Avenant", numeric=True),
    Column("numero", "N°", numeric=True),
    Column("state", "État"),
    Column("signed_on", "Signé le"),
    Column("signatories", "Signataires"),
    Column("name", "Nom"),
    Column("type", "Type"),
    Column("fiches", "Fiches"),
    Column("piloted", "Fiches pilotées", numeric=True),
    Column("cost", "Coût", numeric=True),
    Column("planned", "Prévu", numeric=True),
    Column("committed", "Engagé", numeric=True),
    Column("pending", "En attente", numeric=True),
    Column("remaining", "Reste à engager", numeric=True),
    Column("paid", "Versé", numeric=True),
    Column("to_pay", "Reste à verser", numeric=True),
    Column("amount", "Montant fixé", numeric=True),
    Column("previous", "Avant", numeric=True),
    Column("delta", "Variation", numeric=True),
    Column("change", "Changement"),
    Column("replaces", "Remplace l'avenant", numeric=True),
    Column("abandoned", "Abandonnée"),
    # consolidation across territories
    Column("folder", "Dossier"),
    Column("territory", "Territoire"),
    Column("siren", "SIREN"),
    Column("phase", "Phase", numeric=True),
    Column("validation", "Validation"),
    Column("errors", "Erreurs", numeric=True),
    Column("warnings", "Avertissements", numeric=True),
    Column("infos", "Remarques", numeric=True),
    Column("identified_by", "Reconnu par"),
    Column("territory_count", "Territoires", numeric=True),
    Column("territories", "Liste des territoires"),
    Column("names", "Noms employés"),
    Column("theme", "Thème national"),
    # the comité's workbook (render --format xlsx)
    Column("financeur_name", "Nom du financeur"),
    Column("start", "Début"),
    Column("end", "Fin"),
    Column("date", "Date"),
    Column("reference", "Référence"),
    Column("indicator", "Indicateur"),
    Column("unit", "Unité"),
    Column("target", "Cible", numeric=True),
    Column("value", "Valeur", numeric=True),
    Column("source", "Source"),
    Column("comment", "Commentaire"),
    Column("decision", "Décision"),
)


def columns(*keys: str) -> tuple[Column, ...]:
    """The columns of these facts, in this order."""
    return tuple(FACTS[k] for k in keys)


@dataclass(frozen=True, slots=True)
class Prose:
    """A sentence for people (not in json or csv)."""

    text: str


@dataclass(frozen=True, slots=True)
class Data:
    """A value for machines (json only): ``as_of``, a list of numbers…"""

    key: str
    value: Any


@dataclass(frozen=True, slots=True)
class Fields:
    """Labelled values: ``(column, value)`` pairs, in order."""

    items: tuple[tuple[Column, Cell], ...]
    #: a heading shown above them (people only)
    title: str | None = None
    #: ``False``: for people only (a reading aid that repeats facts given elsewhere)
    machine: bool = True


@dataclass(frozen=True, slots=True)
class Table:
    """Rows under typed columns; ``key`` names the rows in json (``rows``, ``lines``…)."""

    key: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: a heading shown above the table (people only)
    title: str | None = None
    #: the total row (its first cell is a label), in json under ``total_key``
    total: tuple[Cell, ...] | None = None
    total_key: str = "totals"
    #: what to say when there is no row (people only)
    empty: str = ""
    #: the noun of a row, singular and plural, to count them below the table
    noun: tuple[str, str] | None = None
    #: how many leading cells name a row (its heading when rows are shown as blocks)
    lead: int = 1
    #: keys of the columns left out for people (table, md): they are for machines
    hidden: frozenset[str] = frozenset()

    def shown(self) -> Table:
        """The table as people see it: without its :attr:`hidden` columns."""
        if not self.hidden:
            return self
        keep = [i for i, c in enumerate(self.columns) if c.key not in self.hidden]
        lead = sum(1 for i in keep if i < self.lead)

        def pick(row: tuple[Cell, ...]) -> tuple[Cell, ...]:
            return tuple(row[i] for i in keep)

        return replace(
            self,
            columns=pick(self.columns),  # type: ignore[arg-type]
            rows=tuple(pick(r) for r in self.rows),
            total=pick(self.total) if self.total is not None else None,
            lead=max(lead, 1),
            hidden=frozenset(),
        )


Block = Prose | Data | Fields | Table


@dataclass(frozen=True, slots=True)
class Document:
    """What one command shows: a title and its blocks."""

    blocks: tuple[Block, ...]
    title: str | None = None
    #: the kind of document (``fiches``, ``financing``…), for formatters that care
    kind: str = ""
    #: the key of the table CSV writes (``None``: the first one)
    main: str | None = None

    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    def main_table(self) -> Table | None:
        """The table a one-table format (CSV) writes: :attr:`main`, else the first."""
        tables = self.tables()
        chosen = [t for t in tables if t.key == self.main] if self.main else []
        found = chosen or list(tables)
        return found[0] if found else None
