"""`tindustrie init`: a new data folder that says what is to be completed, then validates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from everyday_support import run
from tindustrie.models.vocabulary import THEMES_BY_PHASE
from tindustrie.scaffold import PLACEHOLDER, protocole_yaml
from tindustrie.validation import check_folder

#: What a territory writes in place of each placeholder, by the key that holds it.
FILLED = {
    "date_signature": "2024-03-15",
    "nom": '"Anne Martin"',
    "qualite": '"Présidente"',
    "titre": '"Développer les compétences"',
}


def fill(text: str) -> str:
    """Replace every placeholder, as a user would, by a value of the right kind."""

    def value(match: re.Match[str]) -> str:
        return f"{match['key']}: {FILLED[match['key']]}"

    filled = re.sub(r'(?P<key>\w+): "À compléter[^"]*"', value, text)
    assert PLACEHOLDER not in filled.split("# Format complet")[1]
    return filled


def test_init_fill_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "territoire"
    code, out, _ = run(
        capsys, "init", str(folder), "--territoire", "Laval Agglomération", "--siren", "200083392"
    )
    assert code == 0, out
    assert sorted(p.name for p in folder.iterdir()) == ["avenants", "fiches", "protocole.yaml"]
    assert not any((folder / "fiches").iterdir()) and not any((folder / "avenants").iterdir())
    assert f"tindustrie validate --data {folder}" in out

    text = (folder / "protocole.yaml").read_text("utf-8")
    for key in ("territoire:", "nom:", "programme:", "phase: 2", "date_signature:", "axes:"):
        assert key in text
    assert 'siren: "200083392"' in text
    assert text.count("\n  - numero:") == 4

    # Before filling: it fails, and only with « à compléter », never a cryptic error.
    code, out, _ = run(capsys, "validate", "--data", str(folder))
    assert code == 1
    report = check_folder(folder).problems
    assert report and {p.code for p in report} == {"TI208"}
    assert all(p.message.endswith(": à compléter") for p in report)
    assert "TI205" not in out and "date attendue" not in out

    # Filled in: it validates.
    (folder / "protocole.yaml").write_text(fill(text), "utf-8")
    code, out, _ = run(capsys, "validate", "--data", str(folder))
    assert code == 0, out
    assert check_folder(folder).problems == []


@pytest.mark.parametrize("phase", [1, 2])
def test_axes_are_the_themes_of_the_phase(phase: int) -> None:
    data = yaml.safe_load(protocole_yaml("Test", None, phase))
    titles = [axis["titre"] for axis in data["axes"]]
    assert len(titles) == 4
    for title, theme in zip(titles, THEMES_BY_PHASE[phase], strict=True):
        assert title.startswith(PLACEHOLDER) and theme.label in title
    assert data["programme"]["phase"] == phase


def test_refuses_a_folder_that_is_not_empty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("à garder", "utf-8")
    code, _, err = run(capsys, "init", str(tmp_path), "--territoire", "X")
    assert code == 2 and "n'est pas vide" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    afile = tmp_path / "notes.txt"
    code, _, err = run(capsys, "init", str(afile), "--territoire", "X")
    assert code == 2 and "n'est pas un dossier" in err


def test_an_empty_folder_is_accepted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, _ = run(capsys, "init", str(tmp_path), "--territoire", "X", "--phase", "1")
    assert code == 0 and (tmp_path / "protocole.yaml").is_file()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--territoire", "  "), "nom du territoire est vide"),
        (("--territoire", "X", "--phase", "3"), "phase « 3 » inconnue"),
        ((), "--territoire"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    code, _, err = run(capsys, "init", str(tmp_path / "t"), *args)
    assert code == 2 and needle in err
    assert not (tmp_path / "t").exists()


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()),
    siren=st.one_of(st.none(), st.text(alphabet="0123456789 yesNo:#'\"", max_size=12)),
)
def test_every_value_written_reads_back_as_written(name: str, siren: str | None) -> None:
    """Names and numbers that YAML would misread (`Non`, `0123`, `a: b`, `#`) are quoted."""
    data = yaml.safe_load(protocole_yaml(name, siren or None, 2))
    assert data["territoire"]["nom"] == name
    assert data["partenaires"][0]["nom"] == name
    assert data["territoire"].get("siren") == (siren or None)
    ident = data["partenaires"][0]["id"]
    assert isinstance(ident, str) and data["pilotage"] == ident
    assert data["signataires"][0]["partenaire"] == ident


@pytest.mark.parametrize(
    ("name", "ident"),
    [
        ("Laval Agglomération", "laval-agglomeration"),
        ("Yes", "yes"),
        ("Communauté de communes du Pays de Château-Gontier", "territoire"),
        ("???", "territoire"),
    ],
)
def test_partner_identifier(name: str, ident: str) -> None:
    text = protocole_yaml(name, None, 2)
    assert yaml.safe_load(text)["partenaires"][0]["id"] == ident
    if ident == "yes":  # YAML would read a plain `yes` as true: it is quoted
        assert 'id: "yes"' in text
