"""Plain text made safe for Markdown (CommonMark and GitHub tables).

One function serves every Markdown we write (``render``'s document and
``financing --format md``): a value from YAML comes out as that text, on one
line, turned into no markup, breaking no table.
"""

from __future__ import annotations

import re

from tindustrie.problems import visible

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LEADING = re.compile(r"^(#|[+=-]|[0-9]{1,9}(?=[.)](?:\s|$)))")
#: Runs of ordinary white space and line breaks; non-breaking spaces stay.
_SPACES = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")


def escape(value: object) -> str:
    """``value`` as Markdown text: one line, nothing it could turn into markup.

    Safe inside a GFM table cell (``|`` escaped, line breaks folded) and at the
    start of a line (no heading, list or quote can start). Non-breaking spaces
    (French amounts: ``1 234 €``) are kept. ``#`` is escaped everywhere, so a
    heading ending in `` #`` keeps it. Control, format and noncharacter code points
    are written visibly, as on the terminal (``\\x1b``, ``\\u200b``).
    """
    text = visible(_SPACES.sub(" ", str(value)).strip())
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    match = _LEADING.match(text)
    if match:
        end = match.end()
        text = text[:end] + "\\" + text[end:] if text[:end].isdigit() else "\\" + text
    return text
