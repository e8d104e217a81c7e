"""The output layer: one key per fact, one CSV dialect, tables that fit the terminal.

Every view of `list`, `show` and `financing` is run as a user runs it, at the
widths people have (60 and 80 columns, and a pipe at its default width), and
in every machine format.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from everyday_support import DATA, ROOT, run
from tindustrie.errors import ExitCode
from tindustrie.formats import FORMATTERS
from tindustrie.formats.table import wrap
from tindustrie.money import euros

D = ("--data", str(DATA), "--as-of", "2023-01-01")
#: Every view a pilot team reads, as `tindustrie` arguments.
VIEWS = [
    ("list",),
    ("list", "avenants"),
    ("list", "partenaires"),
    ("show", "1.2"),
    ("show", "avenant", "2"),
    ("show", "etat"),
    ("financing",),
    ("financing", "--by", "fiche"),
    ("financing", "--by", "financeur"),
    ("suivi", "--as-of", "2024-01-01"),
]
AMOUNT = re.compile(r"^-?[0-9]+\.[0-9]{2}$")


_JSON: dict[tuple[str, ...], str] = {}


def machine(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    """The json of a view (run once per view for the whole module)."""
    if argv not in _JSON:
        code, out, _ = run(capsys, *argv, *D, "--format", "json")
        assert code == 0
        _JSON[argv] = out
    document: dict[str, Any] = json.loads(_JSON[argv])
    return document


def keys_of(value: object) -> set[str]:
    """Every key of a json document, at every depth."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def amounts_of(value: object) -> list[str]:
    """Every decimal-string amount of a json document."""
    if isinstance(value, dict):
        return [a for v in value.values() for a in amounts_of(v)]
    if isinstance(value, list):
        return [a for v in value for a in amounts_of(v)]
    return [value] if isinstance(value, str) and AMOUNT.match(value) else []


def texts_of(value: object) -> list[str]:
    """The titles and names of a json document (what people wrote)."""
    if isinstance(value, dict):
        own = [v for k, v in value.items() if k in ("title", "name") and isinstance(v, str)]
        return own + [t for v in value.values() for t in texts_of(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts_of(v)]
    return []


def test_every_machine_key_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    documented = "".join(
        (ROOT / "docs" / name).read_text("utf-8") for name in ("sorties.md", "financement.md")
    )
    for view in VIEWS:
        for key in keys_of(machine(capsys, *view)):
            assert re.search(rf"(?<![\w-]){key}(?![\w-])", documented), (view, key)


def test_the_same_fact_has_the_same_key(capsys: pytest.CaptureFixture[str]) -> None:
    listed = {r["id"]: r for r in machine(capsys, "list")["rows"]}  # type: ignore[attr-defined]
    shown = machine(capsys, "show", "1.2")
    by_fiche = {r["key"]: r for r in machine(capsys, "financing", "--by", "fiche")["rows"]}  # type: ignore[attr-defined]
    assert listed["1.2"]["committed"] == shown["committed"] == by_fiche["1.2"]["committed"]
    assert listed["1.2"]["cost"] == shown["cost"] == by_fiche["1.2"]["cost"]
    assert shown["remaining"] == by_fiche["1.2"]["remaining"]
    # an independent sum: the lines of the fiche in `financing` add up to its committed
    lines = machine(capsys, "financing")["lines"]
    own = sum(Decimal(ln["committed"]) for ln in lines if ln["fiche"] == "1.2")  # type: ignore[index, union-attr]
    assert f"{own:.2f}" == shown["committed"]
    partners = {r["id"]: r for r in machine(capsys, "list", "partenaires")["rows"]}  # type: ignore[attr-defined]
    assert partners["etat"]["committed"] == machine(capsys, "show", "etat")["totals"]["committed"]  # type: ignore[index]


@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
def test_every_csv_is_rfc_4180(capsys: pytest.CaptureFixture[str], view: tuple[str, ...]) -> None:
    code, out, _ = run(capsys, *view, *D, "--format", "csv")
    assert code == 0
    assert out.endswith("\r\n") and "\n" not in out.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(out, newline=""), strict=True))
    assert all(len(row) == len(rows[0]) for row in rows)
    assert all(re.fullmatch(r"[a-z_]+", key) for key in rows[0])


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
def test_the_terminal_tables_fit(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    view: tuple[str, ...],
    width: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = run(capsys, *view, *D)
    assert code == 0
    for line in out.splitlines():
        assert len(line.rstrip()) <= width, line
    assert "…" not in out
    # every amount of the view is printed whole, on one line
    flat = out.replace("\n", "⏎")
    document = machine(capsys, *view)
    if view[0] == "financing":
        del document["lines"]  # the ledger's lines: for machines only
    for amount in amounts_of(document):
        assert euros(Decimal(amount)) in flat, amount
    # no word people wrote (a title, a name) is broken across lines
    printed = set(out.split())
    for text in texts_of(machine(capsys, *view)):
        for word in text.split():
            if len(word) <= width - 4:
                assert word in printed or any(word in token for token in printed), word


def test_piped_output_is_80_columns_plain_and_stable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    first = run(capsys, "list", *D)
    assert first == run(capsys, "list", *D)
    assert "\x1b[" not in first[1]
    assert max(len(line) for line in first[1].splitlines()) <= 80


def test_narrow_terminals_get_one_block_per_row(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    _, out, _ = run(capsys, "list", *D)
    assert "1.2 — May'Usinage" in out
    assert "  Statut : en cours" in out and "  Engagé : 370\u202f000\u00a0€" in out


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=300),
    st.integers(min_value=10, max_value=120),
)
def test_wrapping_never_breaks_a_word_that_fits(text: str, width: int) -> None:
    lines = wrap(text, width)
    for word in text.replace("\n", " ").split(" "):
        if word.strip() and len(word) <= width:
            assert any(word.strip() in line for line in lines), (word, lines)
    for line in lines:
        assert len(line) <= width or " " not in line.strip()


def test_formats_come_from_one_registry(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("list", "show", "financing"):
        _, out, _ = run(capsys, command, "--help")
        for name in FORMATTERS:
            assert name in out


def test_exit_codes_are_one_documented_table() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    documented = (ROOT / "docs" / "sorties.md").read_text("utf-8")
    for code in (ExitCode.OK, ExitCode.INVALID, ExitCode.USAGE, ExitCode.WRITE):
        assert f"| {int(code)} |" in readme
        assert f"| {int(code)} |" in documented


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("list", "--axe", "99"), ExitCode.USAGE),
        (("show", "9.9"), ExitCode.INVALID),
        (("financing", "--by", "commune"), ExitCode.USAGE),
        (("schema", "--output", "/proc/version/x"), ExitCode.USAGE),
    ],
)
def test_each_failure_has_its_code(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], code: int
) -> None:
    data = () if argv[0] == "schema" else ("--data", str(DATA))
    assert run(capsys, *argv, *data)[0] == code


def test_a_write_failure_is_exit_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "fiche.schema.json").mkdir()  # a folder where a file must go
    code, _, err = run(capsys, "schema", "--output", str(tmp_path / "schemas"))
    assert code == ExitCode.WRITE and "impossible d'écrire" in err
