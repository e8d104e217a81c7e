"""A fiche's status on a date comes from its `historique`: every dated view shows the
status in force on its date (`list`, `show`, `financing`, `render --as-of`)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from conftest import run_cli
from tindustrie.models import Fiche, Statut

DATA = Path(__file__).resolve().parent.parent / "data"

FICHE = Fiche.model_validate(
    {
        "id": "1.1",
        "titre": "Une action",
        "axe": 1,
        "pilote": "agglo",
        "statut": "abandonnee",
        "historique": [
            {"date": "2022-03-15", "statut": "en_preparation"},
            {"date": "2022-09-01", "statut": "en_cours", "decision": "Comité"},
            {"date": "2024-02-01", "statut": "abandonnee"},
        ],
    }
)


def test_statut_on() -> None:
    assert FICHE.statut_on(date(2022, 3, 14)) == Statut.A_PRECISER  # before any decision
    assert FICHE.statut_on(date(2022, 3, 15)) == Statut.EN_PREPARATION  # from its day on
    assert FICHE.statut_on(date(2023, 1, 1)) == Statut.EN_COURS
    assert FICHE.statut_on(date(2024, 2, 1)) == Statut.ABANDONNEE
    assert FICHE.abandoned_on() == date(2024, 2, 1)
    without = FICHE.model_copy(update={"historique": []})
    assert without.statut_on(date(2000, 1, 1)) == Statut.ABANDONNEE  # no history: `statut`
    assert without.abandoned_on() is None


def test_list_and_show_use_the_status_on_the_date() -> None:
    """3.2 is abandoned on 2022-11-15 (data/ATTENDU.md)."""

    def status(day: str) -> tuple[str, str]:
        listed = run_cli(["list", "--data", str(DATA), "--as-of", day, "--format", "json"])
        shown = run_cli(["show", "3.2", "--data", str(DATA), "--as-of", day, "--format", "json"])
        row = next(r for r in json.loads(listed.out)["rows"] if r["id"] == "3.2")
        return row["status"], json.loads(shown.out)["status"]

    assert status("2022-06-01") == ("en_cours", "en_cours")
    assert status("2022-11-15") == ("abandonnee", "abandonnee")
    code, out, _ = run_cli(
        ["list", "--data", str(DATA), "--as-of", "2022-06-01", "--statut", "abandonnee"]
    )
    assert code == 0 and "3.2" not in out


def test_render_as_of_shows_the_past_status(tmp_path: Path) -> None:
    def status_of_3_2(day: str) -> str:
        out = tmp_path / day
        code, _, err = run_cli(
            ["render", "--data", str(DATA), "--as-of", day, "--format", "md", "--output", str(out)]
        )
        assert code == 0, err
        text = (out / "protocole.md").read_text("utf-8")
        section = text[text.index("Récupération de la chaleur fatale") :]
        found = re.search(r"\*\*Statut\*\* : (.+)", section)
        assert found is not None
        return found.group(1)

    assert status_of_3_2("2022-06-01") == "en cours"
    assert status_of_3_2("2023-01-01") == "abandonnée"
