"""Many territories added up: what a Région (or the State) follows across its contracts.

Each data folder is loaded, checked, summarised into a small
:class:`TerritorySummary` and released before the next one: memory stays flat
in the number of territories. With ``jobs`` > 1 the folders are summarised in
worker processes; the summaries come back in the order of the folders, so the
result is the same, byte for byte, whatever the number of workers.

What is added up (``docs/consolidation.md``):

- a territory whose data has an **error** is listed with its problem counts and
  left out of every sum (a consolidation never mixes valid and invalid data);
- a **financer** is the same across territories when its SIREN is the same
  (``siren``, else the first 9 digits of ``siret``); without either, when its
  name is exactly the same, and the result says which financers were matched
  by name only;
- a fiche counts for its **main theme**, the first of its ``themes`` (a fiche
  with two themes is not counted twice); a fiche without a theme goes to
  « sans thème »;
- every amount is the one ``tindustrie financing`` gives for the same folder on
  the same date: the sums agree to the cent.

No terminal and no formatting here: typed values in, typed values out.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tindustrie.errors import UsageError
from tindustrie.ledger import Amounts
from tindustrie.models.vocabulary import Nature, Theme

if TYPE_CHECKING:
    from tindustrie.project import ValidProject

#: Called with each valid territory while it is loaded (its folder, the project, the
#: date); returns the link to what it wrote (``--render-territories``). It runs in
#: the worker processes: it must be a module-level function (or a partial of one).
AfterHook = Callable[[Path, "ValidProject", date], str | None]

#: The files that make a folder a data folder.
PROTOCOL_FILES = ("protocole.yaml", "protocole.yml")
#: The key of the fiches without a theme.
NO_THEME = ""


def is_data_folder(folder: Path) -> bool:
    return any((folder / name).is_file() for name in PROTOCOL_FILES)


def discover(paths: Sequence[Path]) -> list[Path]:
    """The data folders named by ``paths``: each is one, or holds some as subfolders.

    Subfolders are taken in the order of their names; a folder named twice (or
    reached twice) counts once. A path that is neither is a usage error.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if not (path.exists() or path.is_symlink()):
            raise UsageError(
                f"dossier de données introuvable : {path}",
                "Vérifiez le chemin ; donnez des dossiers de données, ou des dossiers qui en "
                "contiennent.",
            )
        if not path.is_dir():
            raise UsageError(
                f"« {path} » n'est pas un dossier",
                "Donnez des dossiers de données, ou des dossiers qui en contiennent.",
            )
        if is_data_folder(path):
            candidates = [path]
        else:
            try:
                children = sorted(p for p in path.iterdir() if p.is_dir())
            except OSError as exc:
                from tindustrie.oserror import os_reason

                raise UsageError(f"dossier « {path} » illisible : {os_reason(exc)}") from None
            candidates = [p for p in children if is_data_folder(p)]
            if not candidates:
                raise UsageError(
                    f"aucun dossier de données dans « {path} »",
                    "Un dossier de données contient un fichier protocole.yaml ; donnez-le, ou "
                    "le dossier qui contient ces dossiers.",
                )
        for folder in candidates:
            real = folder.resolve()
            if real not in seen:
                seen.add(real)
                found.append(folder)
    return found


@dataclass(frozen=True, slots=True)
class FinancerShare:
    """What one financer puts into one territory."""

    #: ``siren:234400034``, or ``nom:<exact name>`` when it has no SIREN
    key: str
    siren: str | None
    name: str
    #: its partner type key (``region``…)
    type: str
    amounts: Amounts


@dataclass(frozen=True, slots=True)
class TerritorySummary:
    """One data folder, summarised; small enough to travel between processes."""

    folder: str
    name: str
    siren: str | None
    phase: int | None
    region: str | None
    errors: int
    warnings: int
    infos: int
    files: int
    fiches: int = 0
    #: ``None`` for a territory left out (its data has errors)
    amounts: Amounts | None = None
    financers: tuple[FinancerShare, ...] = ()
    #: main theme key (``""``: none) -> amounts of its fiches
    themes: tuple[tuple[str, Amounts], ...] = ()
    #: nature key -> amounts of its lines
    natures: tuple[tuple[str, Amounts], ...] = ()
    #: where its rendered protocol was written (``--render-territories``), relative
    rendered: str | None = None

    @property
    def valid(self) -> bool:
        return self.amounts is not None


