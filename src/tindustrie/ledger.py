"""The financing ledger: planned, committed and pending money on any date.

The rule (``docs/financement.md``):

- a fiche's ``plan_financement`` is what is **planned** (``prevu``);
- for each ``(fiche, financeur, nature)``, the amount **in force** on a date D
  is the ``montant`` of the latest avenant (by ``numero``) signed on or before D
  that names that triple; 0 before any. An avenant can raise, lower or end
  (``montant: 0``) a commitment;
- **committed** (``engage``) on D is the sum of the amounts in force on D;
- **projected** is the same as if every avenant, signed or not, were signed,
  in ``numero`` order; **pending** (``en_attente``) = projected − committed;
- **remaining** (« reste à engager ») of a fiche = cost − committed, the cost
  being ``cout_previsionnel``; 0 for a fiche without a cost (nothing is known
  to remain) and for an abandoned fiche (nothing more will be committed on
  it, whatever its cost). Groups and totals add up their fiches' amounts;
- **paid** (« versé ») on D is the sum of the fiche's ``versements`` of the
  triple dated on or before D; **to pay** (« reste à verser ») = committed − paid.

A fiche's status on D comes from its ``historique`` when it has one
(:meth:`~tindustrie.models.Fiche.statut_on`): an action abandoned in 2024 is
not abandoned in a ledger of 2022.

Each avenant has a state on the date (:meth:`Ledger.state_of`): signed and in
force, signed after the date, or a draft; and each of its engagements is a
:class:`Change` from the amount it replaces (:func:`changes`).

No I/O, no terminal: values in, values out, exact ``Decimal`` sums.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from tindustrie.models import Avenant, AvenantState, Fiche, GroupBy, Nature, Protocole, Statut
from tindustrie.models.fields import natural_key
from tindustrie.models.vocabulary import ChangeKind

ZERO = Decimal(0)
Triple = tuple[str, str, str]
GROUPINGS: tuple[GroupBy, ...] = tuple(GroupBy)


class Step(NamedTuple):
    """One avenant setting the amount of a triple (a tuple: built by the thousand)."""

    avenant: int
    signed_on: date | None
    amount: Decimal

    def in_force_on(self, day: date) -> bool:
        return self.signed_on is not None and self.signed_on <= day


@dataclass(frozen=True, slots=True)
class Amounts:
    cost: Decimal = ZERO
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    projected: Decimal = ZERO
    #: « reste à engager »: see the module's rule (not always cost − committed)
    remaining: Decimal = ZERO
    #: « versé »: paid on or before the date
    paid: Decimal = ZERO

    @property
    def pending(self) -> Decimal:
        return self.projected - self.committed

    @property
    def to_pay(self) -> Decimal:
        """« reste à verser »: committed − paid."""
        return self.committed - self.paid

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.cost + other.cost,
            self.planned + other.planned,
            self.committed + other.committed,
            self.projected + other.projected,
            self.remaining + other.remaining,
            self.paid + other.paid,
        )


class Line(NamedTuple):
    """One ``(fiche, financeur, nature)``: planned, in force, projected, history."""

    fiche: str
    financeur: str
    nature: str
    planned: Decimal
    committed: Decimal
    projected: Decimal
    history: tuple[Step, ...]
    #: the signed step that set the amount in force (``None``: nothing in force)
    setting: Step | None = None
    #: « versé »: the payments of the triple dated on or before the ledger's date
    paid: Decimal = ZERO

    @property
    def pending(self) -> Decimal:
        return self.projected - self.committed

    @property
    def to_pay(self) -> Decimal:
        """« reste à verser »: committed − paid."""
        return self.committed - self.paid

    def amounts(self) -> Amounts:
        """The line's money as :class:`Amounts` (no cost: a line has none)."""
        return Amounts(ZERO, self.planned, self.committed, self.projected, ZERO, self.paid)


@dataclass(frozen=True, slots=True)
class Row:
    """One group of a summary (a fiche, an axis, a financer or a nature)."""

    key: str
    label: str
    amounts: Amounts
    #: cost and remaining mean something only for fiches and axes
    has_cost: bool = True
    abandoned: bool = False


@dataclass(frozen=True, slots=True)
class Summary:
    by: GroupBy
    rows: tuple[Row, ...]
    totals: Amounts


