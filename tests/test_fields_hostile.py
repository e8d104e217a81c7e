"""Arbitrary Unicode in every free-text field, through the commands people run.

The escapers have their own properties (``test_escape_properties.py``); here the
text goes through the data folder and the command line, so that a field shown
without its format's escaper (as the financer's name in `show`'s history was)
is caught: the terminal shows each text as written or visibly, the CSV holds it
as written (an apostrophe before a formula), the Markdown parses back to it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt

from conftest import run_cli
from hostile_support import ANY, hostile_folder, texts_strategy
from tindustrie.formats import escape
from tindustrie.problems import visible

#: The texts `show 1.1` prints (the fiche, its indicator, payment and decisions).
IN_SHOW = (
    "fiche_titre",
    "fiche_contexte",
    "fiche_description",
    "indicateur_libelle",
    "indicateur_cible",
    "indicateur_unite",
    "mesure_valeur",
    "versement_reference",
    "historique_decision",
)
_FOLD = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")


def _words(text: str) -> str:
    return " ".join(text.split())


def _on_terminal(text: str, out: str) -> bool:
    """Whether the terminal output shows ``text``: each of its lines escaped (a table
    cell keeps a line break: its lines are then apart, on the cell's rows)."""
    return all(_words(escape.terminal(line)) in _words(out) for line in text.split("\n"))


def _md_inline(out: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    found = []
    for token in tokens:
        if token.type == "inline":
            kinds = {c.type for c in token.children or []}
            assert kinds <= {"text", "softbreak", "code_inline", "strong_open", "strong_close"}
            found.append("".join(c.content for c in token.children or []))
    return found


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_strategy(ANY))
def test_every_field_in_every_people_format(texts: dict[str, str]) -> None:
    # a terminal wide enough that no table cell wraps (its words would interleave
    # with the next column's); the narrow layouts are tested with fixed texts
    with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {"COLUMNS": "4000"}):
        data = str(hostile_folder(Path(tmp), texts))
        day = ["--data", data, "--as-of", "2022-06-01"]

        code, out, err = run_cli(["show", "1.1", *day])
        assert code == 0, err
        assert all(visible(c) == c for c in out if c != "\n")
        for field in (*IN_SHOW, "axe"):
            assert _on_terminal(texts[field], out), field
        assert _on_terminal(texts["partenaire_agglo"], out)  # pilot, history

        code, out, err = run_cli(["list", "partenaires", *day])
        assert code == 0, err
        assert all(visible(c) == c for c in out if c != "\n")
        for field in ("partenaire_agglo", "partenaire_region"):
            assert _on_terminal(texts[field], out), field

        code, out, err = run_cli(["list", "--format", "csv", *day])
        assert code == 0, err
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert rows[1][1] == escape.csv_text(texts["fiche_titre"])

        code, out, err = run_cli(["list", "avenants", "--format", "csv", *day])
        assert code == 0, err
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert rows[1][1] == escape.csv_text(texts["avenant_titre"])

        code, out, err = run_cli(["show", "1.1", "--format", "md", *day])
        assert code == 0, err
        inline = _md_inline(out)
        for field in IN_SHOW:
            shown = visible(_FOLD.sub(" ", texts[field]).strip())
            assert any(shown in line for line in inline), (field, shown)

        code, out, err = run_cli(["suivi", *day])  # the comité's dashboard: its narrow
        assert code == 0, err  # columns fold a title anywhere, so only: nothing hidden
        assert all(visible(c) == c for c in out if c != "\n")
