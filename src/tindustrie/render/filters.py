"""The template filters: French money and dates, and text made safe for Markdown.

Money is :func:`tindustrie.money.euros`; Babel (for dates) is imported inside
the function that needs it: importing this module costs nothing.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from tindustrie.money import euros, signed_euros

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_LEADING = re.compile(r"^(#|[+=-]|[0-9]{1,9}(?=[.)](?:\s|$)))")


def md(value: object) -> str:
    """Plain text for Markdown: on one line, nothing it could turn into markup.

    Safe inside a GFM table cell (``|`` escaped, newlines folded), and at the
    start of a line (no heading, list or quote can start).
    """
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    match = _MD_LEADING.match(text)
    if match:
        end = match.end()
        text = text[:end] + "\\" + text[end:] if text[:end].isdigit() else "\\" + text
    return text


signed_money = signed_euros


def money_or_dash(amount: Decimal | None) -> str:
    return "—" if amount is None else euros(amount)


def date_or_dash(day: date | None) -> str:
    from tindustrie.formatting import long_date

    return "—" if day is None else long_date(day)
