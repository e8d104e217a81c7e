"""`tindustrie financing` run as a user runs it, on data/ and on small broken copies."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BYS = ("axe", "fiche", "financeur", "nature")

# data/ATTENDU.md, made by hand from the YAML files (projected = every avenant).
EXPECTED = {
    "2022-01-01": {
        "committed": "0.00",
        "pending": "4520000.00",
        "remaining": "5090000.00",
        "paid": "0.00",
        "to_pay": "0.00",
    },
    "2022-06-01": {
        "committed": "2230000.00",
        "pending": "2290000.00",
        "remaining": "2860000.00",
        "paid": "0.00",
        "to_pay": "2230000.00",
    },
    "2023-01-01": {
        "committed": "3970000.00",
        "pending": "550000.00",
        "remaining": "1120000.00",
        "paid": "530000.00",
        "to_pay": "3440000.00",
    },
}
LAST_SIGNED = {"2022-01-01": None, "2022-06-01": 1, "2023-01-01": 2}
COST, PLANNED = "5090000.00", "5070000.00"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return tuple(run_cli(["financing", *args]))  # type: ignore[return-value]


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out, _ = run(capsys, "--data", str(DATA), "--format", "json", *args)
    assert code == 0
    document: dict[str, Any] = json.loads(out)
    return document


@pytest.mark.parametrize("day", sorted(EXPECTED))
@pytest.mark.parametrize("by", BYS)
def test_json_totals_agree_with_the_hand_made_figures(
    capsys: pytest.CaptureFixture[str], day: str, by: str
) -> None:
    document = as_json(capsys, "--as-of", day, "--by", by)
    assert document["as_of"] == day
    assert document["by"] == by
    assert document["totals"] == {"cost": COST, "planned": PLANNED, **EXPECTED[day]}
    assert document["last_signed_avenant"] == LAST_SIGNED[day]
    rows = document["rows"]
    assert all(
        set(row) >= {"key", "label", "cost", "planned", "committed", "pending", "remaining"}
        for row in rows
    )
    for field in ("planned", "committed", "pending"):
        assert sum(Decimal_(row[field]) for row in rows) == Decimal_(document["totals"][field])
    if by in ("fiche", "axe"):
        assert sum(Decimal_(row["cost"]) for row in rows) == Decimal_(COST)
    else:
        assert all(row["cost"] is None and row["remaining"] is None for row in rows)


def Decimal_(text: str) -> Any:
    from decimal import Decimal

    assert text.count(".") == 1 and len(text.split(".")[1]) == 2, text
    return Decimal(text)


def test_json_rows_by_axis_and_by_fiche(capsys: pytest.CaptureFixture[str]) -> None:
    by_axis = as_json(capsys, "--as-of", "2023-01-01", "--by", "axe")
    committed = {row["key"]: row["committed"] for row in by_axis["rows"]}
    assert committed == {"1": "430000.00", "2": "3250000.00", "3": "180000.00", "4": "110000.00"}
    assert by_axis["rows"][0]["label"].startswith("Axe 1 : ")
    by_fiche = as_json(capsys, "--as-of", "2022-06-01", "--by", "fiche")
    fiche = {row["key"]: row for row in by_fiche["rows"]}
    assert fiche["1.2"]["committed"] == "220000.00"
    assert fiche["1.2"]["remaining"] == "230000.00"
    assert fiche["4.2"]["cost"] == "0.00"
    assert fiche["2.1"]["pending"] == "450000.00"  # avenant 2 lowers, the draft 3 adds


# data/ATTENDU.md, "Par fiche": committed on 2022-06-01 and 2023-01-01, projected.
PER_FICHE = {
    "1.1": (60000, 60000, 60000),
    "1.2": (220000, 370000, 370000),
    "1.3": (0, 0, 40000),
    "2.1": (1800000, 1850000, 2250000),
    "2.2": (0, 1400000, 1500000),
    "3.1": (90000, 120000, 120000),
    "3.2": (60000, 60000, 60000),
    "4.1": (0, 110000, 120000),
    "4.2": (0, 0, 0),
}


def test_json_per_fiche_agrees_with_the_hand_made_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    june = {r["key"]: r for r in as_json(capsys, "--as-of", "2022-06-01", "--by", "fiche")["rows"]}
    jan = {r["key"]: r for r in as_json(capsys, "--as-of", "2023-01-01", "--by", "fiche")["rows"]}
    assert list(june) == list(PER_FICHE)
    for key, (in_june, in_january, projected) in PER_FICHE.items():
        assert june[key]["committed"] == f"{in_june}.00"
        assert jan[key]["committed"] == f"{in_january}.00"
        for row in (june[key], jan[key]):
            assert Decimal_(row["committed"]) + Decimal_(row["pending"]) == projected


def test_json_flags_the_abandoned_fiche(capsys: pytest.CaptureFixture[str]) -> None:
    document = as_json(capsys, "--as-of", "2023-01-01", "--by", "fiche")
    assert [row["key"] for row in document["rows"] if row["abandoned"]] == ["3.2"]
    assert document["abandoned_fiches"] == [
        {"fiche": "3.2", "label": document["rows"][6]["label"], "committed": "60000.00"}
    ]
    assert len(document["notes"]) == 1 and "3.2" in document["notes"][0]
    before = as_json(capsys, "--as-of", "2022-01-01", "--by", "fiche")
    assert not any(row["abandoned"] for row in before["rows"])
    assert before["notes"] == [] and before["pending_avenants"] == [1, 2, 3]


def test_as_of_defaults_to_today_and_by_to_axis(capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    document = as_json(capsys)
    assert document["as_of"] == date.today().isoformat()
    assert document["by"] == "axe"
    assert document["totals"]["committed"] == "3970000.00"  # after the last signature


def test_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the sentences on one line, to search them
    code, out, err = run(capsys, "--data", str(DATA), "--as-of", "2022-06-01", "--by", "fiche")
    assert code == 0
    assert "État au 1er juin 2022, avenants signés jusqu'au n° 1." in out
    assert "avenant n° 2 (signé le 8 novembre 2022, après cette date)" in out
    assert "projet d'avenant n° 3 (non signé)" in out
    for header in ("Coût", "Prévu", "Engagé", "attente", "Reste", "engager", "Versé", "verser"):
        assert header in out
    assert "2\u202f230\u202f000\u00a0€" in out  # committed total, French
    assert "5\u202f090\u202f000\u00a0€" in out
    assert "Total" in out
    # 3.2 is abandoned on 2022-11-15 (its `historique`): still en cours on 2022-06-01
    assert "3.2" in out and "Récupération" in out and "†" not in out
    assert "2 avertissements" in err  # TI402 and TI405 of data/, on stderr only
    code, out, _ = run(capsys, "--data", str(DATA), "--as-of", "2022-11-15", "--by", "fiche")
    assert code == 0 and "Touches †" in out and "† La fiche 3.2" in out


def test_table_before_any_signature(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data", str(DATA), "--as-of", "2022-01-01", "--by", "financeur")
    assert code == 0
    assert "aucun avenant signé à cette date" in out
    assert "—" in out  # no cost for a financer
    assert "†" not in out


def test_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--data", str(DATA), "--as-of", "2023-01-01", "--format", "md", "--by", "nature"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "État au 1er janvier 2023, avenants signés jusqu'au n° 2."
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == (
        "| Nature | Coût | Prévu | Engagé | En attente | Reste à engager | Versé | Reste à verser |"
    )
    assert table[1] == "|:---|---:|---:|---:|---:|---:|---:|---:|"
    assert table[2].startswith("| Fonctionnement † | — | ")
    assert table[-1].startswith("| **Total** | **5\u202f090\u202f000\u00a0€** |")
    assert lines[-1].startswith("† La fiche 3.2")


def test_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "--data",
        str(DATA),
        "--as-of",
        "2022-06-01",
        "--format",
        "csv",
        "--by",
        "financeur",
    )
    assert code == 0
    assert out.endswith("\r\n") and "\n" not in out.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == [
        "key",
        "label",
        "cost",
        "planned",
        "committed",
        "pending",
        "remaining",
        "paid",
        "to_pay",
        "abandoned",
    ]
    level = next(r for r in rows if r[0] == "level")
    assert level[1] == "Level, tiers-lieu"  # the comma is quoted
    assert level[2] == "" and level[6] == ""
    assert rows[-1] == [
        "",
        "Total",
        COST,
        PLANNED,
        "2230000.00",
        "2290000.00",
        "2860000.00",
        "0.00",  # the first payment of data/ is dated 2022-06-30
        "2230000.00",
        "false",
    ]
    # nothing is flagged: 3.2 is abandoned on 2022-11-15, after the date
    assert next(r for r in rows if r[0] == "laval-agglo")[9] == "false"
    code, out, _ = run(
        capsys, "--data", str(DATA), "--as-of", "2023-01-01", "--format", "csv", "--by", "financeur"
    )
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert next(r for r in rows if r[0] == "laval-agglo")[9] == "true"


def test_output_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("table", "md", "csv", "json"):
        args = ("--data", str(DATA), "--as-of", "2022-06-01", "--format", fmt, "--by", "fiche")
        assert run(capsys, *args) == run(capsys, *args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--by", "commune"), "valeur « commune » invalide pour --by"),
        (("--format", "xlsx"), "valeur « xlsx » invalide pour --format"),
        (("--as-of", "2022-02-30"), "date « 2022-02-30 » invalide pour --as-of"),
        (("--as-of", "01/06/2022"), "date « 01/06/2022 » invalide pour --as-of"),
        (("--data", "/nonexistent/tindustrie"), "dossier de données introuvable"),
        (("--as-of",), "une valeur est attendue après --as-of"),
        (("--en-quelle-annee",), "option inconnue"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in err


def broken_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    fiche = copy / "fiches" / "2.1-site-motte-babin.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("2400000", "2 400 000 €"), "utf-8")
    return copy


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_invalid_data_machine_formats(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    code, out, err = run(capsys, "--data", str(broken_copy(tmp_path)), "--format", fmt)
    assert code == 1
    assert out == ""
    assert "2.1-site-motte-babin.yaml" in err and "cout_previsionnel" not in out
    assert "n'est calculé que sur des données valides" in err


def test_invalid_data_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "--data", str(broken_copy(tmp_path)))
    assert code == 1
    assert "2.1-site-motte-babin.yaml" in err and out == ""
    assert "État au" not in out


def test_a_ledger_error_stops_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = (
        ROOT / "tests" / "cases" / "TI601-engage-superieur-au-cout" / "invalid" / "dossier-complet"
    )
    code, out, err = run(capsys, "--data", str(case), "--format", "json")
    assert (code, out) == (1, "")
    assert "TI601" in err


def test_warnings_do_not_stop_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    case = (
        ROOT / "tests" / "cases" / "TI602-prevu-superieur-au-cout" / "invalid" / "dossier-complet"
    )
    code, out, err = run(capsys, "--data", str(case), "--format", "json", "--as-of", "2023-01-01")
    assert code == 0
    document = json.loads(out)
    assert document["totals"]["committed"] == "90000.00"
    assert document["totals"]["pending"] == "20000.00"
    assert document["pending_avenants"] == [2]
    assert "1 avertissement" in err


def test_table_prints_titles_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    copy = tmp_path / "case"
    shutil.copytree(
        ROOT / "tests" / "cases" / "TI603-financeur-hors-plan" / "valid" / "dossier-complet", copy
    )
    fiche = copy / "fiches" / "1.1-atelier.yaml"
    text = fiche.read_text(encoding="utf-8").replace("Atelier partagé", "Atelier [bold]partagé[/]")
    fiche.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "--data", str(copy), "--by", "fiche", "--as-of", "2023-01-01")
    assert code == 0
    assert "Atelier [bold]partagé[/]" in out
