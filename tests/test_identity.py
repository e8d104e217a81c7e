"""SIREN and SIRET numbers, and the info severity (« remarque ») through every reporter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from tindustrie.identifiers import luhn_ok, siren_of, siren_ok, siret_ok
from tindustrie.problems import Problem, Severity, Summary, is_valid

CASES = Path(__file__).parent / "cases"
ONLY_INFO = CASES / "TI330-financeur-public-sans-siren" / "invalid" / "region"


def _check_digit(body: str) -> str:
    """The digit that completes ``body`` into a Luhn-valid number (computed apart)."""
    total = 0
    for index, char in enumerate(reversed(body)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value // 10 + value % 10
    return str((10 - total % 10) % 10)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_every_siren_with_its_key_is_valid(body: str) -> None:
    siren = body + _check_digit(body)
    assert siren_ok(siren)
    wrong = siren[:-1] + str((int(siren[-1]) + 1) % 10)
    assert not siren_ok(wrong)


@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_every_siret_with_its_key_is_valid(body: str) -> None:
    siret = body + _check_digit(body)
    if siret.startswith("356000000"):
        return  # La Poste: another rule, tested below
    assert siret_ok(siret) and luhn_ok(siret)
    assert not siret_ok(siret[:-1] + str((int(siret[-1]) + 5) % 10))


def test_public_numbers() -> None:
    # Région Pays de la Loire, Laval Agglomération, Département de la Mayenne
    assert siren_ok("234400034") and siren_ok("200083392") and siren_ok("225300011")
    assert siret_ok("22530001100015")
    assert (
        not siren_ok("234400035")
        and not siren_ok("23440003")
        and not siren_ok("２３４４０００３４")
    )
    # La Poste: digits summing to a multiple of 5, whatever the Luhn key
    assert siret_ok("35600000000001") and not siret_ok("35600000000002")


def test_siren_of_falls_back_on_the_siret() -> None:
    assert siren_of("234400034", None) == "234400034"
    assert siren_of(None, "22530001100015") == "225300011"
    assert siren_of("234400035", None) is None
    assert siren_of(None, "22530001100016") is None


def test_an_info_never_fails_even_strict() -> None:
    info = Problem("TI330", Severity.INFO, "protocole.yaml", 1, 1, "m", "h")
    warning = Problem("TI402", Severity.WARNING, "fiche.yaml", 1, 1, "m", "h")
    assert is_valid([info], strict=True)
    assert is_valid([warning]) and not is_valid([warning], strict=True)
    assert Summary.of([info, warning], 2) == Summary(0, 1, 2, 1)


@pytest.fixture
def only_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The case folder where the only problem is the TI330 info."""
    data = tmp_path / "data"
    shutil.copytree(CASES / "_base", data)
    shutil.copyfile(ONLY_INFO / "protocole.yaml", data / "protocole.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return data


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return tuple(run_cli(argv))  # type: ignore[return-value]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitlab"])
def test_info_in_every_format_and_strict_still_passes(
    fmt: str, only_info: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["validate", "-d", "data", "--strict", "-f", fmt], capsys)
    assert code == 0
    if fmt == "text":
        assert "TI330 remarque  le financeur public « Région » n'a pas de SIREN" in out
        assert "✓ 1 remarque dans 3 fichiers." in out
    elif fmt == "json":
        document = json.loads(out)
        assert document["valid"] is True
        assert document["summary"] == {"errors": 0, "warnings": 0, "infos": 1, "files": 3}
        assert [p["severity"] for p in document["problems"]] == ["info"]
    elif fmt == "github":
        assert out.startswith("::notice file=data/protocole.yaml,line=17,col=9,title=TI330::")
        assert err == "1 remarque dans 3 fichiers.\n"
    else:
        (issue,) = json.loads(out)
        assert issue["severity"] == "info" and issue["check_name"] == "TI330"


def test_summary_line_lists_every_severity() -> None:
    from tindustrie.reporters import summary_line

    assert summary_line(Summary(2, 1, 5, 3)) == (
        "2 erreurs, 1 avertissement et 3 remarques dans 5 fichiers."
    )
    assert summary_line(Summary(0, 0, 5, 0)) == "Aucun problème dans 5 fichiers."
