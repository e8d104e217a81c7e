"""`tindustrie consolidate`: every figure agrees with `financing --format json`, folder by folder.

The expected figures come from an independent computation: `financing --format
json` run on each folder, the partners' SIRENs and the fiches' themes read from
the YAML files with pyyaml, and plain sums. Then each format of `consolidate`
is read back (json, csv, Markdown, the terminal table, the workbook, the HTML
page) and compared with them, to the cent.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import shutil
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from conftest import run_cli
from tindustrie.money import euros

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GENERATOR = ROOT / "benchmarks" / "generate.py"
AS_OF = "2030-01-01"
AMOUNTS = ("cost", "planned", "committed", "pending", "remaining")
FLOWS = ("planned", "committed", "pending")
ZERO = Decimal(0)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate_consolidate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run(argv: list[str], capsys: object = None) -> tuple[int, str, str]:
    """The CLI as a user runs it; stdout and stderr captured."""
    return tuple(run_cli(argv))  # type: ignore[return-value]


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example and two generated territories of the same Région (1 and 14)."""
    root = tmp_path_factory.mktemp("region")
    national = root / "national"
    _generator().generate_national(national, territories=14, mean_fiches=10, seed=3)
    folder = root / "region"
    folder.mkdir()
    shutil.copytree(DATA, folder / "laval")
    shutil.move(national / "territoire-001", folder / "t01")
    shutil.move(national / "territoire-014", folder / "t14")
    return folder


def folders(region: Path) -> list[Path]:
    return sorted(p for p in region.iterdir() if p.is_dir())


# --- the independent computation -------------------------------------------------


def financing(folder: Path, by: str) -> dict[str, Any]:
    code, out, _ = run(["financing", "-d", str(folder), "--by", by, "--as-of", AS_OF, "-f", "json"])
    assert code == 0
    document: dict[str, Any] = json.loads(out)
    return document


def _dec(value: str | None) -> Decimal:
    return Decimal(value) if value is not None else ZERO


def _partners(folder: Path) -> dict[str, tuple[str | None, str]]:
    """partner id -> (SIREN or None, name), read straight from protocole.yaml."""
    protocol = yaml.safe_load((folder / "protocole.yaml").read_text(encoding="utf-8"))
    found = {}
    for p in protocol["partenaires"]:
        siren = p.get("siren") or (p["siret"][:9] if p.get("siret") else None)
        found[p["id"]] = (str(siren) if siren else None, p["nom"])
    return found


def _themes(folder: Path) -> dict[str, str]:
    """fiche id -> its first theme ("" when none), read straight from the fiches."""
    found = {}
    for path in (folder / "fiches").glob("*.yaml"):
        fiche = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[str(fiche["id"])] = (fiche.get("themes") or [""])[0]
    return found


def expected(region: Path) -> dict[str, dict[str, dict[str, Decimal]]]:
    """by -> row key -> amount -> value; the key ``TOTAL`` holds the totals."""
    out: dict[str, dict[str, dict[str, Decimal]]] = {
        by: defaultdict(lambda: defaultdict(Decimal))
        for by in ("territoire", "financeur", "axe-theme", "nature")
    }
    for folder in folders(region):
        totals = financing(folder, "axe")["totals"]
        for key in AMOUNTS:
            out["territoire"][str(folder)][key] += _dec(totals.get(key))
            for by in out:
                out[by]["TOTAL"][key] += _dec(totals.get(key))
        partners = _partners(folder)
        for row in financing(folder, "financeur")["rows"]:
            siren, name = partners[row["key"]]
            key = f"siren:{siren}" if siren else f"nom:{name}"
            for amount in FLOWS:
                out["financeur"][key][amount] += _dec(row[amount])
        for row in financing(folder, "nature")["rows"]:
            for amount in FLOWS:
                out["nature"][row["key"]][amount] += _dec(row[amount])
        themes = _themes(folder)
        for row in financing(folder, "fiche")["rows"]:
            theme = themes[row["key"]] or None
            for amount in AMOUNTS:
                out["axe-theme"][str(theme)][amount] += _dec(row[amount])
    return out


@pytest.fixture(scope="module")
def truth(region: Path) -> dict[str, dict[str, dict[str, Decimal]]]:
    return expected(region)


