"""Formatters: a :class:`~tindustrie.views.document.Document` written in one format.

One registry, :data:`FORMATTERS`, serves every command: its keys are the
``--format`` choices, each a module of this package with a ``write(document,
out)`` function, imported only when used (the terminal formatter needs rich,
the others do not). Adding a format is adding a module and a line here; a
command lists the formats it accepts with :func:`choices`.

Each formatter escapes what it prints with its own escaper
(:mod:`tindustrie.formats.escape`).

One view has layouts of its own: a review of a change
(:class:`~tindustrie.views.diff.Diff`) is a verdict, money moving between
columns and a folded detail under a size cap, not a table; :mod:`tindustrie.formats.diff`
writes it as ``text``, ``md`` and ``json`` with the same escapers and money words.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tindustrie.views.document import Document

#: format name -> (module of this package, French description for ``--help``)
FORMATTERS: dict[str, tuple[str, str]] = {
    "table": ("table", "tableau pour le terminal"),
    "json": ("jsonfmt", "JSON, pour les scripts"),
    "csv": ("csvfmt", "CSV (RFC 4180, UTF-8), pour un tableur"),
    "md": ("markdown", "Markdown, pour un compte rendu ou une demande de fusion"),
}
#: The formats every listing command accepts.
LISTING = ("table", "json", "csv", "md")


def choices(names: tuple[str, ...] = LISTING) -> tuple[str, ...]:
    return tuple(name for name in names if name in FORMATTERS)


def help_text(names: tuple[str, ...] = LISTING) -> str:
    """``table (tableau pour le terminal), json (…)…`` for an option's help."""
    return ", ".join(f"{n} ({FORMATTERS[n][1]})" for n in choices(names))


def write(document: Document, name: str, out: TextIO) -> None:
    """Write ``document`` on ``out`` in the format ``name`` (a key of :data:`FORMATTERS`)."""
    module = import_module(f"tindustrie.formats.{FORMATTERS[name][0]}")
    module.write(document, out)
