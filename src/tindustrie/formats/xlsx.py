"""A workbook (xlsx) for a comité: one sheet per table, numbers as numbers.

- amounts are numeric cells formatted ``# ##0,00 €`` (Excel shows the
  separators of the reader's locale), counts plain numbers, dates date cells;
- the header row is frozen and carries filters; the total row, in bold,
  follows the data, outside the filtered range;
- printed in landscape, one page wide, the header repeated on each page;
- the sentences for people go on a last sheet, « Notes »;
- the same document gives the same bytes: the workbook's dates are fixed
  (``created`` is the document's date) and xlsxwriter stamps its zip entries
  with a constant time.

Only the consolidation uses it for now; it writes any
:class:`~tindustrie.views.document.Document`.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tindustrie.formats.values import human
from tindustrie.problems import visible
from tindustrie.views.document import Document, Prose, Table

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

MONEY = '#,##0.00 "€"'
DAY = "dd/mm/yyyy"
#: Characters Excel refuses in a sheet name, and its length limit.
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
_SHEET_LIMIT = 31
_WIDEST = 60


def _sheet_name(text: str, taken: set[str]) -> str:
    base = " ".join(text.translate(_SHEET_FORBIDDEN).split())[:_SHEET_LIMIT] or "Feuille"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: _SHEET_LIMIT - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


class _Formats:
    def __init__(self, book: Any) -> None:
        self.header: Format = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.money: Format = book.add_format({"num_format": MONEY})
        self.day: Format = book.add_format({"num_format": DAY})
        self.text: Format = book.add_format({"valign": "top"})
        self.total_money: Format = book.add_format({"num_format": MONEY, "bold": True})
        self.total: Format = book.add_format({"bold": True})


def _write_cell(sheet: Worksheet, row: int, col: int, value: Any, fmt: _Formats, bold: bool) -> int:
    """Write one cell with its type; returns the width its text takes."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        sheet.write_number(row, col, float(value), fmt.total_money if bold else fmt.money)
        return len(human(value))
    if isinstance(value, int) and not isinstance(value, bool):
        sheet.write_number(row, col, value, fmt.total if bold else None)
        return len(str(value))
    if isinstance(value, date):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt.day)
        return 10
    text = visible(human(value).replace("\n", "; "))
    sheet.write_string(row, col, text, fmt.total if bold else fmt.text)
    return len(text)


def _table_sheet(book: Any, table: Table, name: str, fmt: _Formats) -> None:
    sheet = book.add_worksheet(name)
    widths = [len(c.header) for c in table.columns]
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, column.header, fmt.header)
    for r, values in enumerate(table.rows, start=1):
        for col, value in enumerate(values):
            widths[col] = max(widths[col], _write_cell(sheet, r, col, value, fmt, False))
    last = len(table.rows)
    if table.total is not None:
        for col, value in enumerate(table.total):
            widths[col] = max(widths[col], _write_cell(sheet, last + 1, col, value, fmt, True))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width + 2, _WIDEST))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(last, 1), len(table.columns) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)


def workbook(document: Document, day: date) -> bytes:
    """The xlsx bytes of ``document``; ``day`` dates the workbook (reproducible bytes)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    stamp = datetime(day.year, day.month, day.day)
    book.set_properties(
        {
            "title": document.title or "",
            "author": "tindustrie",
            "comments": "Écrit par tindustrie",
            "created": stamp,
        }
    )
    book.set_custom_property("as_of", day.isoformat())
    fmt = _Formats(book)
    taken: set[str] = set()
    for table in document.tables():
        _table_sheet(book, table, _sheet_name(table.title or document.title or "", taken), fmt)
    notes = [b.text for b in document.blocks if isinstance(b, Prose)]
    if notes:
        sheet = book.add_worksheet(_sheet_name("Notes", taken))
        sheet.set_column(0, 0, 120)
        for r, text in enumerate(notes):
            sheet.write_string(r, 0, text, fmt.text)
    book.close()
    return buffer.getvalue()
