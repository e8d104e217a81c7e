"""The terminal: tables that fit, at any width from 60 columns up.

The width is the terminal's; piped into a file or ``less``, it is 80 columns,
or ``COLUMNS`` when set, and the text is plain (no colour).

Text is wrapped here, at ordinary spaces only: the no-break spaces inside
French amounts and dates never break, and neither does a word (but a single
word longer than the whole line, folded as a last resort). A table is drawn as
a grid when every column gets at least its longest word and every amount its
full width; otherwise each row becomes a block, its leading cells as a heading
and one ``Libellé : valeur`` line per column. No cell is ever cut to an
ellipsis.

Every value from the data goes through :func:`~tindustrie.formats.escape.terminal`
and is printed as rich ``Text``: never markup, never an emoji code, never a
control sequence.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any, TextIO

from tindustrie.formats.escape import terminal
from tindustrie.formats.values import empty, human
from tindustrie.views.document import Data, Document, Fields, Prose, Table
from tindustrie.wording import plural

if TYPE_CHECKING:
    from rich.console import Console

#: Separator between the leading cells of a row shown as a block.
LEAD_SEPARATOR = " — "
#: Stands for a space that must not break a line (inside a date) until the text is wrapped.
NO_BREAK = "\ue000"
#: Indent of the lines of a row shown as a block.
INDENT = "  "
#: Columns between two grid columns: the (blank) rule and one space of padding.
GUTTER = 2


def console_for(out: TextIO) -> Console:
    from rich.console import Console

    return Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=False)


def cell_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


#: A French date as people read it (« 1er juin 2022 »): never broken across lines.
_DATE = re.compile(
    r"\b(\d{1,2}(?:er)?) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
    r"octobre|novembre|décembre) (\d{4})\b"
)


def _unbreakable(text: str) -> str:
    """The spaces inside dates marked as not breaking a line."""
    return _DATE.sub(lambda m: NO_BREAK.join(m.groups()), text)


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at ordinary spaces only
    (``first``/``rest``: the prefixes of the first and following lines): never
    inside an amount (its spaces are no-break spaces) nor inside a date."""
    text = _unbreakable(text)
    lines: list[str] = []
    for n, paragraph in enumerate(text.split("\n")):
        lines += textwrap.wrap(
            paragraph,
            max(width, 1),
            initial_indent=first if n == 0 else rest,
            subsequent_indent=rest,
            break_on_hyphens=False,
            drop_whitespace=True,
        ) or [first if n == 0 else rest]
    return [line.replace(NO_BREAK, " ") for line in lines]


def _longest_word(text: str) -> int:
    words = _unbreakable(text).replace("\n", " ").split(" ")
    return max((cell_width(w) for w in words), default=0)


def _longest_line(text: str) -> int:
    return max((cell_width(line) for line in text.split("\n")), default=0)


def widths(table: Table, rows: list[list[str]], room: int) -> list[int] | None:
    """Column widths that fit ``room`` columns, or ``None`` when the grid cannot fit.

    Amounts and other numbers get their full width; a text column at least its
    longest word and its header's longest word; what is left goes to the text
    columns that would wrap, in proportion to what they lack.
    """
    lows, highs = [], []
    for i, column in enumerate(table.columns):
        cells = [row[i] for row in rows]
        if column.numeric:
            wide = max([_longest_line(c) for c in cells] + [_longest_word(column.header)])
            lows.append(wide)
            highs.append(wide)
        else:
            lows.append(max([_longest_word(c) for c in cells] + [_longest_word(column.header)]))
            highs.append(max([_longest_line(c) for c in cells] + [cell_width(column.header)]))
    available = room - GUTTER * (len(lows) - 1)
    if sum(lows) > available:
        return None
    result = list(lows)
    spare = available - sum(lows)
    # the columns that need the least to stop wrapping get it first (a state, a date);
    # what is left is shared among the long texts, in proportion to what they lack
    wants = sorted((high - low, i) for i, (low, high) in enumerate(zip(lows, highs, strict=True)))
    for n, (want, i) in enumerate(wants):
        if not want:
            continue
        left = len(wants) - n
        share = want if want <= spare // left else spare * want // sum(w for w, _ in wants[n:])
        share = min(share, spare)
        result[i] += share
        spare -= share
    return result


