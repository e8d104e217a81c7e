"""What a change does to the contract: money, fiches, avenants and problems, before → after.

Two :class:`Snapshot` values (a git revision, the working tree, or a baseline
saved by ``financing --format json``) are compared by :func:`compare` into one
:class:`Diff`. No I/O here: the sides are read by :mod:`tindustrie.diff_sides`
and laid out by :mod:`tindustrie.formats.diff`.

The money follows the ledger's own rule (:mod:`tindustrie.ledger`), on the same
date for both sides: committed, pending and planned per ``(fiche, financeur,
nature)`` line, summed per fiche, per financer and in total. A line whose
money did not change is counted, not listed.

Problems are matched on their code, their file (relative to the data folder)
and their message, not their line: a problem that only moved is neither
introduced nor fixed.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, NamedTuple

from tindustrie.errors import UsageError
from tindustrie.ledger import Ledger, build
from tindustrie.models import Avenant, Fiche
from tindustrie.models.fiche import Indicateur
from tindustrie.models.fields import natural_key
from tindustrie.problems import Problem, sort_problems
from tindustrie.validation import Report

ZERO = Decimal(0)
Kind = Literal["added", "removed", "changed"]
SideKind = Literal["revision", "worktree", "baseline"]
Measure = Literal["committed", "pending", "planned"]
#: The three amounts compared, in the order every output gives them.
MEASURES: tuple[Measure, ...] = ("committed", "pending", "planned")
#: A field's value, as written in the YAML (a list is a tuple of strings).
Value = str | int | Decimal | date | tuple[str, ...] | None
#: The fields of a fiche that are long texts: only « modifié » is said of them.
LONG_FICHE_FIELDS = ("contexte", "description", "objectifs", "indicateurs")
LONG_AVENANT_FIELDS = ("objet",)


@dataclass(frozen=True, slots=True)
class Money:
    """Planned, committed and pending amounts (of a line, a group or the total)."""

    planned: Decimal = ZERO
    committed: Decimal = ZERO
    pending: Decimal = ZERO

    def __add__(self, other: Money) -> Money:
        return Money(
            self.planned + other.planned,
            self.committed + other.committed,
            self.pending + other.pending,
        )

    def get(self, measure: Measure) -> Decimal:
        value: Decimal = getattr(self, measure)
        return value


class MoneyLine(NamedTuple):
    """One ``(fiche, financeur, nature)`` of a side and its money."""

    fiche: str
    financeur: str
    nature: str
    money: Money

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.fiche, self.financeur, self.nature)


@dataclass(frozen=True, slots=True)
class Change:
    """One amount, before and after."""

    base: Decimal
    head: Decimal

    @property
    def delta(self) -> Decimal:
        return self.head - self.base

    @property
    def changed(self) -> bool:
        return self.base != self.head

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of the amount before; ``None`` when it was 0."""
        if not self.base:
            return None
        return self.delta * 100 / self.base


@dataclass(frozen=True, slots=True)
class MoneyChange:
    committed: Change
    pending: Change
    planned: Change

    @classmethod
    def of(cls, base: Money, head: Money) -> MoneyChange:
        return cls(
            Change(base.committed, head.committed),
            Change(base.pending, head.pending),
            Change(base.planned, head.planned),
        )

    @property
    def changed(self) -> bool:
        return self.committed.changed or self.pending.changed or self.planned.changed

    def get(self, measure: Measure) -> Change:
        value: Change = getattr(self, measure)
        return value


@dataclass(frozen=True, slots=True)
class LineChange:
    """A line whose money changed."""

    fiche: str
    financeur: str
    nature: str
    kind: Kind
    money: MoneyChange


@dataclass(frozen=True, slots=True)
class GroupChange:
    """A fiche or a financer whose money (or, for a fiche, whose fields) changed."""

    key: str
    label: str
    kind: Kind
    money: MoneyChange
    #: for a fiche: the names of the fields that changed
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    base: Value
    head: Value
    #: a long text: say only that it changed
    long: bool = False


