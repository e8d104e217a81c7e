"""The « Suivi » section of `render`: indicators against their targets, payments per
financer, everything as of the date shown.

Expected figures are summed here from the YAML files, not read from the output.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from tindustrie.formatting import long_date
from tindustrie.money import euros
from tindustrie.render import render
from tindustrie.render.charts import indicator_chart
from tindustrie.validation import check_folder
from tindustrie.views.suivi import number

DATA = Path(__file__).resolve().parents[1] / "data"
DATES = (date(2022, 6, 1), date(2022, 10, 1), date(2023, 6, 1), date(2024, 6, 1))
INJECTED = "<script>alert(1)</script> | *x*"


def project(root: Path = DATA) -> Any:
    valid = check_folder(root).valid_project()
    assert valid is not None
    return valid


def fiches(root: Path = DATA) -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted((root / "fiches").glob("*.yaml"))]


def section(text: str, start: str, end: str | None = None) -> str:
    found = text[text.index(start) :]
    return found[: found.index(end)] if end else found


def paid_on(day: date) -> dict[str, Decimal]:
    """Paid per financer on ``day``, from the YAML."""
    paid: dict[str, Decimal] = {}
    for fiche in fiches():
        for v in fiche.get("versements") or []:
            if v["date"] <= day:
                paid[v["financeur"]] = paid.get(v["financeur"], Decimal(0)) + Decimal(
                    str(v["montant"])
                )
    return paid


@pytest.fixture(scope="module")
def outputs() -> dict[date, dict[str, str]]:
    valid = project()
    return {day: render(valid, day, environ={}) for day in DATES}


@pytest.mark.parametrize("day", DATES)
def test_payments_per_financer_are_those_of_the_yaml(
    day: date, outputs: dict[date, dict[str, str]]
) -> None:
    md = section(outputs[day]["protocole.md"], "### Versements et engagements par financeur")
    paid = paid_on(day)
    names = {p["id"]: p["nom"] for p in yaml.safe_load((DATA / "protocole.yaml").read_text())[
        "partenaires"]}  # fmt: skip
    total = sum(paid.values(), Decimal(0))
    if not total:
        return
    assert "| **Total** | " in md
    total_row = next(line for line in md.splitlines() if line.startswith("| **Total**"))
    assert f"**{euros(total)}**" in total_row
    for financer, amount in paid.items():
        row = next(line for line in md.splitlines() if line.startswith(f"| {names[financer]} |"))
        assert row.split(" | ")[2] == euros(amount), (day, financer)


@pytest.mark.parametrize("day", DATES)
def test_only_the_measures_known_on_the_date_are_shown(
    day: date, outputs: dict[date, dict[str, str]]
) -> None:
    from tindustrie.formatting import long_date

    md = section(outputs[day]["protocole.md"], "### Les indicateurs", "### Versements")
    html = section(
        outputs[day]["protocole.html"], 'id="suivi-indicateurs"', 'id="suivi-versements"'
    )
    for fiche in fiches():
        for indicator in fiche.get("indicateurs") or []:
            for m in indicator.get("mesures") or []:
                shown = f"| {long_date(m['date'])} | " in md
                assert shown == (m["date"] <= day), (day, indicator["libelle"], m["date"])
                assert (long_date(m["date"]) in html) == (m["date"] <= day)


def test_every_chart_has_a_text_alternative(outputs: dict[date, dict[str, str]]) -> None:
    html = outputs[date(2024, 6, 1)]["protocole.html"]
    charts = re.findall(r'<svg class="chart indicator-chart"[^>]*aria-labelledby="([^"]+)"', html)
    assert charts
    for labels in charts:
        for ident in labels.split():
            assert f'id="{ident}"' in html
    assert "Versements et engagements par financeur</title>" in html


def test_the_status_shown_is_the_one_in_force_on_the_date(
    outputs: dict[date, dict[str, str]],
) -> None:
    """3.2 was abandoned on 15 November 2022: not before."""
    for day, abandoned in ((date(2022, 10, 1), False), (date(2023, 6, 1), True)):
        md = outputs[day]["protocole.md"]
        row = next(line for line in md.splitlines() if line.startswith("| 3.2 "))
        assert ("abandonnée" in row) == abandoned, (day, row)


def test_data_text_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "fiches" / "1.2-may-usinage.yaml"
    fiche = yaml.safe_load(path.read_text("utf-8"))
    indicator = next(i for i in fiche["indicateurs"] if i.get("mesures"))
    indicator["libelle"] = INJECTED
    indicator["mesures"][0]["source"] = INJECTED
    path.write_text(yaml.safe_dump(fiche, allow_unicode=True), "utf-8")
    out = render(project(data), date(2024, 6, 1), environ={})
    html = section(out["protocole.html"], 'id="suivi"')
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | *x*" in html
    md = section(out["protocole.md"], "## Suivi")
    shown = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | *x*" in shown


def test_measures_written_out_of_order_are_shown_oldest_first(tmp_path: Path) -> None:
    """The format asks for measures oldest first, but no rule enforces it: the table
    and the chart still read them in date order (a chart's line never goes back)."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "fiches" / "1.2-may-usinage.yaml"
    fiche = yaml.safe_load(path.read_text("utf-8"))
    indicator = next(i for i in fiche["indicateurs"] if len(i.get("mesures") or []) > 1)
    days = sorted(m["date"] for m in indicator["mesures"])
    indicator["mesures"].reverse()
    path.write_text(yaml.safe_dump(fiche, allow_unicode=True), "utf-8")
    out = render(project(data), date(2025, 6, 1), environ={})
    md = section(out["protocole.md"], "## Suivi")
    table = section(md, f"#### Fiche 1.2 : {indicator['libelle']}", "\n\n####")
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]] == [
        long_date(d) for d in days
    ]
    html = section(out["protocole.html"], 'id="suivi"')
    chart = html[html.index(f"Indicateur : {indicator['libelle']}") :]
    chart = chart[chart.index("<polyline") :]
    xs = [float(p.split(",")[0]) for p in re.search(r'points="([^"]+)"', chart)[1].split()]
    assert xs == sorted(xs) and len(xs) == len(days)


