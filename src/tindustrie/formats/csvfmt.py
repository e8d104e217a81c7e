"""CSV: the document's main table, RFC 4180 (comma, CRLF, quotes when needed), UTF-8.

The main table is :meth:`~tindustrie.views.document.Document.main_table`. The
header row holds the columns' keys (the same as in json); then one row per line, then the total row when there is one. Amounts are decimal numbers with a
point (``1234.50``), dates ISO, lists joined by ``; ``. Text cells that a
spreadsheet would take for a formula get a leading apostrophe
(:func:`~tindustrie.formats.escape.csv_text`). ``docs/json.md`` says how to
open the file in a French spreadsheet.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from tindustrie.formats.escape import csv_text
from tindustrie.formats.values import flat, is_text
from tindustrie.views.document import Document, Table


def _cell(value: Any) -> str:
    text = flat(value)
    return csv_text(text) if is_text(value) else text


def rows(table: Table) -> list[list[str]]:
    out = [[c.key for c in table.columns]]
    out += [[_cell(v) for v in row] for row in table.rows]
    if table.total is not None:
        out.append([_cell(v) for v in table.total])
    return out


def write(document: Document, out: TextIO) -> None:
    table = document.main_table()
    if table is None:
        return
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows(table))