def financer_key(siren: str | None, name: str) -> str:
    return f"siren:{siren}" if siren else f"nom:{name}"


def summarise(
    folder: Path,
    as_of: date,
    follow_links: bool = False,
    after: AfterHook | None = None,
) -> TerritorySummary:
    """Load, check and add up one data folder; nothing of it is kept but the summary.

    ``after``, when given, is called with the valid project while it is loaded
    (to render it, for ``--render-territories``); what it returns is kept as
    :attr:`TerritorySummary.rendered`.
    """
    from tindustrie import ledger
    from tindustrie.validation import check_folder

    report = check_folder(folder, follow_links, positions=False)  # counts only
    counts = report.summary
    protocole = report.project.protocole.model if report.project.protocole else None
    base = TerritorySummary(
        folder=str(folder),
        name=protocole.territoire.nom if protocole else folder.name,
        siren=protocole.territoire.siren if protocole else None,
        phase=protocole.programme.phase if protocole else None,
        region=protocole.territoire.region if protocole else None,
        errors=counts.errors,
        warnings=counts.warnings,
        infos=counts.infos,
        files=counts.files,
        fiches=len(report.project.fiches),
    )
    project = report.valid_project()
    if project is None:
        return base
    if all(a.date_signature is None or a.date_signature <= as_of for a in project.avenants):
        # every signed avenant is in force on the date: the checks' ledger is the one
        book = report.project.full_ledger()
    else:
        book = ledger.build(project.fiches, project.avenants, as_of)
    del report
    per_fiche = {f.id: book.fiche_amounts(f) for f in book.fiches}
    totals = sum(per_fiche.values(), Amounts())
    # one pass over the lines: planned, committed, projected by financer and by nature
    flows: dict[tuple[int, str], list[Decimal]] = {}
    for line in book.lines:
        for pair in ((0, line.financeur), (1, line.nature)):
            sums = flows.get(pair)
            if sums is None:
                flows[pair] = [line.planned, line.committed, line.projected]
            else:
                sums[0] += line.planned
                sums[1] += line.committed
                sums[2] += line.projected
    partners = {p.id: (i, p) for i, p in enumerate(project.protocole.partenaires)}
    financers = []
    for ident in sorted(
        (k for kind, k in flows if kind == 0),
        key=lambda k: (partners[k][0] if k in partners else len(partners), k),
    ):
        planned, committed, projected = flows[(0, ident)]
        amounts = Amounts(planned=planned, committed=committed, projected=projected)
        if ident in partners:
            partner = partners[ident][1]
            siren, name, kind = partner.identity, partner.nom, partner.type.value
        else:  # pragma: no cover - valid data names declared partners only
            siren, name, kind = None, ident, ""
        financers.append(FinancerShare(financer_key(siren, name), siren, name, kind, amounts))
    natures = {
        k: Amounts(planned=v[0], committed=v[1], projected=v[2])
        for (kind, k), v in flows.items()
        if kind == 1
    }
    themes: dict[str, Amounts] = {}
    for fiche in book.fiches:
        key = fiche.themes[0] if fiche.themes else NO_THEME
        themes[key] = themes.get(key, Amounts()) + per_fiche[fiche.id]
    return replace(
        base,
        amounts=totals,
        financers=tuple(financers),
        themes=tuple(sorted(themes.items())),
        natures=tuple(sorted(natures.items())),
        rendered=after(folder, project, as_of) if after is not None else None,
    )


