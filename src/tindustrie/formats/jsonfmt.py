"""JSON: the document's facts by key, amounts as decimal strings (``docs/json.md``).

Data and fields become keys of one object; a table becomes a list of objects
under its key (one key per column), and its total row an object under
``total_key`` holding the numeric columns. Prose for people is left out.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from tindustrie.formats.values import machine
from tindustrie.views.document import Data, Document, Fields, Prose, Table


def as_dict(document: Document) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for block in document.blocks:
        if isinstance(block, Data):
            out[block.key] = machine(block.value)
        elif isinstance(block, Fields):
            if not block.machine:
                continue
            for column, value in block.items:
                out[column.key] = machine(value)
        elif isinstance(block, Table):
            keys = [c.key for c in block.columns]
            out[block.key] = [
                {k: machine(v) for k, v in zip(keys, row, strict=True)} for row in block.rows
            ]
            if block.total is not None:
                out[block.total_key] = {
                    c.key: machine(v)
                    for c, v in zip(block.columns, block.total, strict=True)
                    if c.numeric and v is not None
                }
        else:
            assert isinstance(block, Prose)
    return out


def write(document: Document, out: TextIO) -> None:
    json.dump(as_dict(document), out, ensure_ascii=False, indent=2)
    out.write("\n")
