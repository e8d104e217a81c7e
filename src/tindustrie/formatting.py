"""French dates for people (tables, rendered documents), via Babel.

Babel is imported lazily, inside the functions: `validate` never pays for it.
Money has a single French format, without Babel: :func:`tindustrie.money.euros`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

__all__ = ["LOCALE", "long_date"]

LOCALE = "fr_FR"


@lru_cache(maxsize=8192)
def long_date(day: date) -> str:
    """``2021-10-28`` → ``28 octobre 2021``; ``1er`` for the first of the month."""
    from babel.dates import format_date

    text = str(format_date(day, format="long", locale=LOCALE))
    return "1er" + text[1:] if day.day == 1 else text
