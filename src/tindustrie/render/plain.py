"""The views as plain JSON values, for templates that read data (the Typst PDF).

:func:`plain` turns the dataclasses of :mod:`tindustrie.render.views` (and the
:class:`~tindustrie.render.context.RenderContext` that holds them) into dicts,
lists, strings, numbers, booleans and ``None``, following their fields and
their properties. Values a template cannot format itself arrive ready:

- an amount (``Decimal``) is ``{"text": "12 000 €", "signed": "+12 000 €",
  "value": "12000.00", "sign": 1}``, French text as :func:`tindustrie.money.euros`
  and :func:`~tindustrie.money.signed_euros` write it, with the exact value;
- a date is ``{"iso": "2021-10-28", "text": "28 octobre 2021"}``;
- texts cut when shown (:class:`~tindustrie.render.views.Paragraphs`,
  :class:`~tindustrie.render.views.Items`) are lists of strings.

User text stays a string: the template shows it as text, never as markup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from tindustrie.money import euros, signed_euros
from tindustrie.money import plain as plain_amount
from tindustrie.render.views import Items, Paragraphs

JSON = Any  # dict[str, JSON] | list[JSON] | str | int | bool | None


def amount(value: Decimal) -> dict[str, JSON]:
    return {
        "text": euros(value),
        "signed": signed_euros(value),
        "value": plain_amount(value),
        "sign": (value > 0) - (value < 0),
    }


def day(value: date) -> dict[str, JSON]:
    from tindustrie.formatting import long_date

    return {"iso": value.isoformat(), "text": long_date(value)}


@cache
def _properties(cls: type) -> tuple[str, ...]:
    """The public properties of a class (derived labels and amounts of the views)."""
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        for name, member in vars(klass).items():
            if isinstance(member, property) and not name.startswith("_") and name not in names:
                names.append(name)
    return tuple(names)


def plain(value: object) -> JSON:
    """``value`` as JSON-ready data (see the module documentation)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, Paragraphs | Items):
        return list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in _properties(type(value)):
            out[name] = plain(getattr(value, name))
        return out
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [plain(v) for v in items]
    raise TypeError(f"no plain JSON form for {type(value).__name__}")
