"""How a typed cell is written: for people (French) or for machines (json, csv).

One place decides it for every formatter: an amount is « 1 234 € » for people
and ``"1234.00"`` for machines, a date « 1er juin 2022 » and ``"2022-06-01"``,
a closed-list word its label and its key, an identifier its label and itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from tindustrie.models.vocabulary import Term
from tindustrie.money import euros, plain, signed_euros
from tindustrie.views.document import Composite, Lines, Named, Signed

#: What people read for « no value ».
NO_VALUE = "—"


def human(cell: Any) -> str:
    """The French text of a cell, as people read it."""
    if cell is None:
        return NO_VALUE
    if isinstance(cell, bool):
        return "oui" if cell else "non"
    if isinstance(cell, Term):
        return cell.label
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Decimal):
        return euros(cell)
    if isinstance(cell, Signed):
        return signed_euros(cell.amount)
    if isinstance(cell, date):
        from tindustrie.formatting import long_date

        return long_date(cell)
    if isinstance(cell, Named):
        return cell.label
    if isinstance(cell, Lines):
        return "\n".join(human(item) for item in cell.items) if cell.items else NO_VALUE
    if isinstance(cell, tuple):
        return ", ".join(human(item) for item in cell) if cell else NO_VALUE
    if isinstance(cell, Composite):
        return cell.text()
    return str(cell)


def machine(cell: Any) -> Any:
    """The json value of a cell: amounts as decimal strings, keys, ISO dates."""
    if cell is None or (isinstance(cell, bool | int) and not isinstance(cell, Term)):
        return cell
    if isinstance(cell, Term):
        return cell.value
    if isinstance(cell, str):
        return str(cell)
    if isinstance(cell, Decimal):
        return plain(cell)
    if isinstance(cell, Signed):
        return plain(cell.amount)
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, Named):
        return cell.key
    if isinstance(cell, Lines):
        return [machine(item) for item in cell.items]
    if isinstance(cell, tuple | list):
        return [machine(item) for item in cell]
    if isinstance(cell, Mapping):
        return {str(k): machine(v) for k, v in cell.items()}
    if isinstance(cell, Composite):
        return machine(dict(cell.facts()))
    return str(cell)


def flat(cell: Any) -> str:
    """The csv text of a cell: the machine value on one line (lists joined by ``; ``)."""
    value = machine(cell)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(flat(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={flat(v)}" for k, v in value.items())
    return str(value)


def empty(cell: Any) -> bool:
    """No value, an empty list or a blank text: people need not read it."""
    if isinstance(cell, Lines):
        return not cell.items
    return cell is None or cell == () or (isinstance(cell, str) and not cell.strip())


def is_text(cell: Any) -> bool:
    """A cell people wrote (a title, a name), as opposed to a number, a date or a key."""
    return isinstance(cell, str | Named) and not isinstance(cell, Term)
