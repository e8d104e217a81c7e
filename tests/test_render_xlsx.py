"""`tindustrie render --format xlsx`: the comité's workbook, read back with openpyxl.

The totals must be those of `financing --format json` on the same date, as
numbers (never text); dates are date cells; a text that looks like a formula
stays a text; two renders give the same bytes.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Run

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
DATES = ("2022-06-01", "2023-01-01", "2024-06-01")
SHEETS = ["Fiches", "Financements", "Versements", "Indicateurs", "Avenants", "Alertes"]
MONEY_HEADERS = {
    "planned": "Prévu",
    "committed": "Engagé",
    "pending": "En attente",
    "paid": "Versé",
    "to_pay": "Reste à verser",
}


def render(cli: Callable[..., Run], data: Path, out: Path, as_of: str) -> Path:
    code, _, err = cli("render", "--data", str(data), "--format", "xlsx", "--output", str(out),
                       "--as-of", as_of)  # fmt: skip
    assert code == 0, err
    return out / "protocole.xlsx"


def rows(sheet: Any) -> list[dict[str, Any]]:
    """The sheet's rows as ``{header: value}``."""
    values = list(sheet.iter_rows(values_only=True))
    headers = values[0]
    return [dict(zip(headers, row, strict=True)) for row in values[1:]]


def money(value: Any) -> Decimal:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


@pytest.mark.parametrize("as_of", DATES)
def test_the_totals_are_those_of_financing(
    as_of: str, cli: Callable[..., Run], tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(render(cli, DATA, tmp_path, as_of))
    code, out, err = cli("financing", "--data", str(DATA), "--format", "json", "--as-of", as_of)
    assert code == 0, err
    financing = json.loads(out)
    lines = rows(book["Financements"])
    *body, total = lines
    assert total["Fiche"] == "Total"
    for key, header in MONEY_HEADERS.items():
        if key not in financing["totals"]:
            continue  # paid and to_pay: once the ledger knows them
        assert money(total[header]) == Decimal(financing["totals"][key]), (as_of, key)
    # line by line: the same (fiche, financer, nature) and the same amounts
    expected = {(ln["fiche"], ln["financeur"], ln["nature"]): ln for ln in financing["lines"]}
    found = {(r["Fiche"], r["Financeur (id)"], r["Nature"]): r for r in body}
    assert found.keys() == expected.keys()
    for triple, line in expected.items():
        for key, header in MONEY_HEADERS.items():
            if key in line:
                assert money(found[triple][header]) == Decimal(line[key]), (triple, key)
    fiches = rows(book["Fiches"])[-1]
    assert money(fiches["Engagé"]) == Decimal(financing["totals"]["committed"])
    assert money(fiches["Coût"]) == Decimal(financing["totals"]["cost"])


def test_styles_dates_and_print_setup(cli: Callable[..., Run], tmp_path: Path) -> None:
    book = openpyxl.load_workbook(render(cli, DATA, tmp_path, "2024-06-01"))
    assert [s for s in book.sheetnames if s in SHEETS] == book.sheetnames
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.column_dimensions["A"].width
    fiches = book["Fiches"]
    headers = [c.value for c in fiches[1]]
    start = fiches.cell(2, headers.index("Début") + 1)
    assert start.is_date and isinstance(start.value, datetime)
    committed = fiches.cell(2, headers.index("Engagé") + 1)
    assert committed.data_type == "n" and "€" in committed.number_format
    signed = book["Avenants"].cell(2, 4)
    assert signed.is_date


def test_two_renders_give_the_same_bytes(cli: Callable[..., Run], tmp_path: Path) -> None:
    first = render(cli, DATA, tmp_path / "a", "2023-01-01").read_bytes()
    second = render(cli, DATA, tmp_path / "b", "2023-01-01").read_bytes()
    assert first == second
    other = render(cli, DATA, tmp_path / "c", "2024-06-01").read_bytes()
    assert other != first


def test_the_workbook_date_follows_source_date_epoch(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = openpyxl.load_workbook(render(cli, DATA, tmp_path / "a", "2023-01-01"))
    assert book.properties.created == datetime(2023, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1654041600")  # 2022-06-01 00:00 UTC
    book = openpyxl.load_workbook(render(cli, DATA, tmp_path / "b", "2023-01-01"))
    assert book.properties.created == datetime(2022, 6, 1)


def test_a_title_like_a_formula_stays_a_text(cli: Callable[..., Run], tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "fiches" / "1.1-welcome-pack.yaml"
    fiche = yaml.safe_load(path.read_text("utf-8"))
    fiche["titre"] = '=HYPERLINK("http://exemple.invalid","x")'
    path.write_text(yaml.safe_dump(fiche, allow_unicode=True), "utf-8")
    book = openpyxl.load_workbook(render(cli, data, tmp_path / "out", "2024-06-01"))
    for name in ("Fiches", "Financements"):
        cells = [c for row in book[name].iter_rows() for c in row if c.value == fiche["titre"]]
        assert cells, name
        assert all(c.data_type == "s" for c in cells), name


def test_all_writes_the_workbook_too(cli: Callable[..., Run], tmp_path: Path) -> None:
    pytest.importorskip("typst")
    code, out, err = cli("render", "--data", str(DATA), "--output", str(tmp_path),
                         "--as-of", "2023-01-01")  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "protocole.xlsx").exists()
    assert "protocole.xlsx" in out


@pytest.mark.parametrize("as_of", ["2023-01-01", "2024-06-01"])
def test_the_alerts_sheet_holds_the_alerts_of_suivi(
    as_of: str, cli: Callable[..., Run], tmp_path: Path
) -> None:
    """The « Alertes » sheet and `suivi --format json` give the same alerts on the same
    date: same fiches, same details, dates as date cells, amounts as numbers."""
    book = openpyxl.load_workbook(render(cli, DATA, tmp_path, as_of))
    sheet = rows(book["Alertes"])
    code, out, err = cli("suivi", "--data", str(DATA), "--format", "json", "--as-of", as_of)
    assert code == 0, err
    alerts = json.loads(out)["alerts"]
    assert alerts, "the example has alerts on these dates"
    assert [(r["Fiche"], r["Détail"]) for r in sheet] == [(a["fiche"], a["detail"]) for a in alerts]
    for found, alert in zip(sheet, alerts, strict=True):
        since = alert["since"]
        assert found["Depuis"] == (datetime.fromisoformat(since) if since else None)
        if alert["committed"] is None:
            assert found["Engagé"] is None
        else:
            assert money(found["Engagé"]) == Decimal(alert["committed"])
