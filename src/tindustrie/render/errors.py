"""Errors the user can fix (a template, the output folder), in French.

No typer, no rich: a :class:`RenderError` carries the message and the exit
code the command line should use.
"""

from __future__ import annotations

import re
from types import TracebackType

EXIT_INVALID, EXIT_USAGE = 1, 2


class RenderError(Exception):
    """A problem the user can fix (a template, the output folder), in French."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def where(file: str, line: int | None) -> str:
    return f"{file}, ligne {line}" if line else file


def where_in_traceback(tb: TracebackType | None) -> str | None:
    """The last template line in a traceback (jinja2 rewrites frames to point at them)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = where(filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def explain(exc: Exception) -> str:
    message = str(exc)
    undefined = re.fullmatch(r"'(.+)' is undefined", message)
    if undefined:
        return f"variable inconnue « {undefined.group(1)} »"
    attribute = re.fullmatch(r"'(.+)' has no attribute '(.+)'", message)
    if attribute:
        return f"« {attribute.group(2)} » n'existe pas (dans {attribute.group(1)})"
    return f"{type(exc).__name__} : {message}"