@dataclass(frozen=True, slots=True)
class FicheRef:
    id: str
    titre: str


@dataclass(frozen=True, slots=True)
class FicheChange:
    id: str
    titre: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class FicheDiff:
    added: tuple[FicheRef, ...] = ()
    removed: tuple[FicheRef, ...] = ()
    changed: tuple[FicheChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class AvenantRef:
    numero: int
    titre: str
    signed_on: date | None


@dataclass(frozen=True, slots=True)
class Signature:
    """A draft avenant that is signed after the change."""

    numero: int
    titre: str
    signed_on: date
    #: signed on or before the date of the comparison: its money is committed
    in_force: bool
    #: what its signature adds to the committed money (moved from pending)
    moved: Decimal


@dataclass(frozen=True, slots=True)
class EngagementChange:
    fiche: str
    financeur: str
    nature: str
    base: Decimal | None
    head: Decimal | None


@dataclass(frozen=True, slots=True)
class AvenantChange:
    numero: int
    titre: str
    fields: tuple[FieldChange, ...]
    engagements: tuple[EngagementChange, ...]


@dataclass(frozen=True, slots=True)
class AvenantDiff:
    added: tuple[AvenantRef, ...] = ()
    removed: tuple[AvenantRef, ...] = ()
    signed: tuple[Signature, ...] = ()
    changed: tuple[AvenantChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.signed or self.changed)


@dataclass(frozen=True, slots=True)
class ProblemDiff:
    introduced: tuple[Problem, ...] = ()
    fixed: tuple[Problem, ...] = ()
    #: every error of HEAD, introduced or not (they make the exit code 1)
    head_errors: tuple[Problem, ...] = ()
    #: ``False`` when BASE is a baseline: its problems are not known (it had no
    #: error, since ``financing`` only runs on valid data)
    compared: bool = True


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One side of a comparison: what could be loaded there, and its money."""

    kind: SideKind
    #: the revision as named (``origin/main``), or the baseline file, or ``None``
    revision: str | None
    commit: str | None
    #: the data folder inside the repository, or as given (``None``: a baseline)
    data: str | None
    #: the data folder exists on this side (``False``: a first contract)
    present: bool
    as_of: date
    #: ``None``: not known (a baseline)
    problems: tuple[Problem, ...] | None
    fiches: tuple[Fiche, ...] | None
    avenants: tuple[Avenant, ...] | None
    #: ``None``: a baseline without the detail per line
    lines: tuple[MoneyLine, ...] | None
    totals: Money
    #: financers' names by id, in the protocol's order
    partners: Mapping[str, str] = field(default_factory=dict)
    #: the data folder's name in problems (problems are matched relative to it)
    prefix: str = ""
    ledger: Ledger | None = field(default=None, compare=False, repr=False)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems or () if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems or () if not p.is_error)

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class Diff:
    base: Snapshot
    head: Snapshot
    as_of: date
    totals: MoneyChange
    #: ``None`` when BASE is a baseline without its lines
    lines: tuple[LineChange, ...] | None
    unchanged_lines: int
    by_fiche: tuple[GroupChange, ...] | None
    by_financeur: tuple[GroupChange, ...] | None
    #: ``None`` when BASE is a baseline (it holds only money)
    fiches: FicheDiff | None
    avenants: AvenantDiff | None
    problems: ProblemDiff

    @property
    def money_changed(self) -> bool:
        return self.totals.changed or bool(self.lines)

    @property
    def changed(self) -> bool:
        return (
            self.money_changed
            or bool(self.fiches)
            or bool(self.avenants)
            or bool(self.problems.introduced or self.problems.fixed)
        )


# -- the sides --------------------------------------------------------------------------


def snapshot(
    report: Report,
    as_of: date,
    kind: SideKind,
    *,
    revision: str | None = None,
    commit: str | None = None,
    data: str | None = None,
    prefix: str = "",
) -> Snapshot:
    """A side loaded from a data folder, valid or not: what loaded is compared."""
    project = report.project
    fiches = tuple(e.model for e in project.fiches)
    avenants = tuple(e.model for e in project.avenants)
    ledger = build(fiches, avenants, as_of)
    lines = tuple(
        MoneyLine(
            ln.fiche,
            ln.financeur,
            ln.nature,
            Money(ln.planned, ln.committed, ln.projected - ln.committed),
        )
        for ln in ledger.lines
    )
    partners = (
        {p.id: p.nom for p in project.protocole.model.partenaires} if project.protocole else {}
    )
    return Snapshot(
        kind,
        revision,
        commit,
        data,
        True,
        as_of,
        tuple(report.problems),
        fiches,
        avenants,
        lines,
        sum((ln.money for ln in lines), Money()),
        partners,
        prefix,
        ledger,
    )


def absent(
    as_of: date, kind: SideKind, *, revision: str | None, commit: str | None, data: str | None
) -> Snapshot:
    """A side without a data folder: a first contract compares with nothing."""
    return Snapshot(kind, revision, commit, data, False, as_of, (), (), (), (), Money())


def baseline(document: Any, file: str) -> Snapshot:
    """A side read from the JSON of ``tindustrie financing --format json``.

    It holds the totals and, when written by a version that has them, the lines.
    ``financing`` only runs on valid data: BASE had no error.
    """

    def refuse(why: str) -> UsageError:
        return UsageError(
            f"« {file} » n'est pas une référence lisible : {why}",
            "Une référence s'écrit avec `tindustrie financing --format json > reference.json`.",
        )

    if not isinstance(document, dict) or not isinstance(document.get("totals"), dict):
        raise refuse("il manque les totaux (`totals`)")
    try:
        day = date.fromisoformat(str(document.get("as_of")))
    except ValueError:
        raise refuse("la date `as_of` manque ou est invalide") from None
    totals = _money(document["totals"], refuse)
    lines: tuple[MoneyLine, ...] | None = None
    raw_lines = document.get("lines")
    if raw_lines is not None:
        if not isinstance(raw_lines, list):
            raise refuse("`lines` n'est pas une liste")
        found = []
        for item in raw_lines:
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) for k in ("fiche", "financeur", "nature")
            ):
                raise refuse("une ligne de `lines` n'a pas fiche, financeur et nature")
            found.append(
                MoneyLine(item["fiche"], item["financeur"], item["nature"], _money(item, refuse))
            )
        lines = tuple(found)
    return Snapshot(
        "baseline", file, None, None, True, day, None, None, None, lines, totals, {}, ""
    )


def _money(values: Mapping[str, Any], refuse: Any) -> Money:
    amounts = []
    for key in ("planned", "committed", "pending"):
        raw = values.get(key)
        try:
            amount = Decimal(str(raw)) if isinstance(raw, str | int) else None
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            raise refuse(f"le montant `{key}` manque ou n'est pas un nombre")
        amounts.append(amount)
    return Money(*amounts)


# -- the comparison ---------------------------------------------------------------------


def compare(base: Snapshot, head: Snapshot, as_of: date) -> Diff:
    """Everything that changed from ``base`` to ``head`` on ``as_of``."""
    fiches = _fiches(base.fiches, head.fiches) if base.fiches is not None else None
    lines: tuple[LineChange, ...] | None = None
    unchanged = 0
    by_fiche = by_financeur = None
    if base.lines is not None and head.lines is not None:
        lines, unchanged = _lines(base.lines, head.lines)
        by_fiche = _by_fiche(base, head, fiches)
        by_financeur = _by_financeur(base, head)
    avenants = None
    if base.avenants is not None and head.avenants is not None:
        avenants = _avenants(base.avenants, head.avenants, head.ledger, as_of)
    return Diff(
        base,
        head,
        as_of,
        MoneyChange.of(base.totals, head.totals),
        lines,
        unchanged,
        by_fiche,
        by_financeur,
        fiches,
        avenants,
        _problems(base, head),
    )


def _line_order(key: tuple[str, str, str]) -> tuple[Any, ...]:
    return (natural_key(key[0]), key[1], key[2])


def _kind(in_base: bool, in_head: bool) -> Kind:
    return "changed" if in_base and in_head else ("added" if in_head else "removed")


def _lines(
    base: Sequence[MoneyLine], head: Sequence[MoneyLine]
) -> tuple[tuple[LineChange, ...], int]:
    before = _sum_lines(base)
    after = _sum_lines(head)
    changed = []
    unchanged = 0
    for key in sorted(before.keys() | after.keys(), key=_line_order):
        money = MoneyChange.of(before.get(key, Money()), after.get(key, Money()))
        if not money.changed:
            unchanged += 1
            continue
        changed.append(LineChange(*key, _kind(key in before, key in after), money))
    return tuple(changed), unchanged


def _sum_lines(lines: Iterable[MoneyLine]) -> dict[tuple[str, str, str], Money]:
    found: dict[tuple[str, str, str], Money] = {}
    for line in lines:
        key = line.key
        found[key] = found[key] + line.money if key in found else line.money
    return found


def _groups(lines: Iterable[MoneyLine], by: int) -> dict[str, Money]:
    found: dict[str, Money] = {}
    for line in lines:
        key = line.key[by]
        found[key] = found.get(key, Money()) + line.money
    return found


def _by_fiche(base: Snapshot, head: Snapshot, fiches: FicheDiff | None) -> tuple[GroupChange, ...]:
    before = _groups(base.lines or (), 0)
    after = _groups(head.lines or (), 0)
    titles = {f.id: f.titre for f in base.fiches or ()}
    titles.update({f.id: f.titre for f in head.fiches or ()})
    if fiches is not None:
        added = {f.id for f in fiches.added}
        removed = {f.id for f in fiches.removed}
        fields = {c.id: tuple(f.field for f in c.fields) for c in fiches.changed}
    else:  # a baseline: only the lines say whether a fiche was there
        added, removed, fields = after.keys() - before.keys(), before.keys() - after.keys(), {}
    found = []
    keys = before.keys() | after.keys() | fields.keys() | added | removed
    for key in sorted(keys, key=natural_key):
        money = MoneyChange.of(before.get(key, Money()), after.get(key, Money()))
        kind: Kind = "added" if key in added else "removed" if key in removed else "changed"
        if money.changed or key in fields or kind != "changed":
            found.append(GroupChange(key, titles.get(key, ""), kind, money, fields.get(key, ())))
    return tuple(found)


def _by_financeur(base: Snapshot, head: Snapshot) -> tuple[GroupChange, ...]:
    before = _groups(base.lines or (), 1)
    after = _groups(head.lines or (), 1)
    names = {**base.partners, **head.partners}
    order = {key: i for i, key in enumerate(head.partners)}
    found = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (order.get(k, len(order)), k)):
        money = MoneyChange.of(before.get(key, Money()), after.get(key, Money()))
        if money.changed:
            kind = _kind(key in before, key in after)
            found.append(GroupChange(key, names.get(key, key), kind, money))
    return tuple(found)


# -- fiches and avenants ----------------------------------------------------------------


def fiche_fields(fiche: Fiche) -> dict[str, tuple[Value, bool]]:
    """The compared fields of a fiche: value and whether it is a long text."""
    calendrier = fiche.calendrier
    fields: dict[str, tuple[Value, bool]] = {
        "titre": (fiche.titre, False),
        "axe": (fiche.axe, False),
        "pilote": (fiche.pilote, False),
        "statut": (fiche.statut.value, False),
        "partenaires": (tuple(fiche.partenaires), False),
        "themes": (tuple(fiche.themes), False),
        "calendrier.debut": (calendrier.debut if calendrier else None, False),
        "calendrier.fin": (calendrier.fin if calendrier else None, False),
        "cout_previsionnel": (fiche.cout_previsionnel, False),
    }
    plan: dict[str, Decimal] = {}
    for line in fiche.plan_financement:
        key = f"plan_financement.{line.financeur}.{line.nature}"
        plan[key] = plan.get(key, ZERO) + line.montant
    for key in sorted(plan):
        fields[key] = (plan[key], False)
    fields["contexte"] = (fiche.contexte, True)
    fields["description"] = (fiche.description, True)
    fields["objectifs"] = (tuple(fiche.objectifs), True)
    fields["indicateurs"] = (tuple(_indicator(i) for i in fiche.indicateurs), True)
    return fields


def _indicator(indicateur: Indicateur) -> str:
    """``Emplois créés : 50 emplois``, as one value."""
    if not indicateur.cible:
        return indicateur.libelle
    target = " ".join(p for p in (indicateur.cible, indicateur.unite) if p)
    return f"{indicateur.libelle} : {target}"


def _field_changes(
    before: Mapping[str, tuple[Value, bool]], after: Mapping[str, tuple[Value, bool]]
) -> tuple[FieldChange, ...]:
    changes = []
    names = list(before) + [k for k in after if k not in before]
    # plan lines sit together, whichever side they come from
    names.sort(
        key=lambda n: (
            _FIELD_ORDER.get(n.partition(".")[0], len(_FIELD_ORDER)),
            n if n.startswith("plan_financement.") else "",
        )
    )
    for name in names:
        old, long_old = before.get(name, (None, False))
        new, long_new = after.get(name, (None, False))
        if old != new and not (old in (None, ()) and new in (None, ())):
            changes.append(FieldChange(name, old, new, long_old or long_new))
    return tuple(changes)


_FIELD_ORDER = {
    name: i
    for i, name in enumerate(
        (
            "titre",
            "axe",
            "pilote",
            "statut",
            "partenaires",
            "themes",
            "calendrier",
            "cout_previsionnel",
            "plan_financement",
            "contexte",
            "description",
            "objectifs",
            "indicateurs",
            "objet",
            "date_signature",
            "signataires",
            "fiches",
        )
    )
}


def _by_id(fiches: Iterable[Fiche]) -> dict[str, Fiche]:
    found: dict[str, Fiche] = {}
    for fiche in fiches:
        found.setdefault(fiche.id, fiche)  # a duplicate id is an error of its own
    return found


def _fiches(base: Sequence[Fiche] | None, head: Sequence[Fiche] | None) -> FicheDiff:
    before = _by_id(base or ())
    after = _by_id(head or ())
    order = sorted(before.keys() | after.keys(), key=natural_key)
    added = tuple(FicheRef(i, after[i].titre) for i in order if i not in before)
    removed = tuple(FicheRef(i, before[i].titre) for i in order if i not in after)
    changed = []
    for ident in order:
        if ident in before and ident in after and before[ident] != after[ident]:
            fields = _field_changes(fiche_fields(before[ident]), fiche_fields(after[ident]))
            if fields:
                changed.append(FicheChange(ident, after[ident].titre, fields))
    return FicheDiff(added, removed, tuple(changed))


def _avenant_fields(avenant: Avenant) -> dict[str, tuple[Value, bool]]:
    return {
        "titre": (avenant.titre, False),
        "objet": (avenant.objet, True),
        "date_signature": (avenant.date_signature, False),
        "signataires": (tuple(avenant.signataires), False),
        "fiches": (tuple(avenant.fiches), False),
    }


def _engagements(avenant: Avenant) -> dict[tuple[str, str, str], Decimal]:
    return {(e.fiche, e.financeur, e.nature): e.montant for e in avenant.engagements}


def _avenants(
    base: Sequence[Avenant], head: Sequence[Avenant], ledger: Ledger | None, as_of: date
) -> AvenantDiff:
    before = {a.numero: a for a in base}
    after = {a.numero: a for a in head}
    order = sorted(before.keys() | after.keys())

    def ref(a: Avenant) -> AvenantRef:
        return AvenantRef(a.numero, a.titre, a.date_signature)

    added = tuple(ref(after[n]) for n in order if n not in before)
    removed = tuple(ref(before[n]) for n in order if n not in after)
    signed = []
    changed = []
    for n in order:
        if n not in before or n not in after or before[n] == after[n]:
            continue
        old, new = before[n], after[n]
        fields = _field_changes(_avenant_fields(old), _avenant_fields(new))
        if old.date_signature is None and new.date_signature is not None:
            signed.append(
                Signature(
                    n,
                    new.titre,
                    new.date_signature,
                    new.date_signature <= as_of,
                    _moved(new, ledger, as_of),
                )
            )
            fields = tuple(f for f in fields if f.field != "date_signature")
        engagements = _engagement_changes(_engagements(old), _engagements(new))
        if fields or engagements:
            changed.append(AvenantChange(n, new.titre, fields, engagements))
    return AvenantDiff(added, removed, tuple(signed), tuple(changed))


def _engagement_changes(
    before: Mapping[tuple[str, str, str], Decimal], after: Mapping[tuple[str, str, str], Decimal]
) -> tuple[EngagementChange, ...]:
    return tuple(
        EngagementChange(*key, before.get(key), after.get(key))
        for key in sorted(before.keys() | after.keys(), key=_line_order)
        if before.get(key) != after.get(key)
    )


def _moved(avenant: Avenant, ledger: Ledger | None, as_of: date) -> Decimal:
    """What the signature of ``avenant`` adds to the committed money on ``as_of``."""
    if ledger is None:
        return ZERO
    moved = ZERO
    keys = set(_engagements(avenant))
    for line in ledger.lines:
        if (line.fiche, line.financeur, line.nature) not in keys:
            continue
        if line.setting is None or line.setting.avenant != avenant.numero:
            continue  # a later avenant sets this line, or it is not in force yet
        before = next(
            (
                s.amount
                for s in reversed(line.history)
                if s.avenant < avenant.numero and s.in_force_on(as_of)
            ),
            ZERO,
        )
        moved += line.committed - before
    return moved


# -- problems ---------------------------------------------------------------------------


def _relative(file: str, prefix: str) -> str:
    if prefix in ("", "."):
        return file
    start = prefix.rstrip(os.sep) + os.sep
    return file[len(start) :] if file.startswith(start) else file


def _key(problem: Problem, prefix: str) -> tuple[str, str, str]:
    return (problem.code, _relative(problem.file, prefix), problem.message)


def _unmatched(
    problems: Sequence[Problem], prefix: str, others: Sequence[Problem], other_prefix: str
) -> Iterator[Problem]:
    """The problems of ``problems`` that ``others`` does not have (counted, line aside)."""
    left = Counter(_key(p, other_prefix) for p in others)
    for problem in problems:
        key = _key(problem, prefix)
        if left[key]:
            left[key] -= 1
        else:
            yield problem


def _problems(base: Snapshot, head: Snapshot) -> ProblemDiff:
    head_problems = head.problems or ()
    if base.problems is None:  # a baseline: written on valid data, its warnings unknown
        errors = tuple(p for p in head_problems if p.is_error)
        return ProblemDiff(errors, (), errors, compared=False)
    introduced = _unmatched(head_problems, head.prefix, base.problems, base.prefix)
    fixed = _unmatched(base.problems, base.prefix, head_problems, head.prefix)
    return ProblemDiff(
        tuple(sort_problems(introduced)),
        tuple(sort_problems(fixed)),
        head.errors,
    )
