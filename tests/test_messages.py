"""Messages a pilot team meets in its first week: each says what to do, in French."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from everyday_support import DATA, copy_data, run
from tindustrie.validation import check_folder

BASE = Path(__file__).parent / "cases" / "_base"


def base(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    return data


@pytest.mark.parametrize("written", ["150.000", "150,000", '"150.000"', "1.250.000", "12,500"])
def test_digit_grouping_is_refused_never_read_as_a_small_amount(
    tmp_path: Path, written: str
) -> None:
    data = base(tmp_path)
    fiche = data / "fiches" / "1.1.yaml"
    fiche.write_text(fiche.read_text("utf-8").replace("montant: 600", f"montant: {written}"))
    (problem,) = check_folder(data).problems
    assert problem.code == "TI206" and "milliers" in problem.message
    number = written.strip('"')
    small = number.split(number[-4])[0]  # what rounding or a decimal reading would give
    for wrong in (f"`{small}`", f"{small}.0", "arrondi"):
        assert wrong not in problem.hint, problem.hint


def test_quoted_amount_says_without_quotes(tmp_path: Path) -> None:
    data = base(tmp_path)
    fiche = data / "fiches" / "1.1.yaml"
    fiche.write_text(fiche.read_text("utf-8").replace("montant: 600", 'montant: "600"'))
    (problem,) = check_folder(data).problems
    assert "sans guillemets" in problem.hint and "`600`" in problem.hint


@pytest.mark.parametrize(
    ("argv", "fixed"),
    [
        (["--data", "data", "validate"], "tindustrie validate --data data"),
        (["-d", "data", "validate", "--strict"], "tindustrie validate -d data --strict"),
        (
            ["--data", "data", "new", "fiche", "--axe", "1", "--titre", "Mon action"],
            "tindustrie new fiche --data data --axe 1 --titre 'Mon action'",
        ),
        (["--strict", "validate"], "tindustrie validate --strict"),
    ],
)
def test_option_before_the_command(
    capsys: pytest.CaptureFixture[str], argv: list[str], fixed: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert f"l'option {argv[0]} se place après la commande" in err
    assert f"Écrivez : {fixed}\n" in err


def test_an_option_no_command_has_stays_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--nope", "validate")
    assert code == 2 and "option inconnue : --nope" in err


def test_strict_says_warnings_failed_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--data", str(DATA), "--format", "text", "--strict")
    assert code == 1
    assert out.rstrip().endswith(
        "Échec dû à --strict : les avertissements comptent comme des erreurs."
    )
    code, out, _ = run(capsys, "validate", "--data", str(DATA), "--format", "text")
    assert code == 0 and "--strict" not in out
    code, _, err = run(capsys, "validate", "--data", str(DATA), "--format", "github", "--strict")
    assert code == 1 and "Échec dû à --strict" in err


def test_new_fiche_suggests_the_closest_partner(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    code, _, err = run(
        capsys,
        "new",
        "fiche",
        "--axe",
        "1",
        "--titre",
        "X",
        "--pilote",
        "region",
        "--data",
        str(data),
    )
    assert code == 2 and "Vouliez-vous dire « region-pdl » ?" in err


def test_today_is_fixed_by_one_variable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The base avenant is signed on 2022-03-01: a future date seen from 2022-02-01."""
    data = base(tmp_path)
    monkeypatch.setenv("TINDUSTRIE_TODAY", "2022-02-01")
    code, out, _ = run(capsys, "validate", "--data", str(data), "--format", "text")
    assert code == 0 and "TI506" in out and "après aujourd'hui (2022-02-01)" in out
    monkeypatch.setenv("TINDUSTRIE_TODAY", "2022-03-01")
    code, out, _ = run(capsys, "validate", "--data", str(data), "--format", "text")
    assert code == 0 and "TI506" not in out
    monkeypatch.setenv("TINDUSTRIE_TODAY", "demain")
    code, _, err = run(capsys, "validate", "--data", str(data))
    assert code == 2 and "TINDUSTRIE_TODAY invalide : « demain »" in err
    from datetime import date

    assert check_folder(data, today=date(2022, 1, 1)).problems[0].code == "TI506"


def test_terminal_report_wraps_between_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal of 60 columns, a long problem wraps under its first word."""
    import re

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.chdir(tmp_path)
    run(capsys, "init", "t", "--territoire", "Test")
    _, out, _ = run(capsys, "validate", "--data", "t")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    lines = plain.splitlines()
    assert all(len(line) <= 60 for line in lines), lines
    assert "  compléter" in lines  # the rest of the message, under the location
    words = " ".join(plain.split())
    assert "Date de signature du protocole (AAAA-MM-JJ) : remplacez « À compléter »." in words
