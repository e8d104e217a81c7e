"""Shell completion: commands, fixed values and the identifiers of the data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from everyday_support import DATA, run


def complete(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, line: str
) -> list[str]:
    """What bash would offer after ``line`` (a trailing space: a new word)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    monkeypatch.setenv("_TINDUSTRIE_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(cword))
    code, out, err = run(capsys)
    monkeypatch.delenv("_TINDUSTRIE_COMPLETE")
    assert code == 0 and err == ""
    return out.split()


@pytest.fixture
def in_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA.parent)  # `data/` is the default data folder


@pytest.mark.usefixtures("in_example")
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tindustrie va", ["validate"]),
        ("tindustrie re", ["render", "rename"]),
        ("tindustrie validate --format ", ["auto", "text", "json", "github", "gitlab"]),
        ("tindustrie list --format ", ["table", "json", "csv", "md"]),
        ("tindustrie financing --by ", ["axe", "fiche", "financeur", "nature"]),
        ("tindustrie list ", ["fiches", "avenants", "partenaires"]),
        ("tindustrie list --statut en", ["en_preparation", "en_cours"]),
        ("tindustrie list --axe ", ["1", "2", "3", "4"]),
        ("tindustrie list --pilote laval-", ["laval-agglo", "laval-economie", "laval-tourisme"]),
        ("tindustrie show avenant ", ["1", "2", "3"]),
        ("tindustrie show 3", ["3.1", "3.2"]),
        ("tindustrie rename fiche 4", ["4.1", "4.2"]),
        ("tindustrie rename partenaire ba", ["banque-territoires"]),
        ("tindustrie completion ", ["bash", "zsh", "fish", "powershell", "pwsh"]),
    ],
)
def test_completion_offers(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    line: str,
    expected: list[str],
) -> None:
    assert sorted(complete(capsys, monkeypatch, line)) == sorted(expected)


def test_ids_come_from_the_data_folder_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no data/ here: nothing to offer, no error
    assert complete(capsys, monkeypatch, "tindustrie show avenant ") == []
    found = complete(capsys, monkeypatch, f"tindustrie show --data {DATA} avenant ")
    assert found == ["1", "2", "3"]


def test_install_says_it_in_french(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # never the user's own files
    code, out, _ = run(capsys, "completion", "bash", "--install")
    assert code == 0
    assert out.startswith("Complétion bash installée : ")
    assert "Elle fonctionnera dans les terminaux ouverts à partir de maintenant." in out
    assert "tindustrie" in (tmp_path / ".bashrc").read_text("utf-8")


def test_completion_script_does_not_depend_on_the_parent_shell(tmp_path: Path) -> None:
    """Started from ``sh`` (a Dockerfile ``RUN``, a CI step), with no ``$SHELL``: the shell
    named on the command line decides, never the process that started us."""
    env = {k: v for k, v in os.environ.items() if k != "SHELL"}
    for shell in ("bash", "zsh", "fish"):
        done = subprocess.run(
            ["sh", "-c", f'"{sys.executable}" -m tindustrie completion {shell}'],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "tindustrie" in done.stdout and "Traceback" not in done.stderr
    done = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m tindustrie completion'],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2
    assert "tindustrie completion bash" in done.stderr
