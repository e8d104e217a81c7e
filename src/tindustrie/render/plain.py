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
  :class:`~tindustrie.render.views.Items`) are lists of strings;
- a word of the vocabulary (a :class:`~tindustrie.models.vocabulary.Term`,
  such as an avenant's state) is its key, and its French label follows under
  the same name with ``_label`` (``"state": "projet", "state_label": "projet,
  non signé"``);
- a named tuple (the ledger's :class:`~tindustrie.ledger.Change`) is a dict,
  like a dataclass.

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


def _record(value: object, names: list[str]) -> dict[str, JSON]:
    out: dict[str, JSON] = {}
    for name in names:
        item = getattr(value, name)
        out[name] = plain(item)
        label = getattr(item, "label", None) if isinstance(item, Enum) else None
        if isinstance(label, str):
            out[f"{name}_label"] = label
    return out


def plain(value: object) -> JSON:
    """``value`` as JSON-ready data (see the module documentation)."""
    if isinstance(value, Enum):
        return str(value.value) if isinstance(value.value, str) else plain(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Paragraphs | Items):
        return list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)]
        return _record(value, [*names, *_properties(type(value))])
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return _record(value, [*value._fields, *_properties(type(value))])
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [plain(v) for v in items]
    raise TypeError(f"no plain JSON form for {type(value).__name__}")
