"""One escaper per output format, checked on arbitrary Unicode text.

Each property says what a value from the data becomes in that format: the text as
written, or its documented visible replacement (docs/limites.md, « Échappement,
par format de sortie »), never markup, a formula or a control sequence.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tindustrie.formats import escape
from tindustrie.problems import visible

TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
#: Text biased towards the characters each format treats specially.
_SPECIALS = [
    *"#*_`[]<>|~\\!&;=+-@ \t\r\n.)1a",
    *("\x1b", "\x00", "\x7f", "\x85", "\x9b", "\u200b", "\u200e", "\u2060", "\ufeff"),
    *(
        "\ufffe",
        "\U0001fffe",
        "\U000e0dba",
        "\u202e",
        "\u00a0",
        "\u202f",
        "é",
        ":warning:",
        "\u3000",
    ),
]
HOSTILE = st.lists(st.sampled_from(_SPECIALS), max_size=30).map("".join)
ANY = st.one_of(TEXT, HOSTILE)
_MD = MarkdownIt("commonmark").enable("table")
_FOLD = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")


def _shown(text: str) -> str:
    """What every document format promises to show for ``text``."""
    return visible(_FOLD.sub(" ", text).strip())


def _inline_text(tokens: list) -> str:  # type: ignore[type-arg]
    out = []
    for token in tokens:
        for child in token.children or []:
            assert child.type in ("text", "softbreak"), child.type
            out.append(child.content if child.type == "text" else "\n")
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_terminal_text_has_no_control_or_hidden_character(text: str) -> None:
    shown = escape.terminal(text)
    assert not any(_hidden(c) for c in shown), repr(shown)
    if not any(_hidden(c) for c in text):
        assert shown == text


def _hidden(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
        # unassigned, reserved default-ignorable (DerivedCoreProperties.txt)
        or (
            unicodedata.category(char) == "Cn"
            and (code == 0x2065 or 0xFFF0 <= code <= 0xFFF8 or 0xE0000 <= code <= 0xE0FFF)
        )
    )


def test_terminal_shows_invisible_characters() -> None:
    assert escape.terminal("agg\u200blo\u200e\u200f\u2060\ufeff") == (
        "agg\\u200blo\\u200e\\u200f\\u2060\\ufeff"
    )
    assert escape.terminal("\x1b[2J\x9b\U0001fffe") == "\\x1b[2J\\x9b\\U0001fffe"
    assert escape.terminal("1\u202f000\u00a0€") == "1\u202f000\u00a0€"
    # unassigned but reserved as default-ignorable: a font engine draws nothing
    assert escape.terminal("a\U000e0dba\ufff0\u2065b") == "a\\U000e0dba\\ufff0\\u2065b"


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_markdown_heading_paragraph_and_cell_show_the_text(text: str) -> None:
    expected = _shown(text)
    cell = escape.markdown(text)
    heading = _MD.parse(f"## {cell}\n")
    if expected:
        assert heading[0].type == "heading_open"
        assert _inline_text(heading) == expected
    paragraph = _MD.parse(f"Avant {cell}\n")
    assert [t.type for t in paragraph] == ["paragraph_open", "inline", "paragraph_close"]
    assert _inline_text(paragraph) == f"Avant {expected}".strip()
    table = _MD.parse(f"| a | b |\n|---|---|\n| {cell} | x |\n")
    cells = [t for t in table if t.type == "inline"]
    assert len(cells) == 4
    assert _inline_text([cells[2]]) == expected
    assert _inline_text([cells[3]]) == "x"


def test_markdown_keeps_a_trailing_hash() -> None:
    tokens = _MD.parse(f"## {escape.markdown('Atelier C #')}\n")
    assert _inline_text(tokens) == "Atelier C #"


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_csv_cell_round_trips_and_is_never_a_formula(text: str) -> None:
    cell = escape.csv_text(text)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([cell, "x"])
    row = next(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert row == [cell, "x"]
    assert not cell.startswith(escape.FORMULA_STARTS)
    assert cell in (text, "'" + text)


def _forbidden_in_html(char: str) -> bool:
    """What the HTML standard forbids in a page's text (controls, noncharacters)."""
    code = ord(char)
    control = unicodedata.category(char) == "Cc" and char not in "\t\n\r\f"
    return control or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_html_text_is_text_and_never_forbidden(text: str) -> None:
    from html.parser import HTMLParser

    from tindustrie.render.environment import environment

    env = environment()
    env.autoescape = True
    page = env.from_string("<p>{{ x }}</p>").render(x=text)
    assert not any(_forbidden_in_html(c) for c in page), repr(page)
    seen: list[str] = []
    tags: list[str] = []

    class Reader(HTMLParser):
        def handle_data(self, data: str) -> None:
            seen.append(data)

        def handle_starttag(self, tag: str, attrs: object) -> None:
            tags.append(tag)

    reader = Reader(convert_charrefs=True)
    reader.feed(page)
    reader.close()
    assert tags == ["p"]
    expected = "\n".join("\t".join(map(visible, ln.split("\t"))) for ln in text.split("\n"))
    assert "".join(seen) == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(ANY, st.just("_x0041_ =A1")), min_size=1, max_size=4))
def test_workbook_text_is_a_string_cell_never_a_formula(texts: list[str]) -> None:
    import openpyxl

    from tindustrie.formats.xlsx import workbook
    from tindustrie.views.document import Column, Document, Table

    table = Table(key="rows", columns=(Column("title", "Titre"),), rows=tuple((t,) for t in texts))
    book = openpyxl.load_workbook(io.BytesIO(workbook(Document(blocks=(table,)), date(2022, 1, 1))))
    sheet = book.worksheets[-1]
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_row=1 + len(texts))]
    for text, cell in zip(texts, cells, strict=True):
        if text:
            assert cell.data_type == "s", (text, cell.data_type)
            assert cell.value == visible(text.replace("\n", "; "))
