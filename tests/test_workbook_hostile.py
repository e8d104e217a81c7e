"""`consolidate --format xlsx` with hostile text: every text is a string cell, never a formula.

The workbook is read back with openpyxl. Each text of the data (territory,
partners, folder name, and the sentences about a territory left out) is a
string cell that holds the text as written or its documented visible
replacement (docs/limites.md, « Classeur »): controls and invisible
characters written ``\\x1b``, ``\\u202e``, line breaks ``; ``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from hostile_support import ANY, FIELDS, hostile_folder, texts_strategy
from tindustrie.models import ConsolidateBy
from tindustrie.problems import visible

#: A folder name a file system takes (no ``/``, no NUL, not ``.`` or ``..``).
FOLDER = st.text(
    st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=20
).filter(lambda name: name not in (".", "..") and len(name.encode()) < 200)
FORMULAS = ("=1+1", "@SUM(A1)", "+33 6 12 34 56 78", "-x", "\tTAB", "\rCR", '=HYPERLINK("x")')


def _shown(text: str) -> str:
    return visible(text.replace("\n", "; "))


def _cells(path: Path) -> list[tuple[str, str, object]]:
    """Every non-empty cell: (sheet, data type, value)."""
    book = openpyxl.load_workbook(path)
    return [
        (sheet.title, cell.data_type, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _consolidate(parent: Path, by: ConsolidateBy, out: Path) -> list[tuple[str, str, object]]:
    done = run_cli(["consolidate", str(parent), "--by", by.value, "--format", "xlsx",
                    "--output", str(out), "--as-of", "2022-06-01", "--jobs", "1"])  # fmt: skip
    assert done.code == 0, done.err
    cells = _cells(out)
    for sheet, kind, value in cells:
        assert kind in ("s", "n", "d"), (sheet, kind, value)  # never "f", a formula
        if isinstance(value, str):
            assert value == visible(value), (sheet, value)  # nothing hidden
    return cells


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example({f: t for f, t in zip(FIELDS, (*FORMULAS, *FORMULAS), strict=False)}, "=1+1")
@example(
    {f: f"{t}\x1b[2J\u202e\x85\ufffe" for f, t in zip(FIELDS, FORMULAS * 2, strict=False)},
    "@SUM(A1)",
)
@given(texts_strategy(ANY) | st.fixed_dictionaries({f: ANY for f in FIELDS}), FOLDER)
def test_every_text_is_a_string_cell_as_written_or_visible(
    texts: dict[str, str], folder: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        parent = Path(tmp) / "territoires"
        data = hostile_folder(Path(tmp), texts)
        parent.mkdir()
        data.rename(parent / folder)
        broken = hostile_folder(Path(tmp) / "b", texts)  # left out: an unknown pilot
        fiche = broken / "fiches" / "1.1-accueil.yaml"
        fiche.write_text(fiche.read_text("utf-8").replace("pilote: agglo", "pilote: x"), "utf-8")
        broken.rename(parent / f"{folder}-casse")

        cells = _consolidate(parent, ConsolidateBy.TERRITOIRE, Path(tmp) / "t.xlsx")
        strings = {value for _, kind, value in cells if kind == "s"}
        assert _shown(str(parent / folder)) in strings  # the folder, as found
        assert _shown(str(parent / f"{folder}-casse")) in strings
        if texts["territoire"].strip():
            assert _shown(texts["territoire"]) in strings
        notes = [v for sheet, _, v in cells if sheet == "Notes" and isinstance(v, str)]
        left_out = [n for n in notes if n.startswith("Laissé de côté")]
        assert len(left_out) == 1 and _shown(f"({parent / folder}-casse :") in left_out[0]

        cells = _consolidate(parent, ConsolidateBy.FINANCEUR, Path(tmp) / "f.xlsx")
        strings = {value for _, kind, value in cells if kind == "s"}
        for field in ("partenaire_agglo", "partenaire_region"):
            if texts[field].strip():
                assert _shown(texts[field]) in strings, field
        for by in (ConsolidateBy.AXE_THEME, ConsolidateBy.NATURE):
            _consolidate(parent, by, Path(tmp) / f"{by.value}.xlsx")


def test_a_formula_title_is_text_in_every_sheet() -> None:
    """The issue's examples, one by one, as a reader sees them."""
    for formula in FORMULAS:
        with tempfile.TemporaryDirectory() as tmp:
            parent = Path(tmp) / "territoires"
            parent.mkdir()
            data = hostile_folder(Path(tmp), {"territoire": formula, "partenaire_agglo": formula})
            data.rename(parent / "t")
            for by in ConsolidateBy:
                cells = _consolidate(parent, by, Path(tmp) / f"{by.value}.xlsx")
                if by in (ConsolidateBy.TERRITOIRE, ConsolidateBy.FINANCEUR):
                    assert ("s", _shown(formula)) in {(k, v) for _, k, v in cells}, (by, formula)


#: The texts the comité's workbook shows (render --format xlsx).
IN_THE_COMITE_WORKBOOK = (
    *("fiche_titre", "partenaire_agglo", "partenaire_region", "avenant_titre"),
    *("indicateur_libelle", "indicateur_cible", "indicateur_unite", "mesure_valeur"),
    *("mesure_source", "mesure_commentaire", "versement_reference"),
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(
    {f: f"{t}\x1b[2J\u202e\x85\ufffe &P &&" for f, t in zip(FIELDS, FORMULAS * 2, strict=False)}
)
@example({f: "&" * 200 + "\x1b" * 100 for f in FIELDS})
@given(texts_strategy(ANY))
def test_the_comite_workbook_holds_every_text_as_text(texts: dict[str, str]) -> None:
    """`render --format xlsx`: the same rules, and the page header (the territory's
    name) shown visibly, within Excel's 255 characters."""
    with tempfile.TemporaryDirectory() as tmp:
        data = hostile_folder(Path(tmp), texts)
        site = Path(tmp) / "site"
        done = run_cli(["render", "--data", str(data), "--format", "xlsx", "--output", str(site),
                        "--as-of", "2022-06-01"])  # fmt: skip
        assert done.code == 0, done.err
        assert done.err == "", done.err  # no warning from the writer (a header too long)
        book = openpyxl.load_workbook(site / "protocole.xlsx")
        strings = []
        for sheet in book.worksheets:
            header = sheet.oddHeader.left.text or ""
            assert header and header == visible(header), (sheet.title, header)
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type in ("s", "n", "d"), (sheet.title, cell.value)
                    if isinstance(cell.value, str):
                        assert cell.value == visible(cell.value), (sheet.title, cell.value)
                        strings.append(cell.value)
        for field in IN_THE_COMITE_WORKBOOK:
            text = texts.get(field, field)  # a field not given holds its name
            if text.strip():
                assert any(_shown(text) in s for s in strings), field


def test_a_text_longer_than_a_cell_is_cut_visibly() -> None:
    """Excel holds 32 767 characters in a cell: a longer name ends with « … » (the
    writer would cut it silently)."""
    with tempfile.TemporaryDirectory() as tmp:
        parent = Path(tmp) / "territoires"
        parent.mkdir()
        hostile_folder(Path(tmp), {"territoire": "x" * 40_000}).rename(parent / "t")
        cells = _consolidate(parent, ConsolidateBy.TERRITOIRE, Path(tmp) / "t.xlsx")
        (name,) = [v for _, _, v in cells if isinstance(v, str) and v.startswith("xxx")]
        assert name == "x" * 32_766 + "…"
