"""Today, from one place: the day `validate` checks against and the default `--as-of`.

``TINDUSTRIE_TODAY=AAAA-MM-JJ`` fixes the day, for tests and for a CI run replayed
on a given day; otherwise it is the computer's date.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date

from tindustrie.errors import UsageError

#: The variable that fixes today's date.
TODAY_VARIABLE = "TINDUSTRIE_TODAY"


def today(environ: Mapping[str, str] = os.environ) -> date:
    """Today's date, or the one :data:`TODAY_VARIABLE` gives."""
    fixed = environ.get(TODAY_VARIABLE, "").strip()
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed) if len(fixed) == 10 else date.fromisoformat("x")
    except ValueError:
        raise UsageError(
            f"{TODAY_VARIABLE} invalide : « {fixed} »",
            "Écrivez une date au format AAAA-MM-JJ, ou retirez la variable.",
        ) from None
