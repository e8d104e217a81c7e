"""`tindustrie suivi`: the comité's dashboard. Each alert on small data folders
(``tests/suivi_cases``, fires / stays silent), every format on the example, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Run, run_cli
from tindustrie.models import AlertKind

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CASES = Path(__file__).parent / "suivi_cases"
BASE = CASES / "_base"


def case_dirs() -> list[Path]:
    return sorted(p.parent for p in CASES.glob("*/*/*/expected.yaml"))


def build(case: Path, tmp: Path) -> Path:
    data = tmp / "data"
    shutil.copytree(BASE, data)
    for source in sorted(case.rglob("*.yaml")):
        rel = source.relative_to(case)
        if rel.name == "expected.yaml":
            continue
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, data / rel)
    return data


def as_json(*args: str) -> dict[str, Any]:
    code, out, err = run_cli(["suivi", "--format", "json", *args])
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: str(p.relative_to(CASES)))
def test_alert_case(case: Path, tmp_path: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text("utf-8"))
    data = build(case, tmp_path)
    code, _, err = run_cli(["validate", "--data", str(data)])
    assert code == 0, err  # a case is valid data: the alert is not a `validate` problem
    document = as_json("--data", str(data), "--as-of", str(expected["as_of"]))
    got = [
        " ".join(x for x in (a["kind"], a["fiche"], a["subject"]) if x) for a in document["alerts"]
    ]
    assert got == expected["alerts"]
    kind = case.parent.parent.name
    if case.parent.name == "fires":
        assert kind in {a["kind"] for a in document["alerts"]}
    else:
        assert case.parent.name == "silent"
        assert kind not in {a["kind"] for a in document["alerts"]}
    for alert in document["alerts"]:  # each alert says something, in French
        assert alert["detail"]


@pytest.mark.parametrize("kind", [k.value for k in AlertKind])
def test_every_alert_kind_has_cases(kind: str) -> None:
    assert list((CASES / kind / "fires").iterdir()), kind
    assert list((CASES / kind / "silent").iterdir()), kind


def test_json_on_the_example() -> None:
    document = as_json("--data", str(DATA), "--as-of", "2024-01-01")
    assert document["as_of"] == "2024-01-01"
    assert set(document) == {"as_of", "alerts", "rows", "totals", "indicators"}
    rows = {r["id"]: r for r in document["rows"]}
    # data/ATTENDU.md: every payment is made by 2024-01-01
    assert document["totals"] == {
        "committed": "3970000.00",
        "paid": "810000.00",
        "to_pay": "3160000.00",
    }
    assert (rows["1.2"]["paid"], rows["1.2"]["to_pay"]) == ("160000.00", "210000.00")
    assert rows["1.1"]["status"] == "realisee" and rows["3.2"]["status"] == "abandonnee"
    assert rows["1.2"]["start"] == "2022-09-01" and rows["1.2"]["end"] == "2024-08-31"
    assert not any(r["late"] for r in document["rows"])
    # the latest measure on or before the date, against the target, computed here
    (packs,) = (i for i in document["indicators"] if i["label"] == "Welcome Packs distribués")
    want = (Decimal(310) * 100 / Decimal(300)).quantize(Decimal(1), ROUND_HALF_UP)
    assert (packs["value"], packs["measured_on"], packs["percent"]) == ("310", "2022-12-31", want)
    kinds = [a["kind"] for a in document["alerts"]]
    assert kinds == sorted(kinds, key=[k.value for k in AlertKind].index)  # grouped, in order
    assert "abandonnee_engagee" in kinds  # 3.2 still holds 60 000 €


def test_the_past_shows_the_past() -> None:
    """On 2022-06-01, 3.2 is en cours (abandoned on 2022-11-15), nothing is paid, and the
    Welcome Packs have no measure yet."""
    document = as_json("--data", str(DATA), "--as-of", "2022-06-01")
    rows = {r["id"]: r for r in document["rows"]}
    assert rows["3.2"]["status"] == "en_cours" and rows["1.2"]["status"] == "en_preparation"
    assert document["totals"]["paid"] == "0.00"
    assert "abandonnee_engagee" not in {a["kind"] for a in document["alerts"]}
    (packs,) = (i for i in document["indicators"] if i["label"] == "Welcome Packs distribués")
    assert packs["value"] is None and packs["percent"] is None


def test_late_fiches_in_the_future() -> None:
    """On 2025-07-01, 1.2 (end 2024-08-31, en cours) and 2.1 (end 2025-06-30) are late;
    1.1 (réalisée) and 3.2 (abandonnée) are not, though their end has passed."""
    document = as_json("--data", str(DATA), "--as-of", "2025-07-01")
    late = [r["id"] for r in document["rows"] if r["late"]]
    assert {"1.2", "2.1"} <= set(late) and not {"1.1", "3.2"} & set(late)
    alerted = [a["fiche"] for a in document["alerts"] if a["kind"] == "en_retard"]
    assert alerted == late


def test_same_money_as_financing() -> None:
    day = "2023-06-30"
    document = as_json("--data", str(DATA), "--as-of", day)
    code, out, _ = run_cli(
        ["financing", "--data", str(DATA), "--format", "json", "--by", "fiche", "--as-of", day]
    )
    assert code == 0
    financing = {r["key"]: r for r in json.loads(out)["rows"]}
    for row in document["rows"]:
        other = financing[row["id"]]
        assert (row["committed"], row["paid"], row["to_pay"]) == (
            other["committed"],
            other["paid"],
            other["to_pay"],
        )


@pytest.mark.parametrize("fmt", ["table", "md", "json", "csv"])
def test_every_format_on_the_example(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    args = ["suivi", "--data", str(DATA), "--as-of", "2024-01-01", "--format", fmt]
    code, out, err = run_cli(args)
    assert code == 0, err
    assert run_cli(args) == Run(code, out, err)  # deterministic
    if fmt in ("table", "md"):
        assert out.startswith("Suivi au 1er janvier 2024 : ")
        assert "Alertes" in out and "Fiches" in out and "Indicateurs" in out
        assert "fiche abandonnée encore engagée" in out
        assert out.index("Alertes") < out.index("Fiches")  # alerts at the top
    if fmt == "md":
        assert "| Alerte | Fiche | Détail |" in out
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert rows[0] == [
            "id", "title", "status", "start", "end", "late", "committed", "paid", "to_pay"
        ]  # fmt: skip
        assert rows[-1][6:] == ["3970000.00", "810000.00", "3160000.00"]
        assert out.endswith("\r\n")


@pytest.mark.parametrize("columns", ["80", "60"])
def test_narrow_terminals(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = run_cli(["suivi", "--data", str(DATA), "--as-of", "2024-01-01"])
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    assert "3\u202f160\u202f000\u00a0€" in out


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "suivi.md"
    args = ["suivi", "--data", str(DATA), "--as-of", "2024-01-01", "--format", "md"]
    code, out, err = run_cli([*args, "--output", str(target)])
    assert code == 0 and out == "" and str(target) in err
    assert target.read_text("utf-8") == run_cli(args).out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "xlsx"), "valeur « xlsx » invalide pour --format"),
        (("--as-of", "2024-02-30"), "--as-of"),
        (("--output", "."), "est un dossier"),
        (("--output", "nulle/part/suivi.md"), "n'existe pas"),
    ],
)
def test_usage_errors(args: tuple[str, ...], message: str) -> None:
    code, out, err = run_cli(["suivi", "--data", str(DATA), *args])
    assert code == 2 and out == ""
    assert message in err


def test_invalid_data_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (path,) = (data / "fiches").glob("1.1-*.yaml")
    path.write_text(path.read_text("utf-8").replace("montant: 30000", "montant: 99999", 1))
    code, out, err = run_cli(["suivi", "--data", str(data)])
    assert (code, out) == (1, "")
    assert "tableau de bord" in err


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, _ = run_cli(["suivi", "--data", str(tmp_path / "absent")])
    assert code == 2


def test_the_view_is_reusable() -> None:
    """Another module (the workbook, render) takes the typed alerts and rows."""
    from tindustrie.ledger import build
    from tindustrie.validation import check_folder
    from tindustrie.views.suivi import Alert, suivi_view

    project = check_folder(DATA).valid_project()
    assert project is not None
    day = date(2024, 1, 1)
    view = suivi_view(project, build(project.fiches, project.avenants, day), day)
    assert all(isinstance(a, Alert) for a in view.alerts)
    (abandoned,) = view.alerts_of(AlertKind.ABANDONNEE_ENGAGEE)
    assert (abandoned.fiche, abandoned.since, abandoned.committed) == (
        "3.2",
        date(2022, 11, 15),
        Decimal(60000),
    )
    assert [r.fiche.id for r in view.rows][:2] == ["1.1", "1.2"]
    with pytest.raises(ValueError):
        suivi_view(project, build(project.fiches, project.avenants, day), date(2023, 1, 1))


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux's /proc")
def test_a_write_failure_is_exit_code_3() -> None:
    code, out, err = run_cli(["suivi", "--data", str(DATA), "--output", "/proc/suivi.md"])
    assert (code, out) == (3, "")
    assert "impossible d'écrire /proc/suivi.md" in err