def _grid(console: Console, table: Table, body: list[list[str]], total: list[str] | None) -> bool:
    """Print the table as a grid; ``False`` when it cannot fit the width."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    rows = body + ([total] if total is not None else [])
    sizes = widths(table, rows, console.width)
    if sizes is None:
        return False
    grid = RichTable(
        box=box.SIMPLE_HEAD,
        padding=(0, 0, 0, 1),
        pad_edge=False,
        show_edge=False,
        highlight=False,
    )
    for column, size in zip(table.columns, sizes, strict=True):
        grid.add_column(
            "\n".join(wrap(column.header, size)),
            justify="right" if column.numeric else "left",
            width=size,
            no_wrap=True,
            overflow="fold",
        )

    def cells(row: list[str]) -> list[Text]:
        return [Text("\n".join(wrap(c, s))) for c, s in zip(row, sizes, strict=True)]

    for row in body:
        grid.add_row(*cells(row))
    if total is not None:
        grid.add_section()
        grid.add_row(*cells(total), style="bold")
    console.print(grid)
    return True


def _blocks(console: Console, table: Table, body: list[list[str]], total: list[str] | None) -> None:
    """Each row as a block: its leading cells as a heading, then one line per column."""
    from rich.text import Text

    lead = table.lead
    for n, row in enumerate([*body, *([total] if total is not None else [])]):
        if n:
            console.print()
        heading = LEAD_SEPARATOR.join(cell for cell in row[:lead] if cell)
        for line in wrap(heading, console.width):
            console.print(Text(line, style="bold"))
        for column, cell in zip(table.columns[lead:], row[lead:], strict=True):
            if cell:
                _field(console, column.header, cell, INDENT)


def _field(console: Console, label: str, value: str, indent: str = "") -> None:
    """``Libellé : valeur``, wrapped under the label's indent (a label may name a
    partner: it is escaped like a value)."""
    from rich.text import Text

    head = f"{indent}{_cell(label)} : "
    first_word = _unbreakable(value).split(" ", 1)[0].split("\n", 1)[0]
    if cell_width(head) + cell_width(first_word) > console.width:  # a long label: own lines
        for line in wrap(f"{_cell(label)} :", console.width, first=indent, rest=indent):
            console.print(Text(line, style="bold"))
        for line in wrap(value, console.width, first=indent + "  ", rest=indent + "  "):
            console.print(Text(line))
        return
    lines = wrap(value, console.width, first=head, rest=indent + "  ")
    text = Text(lines[0][len(head) :])
    console.print(Text.assemble((head, "bold"), text))
    for line in lines[1:]:
        console.print(Text(line))


def _table(console: Console, table: Table) -> None:

    table = table.shown()
    if table.title:
        _prose(console, table.title, "bold")
    if not table.rows and table.empty:
        _prose(console, table.empty)
        return
    body = [[_cell(v) for v in row] for row in table.rows]
    total = [_cell(v) if v is not None else "" for v in table.total] if table.total else None
    if not _grid(console, table, body, total):
        _blocks(console, table, body, total)
        if table.noun is not None:
            console.print()
    if table.noun is not None:
        console.print(plural(len(table.rows), *table.noun))


def _cell(value: Any) -> str:
    """The text of a cell, each of its lines escaped for the terminal."""
    text = human(value)
    return "\n".join(terminal(line) for line in text.split("\n"))


def _prose(console: Console, text: str, style: str = "") -> None:
    from rich.text import Text

    for line in wrap(_cell(text), console.width):
        console.print(Text(line, style=style))


def write(document: Document, out: TextIO) -> None:
    console = console_for(out)
    started = False

    def gap() -> None:
        if started:
            console.print()

    if document.title:
        _prose(console, document.title, "bold")
    after_table = False
    for block in document.blocks:
        if isinstance(block, Prose):
            if after_table:
                console.print()
            _prose(console, block.text)
        elif isinstance(block, Fields):
            if block.title:
                gap()
                _prose(console, block.title, "bold")
            for column, value in block.items:
                if not empty(value):
                    _field(console, column.header, _cell(value))
        elif isinstance(block, Table):
            gap()
            _table(console, block)
        else:
            assert isinstance(block, Data)
            continue
        started = True
        after_table = isinstance(block, Table)
