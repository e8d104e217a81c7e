"""Loading details that a case folder cannot hold: symbolic links, values as written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tindustrie.validation import check_folder
from tindustrie.yamlio import Lit, parse

BASE = Path(__file__).parent / "cases" / "_base"


def test_identifiers_are_kept_as_written() -> None:
    doc = parse('id: 1.10\nfiches: [1.10, "1.2", 1.20]\nmontant: 0.50\n', "f.yaml")
    assert doc.problems == []
    assert doc.data["id"] == "1.10"
    assert doc.data["fiches"] == ["1.10", "1.2", "1.20"]
    assert isinstance(doc.data["montant"], Lit) and doc.data["montant"] == "0.50"
    assert doc.at(("fiches", 2)) == (2, 23)
    assert doc.key_at(("montant",)) == (3, 1)


def test_booleans_stay_text() -> None:
    doc = parse("titre: Non\nautre: yes\n", "f.yaml")
    assert doc.data == {"titre": "Non", "autre": "yes"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symlink_out_of_the_data_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    outside = tmp_path / "ailleurs.yaml"
    outside.write_text('id: "1.2"\ntitre: "x"\naxe: 1\npilote: agglo\n', encoding="utf-8")
    (data / "fiches" / "1.2.yaml").symlink_to(outside)
    monkeypatch.chdir(data)
    problems = check_folder(Path(".")).problems
    assert [(p.code, p.file, p.line) for p in problems] == [("TI101", "fiches/1.2.yaml", None)]
    assert "lien symbolique" in problems[0].message
    # Followed on request.
    assert check_folder(Path("."), follow_links=True).problems == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_broken_symlink_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    (data / "fiches" / "1.2.yaml").symlink_to(data / "fiches" / "absente.yaml")
    monkeypatch.chdir(data)
    problems = check_folder(Path(".")).problems
    assert [(p.code, p.file) for p in problems] == [("TI101", "fiches/1.2.yaml")]
    assert problems[0].hint
