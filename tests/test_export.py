"""`tindustrie export projets-territoire`: rows valid against the shipped national schema."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from conftest import run_cli
from tindustrie.export import projets
from tindustrie.export.references import (
    COLLECTIVITES_SCHEMA,
    COMPETENCES_CSV,
    LEVIERS_CSV,
    PROJETS_SCHEMA,
    SCHEMA_DIR,
)
from tindustrie.models import Statut

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GENERATOR = ROOT / "benchmarks" / "generate.py"
SHARED = ROOT.parent.parent / "shared" / "schemas"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate_export", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return tuple(run_cli(argv))  # type: ignore[return-value]


def frictionless_errors(csv_path: Path, schema: Path) -> list[str]:
    """The errors frictionless finds in ``csv_path`` against ``schema`` (none: valid)."""
    frictionless = pytest.importorskip("frictionless")
    descriptor = json.loads(schema.read_text(encoding="utf-8"))
    resource = frictionless.Resource(
        path=csv_path.name,
        basepath=str(csv_path.parent),
        schema=frictionless.Schema.from_descriptor(descriptor),
    )
    report = frictionless.validate(resource)
    return [str(error.message) for task in report.tasks for error in task.errors]


def _reference(path: Path, key: str) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key] for row in csv.DictReader(handle)}


def check_array_foreign_keys(projects_csv: Path, collectivites_csv: Path) -> list[dict[str, str]]:
    """frictionless does not follow foreign keys on array fields: check them here."""
    competences = _reference(COMPETENCES_CSV, "code")
    leviers = _reference(LEVIERS_CSV, "levier")
    collectivites = _reference(collectivites_csv, "id")
    with projects_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for r in rows:
        for field, known in (
            ("competences", competences),
            ("leviers", leviers),
            ("collectiviteIds", collectivites),
        ):
            values = json.loads(r[field]) if r[field] else []
            assert isinstance(values, list)
            assert set(values) <= known, (r["nom"], field, set(values) - known)
    return rows


def export(data: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, str]:
    projects, collectivites = tmp / "projets.csv", tmp / "collectivites.csv"
    code, out, err = run(
        [
            "export",
            "projets-territoire",
            "-d",
            str(data),
            "--as-of",
            "2024-05-01",
            "-o",
            str(projects),
        ],
        capsys,
    )
    assert code == 0 and out == "", err
    code, _, _ = run(
        [
            "export",
            "collectivites",
            "-d",
            str(data),
            "--as-of",
            "2024-05-01",
            "-o",
            str(collectivites),
        ],
        capsys,
    )
    assert code == 0
    return projects, collectivites, err


def test_shipped_schema_is_the_published_one() -> None:
    """The copy in the package is unmodified, with its licence and its origin."""
    assert (SCHEMA_DIR / "LICENSE.md").read_text(encoding="utf-8").startswith("LICENCE OUVERTE 2.0")
    origin = (SCHEMA_DIR.parent / "ORIGINE.md").read_text(encoding="utf-8")
    assert "Licence Ouverte" in origin and "betagouv/schema-projet" in origin
    schema = json.loads(PROJETS_SCHEMA.read_text(encoding="utf-8"))
    assert schema["version"] == "v0.1.0"
    assert tuple(f["name"] for f in schema["fields"]) == projets.FIELDS
    coll = json.loads(COLLECTIVITES_SCHEMA.read_text(encoding="utf-8"))
    assert tuple(f["name"] for f in coll["fields"]) == projets.COLLECTIVITE_FIELDS
    upstream = SHARED / "schema-projet-collectivites-transition-ecologique-0.1.0"
    if upstream.is_dir():  # the development machine keeps the published copy beside
        for source in upstream.rglob("*"):
            if source.is_file():
                shipped = SCHEMA_DIR / source.relative_to(upstream)
                assert shipped.read_bytes() == source.read_bytes(), shipped


def test_example_export_is_valid_against_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)  # outside git: dates from --as-of
    projects, collectivites, err = export(data, tmp_path, capsys)
    assert frictionless_errors(projects, PROJETS_SCHEMA) == []
    assert frictionless_errors(collectivites, COLLECTIVITES_SCHEMA) == []
    rows = check_array_foreign_keys(projects, collectivites)
    assert [r["nom"] for r in rows][:2] == [
        "Welcome Pack pour les salariés nouvellement arrivés",
        "May'Usinage, école de production aux métiers de l'usinage",
    ]
    assert len(rows) == len(list((data / "fiches").glob("*.yaml")))
    assert {r["programme"] for r in rows} == {"Territoires d'industrie"}
    assert {r["createdAt"] for r in rows} == {"2024-05-01T00:00:00Z"}
    by_title = {r["nom"]: r for r in rows}
    heat = by_title["Récupération de la chaleur fatale industrielle dans la zone des Touches"]
    assert json.loads(heat["competences"]) == ["90-751"]
    assert json.loads(heat["leviers"]) == ["Réseaux de chaleur décarbonés", "Industrie diffuse"]
    assert (heat["phase"], heat["phaseStatut"]) == ("", "Abandonné")
    usinage = by_title["May'Usinage, école de production aux métiers de l'usinage"]
    assert usinage["budgetPrevisionnel"] == "450000"
    assert usinage["dateDebutPrevisionnelle"] == "2022-09-01"
    # what is missing is listed per fiche, on stderr
    assert "Fiche 4.2 : laissés vides : budgetPrevisionnel" in err
    assert "porteurCodeSiret (pas de `siret` au partenaire « uimm-mayenne »)" in err
    assert "hors historique git" in err


def test_ids_are_stable_and_documented(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    first, _, _ = export(data, tmp_path, capsys)
    again = tmp_path / "again"
    again.mkdir()
    second, _, _ = export(data, again, capsys)
    assert first.read_bytes() == second.read_bytes()
    # recomputed from the documented rule, apart from the code
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "tindustrie:export:projets-territoire")
    assert namespace == projets.NAMESPACE
    rows = list(csv.DictReader(io.StringIO(first.read_text(encoding="utf-8"))))
    expected = uuid.uuid5(namespace, "siren:200083392/fiche:1.2")
    assert rows[1]["id"] == str(expected)
    assert json.loads(rows[0]["collectiviteIds"]) == [
        str(uuid.uuid5(namespace, "siren:200083392/collectivite"))
    ]
    assert len({r["id"] for r in rows}) == len(rows)


def test_generated_territory_export_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate = _generator()
    (folder,) = generate.generate_national(tmp_path / "national", territories=1, mean_fiches=60)
    projects, collectivites, _ = export(folder, tmp_path, capsys)
    assert frictionless_errors(projects, PROJETS_SCHEMA) == []
    assert frictionless_errors(collectivites, COLLECTIVITES_SCHEMA) == []
    rows = check_array_foreign_keys(projects, collectivites)
    assert any(r["competences"] for r in rows) and any(r["leviers"] for r in rows)
    assert any(r["porteurCodeSiret"] for r in rows)


def test_a_wrong_array_reference_is_caught_by_our_check(tmp_path: Path) -> None:
    """The foreign-key check of this file is not vacuous."""
    projects = tmp_path / "p.csv"
    projects.write_text(
        'nom,competences,leviers,collectiviteIds\r\nx,"[""90-999""]",,\r\n', encoding="utf-8"
    )
    collectivites = tmp_path / "c.csv"
    collectivites.write_text("id\r\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        check_array_foreign_keys(projects, collectivites)


def _git(args: list[str], cwd: Path, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git absent")
def test_dates_come_from_the_git_history_across_a_rename(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    data = repo / "data"
    shutil.copytree(DATA, data)
    _git(["init", "-q"], repo, "2021-10-28T10:00:00+02:00")
    _git(["add", "."], repo, "2021-10-28T10:00:00+02:00")
    _git(["commit", "-qm", "protocole"], repo, "2021-10-28T10:00:00+02:00")
    fiche = data / "fiches" / "1.2-may-usinage.yaml"
    moved = data / "fiches" / "1.2-ecole-de-production.yaml"
    _git(["mv", str(fiche), str(moved)], repo, "2022-03-01T09:30:00+01:00")
    _git(["commit", "-qm", "rename"], repo, "2022-03-01T09:30:00+01:00")
    moved.write_text(moved.read_text(encoding="utf-8") + "# relu\n", encoding="utf-8")
    _git(["commit", "-qam", "edit"], repo, "2023-06-15T14:00:00+02:00")

    projects, _, err = export(data, tmp_path, capsys)
    rows = {r["nom"][:12]: r for r in csv.DictReader(projects.open(encoding="utf-8"))}
    usinage = rows["May'Usinage,"]
    assert (usinage["createdAt"], usinage["updatedAt"]) == (
        "2021-10-28T10:00:00+02:00",
        "2023-06-15T14:00:00+02:00",
    )
    welcome = rows["Welcome Pack"]
    assert welcome["createdAt"] == welcome["updatedAt"] == "2021-10-28T10:00:00+02:00"
    assert frictionless_errors(projects, PROJETS_SCHEMA) == []
    assert "historique git" in err


@pytest.mark.parametrize(
    ("amount", "euros"),
    [("1234.50", 1235), ("1234.49", 1234), ("0.50", 1), ("0", 0), ("99.99", 100)],
)
def test_budget_rounds_half_up_to_whole_euros(amount: str, euros: int) -> None:
    assert projets.whole_euros(Decimal(amount)) == euros


def test_every_status_has_a_phase_in_the_schema() -> None:
    schema = json.loads(PROJETS_SCHEMA.read_text(encoding="utf-8"))
    enums = {f["name"]: f.get("constraints", {}).get("enum") for f in schema["fields"]}
    assert set(projets.PHASES) == set(Statut)
    for phase, status in projets.PHASES.values():
        assert phase is None or phase in enums["phase"]
        assert status in enums["phaseStatut"]


def test_invalid_data_is_not_exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    fiche = data / "fiches" / "1.1-welcome-pack.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("axe: 1", "axe: 9"), "utf-8")
    target = tmp_path / "out.csv"
    code, out, err = run(
        ["export", "projets-territoire", "-d", str(data), "-o", str(target)], capsys
    )
    assert code == 1 and out == "" and not target.exists()
    assert "TI311" in err


def test_output_must_be_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        ["export", "projets-territoire", "-d", str(DATA), "-o", str(tmp_path)], capsys
    )
    assert code == 2 and "dossier" in err