def summarise_all(
    folders: Sequence[Path],
    as_of: date,
    jobs: int = 1,
    follow_links: bool = False,
    after: AfterHook | None = None,
) -> Iterator[TerritorySummary]:
    """The summaries, in the order of ``folders``, computed by ``jobs`` processes."""
    work = partial(summarise, as_of=as_of, follow_links=follow_links, after=after)
    if jobs <= 1 or len(folders) <= 1:
        for folder in folders:
            yield work(folder)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers start with the modules already imported, at no cost; what
    # exists before the fork is frozen out of the cycle collector, which otherwise
    # walks it again in every worker (and copies the pages it touches)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(folders)), mp_context=context) as pool:
            yield from pool.map(work, folders, chunksize=1)
    finally:
        gc.unfreeze()


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class Financer:
    """One financer across territories."""

    key: str
    siren: str | None
    #: the name written most often (ties: the first in alphabetical order)
    name: str
    #: every name it goes by, when they differ from one territory to the next
    names: tuple[str, ...]
    type: str
    territories: tuple[str, ...]
    amounts: Amounts

    @property
    def by_name(self) -> bool:
        """Matched across territories by its exact name (it has no SIREN)."""
        return self.siren is None


@dataclass(frozen=True, slots=True)
class Group:
    """One theme or one nature, across territories."""

    key: str
    amounts: Amounts
    territories: int


@dataclass(frozen=True, slots=True)
class Consolidation:
    """The territories, those left out, and the sums of the others."""

    as_of: date
    territories: tuple[TerritorySummary, ...]
    totals: Amounts
    financers: tuple[Financer, ...]
    themes: tuple[Group, ...]
    natures: tuple[Group, ...]

    @property
    def included(self) -> tuple[TerritorySummary, ...]:
        return tuple(t for t in self.territories if t.valid)

    @property
    def left_out(self) -> tuple[TerritorySummary, ...]:
        return tuple(t for t in self.territories if not t.valid)


def _theme_order(key: str) -> tuple[int, str]:
    members = list(Theme)
    for index, theme in enumerate(members):
        if theme.value == key:
            return (index, key)
    return (len(members) + (1 if key == NO_THEME else 0), key)


def combine(summaries: Iterable[TerritorySummary], as_of: date) -> Consolidation:
    """Add up the valid territories; keep the others listed, out of the sums."""
    territories = tuple(summaries)
    totals = Amounts()
    shares: dict[str, list[tuple[TerritorySummary, FinancerShare]]] = {}
    themes: dict[str, tuple[Amounts, int]] = {}
    natures: dict[str, tuple[Amounts, int]] = {}
    for t in territories:
        if t.amounts is None:
            continue
        totals += t.amounts
        for share in t.financers:
            shares.setdefault(share.key, []).append((t, share))
        for key, amounts in t.themes:
            previous, count = themes.get(key, (Amounts(), 0))
            themes[key] = (previous + amounts, count + 1)
        for key, amounts in t.natures:
            previous, count = natures.get(key, (Amounts(), 0))
            natures[key] = (previous + amounts, count + 1)
    financers = []
    for key, items in shares.items():
        names = Counter(share.name for _, share in items)
        name = min(names, key=lambda n: (-names[n], n))
        kinds = Counter(share.type for _, share in items)
        financers.append(
            Financer(
                key=key,
                siren=items[0][1].siren,
                name=name,
                names=tuple(sorted(names)),
                type=min(kinds, key=lambda k: (-kinds[k], k)),
                territories=tuple(dict.fromkeys(t.name for t, _ in items)),
                amounts=sum((share.amounts for _, share in items), Amounts()),
            )
        )
    # the biggest commitments first, then by name: a Région reads its main partners first
    financers.sort(key=lambda f: (-f.amounts.committed, -f.amounts.planned, f.name, f.key))
    return Consolidation(
        as_of=as_of,
        territories=territories,
        totals=totals,
        financers=tuple(financers),
        themes=tuple(
            Group(k, a, n) for k, (a, n) in sorted(themes.items(), key=lambda i: _theme_order(i[0]))
        ),
        natures=tuple(
            Group(k, *natures.get(k, (Amounts(), 0)))
            for k in (*Nature.keys(), *sorted(set(natures) - set(Nature.keys())))
        ),
    )


def consolidate(
    folders: Sequence[Path],
    as_of: date,
    jobs: int = 1,
    follow_links: bool = False,
    after: AfterHook | None = None,
) -> Consolidation:
    """Summarise each data folder (found by :func:`discover`) and add them up."""
    return combine(summarise_all(folders, as_of, jobs, follow_links, after), as_of)
