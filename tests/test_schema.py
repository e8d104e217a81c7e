"""`tindustrie schema`: generated, committed, up to date, and checked by an independent validator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from everyday_support import DATA, ROOT, copy_data, run
from tindustrie.schemas import SCHEMAS, render

COMMITTED = ROOT / "schemas"


def check_jsonschema(schema: Path, *files: Path | str) -> subprocess.CompletedProcess[str]:
    """Run check-jsonschema (from PyPI, not ours) with format checking on."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema),
         *map(str, files)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_committed_schemas_are_up_to_date() -> None:
    for name in SCHEMAS:
        assert (COMMITTED / name).read_text("utf-8") == render(name), (
            f"schemas/{name} est périmé : lancez `tindustrie schema`"
        )


def test_schema_command_writes_deterministic_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, _ = run(capsys, "schema", "--output", str(tmp_path / "s"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(SCHEMAS)
    first = {p.name: p.read_bytes() for p in (tmp_path / "s").iterdir()}
    run(capsys, "schema", "--output", str(tmp_path / "s"))
    assert {p.name: p.read_bytes() for p in (tmp_path / "s").iterdir()} == first
    (tmp_path / "f").write_text("x", "utf-8")
    assert run(capsys, "schema", "--output", str(tmp_path / "f"))[0] == 2


def test_schema_content_is_french_and_closed() -> None:
    fiche = json.loads(render("fiche.schema.json"))
    assert fiche["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert fiche["title"] == "Fiche action"
    assert fiche["additionalProperties"] is False
    props = fiche["properties"]
    assert props["cout_previsionnel"]["title"] == "Coût prévisionnel"
    assert props["statut"]["enum"] == [
        "a_preciser", "en_preparation", "en_cours", "realisee", "abandonnee"
    ]  # fmt: skip
    assert "guillemets" in props["id"]["description"]
    assert fiche["$defs"]["LigneFinancement"]["title"] == "Ligne de financement"
    assert fiche["$defs"]["LigneFinancement"]["additionalProperties"] is False


@pytest.mark.slow
def test_every_example_file_passes_check_jsonschema() -> None:
    pairs = [
        ("protocole.schema.json", [DATA / "protocole.yaml"]),
        ("fiche.schema.json", sorted((DATA / "fiches").glob("*.yaml"))),
        ("avenant.schema.json", sorted((DATA / "avenants").glob("*.yaml"))),
    ]
    for name, files in pairs:
        assert files
        result = check_jsonschema(COMMITTED / name, *files)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_new_files_pass_check_jsonschema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    run(capsys, "new", "fiche", "--axe", "2", "--titre", "Nouvelle", "--data", str(data))
    run(capsys, "new", "avenant", "--titre", "Nouveau", "--data", str(data))
    fiche = check_jsonschema(COMMITTED / "fiche.schema.json", data / "fiches" / "2.3-nouvelle.yaml")
    assert fiche.returncode == 0, fiche.stdout
    avenant = check_jsonschema(
        COMMITTED / "avenant.schema.json", data / "avenants" / "avenant-4.yaml"
    )
    assert avenant.returncode == 0, avenant.stdout


FICHE = (DATA / "fiches" / "1.1-welcome-pack.yaml").read_text("utf-8")


SHAPE_ERRORS = [
    ("statut: realisee", "statut: realisee\nstatu: en_cours", "statu"),  # unknown key
    ("statut: realisee", "statut: terminee", "terminee"),  # value outside the list
    ("axe: 1", "axe: un", "un"),  # wrong type
    ("cout_previsionnel: 60000", 'cout_previsionnel: "60 000 €"', "60 000"),  # text amount
    ("  debut: 2022-04-01", "  debut: 2022-13-01", "2022-13-01"),  # not a date
    ('id: "1.1"', "id: 1.1", "1.1"),  # unquoted id: a number for JSON Schema
    ("    nature: fonctionnement", "    nature: fonctionement", "fonctionement"),
]


def test_shape_errors_are_rejected_by_check_jsonschema(tmp_path: Path) -> None:
    """Each broken copy of a fiche is rejected, and the message names the culprit
    (one run of check-jsonschema over all of them: a process costs a quarter second)."""
    broken = []
    for number, (old, new, _why) in enumerate(SHAPE_ERRORS):
        assert old in FICHE
        broken.append(tmp_path / f"fiche-{number}.yaml")
        broken[-1].write_text(FICHE.replace(old, new, 1), "utf-8")
    result = check_jsonschema(COMMITTED / "fiche.schema.json", *broken, "--output-format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["parse_errors"] == []
    for path, (_old, new, why) in zip(broken, SHAPE_ERRORS, strict=True):
        errors = [e for e in report["errors"] if Path(e["filename"]).name == path.name]
        assert errors, f"not rejected: {new!r}"
        assert why in json.dumps(errors, ensure_ascii=False), (new, errors)


def test_avenant_and_protocol_shape_errors(tmp_path: Path) -> None:
    avenant = tmp_path / "avenant.yaml"
    avenant.write_text("numero: 0\ntitre: T\nsignataires: etat\n", "utf-8")
    assert check_jsonschema(COMMITTED / "avenant.schema.json", avenant).returncode == 1
    proto = tmp_path / "protocole.yaml"
    text = (DATA / "protocole.yaml").read_text("utf-8").replace("phase: 1", "phase: 3")
    proto.write_text(text, "utf-8")
    assert check_jsonschema(COMMITTED / "protocole.schema.json", proto).returncode == 1
