"""`tindustrie list`: tables, filters, machine formats and usage errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from everyday_support import AS_OF, DATA, copy_data, run

D = ("--data", str(DATA))


def test_fiches_table_in_natural_order_with_count(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", *D, "--as-of", AS_OF)
    assert code == 0
    ids = re.findall(r"^(\d+\.\d+) ", out, re.MULTILINE)
    assert ids == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"]
    assert out.rstrip().endswith("9 fiches")
    assert "1\u202f850\u202f000\u00a0€" in out  # 2.1 committed after avenant 2


def test_natural_sort_puts_1_10_after_1_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    source = (data / "fiches" / "1.3-promotion-metiers-industriels.yaml").read_text("utf-8")
    (data / "fiches" / "1.10-dix.yaml").write_text(
        source.replace('id: "1.3"', 'id: "1.10"'), "utf-8"
    )
    code, out, err = run(capsys, "list", "--data", str(data), "--format", "csv", "--axe", "1")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["1.1", "1.2", "1.3", "1.10"]


def test_fiches_json_exact_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", *D, "--format", "json", "--as-of", AS_OF)
    assert code == 0
    document = json.loads(out)
    assert document["as_of"] == AS_OF
    rows = {r["id"]: r for r in document["rows"]}
    assert rows["1.2"]["committed"] == "370000.00"
    assert rows["1.2"]["cost"] == "450000.00"
    assert rows["4.2"]["cost"] is None
    assert rows["1.2"]["status"] == "en_cours"
    assert rows["1.2"]["pilot"] == "uimm-mayenne"
    # before avenant 2 was signed, 1.2 had avenant 1's amounts in force
    code, out, _ = run(capsys, "list", *D, "--format", "json", "--as-of", "2022-06-01")
    assert {r["id"]: r for r in json.loads(out)["rows"]}["1.2"]["committed"] == "220000.00"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--axe", "2"), ["2.1", "2.2"]),
        (("--pilote", "laval-agglo"), ["2.1", "3.2"]),
        (("--statut", "en_cours"), ["1.2", "2.1", "2.2", "3.1", "4.1"]),
        (("--statut", "en cours"), ["1.2", "2.1", "2.2", "3.1", "4.1"]),  # the label people read
        (("--statut", "Réalisée"), ["1.1"]),
        (("--financeur", "banque-territoires"), ["2.1", "2.2"]),
        (("--financeur", "cci-mayenne"), ["1.3"]),  # only in the draft avenant 3
        (("--axe", "1", "--statut", "realisee"), ["1.1"]),
        (("--pilote", "ademe"), []),
    ],
)
def test_fiche_filters(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: list[str]
) -> None:
    code, out, _ = run(capsys, "list", *D, "--format", "csv", *args)
    assert code == 0
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == expected


def test_avenants_money_and_drafts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # one line per avenant
    code, out, _ = run(capsys, "list", "avenants", *D, "--format", "json")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert [r["numero"] for r in rows] == [1, 2, 3]
    assert rows[0]["signed_on"] == "2022-03-15"
    assert rows[2]["signed_on"] is None
    assert [r["state"] for r in rows] == ["signe", "signe", "projet"]
    assert [r["amount"] for r in rows] == ["2230000.00", "2610000.00", "870000.00"]
    assert [r["delta"] for r in rows] == ["2230000.00", "1740000.00", "550000.00"]
    code, out, _ = run(capsys, "list", "avenants", *D, "--as-of", "2022-06-01")
    assert "projet, non signé" in out and "15 mars 2022" in out
    assert "non signé à cette date" in out  # avenant 2, signed in November
    assert "3 avenants" in out


def test_avenants_financeur_filter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "avenants", *D, "--financeur", "etat", "--format", "csv")
    assert code == 0
    assert [r["numero"] for r in csv.DictReader(io.StringIO(out))] == ["1", "2"]


def test_partenaires(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # one line per partner
    code, out, _ = run(capsys, "list", "partenaires", *D, "--format", "csv", "--as-of", AS_OF)
    assert code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["laval-agglo"]["piloted"] == "2"
    assert rows["etat"]["committed"] == "850000.00"
    assert rows["region-pdl"]["committed"] == "600000.00"
    assert rows["cci-mayenne"]["committed"] == "0.00"  # draft only
    assert rows["cci-mayenne"]["type"] == "chambre_consulaire"
    code, out, _ = run(capsys, "list", "partenaires", *D)
    assert "13 partenaires" in out
    assert "chambre consulaire" in out and "chambre_consulaire" not in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--axe", "9"), "1, 2, 3, 4"),
        (("--pilote", "lavl-agglo"), "laval-agglo"),
        (("--statut", "fini"), "a_preciser, en_preparation"),
        (("--financeur", "nobody"), "region-pdl"),
        (("avenants", "--axe", "1"), "--financeur"),
        (("partenaires", "--statut", "en_cours"), "pas de filtre"),
        (("machins",), "fiches, avenants, partenaires"),
        (("--format", "xml"), "table, json, csv, md"),
        (("--as-of", "2024-13-01"), "AAAA-MM-JJ"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], needle: str
) -> None:
    code, out, err = run(capsys, "list", *D, *args)
    assert code == 2
    assert out == ""
    assert needle in err and "Traceback" not in err


def test_invalid_data_prints_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    fiche = data / "fiches" / "4.2-referent-procedures.yaml"
    fiche.write_text(fiche.read_text("utf-8").replace("statut:", "statu:"), "utf-8")
    code, out, err = run(capsys, "list", "--data", str(data))
    assert code == 1  # the report is on stderr; nothing on stdout
    assert out == ""
    assert "4.2-referent-procedures.yaml" in err and "tindustrie validate" in err
    code, out, err = run(capsys, "list", "--data", str(data), "--format", "json")
    assert code == 1 and out == ""  # a machine format: stdout stays empty
    assert "4.2-referent-procedures.yaml" in err


def test_missing_data_folder_is_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "list", "--data", str(tmp_path / "nope"))
    assert code == 2 and "introuvable" in err


def test_output_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "list", *D, "--as-of", AS_OF)
    assert run(capsys, "list", *D, "--as-of", AS_OF) == first