@dataclass(frozen=True, slots=True)
class Ledger:
    as_of: date
    #: numero of the latest avenant signed on or before ``as_of`` (``None``: none yet)
    last_signed: int | None
    lines: tuple[Line, ...]
    fiches: tuple[Fiche, ...]
    avenants: tuple[Avenant, ...]
    #: the lines of each fiche, built once (looking them up must not scan every line)
    by_fiche: dict[str, tuple[Line, ...]] = field(init=False, repr=False, compare=False)
    #: planned, committed, projected and paid of each fiche's lines, summed once
    _sums: dict[str, tuple[Decimal, Decimal, Decimal, Decimal]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        grouped: dict[str, list[Line]] = {}
        for line in self.lines:
            grouped.setdefault(line.fiche, []).append(line)
        index = {fiche: tuple(lines) for fiche, lines in grouped.items()}
        sums = {
            fiche: (
                sum((ln.planned for ln in lines), ZERO),
                sum((ln.committed for ln in lines), ZERO),
                sum((ln.projected for ln in lines), ZERO),
                sum((ln.paid for ln in lines), ZERO),
            )
            for fiche, lines in index.items()
        }
        object.__setattr__(self, "by_fiche", index)
        object.__setattr__(self, "_sums", sums)

    def lines_of(self, fiche_id: str) -> tuple[Line, ...]:
        return self.by_fiche.get(fiche_id, ())

    def fiche_amounts(self, fiche: Fiche) -> Amounts:
        planned, committed, projected, paid = self._sums.get(fiche.id, (ZERO, ZERO, ZERO, ZERO))
        cost = fiche.cout_previsionnel
        closed = cost is None or self.statut_of(fiche) == Statut.ABANDONNEE
        remaining = ZERO if closed or cost is None else cost - committed
        return Amounts(fiche.cost, planned, committed, projected, remaining, paid)

    def statut_of(self, fiche: Fiche) -> Statut:
        """The fiche's status on ``as_of`` (from its ``historique`` when it has one)."""
        return fiche.statut_on(self.as_of)

    def state_of(self, avenant: Avenant) -> AvenantState:
        """Signed and in force on ``as_of``, signed after it, or a draft."""
        return state_on(avenant.date_signature, self.as_of)

    def totals(self) -> Amounts:
        return self.summary("fiche").totals

    def abandoned_with_commitments(self) -> tuple[Fiche, ...]:
        """Abandoned fiches that still carry money in force (flagged in every view)."""
        committed = {line.fiche for line in self.lines if line.committed}
        return tuple(
            f for f in self.fiches if f.id in committed and self.statut_of(f) == Statut.ABANDONNEE
        )

    @property
    def signed_avenants(self) -> tuple[Avenant, ...]:
        """The avenants in force on ``as_of`` (signed on or before it), by ``numero``."""
        return tuple(a for a in self.avenants if _signed_by(a, self.as_of))

    @property
    def pending_avenants(self) -> tuple[Avenant, ...]:
        """The avenants counted as pending: drafts, and those signed after ``as_of``."""
        return tuple(a for a in self.avenants if not _signed_by(a, self.as_of))

    def summary(self, by: GroupBy | str, protocole: Protocole | None = None) -> Summary:
        return summarize(self, by, protocole)


def state_on(signed_on: date | None, day: date) -> AvenantState:
    """The state on ``day`` of an avenant signed on ``signed_on`` (``None``: a draft)."""
    if signed_on is None:
        return AvenantState.PROJET
    return AvenantState.SIGNE if signed_on <= day else AvenantState.SIGNE_APRES


def _signed_by(avenant: Avenant, day: date) -> bool:
    return avenant.date_signature is not None and avenant.date_signature <= day


class History(tuple[Step, ...]):
    """A triple's steps by ``numero``, indexed so that :func:`replaced` is a binary
    search: thousands of avenants changing one line stay n·log n, not quadratic."""

    numeros: list[int]
    #: ``signed_upto[i]``: the latest signed step among the first ``i``
    signed_upto: list[Step | None]

    @classmethod
    def of(cls, steps: Iterable[Step]) -> History:
        history = cls(steps)
        history.numeros = [step.avenant for step in history]
        last: Step | None = None
        history.signed_upto = [None]
        for step in history:
            if step.signed_on is not None:
                last = step
            history.signed_upto.append(last)
        return history


def histories(avenants: Iterable[Avenant]) -> dict[Triple, History]:
    """For each ``(fiche, financeur, nature)``, the avenants that set it, by ``numero``."""
    found: dict[Triple, list[Step]] = {}
    for avenant in sorted(avenants, key=lambda a: a.numero):
        signed = avenant.date_signature
        for commitment in avenant.engagements:
            key = (commitment.fiche, commitment.financeur, commitment.nature)
            found.setdefault(key, []).append(Step(avenant.numero, signed, commitment.montant))
    return {key: History.of(steps) for key, steps in found.items()}


def in_force(steps: Iterable[Step]) -> Callable[[date], Decimal]:
    """The amount a triple's history puts in force on any day (0 before any signed
    avenant), found by bisection: checking many payments stays n·log n."""
    signed = sorted(
        ((s.signed_on, s.avenant, s.amount) for s in steps if s.signed_on is not None),
    )
    days = [day for day, _, _ in signed]
    latest: list[tuple[int, Decimal]] = []  # by day: the highest numero signed so far
    for _, numero, amount in signed:
        if not latest or numero > latest[-1][0]:
            latest.append((numero, amount))
        else:
            latest.append(latest[-1])

    def on(day: date) -> Decimal:
        index = bisect_right(days, day)
        return latest[index - 1][1] if index else ZERO

    return on


def replaced(steps: Iterable[Step], avenant: Avenant) -> Step | None:
    """The step whose amount ``avenant`` replaces in a triple's history (``None``: new).

    The latest earlier avenant naming the triple; for a signed avenant, the
    latest earlier *signed* one (an earlier draft was never in force).
    """
    if isinstance(steps, History):
        from bisect import bisect_left

        i = bisect_left(steps.numeros, avenant.numero)
        if avenant.signed:
            return steps.signed_upto[i]
        return steps[i - 1] if i else None
    found = None
    for step in steps:
        if step.avenant >= avenant.numero:
            break
        if not avenant.signed or step.signed_on is not None:
            found = step
    return found


class Change(NamedTuple):
    """What one engagement of an avenant does: ``previous`` → ``amount``."""

    fiche: str
    financeur: str
    nature: str
    #: the amount replaced (``None``: a new commitment)
    previous: Decimal | None
    amount: Decimal
    #: the avenant whose amount is replaced (``None``: a new commitment)
    replaces: int | None

    @property
    def delta(self) -> Decimal:
        return self.amount - (self.previous or ZERO)

    @property
    def kind(self) -> ChangeKind:
        if self.previous is None:
            return ChangeKind.NOUVEAU
        if self.amount == 0 and self.previous != 0:
            return ChangeKind.FIN
        if self.amount > self.previous:
            return ChangeKind.HAUSSE
        if self.amount < self.previous:
            return ChangeKind.BAISSE
        return ChangeKind.INCHANGE


def changes(avenant: Avenant, history: Mapping[Triple, tuple[Step, ...]]) -> tuple[Change, ...]:
    """Each engagement of ``avenant`` with the amount it replaces (``history``:
    :func:`histories` of all the avenants, built once)."""
    found = []
    for engagement in avenant.engagements:
        triple = (engagement.fiche, engagement.financeur, engagement.nature)
        step = replaced(history.get(triple, ()), avenant)
        previous, replaces = (step.amount, step.avenant) if step else (None, None)
        found.append(Change(*triple, previous, engagement.montant, replaces))
    return tuple(found)


def build(fiches: Iterable[Fiche], avenants: Iterable[Avenant], as_of: date) -> Ledger:
    """The ledger on ``as_of``, from fiches and avenants (validated models)."""
    fiche_list = tuple(sorted(fiches, key=lambda f: natural_key(f.id)))
    avenant_list = tuple(sorted(avenants, key=lambda a: a.numero))
    planned: dict[Triple, Decimal] = {}
    for fiche in fiche_list:
        for plan_line in fiche.plan_financement:
            key: Triple = (fiche.id, plan_line.financeur, plan_line.nature)
            planned[key] = planned.get(key, ZERO) + plan_line.montant
    history = histories(avenant_list)
    paid: dict[Triple, Decimal] = {}
    for fiche in fiche_list:
        for payment in fiche.versements:
            key = (fiche.id, payment.financeur, payment.nature)
            if payment.date <= as_of:
                paid[key] = paid.get(key, ZERO) + payment.montant
            else:
                paid.setdefault(key, ZERO)
    last_signed = None
    for avenant in avenant_list:
        if _signed_by(avenant, as_of):
            last_signed = avenant.numero
    order = {fiche.id: index for index, fiche in enumerate(fiche_list)}
    unknown = len(order)  # a fiche named only by an avenant (data being edited): last

    def line_order(t: Triple) -> tuple[int, tuple[int, ...] | tuple[float, str], str, str]:
        index = order.get(t[0])
        return (
            (unknown, natural_key(t[0]), t[1], t[2]) if index is None else (index, (), t[1], t[2])
        )

    lines = []
    for triple in sorted(planned.keys() | history.keys() | paid.keys(), key=line_order):
        steps = history.get(triple, ())
        in_force = next((s for s in reversed(steps) if s.in_force_on(as_of)), None)
        lines.append(
            Line(
                *triple,
                planned=planned.get(triple, ZERO),
                committed=in_force.amount if in_force else ZERO,
                projected=steps[-1].amount if steps else ZERO,
                history=steps,
                setting=in_force,
                paid=paid.get(triple, ZERO),
            )
        )
    return Ledger(as_of, last_signed, tuple(lines), fiche_list, avenant_list)


def summarize(ledger: Ledger, by: GroupBy | str, protocole: Protocole | None = None) -> Summary:
    """Group the ledger by fiche, axis, financer or nature; totals never depend on ``by``."""
    by = GroupBy.of(by)
    fiche_by_id = {f.id: f for f in ledger.fiches}
    per_fiche = {f.id: ledger.fiche_amounts(f) for f in ledger.fiches}
    fiche_total = sum(per_fiche.values(), Amounts())
    line_total = sum((ln.amounts() for ln in ledger.lines), Amounts())
    totals = Amounts(
        fiche_total.cost,
        line_total.planned,
        line_total.committed,
        line_total.projected,
        fiche_total.remaining,
        line_total.paid,
    )
    flagged_fiches = {f.id for f in ledger.abandoned_with_commitments()}
    rows: list[Row]
    if by == GroupBy.FICHE:
        rows = [
            Row(f.id, f.titre, per_fiche[f.id], abandoned=f.id in flagged_fiches)
            for f in ledger.fiches
        ]
    elif by == GroupBy.AXE:
        axis_amounts: dict[int, Amounts] = {}
        for f in ledger.fiches:
            axis_amounts[f.axe] = axis_amounts.get(f.axe, Amounts()) + per_fiche[f.id]
        titles = {a.numero: a.titre for a in protocole.axes} if protocole else {}
        numbers = sorted(axis_amounts.keys() | titles.keys())
        abandoned_axes = {fiche_by_id[i].axe for i in flagged_fiches}
        rows = [
            Row(
                str(n),
                f"Axe {n} : {titles[n]}" if n in titles else f"Axe {n}",
                axis_amounts.get(n, Amounts()),
                abandoned=n in abandoned_axes,
            )
            for n in numbers
        ]
    else:
        groups: dict[str, Amounts] = {}
        flagged: set[str] = set()
        for ln in ledger.lines:
            key = ln.financeur if by == GroupBy.FINANCEUR else ln.nature
            groups[key] = groups.get(key, Amounts()) + ln.amounts()
            if ln.fiche in flagged_fiches and ln.committed:
                flagged.add(key)
        if by == GroupBy.NATURE:
            rows = [
                Row(n, n.label.capitalize(), groups.get(n, Amounts()), False, n in flagged)
                for n in Nature
            ]
        else:
            partners = protocole.partenaires if protocole else []
            names = {p.id: p.nom for p in partners}
            order = {p.id: i for i, p in enumerate(partners)}
            ordered = sorted(groups, key=lambda k: (order.get(k, len(order)), k))
            rows = [Row(k, names.get(k, k), groups[k], False, k in flagged) for k in ordered]
    return Summary(by, tuple(rows), totals)
