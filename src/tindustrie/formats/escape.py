"""One escaper per output format: what a value from the data must become there.

- terminal: control, format (bidi, zero-width, word joiner, byte order mark),
  separator characters and noncharacters are shown visibly (``\\x1b``, ``\\u200b``), never interpreted; rich never reads
  markup or emoji codes in data (formatters print ``Text`` objects);
- csv: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return gets a leading apostrophe, so that no spreadsheet takes it for a formula
  (OWASP « CSV injection »); numbers, dates and keys are never touched; line
  breaks stay inside quoted cells (RFC 4180);
- markdown: :func:`tindustrie.markdown.escape` (``#`` escaped everywhere, then the
  terminal's visible form);
- html: jinja2's autoescape after :func:`page_text` (the terminal's visible form,
  line breaks and tabs kept; ``render.environment``);
- workbook: the terminal's visible form in a string cell, never a formula
  (``formats.xlsx``);
- pdf: text goes to Typst as JSON data, never as markup, after :func:`page_text`
  (a bidi override would reorder the printed text, a NEL would break its line;
  ``render.pdf``).

``docs/limites.md`` documents these rules.
"""

from __future__ import annotations

from tindustrie.markdown import escape as markdown
from tindustrie.problems import visible as terminal

__all__ = ["FORMULA_STARTS", "csv_text", "markdown", "page_text", "terminal"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell for a spreadsheet: never a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def page_text(text: str) -> str:
    """A text for a page (HTML, PDF): the terminal's visible form, line breaks and
    tabs kept (they are valid there and the page lays them out)."""
    if text.isprintable():
        return text
    return "\n".join("\t".join(map(terminal, line.split("\t"))) for line in text.split("\n"))