def consolidate(
    region: Path, by: str, fmt: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[str, str]:
    """``consolidate`` in one process unless ``extra`` asks for more: forking workers
    from this large test process costs a tenth of a second per run. That the number
    of processes changes nothing is checked by `test_workbook_is_reproducible` (and,
    in every format, by the slow `test_same_bytes_whatever_the_number_of_jobs`)."""
    if "-j" not in extra and "--jobs" not in extra:
        extra = (*extra, "-j", "1")
    code, out, err = run(
        ["consolidate", str(region), "--by", by, "--as-of", AS_OF, "-f", fmt, *extra], capsys
    )
    assert code == 0, err
    return out, err


def _row_key(by: str, row: dict[str, Any]) -> str:
    if by == "territoire":
        return str(row["folder"])
    return str(row["key"])


BYS = ("territoire", "financeur", "axe-theme", "nature")


def _keys(by: str) -> tuple[str, ...]:
    return AMOUNTS if by in ("territoire", "axe-theme") else FLOWS


@pytest.mark.parametrize("by", BYS)
def test_json_agrees_with_financing(
    by: str, region: Path, truth: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = consolidate(region, by, "json", capsys)
    document = json.loads(out)
    want = truth[by]
    rows = {_row_key(by, r): r for r in document["rows"]}
    assert set(rows) == set(want) - {"TOTAL"} or by == "nature"
    for key, amounts in want.items():
        got = document["totals"] if key == "TOTAL" else rows[key]
        for amount in _keys(by):
            assert Decimal(got[amount]) == amounts[amount], (by, key, amount)
    assert document["territory_counts"] == {"read": 3, "included": 3, "left_out": 0}


@pytest.mark.parametrize("by", BYS)
def test_csv_agrees_with_financing(
    by: str, region: Path, truth: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = consolidate(region, by, "csv", capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    *body, total = rows
    assert list(total.values())[1].startswith("Total (3 territoires")  # the label column
    for amount in _keys(by):
        assert Decimal(total[amount]) == truth[by]["TOTAL"][amount]
        key_column = "folder" if by == "territoire" else "key"
        for row in body:
            key = row[key_column] or "None"
            assert Decimal(row[amount]) == truth[by][key][amount], (by, key, amount)


@pytest.mark.parametrize("by", BYS)
@pytest.mark.parametrize("fmt", ["md", "table"])
def test_people_formats_show_the_totals(
    by: str, fmt: str, region: Path, truth: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = consolidate(region, by, fmt, capsys)
    text = re.sub(r"[ \n│|*]+", " ", out)  # lines and cells joined; no-break spaces kept
    for amount in _keys(by):
        assert euros(truth[by]["TOTAL"][amount]) in text, (by, fmt, amount)
    assert "Total (3 territoires)" in text or (fmt == "table" and "Total (3" in text)


@pytest.mark.parametrize("by", BYS)
def test_workbook_agrees_with_financing(
    by: str,
    region: Path,
    truth: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "consolidation.xlsx"
    consolidate(region, by, "xlsx", capsys, "-o", str(target))
    book = openpyxl.load_workbook(target)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    total = [c.value for c in sheet[sheet.max_row]]
    labels = {
        "cost": "Coût",
        "planned": "Prévu",
        "committed": "Engagé",
        "pending": "En attente",
        "remaining": "Reste à engager",
    }
    for amount in _keys(by):
        column = headers.index(labels[amount])
        value = total[column]
        assert isinstance(value, int | float)
        assert Decimal(str(round(value, 2))) == truth[by]["TOTAL"][amount], (by, amount)
        cell = sheet.cell(sheet.max_row, column + 1)
        assert "€" in cell.number_format


def test_workbook_is_reproducible(
    region: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    consolidate(region, "financeur", "xlsx", capsys, "-o", str(first), "-j", "1")
    consolidate(region, "financeur", "xlsx", capsys, "-o", str(second), "-j", "2")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "csv", "md", "table"])
def test_same_bytes_whatever_the_number_of_jobs(
    fmt: str, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = {
        consolidate(region, by, fmt, capsys, "--jobs", str(jobs))[0]
        for by in ("financeur",)
        for jobs in (1, 2, 3)
    }
    assert len(outputs) == 1


def test_financers_match_by_siren_across_local_ids(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = consolidate(region, "financeur", "json", capsys)
    rows = {r["key"]: r for r in json.loads(out)["rows"]}
    # independently: for each SIREN, the local ids that fund in each folder
    funding: dict[str, dict[Path, str]] = defaultdict(dict)
    for folder in folders(region):
        partners = _partners(folder)
        for row in financing(folder, "financeur")["rows"]:
            siren = partners[row["key"]][0]
            if siren:
                funding[siren][folder] = row["key"]
    shared = {s: ids for s, ids in funding.items() if len(set(ids.values())) >= 2}
    assert shared, "the fixture should hold a financer with two local ids"
    for siren, ids in shared.items():
        row = rows[f"siren:{siren}"]
        assert row["territory_count"] == len(ids) and row["identified_by"] == "siren"
    # no financer with a SIREN is split across rows
    assert len([k for k in rows if k.startswith("siren:")]) == len(funding)
    # without a SIREN: by exact name, and said so
    by_name = [r for r in rows.values() if r["identified_by"] == "nom"]
    assert by_name and all(r["siren"] is None for r in by_name)
    assert (
        "Reconnus d'un territoire à l'autre par leur nom exact"
        in consolidate(region, "financeur", "md", capsys)[0]
    )


def test_invalid_territory_is_left_out_and_said(
    region: Path, tmp_path: Path, truth: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with_broken = tmp_path / "region"
    shutil.copytree(region, with_broken)
    broken = with_broken / "zz-casse"
    shutil.copytree(DATA, broken)
    fiche = broken / "fiches" / "1.1-welcome-pack.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("axe: 1", "axe: 9"), "utf-8")
    code, out, err = run(["consolidate", str(with_broken), "--as-of", AS_OF, "-f", "json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["territory_counts"] == {"read": 4, "included": 3, "left_out": 1}
    (left,) = document["left_out"]
    assert left["folder"] == str(broken) and left["errors"] >= 1
    row = next(r for r in document["rows"] if r["folder"] == str(broken))
    assert row["validation"] == "invalid" and row["committed"] is None
    for amount in AMOUNTS:  # the sums are those of the three valid territories
        assert Decimal(document["totals"][amount]) == truth["territoire"]["TOTAL"][amount]
    assert "zz-casse" in err and "laissé de côté" in err
    code, out, _ = run(["consolidate", str(with_broken), "--as-of", AS_OF, "-f", "csv"], capsys)
    assert "Total (3 territoires ; 1 laissé de côté, données invalides)" in out


@pytest.mark.slow
def test_html_page_and_rendered_territories(
    region: Path, truth: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site-region"
    consolidate(region, "territoire", "html", capsys, "-o", str(site), "--render-territories")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page and "https://" not in page
    for amount in AMOUNTS:
        assert euros(truth["territoire"]["TOTAL"][amount]) in page
    for folder in folders(region):
        link = f"territoires/{folder.name}/protocole.html"
        assert f'href="{link}"' in page
        assert (site / link).is_file()
    again = tmp_path / "again"
    consolidate(
        region, "territoire", "html", capsys, "-o", str(again), "--render-territories", "-j", "1"
    )
    assert (again / "index.html").read_bytes() == page.encode("utf-8")


def test_usage_errors(region: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["consolidate", str(tmp_path)], capsys)[0] == 2  # no data folder in it
    assert run(["consolidate", str(region), "--by", "axe"], capsys)[0] == 2
    assert run(["consolidate", str(region), "--jobs", "0"], capsys)[0] == 2
    assert run(["consolidate", str(region), "--render-territories"], capsys)[0] == 2
    assert run(["consolidate", str(tmp_path / "absent")], capsys)[0] == 2


def _case_folders(tmp: Path) -> list[Path]:
    """Every rule case (``tests/cases``), built as a data folder."""
    from test_cases import build_case, case_dirs

    return [build_case(case, tmp / f"case-{i}") for i, case in enumerate(case_dirs())]


def test_problem_counts_are_those_of_validate(tmp_path: Path) -> None:
    """Consolidation counts problems without placing them (no file is read twice):
    the counts are still exactly those of `validate`, on every test folder."""
    from tindustrie.consolidation import summarise
    from tindustrie.validation import check_folder

    for folder in _case_folders(tmp_path):
        want = check_folder(folder).summary
        got = summarise(folder, date(2030, 1, 1))
        assert (got.errors, got.warnings, got.infos, got.files) == (
            want.errors,
            want.warnings,
            want.infos,
            want.files,
        ), folder
