"""The consolidated page of a Région: one self-contained HTML file, and the territories.

``consolidate --format html --output DOSSIER`` writes ``DOSSIER/index.html``:
the state on the date, the territories left out, then the four groupings
(territories, financers, national themes, natures), each a table with its
total, the first two with a bar chart drawn by :mod:`tindustrie.render.charts`
and styled by the protocol's own stylesheet. No script, no external resource.

With ``--render-territories``, each valid territory's protocol is rendered
while its folder is loaded (in the worker process that summarises it) into
``DOSSIER/territoires/<nom du dossier>/protocole.html``, and the page links to
it. Nothing else in ``DOSSIER`` is touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tindustrie.consolidation import AfterHook, Consolidation, TerritorySummary
from tindustrie.ledger import Amounts
from tindustrie.models.vocabulary import ConsolidateBy, Nature, PartnerType
from tindustrie.render.charts import BarChart, bar_chart
from tindustrie.render.views import SummaryRow, SummaryView
from tindustrie.views import consolidation as view

if TYPE_CHECKING:
    from tindustrie.project import ValidProject

TEMPLATE = "consolidation.html.j2"
PAGE = "index.html"
TERRITORIES_DIR = "territoires"
#: Financers drawn in the chart (the table lists them all).
CHART_FINANCERS = 15


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-") or "territoire"


def territory_links(folders: Sequence[Path]) -> dict[str, str]:
    """Each folder's link from the page: ``territoires/<nom du dossier>/protocole.html``
    (``-2``, ``-3``… when two folders have the same name)."""
    links: dict[str, str] = {}
    taken: set[str] = set()
    for folder in folders:
        base = _slug(folder.resolve().name)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        links[str(folder)] = f"{TERRITORIES_DIR}/{slug}/protocole.html"
    return links


def _render_territory(
    folder: Path, project: ValidProject, as_of: date, out_root: Path, links: dict[str, str]
) -> str | None:
    from tindustrie.render import render_to_folder

    link = links.get(str(folder))
    if link is None:
        return None
    render_to_folder(project, as_of, out_root / Path(link).parent, ("html",))
    return link


def territory_renderer(out_root: Path, links: dict[str, str]) -> AfterHook:
    """The hook that renders each valid territory into ``out_root`` (picklable)."""
    return partial(_render_territory, out_root=out_root, links=links)


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    link: str | None
    cells: tuple[str | int | Decimal | None, ...]
    note: str = ""
    left_out: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    anchor: str
    title: str
    heading: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    total_label: str
    totals: tuple[Decimal | int | None, ...]
    chart: BarChart | None
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    as_of: date
    read: int
    included: int
    left_out: tuple[TerritorySummary, ...]
    sections: tuple[Section, ...]


def _summary_row(label: str, amounts: Amounts, with_cost: bool) -> SummaryRow:
    return SummaryRow(
        label,
        label,
        None,
        amounts.cost if with_cost else None,
        amounts.planned,
        amounts.committed,
        amounts.pending,
        amounts.remaining if with_cost else None,
        False,
    )


def _chart(
    ident: str, title: str, what: str, rows: list[tuple[str, Amounts]], with_cost: bool
) -> BarChart | None:
    if not rows:
        return None
    summary = SummaryView(
        "territoire" if with_cost else "financeur",
        ident,
        title,
        what,
        with_cost,
        tuple(_summary_row(label, amounts, with_cost) for label, amounts in rows),
        _summary_row("Total", Amounts(), with_cost),
    )
    chart = bar_chart(summary, f"graphique-{ident}")
    return replace(chart, title=title, desc=chart.desc.replace("financeur", what))


AMOUNT_HEADERS = ("Coût", "Prévu", "Engagé", "En attente", "Reste à engager")
FLOW_HEADERS = ("Prévu", "Engagé", "En attente")


def _amounts(a: Amounts | None, with_cost: bool = True) -> tuple[Decimal | None, ...]:
    if a is None:
        return (None,) * (5 if with_cost else 3)
    if with_cost:
        return (a.cost, a.planned, a.committed, a.pending, a.remaining)
    return (a.planned, a.committed, a.pending)


def page(result: Consolidation) -> Page:
    """What the page shows, computed once; the template only lays it out."""
    territories = Section(
        "territoires",
        "Par territoire",
        "Territoire",
        ("Phase", "Validation", *AMOUNT_HEADERS),
        tuple(
            Row(
                t.name,
                t.rendered,
                (t.phase, view.status(t).label, *_amounts(t.amounts)),
                note=t.folder,
                left_out=not t.valid,
            )
            for t in result.territories
        ),
        view.total_label(result),
        (None, None, *_amounts(result.totals)),
        _chart(
            "territoires",
            "Financements par territoire",
            "territoire",
            [(t.name, t.amounts) for t in result.included if t.amounts is not None],
            True,
        ),
        (),
    )
    financers = Section(
        "financeurs",
        "Par financeur",
        "Financeur",
        ("Type", "Reconnu par", "Territoires", *FLOW_HEADERS),
        tuple(
            Row(
                f.name,
                None,
                (
                    PartnerType.label_of(f.type),
                    f"SIREN {f.siren}" if f.siren else "nom exact",
                    len(f.territories),
                    *_amounts(f.amounts, False),
                ),
                note=", ".join(f.territories),
            )
            for f in result.financers
        ),
        view.total_label(result),
        (None, None, None, *_amounts(result.totals, False)),
        _chart(
            "financeurs",
            f"Les {CHART_FINANCERS} premiers financeurs, par montant engagé",
            "financeur",
            [(f.name, f.amounts) for f in result.financers[:CHART_FINANCERS]],
            False,
        ),
        tuple(p.text for p in view.notes(result, ConsolidateBy.FINANCEUR)),
    )
    themes = Section(
        "themes",
        "Par thème national",
        "Thème national (principal)",
        ("Territoires", *AMOUNT_HEADERS),
        tuple(
            Row(view.theme_label(g.key), None, (g.territories, *_amounts(g.amounts)))
            for g in result.themes
        ),
        view.total_label(result),
        (None, *_amounts(result.totals)),
        None,
        tuple(p.text for p in view.notes(result, ConsolidateBy.AXE_THEME)),
    )
    natures = Section(
        "natures",
        "Par nature",
        "Nature",
        ("Territoires", *FLOW_HEADERS),
        tuple(
            Row(
                Nature.label_of(g.key).capitalize(),
                None,
                (g.territories, *_amounts(g.amounts, False)),
            )
            for g in result.natures
        ),
        view.total_label(result),
        (None, *_amounts(result.totals, False)),
        None,
        (),
    )
    return Page(
        "Territoires d'industrie : vue consolidée",
        result.as_of,
        len(result.territories),
        len(result.included),
        result.left_out,
        (territories, financers, themes, natures),
    )


def write_page(result: Consolidation, by: ConsolidateBy, out_dir: Path) -> list[Path]:
    """Write ``out_dir/index.html`` (atomically); the paths written.

    The section of ``by`` comes first; the others follow, in their usual order.
    """
    from tindustrie.errors import WriteError
    from tindustrie.oserror import os_reason
    from tindustrie.output import write_atomic
    from tindustrie.render.environment import environment

    content = page(result)
    order = {
        ConsolidateBy.TERRITOIRE: "territoires",
        ConsolidateBy.FINANCEUR: "financeurs",
        ConsolidateBy.AXE_THEME: "themes",
        ConsolidateBy.NATURE: "natures",
    }
    first = order[by]
    sections = sorted(content.sections, key=lambda s: s.anchor != first)
    html = (
        environment().get_template(TEMPLATE).render(page=replace(content, sections=tuple(sections)))
    )
    target = out_dir / PAGE
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(target, html.encode("utf-8"))
    except OSError as exc:
        raise WriteError(f"impossible d'écrire {target} : {os_reason(exc)}") from None
    written = [target]
    written += sorted(out_dir / t.rendered for t in result.territories if t.rendered is not None)
    return written
