"""Markdown (GitHub-flavoured): for a meeting report or a merge-request comment.

The title is a heading, prose a paragraph, fields a list of ``**Libellé** :
valeur`` lines, a table a GFM table (numbers aligned right, the total row in
bold). Every value from the data goes through
:func:`~tindustrie.formats.escape.markdown`: it never turns into markup and
never breaks a table.
"""

from __future__ import annotations

from typing import TextIO

from tindustrie.formats.escape import markdown as escape
from tindustrie.formats.values import human
from tindustrie.views.document import Data, Document, Fields, Lines, Prose, Table
from tindustrie.wording import plural


def _cell(value: object) -> str:
    """One line: the items of a multi-line value (a history) joined by « ; »."""
    if isinstance(value, Lines) and value.items:
        return " ; ".join(escape(human(item)) for item in value.items)
    return escape(human(value))


def table_lines(table: Table) -> list[str]:
    """A GFM table: header, alignment row, rows, the total row in bold."""
    table = table.shown()
    lines = ["| " + " | ".join(escape(c.header) for c in table.columns) + " |"]
    lines.append("|" + "".join("---:|" if c.numeric else ":---|" for c in table.columns))
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    if table.total is not None:
        cells = (f"**{_cell(v)}**" if v is not None else "" for v in table.total)
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def lines(document: Document) -> list[str]:
    out: list[str] = []

    def paragraph(*texts: str) -> None:
        if out:
            out.append("")
        out.extend(texts)

    if document.title:
        paragraph("## " + escape(document.title))
    for block in document.blocks:
        if isinstance(block, Prose):
            paragraph(escape(block.text))
        elif isinstance(block, Fields):
            if block.title:
                paragraph("### " + escape(block.title))
            items = [f"- **{escape(c.header)}** : {_cell(v)}" for c, v in block.items]
            paragraph(*items)
        elif isinstance(block, Table):
            if block.title:
                paragraph("### " + escape(block.title))
            if not block.rows and block.empty:
                paragraph(escape(block.empty))
                continue
            paragraph(*table_lines(block))
            if block.noun is not None:
                paragraph(plural(len(block.rows), *block.noun))
        else:
            assert isinstance(block, Data)
    return out


def write(document: Document, out: TextIO) -> None:
    out.write("\n".join(lines(document)) + "\n")