# ------------------------------------------------------------------ the chart


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", Decimal(12)), ("12,5", Decimal("12.5")), ("1 200", Decimal(1200)),
     ("80 %", Decimal(80)), ("en hausse", None), (None, None), ("1.2.3", None)],
)  # fmt: skip
def test_number(text: str | None, expected: Decimal | None) -> None:
    assert number(text) == expected


def test_indicator_chart_geometry() -> None:
    chart = indicator_chart(
        "g", "Élèves", "élèves", "12", [(date(2022, 9, 15), "9"), (date(2023, 9, 15), "11")]
    )
    assert chart is not None
    first, last = chart.points
    assert first.x == chart.left and last.x == chart.right
    assert chart.target_y == chart.top  # the target is the highest value
    assert Decimal(chart.bottom) > Decimal(first.y) > Decimal(last.y) > Decimal(chart.target_y)
    assert "15 septembre 2022 : 9 élèves" in chart.desc and "cible 12 élèves" in chart.desc


def test_indicator_chart_leaves_words_out() -> None:
    assert indicator_chart("g", "x", None, "12", [(date(2022, 1, 1), "beaucoup")]) is None
    chart = indicator_chart(
        "g", "x", None, None, [(date(2022, 1, 1), "3"), (date(2022, 2, 1), "?")]
    )
    assert chart is not None and len(chart.points) == 1 and chart.target_y is None
    assert "pas un nombre" in chart.desc


@pytest.mark.parametrize(("day", "any_late"), [(date(2022, 6, 1), False), (date(2025, 7, 1), True)])
def test_the_dashboard_of_suivi_opens_the_section(day: date, any_late: bool) -> None:
    """The section starts with the dashboard of `tindustrie suivi` on the same date:
    one alert row per late fiche (calendrier.fin before the date, neither realised nor
    abandoned at that date, read here from the YAML)."""
    markdown = section(render(project(), day, environ={})["protocole.md"], "## Suivi")
    alerts = section(markdown, "**Alertes**", "**Fiches**")
    late = []
    for fiche in fiches():
        end = (fiche.get("calendrier") or {}).get("fin")
        history = [h for h in fiche.get("historique") or [] if h["date"] <= day]
        status = history[-1]["statut"] if history else (
            "a_preciser" if fiche.get("historique") else fiche["statut"]
        )  # fmt: skip
        if end is not None and end < day and status not in ("realisee", "abandonnee"):
            late.append(fiche["id"])
    shown = re.findall(r"^\| fiche en retard \| ([0-9.]+) \|", alerts, flags=re.M)
    assert shown == late
    assert bool(late) is any_late
    assert "**Fiches**" in markdown and "**Indicateurs**" in markdown
