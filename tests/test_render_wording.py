"""The published document's sentences read as French: « les fiches 2.2 et 3.2 »."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from everyday_support import AS_OF, copy_data, run


def _abandon(data: Path, *idents: str) -> None:
    for ident in idents:
        (path,) = (data / "fiches").glob(f"{ident}-*.yaml")
        text = re.sub(r"(?m)^statut: \w+", "statut: abandonnee", path.read_text("utf-8"))
        if "\nhistorique:" in text:  # the history ends the file: its last decision abandons
            assert re.search(r"(?s)\nhistorique:\n(  .*\n)+$", text), path
            text += "  - date: 2023-06-01\n    statut: abandonnee\n"
        path.write_text(text, "utf-8")


@pytest.mark.parametrize(
    ("abandoned", "sentence"),
    [
        ((), "la fiche 3.2 est abandonnée mais garde des engagements en vigueur"),
        (("2.2",), "les fiches 2.2 et 3.2 sont abandonnées mais gardent des engagements"),
        (("1.2", "2.2"), "les fiches 1.2, 2.2 et 3.2 sont abandonnées mais gardent"),
    ],
)
def test_abandoned_fiches_are_listed_in_french(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    abandoned: tuple[str, ...],
    sentence: str,
) -> None:
    data = copy_data(tmp_path)
    _abandon(data, *abandoned)
    out_dir = tmp_path / "site"
    for fmt in ("md", "html"):  # the two documents read below (not the PDFs, the workbook)
        code, _, err = run(
            capsys, "render", "--data", str(data), "--output", str(out_dir), "--as-of", AS_OF,
            "--format", fmt,
        )  # fmt: skip
        assert code == 0, err
    markdown = (out_dir / "protocole.md").read_text("utf-8")
    html = re.sub(r"<[^>]+>", "", (out_dir / "protocole.html").read_text("utf-8"))
    assert sentence in markdown
    assert sentence in html
    assert "la fiche 2.2, la fiche" not in markdown + html
