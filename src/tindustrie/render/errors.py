"""Errors the user can fix (a template, the output folder), in French.

No typer, no rich: a :class:`RenderError` is a
:class:`~tindustrie.errors.TindustrieError`; the command line turns it into a
message and an exit code.
"""

from __future__ import annotations

import re
from types import TracebackType

from tindustrie.errors import TindustrieError


class RenderError(TindustrieError):
    """A problem the user can fix (a template, ``SOURCE_DATE_EPOCH``), in French (exit 2)."""


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
