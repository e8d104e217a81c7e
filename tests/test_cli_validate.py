"""`tindustrie validate` as a user runs it: exit codes, every format, no traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FORMATS = ("text", "json", "github", "gitlab")


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tuple(run_cli(argv))  # type: ignore[return-value]


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ with an unknown key in one fiche (line 3) and a bad date in an avenant."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    fiche = data / "fiches" / "1.2-may-usinage.yaml"
    lines = fiche.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("titre:"))
    lines[index] = lines[index].replace("titre:", "tittre:", 1)
    fiche.write_text("".join(lines), encoding="utf-8")
    avenant = data / "avenants" / "avenant-2.yaml"
    text = avenant.read_text(encoding="utf-8")
    avenant.write_text(
        re.sub(r"date_signature: \S+", "date_signature: 2022-02-30", text), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return data


def _line_of(path: Path, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(prefix))


@pytest.mark.parametrize("fmt", [*FORMATS, "auto"])
def test_example_data_is_valid(
    fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(["validate", "--format", fmt], capsys, monkeypatch)
    assert code == 0
    if fmt == "json":
        assert json.loads(out)["valid"] is True


@pytest.mark.parametrize("fmt", FORMATS)
def test_broken_copy_fails_in_every_format(
    fmt: str, broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["validate", "--data", "data", "--format", fmt], capsys, monkeypatch)
    assert code == 1
    fiche_line = _line_of(broken / "fiches" / "1.2-may-usinage.yaml", "tittre:")
    avenant_line = _line_of(broken / "avenants" / "avenant-2.yaml", "date_signature:")
    fiche = "data/fiches/1.2-may-usinage.yaml"
    avenant = "data/avenants/avenant-2.yaml"
    if fmt == "text":
        assert f"{fiche}:{fiche_line}:1  TI201" in out
        assert f"{avenant}:{avenant_line}:17  TI205" in out
        assert "Vouliez-vous dire « titre » ?" in out
        assert "✗" in out
    elif fmt == "json":
        found = {(p["code"], p["file"], p["line"]) for p in json.loads(out)["problems"]}
        assert ("TI201", fiche, fiche_line) in found
        assert ("TI205", avenant, avenant_line) in found
    elif fmt == "github":
        assert f"::error file={fiche},line={fiche_line},col=1,title=TI201::" in out
        assert f"::error file={avenant},line={avenant_line},col=17,title=TI205::" in out
    else:
        found = {(i["check_name"], i["location"]["path"]) for i in json.loads(out)}
        assert ("TI201", fiche) in found and ("TI205", avenant) in found


def test_auto_is_github_inside_github_actions(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run_cli(["validate", "--data", "data"])
    assert code == 1
    assert out.startswith("::error file=data/")
    levels = ("::error ", "::warning ", "::notice ")
    assert all(line.startswith(levels) for line in out.splitlines())


def test_auto_is_text_elsewhere(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["validate", "--data", "data"], capsys, monkeypatch)
    assert code == 1
    assert "::error" not in out and "TI201 erreur" in out


def test_json_schema(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["validate", "-d", "data", "-f", "json"], capsys, monkeypatch)
    assert code == 1
    document = json.loads(out)
    assert set(document) == {"valid", "problems", "summary"}
    assert document["valid"] is False
    # the info: the État of the example finances without a SIREN (TI330)
    assert document["summary"] == {"errors": 3, "warnings": 0, "infos": 1, "files": 13}
    keys = {"code", "severity", "file", "line", "column", "message", "hint"}
    for p in document["problems"]:
        assert set(p) == keys
        assert p["severity"] in ("error", "warning", "info")
        assert re.fullmatch(r"TI\d{3}", p["code"])
        assert not os.path.isabs(p["file"]) and (Path.cwd() / p["file"]).is_file()
        assert isinstance(p["line"], int) and isinstance(p["column"], int)
    files = [(p["file"], p["line"], p["column"]) for p in document["problems"]]
    assert files == sorted(files)


def test_json_file_is_relative_to_the_current_directory(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken / "fiches")
    code, out, _ = run(["validate", "-d", "..", "-f", "json"], capsys, monkeypatch)
    assert code == 1
    files = {p["file"] for p in json.loads(out)["problems"]}
    assert "1.2-may-usinage.yaml" in files
    assert "../avenants/avenant-2.yaml" in files


def test_github_workflow_commands_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "fiches" / "vide.yaml").write_text("# rien\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["validate", "-f", "github"], capsys, monkeypatch)
    assert code == 1
    pattern = re.compile(
        r"::(error|warning|notice) file=[^,:]+(,line=\d+,col=\d+)?,title=TI\d{3}::[^\n]+"
    )
    lines = out.splitlines()
    assert lines and all(pattern.fullmatch(line) for line in lines), out
    assert "%0A" in out  # message and hint on two lines of the annotation
    assert "erreur" in err  # the summary goes to stderr


def test_gitlab_code_quality(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["validate", "-d", "data", "-f", "gitlab"], capsys, monkeypatch)
    assert code == 1
    issues = json.loads(out)
    assert isinstance(issues, list) and len(issues) == 4  # 3 errors and the TI330 info
    assert [i["severity"] for i in issues if i["check_name"] == "TI330"] == ["info"]
    fingerprints = set()
    for issue in issues:
        assert issue["check_name"].startswith("TI")
        assert issue["description"]
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert Path(issue["location"]["path"]).is_file()
        fingerprints.add(issue["fingerprint"])
    assert len(fingerprints) == len(issues)
    # Deterministic: the same data gives byte-identical output.
    _, again, _ = run(["validate", "-d", "data", "-f", "gitlab"], capsys, monkeypatch)
    assert again == out


def test_strict_turns_warnings_into_failure(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(["validate", "-f", "json"], capsys, monkeypatch)
    assert code == 0 and json.loads(out)["summary"]["warnings"] >= 1
    code, out, _ = run(["validate", "-f", "json", "--strict"], capsys, monkeypatch)
    assert code == 1 and json.loads(out)["valid"] is False


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--inconnue"],
        ["validate", "--data", "dossier-absent"],
        ["validate", "--format", "xml"],
        ["validate", "--data"],
        ["validate", "en-trop"],
        ["commande-inconnue"],
    ],
)
def test_usage_errors_exit_2_in_french(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(argv, capsys, monkeypatch)
    assert code == 2
    assert err.startswith("Erreur : ")
    for english in ("No such", "Usage:", "Error:", "Got unexpected", "requires an argument"):
        assert english not in err


def test_data_folder_missing_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["validate"], capsys, monkeypatch)
    assert code == 2 and "dossier de données introuvable" in err


def test_data_is_a_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = run(["validate", "-d", "data/protocole.yaml"], capsys, monkeypatch)
    assert code == 2 and "n'est pas un dossier" in err


def _subprocess(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


def test_python_m_version() -> None:
    done = _subprocess("-m", "tindustrie", "--version")
    assert done.returncode == 0
    assert re.fullmatch(r"tindustrie \d+\.\d+\.\d+\S*\n", done.stdout)


def test_python_m_validate_on_broken_copy(broken: Path) -> None:
    done = _subprocess("-m", "tindustrie", "validate", "-d", str(broken), cwd=broken)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "TI201" in done.stdout


def test_validate_imports_neither_jinja2_nor_babel_nor_typst() -> None:
    code = (
        "import sys\n"
        "from tindustrie.cli import main\n"
        "try:\n"
        "    main(['validate', '--format', 'json'])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('jinja2', 'babel', 'typst', 'xlsxwriter', 'frictionless'))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = _subprocess("-c", code)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stderr


def test_version_loads_neither_the_models_nor_rich() -> None:
    """`tindustrie --version` stays instant: no pydantic models, no jinja2, no Babel, no rich."""
    code = (
        "import sys\n"
        "from tindustrie.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "roots = ('jinja2', 'babel', 'rich', 'tindustrie.models', 'tindustrie.project')\n"
        "heavy = sorted(m for m in sys.modules if m.startswith(roots))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = _subprocess("-c", code)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stderr


def test_every_problem_of_every_file_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty file, a Latin-1 file and a syntax error: all reported, other files checked."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "fiches" / "1.1-welcome-pack.yaml").write_text("", encoding="utf-8")
    (data / "fiches" / "4.2-referent-procedures.yaml").write_bytes(
        'titre: "Référent"\n'.encode("latin-1")
    )
    (data / "avenants" / "avenant-3.yaml").write_text("numero: [3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["validate", "-f", "json"], capsys, monkeypatch)
    assert code == 1
    found = {(p["code"], p["file"]) for p in json.loads(out)["problems"]}
    assert ("TI103", "data/fiches/1.1-welcome-pack.yaml") in found
    assert ("TI110", "data/fiches/4.2-referent-procedures.yaml") in found
    assert ("TI102", "data/avenants/avenant-3.yaml") in found
