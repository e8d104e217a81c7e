"""`show` on a terminal: a label that comes from the data (a financer's name in the
avenant history) is escaped like a value and never cuts the value's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run
from hostile_support import hostile_folder
from tindustrie.problems import visible

LONG = "Banque des Territoires — Caisse des Dépôts et Consignations, direction régionale"


@pytest.mark.parametrize("columns", ["60", "80"])
@pytest.mark.parametrize("name", [LONG, "Agglo \x1b[2J\u202eABC\u202c\x85\u200b fin", "Agglo"])
def test_history_label_is_escaped_and_keeps_words_whole(
    name: str, columns: str, tmp_path: Path, cli: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    data = hostile_folder(tmp_path, {"partenaire_agglo": name})
    run: Run = cli("show", "1.1", "--data", str(data), "--as-of", "2022-06-01")  # type: ignore[operator]
    assert run.code == 0, run.err
    history = run.out.split("Historique des avenants\n", 1)[1]
    assert all(visible(c) == c for c in history if c != "\n"), history
    assert all(len(line) <= int(columns) for line in history.splitlines()), history
    words = history.split()
    assert "avenant" in words and "a" not in words, history  # « avenant » never cut
    shown = " ".join(history.split())
    assert f"{' '.join(visible(name).split())}, fonctionnement :" in shown, shown
