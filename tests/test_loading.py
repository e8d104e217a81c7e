"""Loading details that a case folder cannot hold: symbolic links, values as written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tindustrie import loader
from tindustrie.loader import _read_bounded, display_path
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


@pytest.mark.parametrize("size", [0, 5, 12])
def test_a_file_is_read_whole_whatever_size_it_was_said_to_have(tmp_path: Path, size: int) -> None:
    """The size comes from an earlier `stat`: a file that grew since is read on."""
    path = tmp_path / "f.yaml"
    path.write_bytes(b"titre: douze")
    with path.open("rb") as handle:
        assert _read_bounded(handle, size) == b"titre: douze"


def test_a_file_over_the_limit_is_cut_just_past_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 8)
    path = tmp_path / "f.yaml"
    path.write_bytes(b"titre: douze")
    for size in (0, 4, 12):
        with path.open("rb") as handle:
            assert _read_bounded(handle, size) == b"titre: do"  # the limit and one byte more


@pytest.mark.parametrize("where", ["data", "data/fiches", ".", "ailleurs"])
def test_file_names_are_shown_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """As `os.path.relpath` gives them, inside the current folder or not."""
    for folder in ("data/fiches", "ailleurs"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(tmp_path / where)
    for name in ("data/fiches/1.2.yaml", "data/protocole.yaml", "ailleurs/x.yaml"):
        path = tmp_path / name
        assert display_path(path) == os.path.relpath(path)
        assert display_path(str(path)) == os.path.relpath(path)
