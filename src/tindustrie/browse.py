"""What `tindustrie list` and `tindustrie show` need: rows, filters, histories, suggestions.

No terminal here: values in, values out. Amounts stay exact ``Decimal``.

Decisions (documented in ``docs/commandes.md``):

- the money of an avenant is the sum of the amounts its engagements set
  (``montants``) and the net change it brings to the committed total
  (``variation``: for each engagement, new amount − amount it replaces). The
  amount replaced is the one set by the latest *earlier* avenant (by
  ``numero``) naming the same (fiche, financeur, nature): for a signed avenant
  only signed avenants count; for a draft, earlier drafts count too (the
  projection, as in the ledger). A draft's money is what it *would* commit.
- a fiche matches ``--financeur X`` when X appears in its plan or in an
  engagement of any avenant, signed or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tindustrie.ledger import ZERO, Ledger, Step, Triple, build, histories, replaced
from tindustrie.models import Avenant, Fiche, Statut
from tindustrie.models.fields import FICHE_ID
from tindustrie.project import ValidProject
from tindustrie.suggest import closest

KINDS = ("fiches", "avenants", "partenaires")
#: The filters each kind accepts (the others are usage errors).
FILTERS: dict[str, tuple[str, ...]] = {
    "fiches": ("axe", "pilote", "statut", "financeur"),
    "avenants": ("financeur",),
    "partenaires": (),
}


class UnknownValue(ValueError):
    """A filter or an identifier that the data does not know."""

    def __init__(self, what: str, value: str, known: Sequence[str]) -> None:
        super().__init__(f"{what} « {value} » inconnu")
        self.what, self.value, self.known = what, value, tuple(known)


@dataclass(frozen=True, slots=True)
class Filters:
    axe: str | None = None
    pilote: str | None = None
    statut: str | None = None
    financeur: str | None = None

    def given(self) -> tuple[str, ...]:
        return tuple(name for name in FILTERS["fiches"] if getattr(self, name) is not None)


def known_values(project: ValidProject, name: str) -> tuple[str, ...]:
    """The values a filter accepts, in a stable order."""
    if name == "axe":
        return tuple(str(a.numero) for a in sorted(project.protocole.axes, key=lambda a: a.numero))
    if name == "statut":
        return Statut.keys()
    return tuple(sorted(p.id for p in project.protocole.partenaires))


def check_filters(project: ValidProject, filters: Filters) -> None:
    """Raise :class:`UnknownValue` for the first value the data does not know."""
    for name in filters.given():
        value = getattr(filters, name)
        known = known_values(project, name)
        if value not in known:
            raise UnknownValue(name, value, known)


def fiche_financers(fiche: Fiche, avenants: Iterable[Avenant]) -> set[str]:
    found = {line.financeur for line in fiche.plan_financement}
    for avenant in avenants:
        found.update(e.financeur for e in avenant.engagements if e.fiche == fiche.id)
    return found


def select_fiches(project: ValidProject, filters: Filters) -> tuple[Fiche, ...]:
    """The fiches that match every filter given, in natural id order."""
    check_filters(project, filters)
    chosen = []
    for fiche in project.fiches:
        if filters.axe is not None and str(fiche.axe) != filters.axe:
            continue
        if filters.pilote is not None and fiche.pilote != filters.pilote:
            continue
        if filters.statut is not None and fiche.statut != filters.statut:
            continue
        if filters.financeur is not None and filters.financeur not in fiche_financers(
            fiche, project.avenants
        ):
            continue
        chosen.append(fiche)
    return tuple(chosen)


@dataclass(frozen=True, slots=True)
class FicheRow:
    id: str
    titre: str
    axe: int
    pilote: str
    statut: str
    cout: Decimal | None
    engage: Decimal


def fiche_rows(project: ValidProject, filters: Filters, as_of: date) -> tuple[FicheRow, ...]:
    fiches = select_fiches(project, filters)
    ledger = ledger_of(project, as_of)
    return tuple(
        FicheRow(
            f.id,
            f.titre,
            f.axe,
            f.pilote,
            f.statut,
            f.cout_previsionnel,
            ledger.fiche_amounts(f).committed,
        )
        for f in fiches
    )


@dataclass(frozen=True, slots=True)
class Change:
    """What one engagement of an avenant did: ``previous`` → ``amount``."""

    fiche: str
    financeur: str
    nature: str
    previous: Decimal
    amount: Decimal
    #: the avenant whose amount is replaced (``None``: a new commitment)
    replaces: int | None

    @property
    def delta(self) -> Decimal:
        return self.amount - self.previous


def changes(
    avenants: Sequence[Avenant],
    numero: int,
    history: Mapping[Triple, tuple[Step, ...]] | None = None,
) -> tuple[Change, ...]:
    """Each engagement of avenant ``numero`` with the amount it replaces.

    ``history`` (:func:`tindustrie.ledger.histories` of the same avenants) can
    be given when several avenants are looked at, to build it once.
    """
    if history is None:
        history = histories(avenants)
    target = next(a for a in avenants if a.numero == numero)
    found = []
    for engagement in target.engagements:
        triple = (engagement.fiche, engagement.financeur, engagement.nature)
        step = replaced(history.get(triple, ()), target)
        previous, replaces = (step.amount, step.avenant) if step else (ZERO, None)
        found.append(Change(*triple, previous, engagement.montant, replaces))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class AvenantRow:
    numero: int
    titre: str
    date_signature: date | None
    signataires: tuple[str, ...]
    montants: Decimal
    variation: Decimal

    @property
    def draft(self) -> bool:
        return self.date_signature is None


def avenant_rows(project: ValidProject, financeur: str | None = None) -> tuple[AvenantRow, ...]:
    if financeur is not None:
        check_filters(project, Filters(financeur=financeur))
    rows = []
    history = histories(project.avenants)
    for avenant in project.avenants:
        if financeur is not None and all(e.financeur != financeur for e in avenant.engagements):
            continue
        found = changes(project.avenants, avenant.numero, history)
        rows.append(
            AvenantRow(
                avenant.numero,
                avenant.titre,
                avenant.date_signature,
                tuple(avenant.signataires),
                sum((c.amount for c in found), ZERO),
                sum((c.delta for c in found), ZERO),
            )
        )
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class PartenaireRow:
    id: str
    nom: str
    type: str
    fiches_pilotees: int
    engage: Decimal


def partenaire_rows(project: ValidProject, as_of: date) -> tuple[PartenaireRow, ...]:
    ledger = ledger_of(project, as_of)
    committed: dict[str, Decimal] = {}
    for line in ledger.lines:
        committed[line.financeur] = committed.get(line.financeur, ZERO) + line.committed
    return tuple(
        PartenaireRow(
            p.id,
            p.nom,
            p.type,
            sum(1 for f in project.fiches if f.pilote == p.id),
            committed.get(p.id, ZERO),
        )
        for p in project.protocole.partenaires
    )


def ledger_of(project: ValidProject, as_of: date) -> Ledger:
    return build(project.fiches, project.avenants, as_of)


# --- show -----------------------------------------------------------------------------

_AVENANT_REF = re.compile(r"(?:avenant)?[-_ ]?([0-9]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Target:
    """What `show` was asked for."""

    kind: str  # "fiche", "avenant" or "partenaire"
    ident: str


def resolve(project: ValidProject, words: Sequence[str]) -> Target:
    """Turn the words after `show` into a target that exists, or raise :class:`UnknownValue`.

    Accepted: ``1.2`` (a fiche), ``fiche 1.2``, ``avenant 2``, ``avenant-2``,
    ``partenaire ID`` and a bare partner id.
    """
    fiche_ids = [f.id for f in project.fiches]
    avenant_ids = [str(a.numero) for a in project.avenants]
    partner_ids = [p.id for p in project.protocole.partenaires]
    if len(words) == 2:
        kind, ident = words[0].lower(), words[1]
        if kind == "fiche":
            return _found("fiche", ident, fiche_ids)
        if kind == "avenant":
            match = _AVENANT_REF.fullmatch(ident)
            return _found("avenant", match.group(1) if match else ident, avenant_ids)
        if kind == "partenaire":
            return _found("partenaire", ident, partner_ids)
        raise UnknownValue("type", words[0], ("fiche", "avenant", "partenaire"))
    word = words[0]
    if FICHE_ID.fullmatch(word):
        return _found("fiche", word, fiche_ids)
    if word.lower().startswith("avenant"):
        match = _AVENANT_REF.fullmatch(word)
        return _found("avenant", match.group(1) if match else word, avenant_ids)
    if word in partner_ids:
        return Target("partenaire", word)
    everything = fiche_ids + [f"avenant-{n}" for n in avenant_ids] + partner_ids
    raise UnknownValue("identifiant", word, nearest(word, everything))


def _found(kind: str, ident: str, known: Sequence[str]) -> Target:
    if ident in known:
        return Target(kind, ident)
    raise UnknownValue(kind, ident, nearest(ident, known))


def nearest(word: str, known: Sequence[str], n: int = 3) -> tuple[str, ...]:
    """The closest known identifiers (all of them, up to ``n``, when none is close)."""
    close = closest(word, known, n)
    if not close and "." in word:  # "1.9" -> the fiches of axis 1
        prefix = word.split(".")[0] + "."
        close = [k for k in known if k.startswith(prefix)][:n]
    return tuple(close) if close else tuple(known[:n])
