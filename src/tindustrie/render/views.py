"""The plain data the templates show: frozen dataclasses, a few derived labels at most.

Built by :mod:`tindustrie.render.context`; the chart geometry lives in
:mod:`tindustrie.render.charts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tindustrie.ledger import Amounts, Change
from tindustrie.models import AvenantState

_BLANK_LINE = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Paragraphs:
    """The paragraphs of a text (blank-line separated, white space folded).

    Cut when the template shows them, not before: the text stays the one the
    model holds, and a national territory's document does not keep a second
    copy of every text in memory while it is written.
    """

    text: str | None

    def __iter__(self) -> Iterator[str]:
        for part in _BLANK_LINE.split(self.text or ""):
            folded = " ".join(part.split())
            if folded:
                yield folded

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None


@dataclass(frozen=True, slots=True)
class Items:
    """Short texts shown one per line (objectives), white space folded when shown."""

    items: tuple[str, ...]

    def __iter__(self) -> Iterator[str]:
        for item in self.items:
            yield " ".join(item.split())

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True, slots=True)
class Person:
    nom: str
    qualite: str | None = None
    partenaire: str | None = None


@dataclass(frozen=True, slots=True)
class PartnerView:
    id: str
    nom: str
    type: str


@dataclass(frozen=True, slots=True)
class AvenantRef:
    """An avenant as cited next to an amount: number, anchor, signature state."""

    numero: int
    anchor: str
    #: in force on the date shown, signed after it, or a draft
    state: AvenantState
    signed_on: date | None

    @property
    def label(self) -> str:
        if self.state is AvenantState.SIGNE:
            return f"avenant n° {self.numero}"
        return f"avenant n° {self.numero}, {self.state.label}"


@dataclass(frozen=True, slots=True)
class FinancingLine:
    """One financer and nature of a fiche: planned, in force, pending."""

    financeur: str
    nature: str
    planned: Decimal
    committed: Decimal
    pending: Decimal
    projected: Decimal
    #: the signed avenant that set the amount in force (``None``: nothing in force)
    set_by: AvenantRef | None
    #: the avenants, not in force on the date shown, that would change it
    pending_from: tuple[AvenantRef, ...]


@dataclass(frozen=True, slots=True)
class Indicator:
    libelle: str
    cible: str | None
    unite: str | None


@dataclass(frozen=True, slots=True)
class FicheView:
    id: str
    anchor: str
    titre: str
    axe: int
    pilote: str
    partenaires: tuple[str, ...]
    themes: tuple[str, ...]
    statut: str
    statut_label: str
    abandoned: bool
    #: abandoned, yet money is still committed on it
    abandoned_with_money: bool
    contexte: Paragraphs
    description: Paragraphs
    objectifs: Items
    debut: date | None
    fin: date | None
    indicateurs: tuple[Indicator, ...]
    cost: Decimal | None
    lines: tuple[FinancingLine, ...]
    amounts: Amounts
    avenants: tuple[AvenantRef, ...]


@dataclass(frozen=True, slots=True)
class AxisView:
    numero: int
    anchor: str
    titre: str
    description: str | None
    fiches: tuple[FicheView, ...]


@dataclass(frozen=True, slots=True)
class AvenantView:
    numero: int
    anchor: str
    titre: str
    objet: Paragraphs
    ref: AvenantRef
    signed_on: date | None
    signataires: tuple[str, ...]
    fiches: tuple[tuple[str, str, str], ...]  # (id, titre, anchor)
    changes: tuple[Change, ...]  # from the ledger: financeur as an id
    delta: Decimal


@dataclass(frozen=True, slots=True)
class SummaryRow:
    key: str
    label: str
    anchor: str | None
    cost: Decimal | None
    planned: Decimal
    committed: Decimal
    pending: Decimal
    remaining: Decimal | None
    abandoned: bool


@dataclass(frozen=True, slots=True)
class SummaryView:
    by: str
    anchor: str
    title: str
    heading: str
    has_cost: bool
    rows: tuple[SummaryRow, ...]
    totals: SummaryRow


@dataclass(frozen=True, slots=True)
class StateView:
    """The state shown: which avenants count on the date of the document."""

    as_of: date
    last_signed: int | None
    signed: tuple[AvenantRef, ...]
    signed_after: tuple[AvenantRef, ...]
    drafts: tuple[AvenantRef, ...]
    sentence: str
