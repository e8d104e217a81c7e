"""Workbooks (xlsx): one sheet per table, numbers as numbers. The one module that writes them.

It writes any :class:`~tindustrie.views.document.Document`: the Région's
consolidation (``consolidate --format xlsx``) and the comité's workbook
(``render --format xlsx``, :mod:`tindustrie.views.workbook`). Every sheet has
the same styles:

- amounts (``Decimal``, a signed change) are numeric cells formatted
  ``# ##0,00 €`` (the code ``#,##0.00 "€"``: Excel shows the separators of the
  reader's locale), counts plain numbers, dates date cells (``jj/mm/aaaa``);
- every text is written as a text cell (``write_string``): a title that starts
  with ``=`` is never a formula;
- French headers, the header row frozen and carrying filters; the total row,
  in bold, follows the data, outside the filtered range; columns sized to
  their content (up to a limit, longer texts wrap);
- printed on A4 in landscape, one page wide, the header row repeated on each
  page, the document's title in the page header and the page number below;
- the sentences for people go on a last sheet, « Notes »;
- the same document gives the same bytes: the workbook's dates are fixed
  (``created`` is given by the caller: the document's date or
  ``SOURCE_DATE_EPOCH``) and xlsxwriter stamps its zip entries with a constant
  time.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tindustrie.formats.values import human
from tindustrie.problems import visible
from tindustrie.views.document import Document, Prose, Signed, Table

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
        self.long_text: Format = book.add_format({"valign": "top", "text_wrap": True})
        self.total_money: Format = book.add_format({"num_format": MONEY, "bold": True})
        self.total: Format = book.add_format({"bold": True})


def _write_cell(sheet: Worksheet, row: int, col: int, value: Any, fmt: _Formats, bold: bool) -> int:
    """Write one cell with its type; returns the width its text takes."""
    if value is None:
        return 0
    if isinstance(value, Signed):
        value = value.amount
    if isinstance(value, Decimal):
        sheet.write_number(row, col, float(value), fmt.total_money if bold else fmt.money)
        return len(human(value))
    if isinstance(value, int) and not isinstance(value, bool):
        sheet.write_number(row, col, value, fmt.total if bold else None)
        return len(str(value))
    if isinstance(value, date):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt.day)
        return 10
    text = _cell_text(human(value))
    long = len(text) > _WIDEST
    sheet.write_string(row, col, text, fmt.total if bold else fmt.long_text if long else fmt.text)
    return len(text)


#: The most characters an Excel cell holds.
_CELL_LIMIT = 32_767


def _cell_text(text: str) -> str:
    """A text cell: the visible form, line breaks as ``; ``, cut by « … » where Excel
    would cut it silently."""
    shown = visible(text.replace("\n", "; "))
    return shown if len(shown) <= _CELL_LIMIT else shown[: _CELL_LIMIT - 1] + "…"


def _header_text(text: str) -> str:
    """``text`` for a page header: ``&`` starts a code there, ``&&`` is the character."""
    return text.replace("&", "&&")


#: Excel refuses a page header longer than this (codes and doubled ``&`` included).
_HEADER_LIMIT = 255


def _page_header(title: str, name: str) -> str:
    """The title on the left of the page header (shown visibly, cut by « … » to fit),
    the sheet's name on the right."""
    right = f"&R{_header_text(name)}"
    text = visible(title)
    if len(text) > 150:
        text = text[:149] + "…"
    while len(_header_text(text)) + len(right) + 2 > _HEADER_LIMIT:
        text = text[: len(text) - 2] + "…"
    return f"&L{_header_text(text)}{right}"


def _table_sheet(book: Any, table: Table, name: str, fmt: _Formats, title: str) -> None:
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
    if title:
        sheet.set_header(_page_header(title, name))
    sheet.set_footer("&CPage &P sur &N")


def workbook(document: Document, day: date, created: datetime | None = None) -> bytes:
    """The xlsx bytes of ``document`` on ``day``; ``created`` (default: midnight of
    ``day``) dates the workbook. Same arguments, same bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    stamp = created or datetime(day.year, day.month, day.day)
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
        name = _sheet_name(table.title or document.title or "", taken)
        _table_sheet(book, table, name, fmt, document.title or "")
    notes = [b.text for b in document.blocks if isinstance(b, Prose)]
    if notes:
        sheet = book.add_worksheet(_sheet_name("Notes", taken))
        sheet.set_column(0, 0, 120)
        for r, text in enumerate(notes):
            sheet.write_string(r, 0, _cell_text(text), fmt.text)
    book.close()
    return buffer.getvalue()
