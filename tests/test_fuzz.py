"""Fuzzing (issue 6): mutate the example data and run every entry point on it.

Structural mutations (delete, duplicate, retype or move any key; swap two
scalars) and byte mutations (cut a file anywhere, insert random bytes,
duplicate or delete a line) are applied to a copy of ``data/``. Whatever comes
out, each library entry point (``entrypoints.LIBRARY_ENTRIES``: every command)
returns a value and each command exits with the code the data calls for (1
exactly when validate finds an error), with parseable machine output: never an
exception, never exit 70.

CI runs a few dozen examples, deterministically. A long campaign:

    TINDUSTRIE_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_support import check_command, run_cli, run_command
from entrypoints import CLI_COMMANDS, LIBRARY_ENTRIES
from tindustrie.validation import check_folder

EXAMPLE = Path(__file__).parent.parent / "data"
FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml"))
EXAMPLES = int(os.environ.get("TINDUSTRIE_FUZZ_EXAMPLES", "30"))
#: A long campaign runs every entry point and command on each example; CI a few.
LONG = "TINDUSTRIE_FUZZ_EXAMPLES" in os.environ
PER_EXAMPLE = 3

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="TINDUSTRIE_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["1.10", "1e3", "0x1F", "yes", "~", ".inf", "-0", "0.005", "1_000"]),
    st.dates().map(lambda d: d),
    st.just(datetime.datetime(2021, 10, 28, 10, 0, tzinfo=datetime.UTC)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=8), inner, max_size=3),
    ),
    max_leaves=6,
)


@contextmanager
def example_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(EXAMPLE, data)
        yield data


def containers(value: Any, found: list[Any]) -> list[Any]:
    """Every mapping and list inside ``value`` (itself included)."""
    if isinstance(value, dict):
        found.append(value)
        for child in value.values():
            containers(child, found)
    elif isinstance(value, list):
        found.append(value)
        for child in value:
            containers(child, found)
    return found


def slots(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) pair: a place that holds a value."""
    places = []
    for holder in containers(value, []):
        keys = list(holder) if isinstance(holder, dict) else range(len(holder))
        places += [(holder, key) for key in keys]
    return places


def mutate_structure(doc: Any, data: st.DataObject) -> Any:
    places = slots(doc)
    if not places:
        return data.draw(VALUES)
    action = data.draw(st.sampled_from(["delete", "duplicate", "retype", "move", "swap"]))
    holder, key = data.draw(st.sampled_from(places))
    if action == "delete":
        del holder[key]
    elif action == "duplicate" and isinstance(holder, dict):
        holder[f"{key}_bis"] = holder[key]  # a dict cannot hold a key twice: see below
    elif action == "duplicate":
        holder.append(holder[key])
    elif action == "retype":
        holder[key] = data.draw(VALUES)
    elif action == "move":
        value = holder.pop(key)
        target = data.draw(st.sampled_from(containers(doc, [])))
        if isinstance(target, dict):
            target[str(key)] = value
        else:
            target.append(value)
    else:
        other, other_key = data.draw(st.sampled_from(places))
        with contextlib.suppress(KeyError, IndexError):  # one half vanished with the other
            holder[key], other[other_key] = other[other_key], holder[key]
    return doc


def mutate_bytes(raw: bytes, data: st.DataObject) -> bytes:
    action = data.draw(st.sampled_from(["cut", "insert", "duplicate-line", "delete-line"]))
    at = data.draw(st.integers(min_value=0, max_value=len(raw)))
    if action == "cut":
        return raw[:at]
    if action == "insert":
        return raw[:at] + data.draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    lines = raw.splitlines(keepends=True)
    index = data.draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
    if not lines:
        return raw
    if action == "duplicate-line":
        return b"".join(lines[: index + 1] + lines[index:])
    return b"".join(lines[:index] + lines[index + 1 :])


def check_everything(folder: Path, data: st.DataObject) -> None:
    """The entry points survive; the commands exit with the code the data calls for
    (1 exactly when validate finds an error), with parseable machine output.

    To keep CI fast, each example runs ``validate`` (library and command line, in
    a drawn format) and a drawn few of the other entry points and commands, each
    in a drawn format: over the examples, every one runs on many mutated folders.
    """
    report = check_folder(folder)
    entries = [LIBRARY_ENTRIES[0], *draw_some(data, LIBRARY_ENTRIES[1:], "entries")]
    for entry in entries:
        entry(folder, False)
    commands = [CLI_COMMANDS[0], *draw_some(data, CLI_COMMANDS[1:], "commands")]
    for command in commands:
        formats: tuple[str | None, ...] = command.formats or (None,)
        fmt = data.draw(st.sampled_from(formats), label=command.name)
        run, _ = run_command(command, folder, folder.parent, fmt)
        check_command(command, fmt, run, report)


T = TypeVar("T")


def draw_some(data: st.DataObject, items: list[T], label: str) -> list[T]:
    """Up to :data:`PER_EXAMPLE` of ``items`` (all of them in a long campaign)."""
    if LONG:
        return items
    indexes = st.sampled_from(range(len(items)))
    picks = data.draw(st.lists(indexes, min_size=1, max_size=PER_EXAMPLE, unique=True), label)
    return [items[i] for i in sorted(picks)]


@pytest.mark.slow
@FUZZ
@given(st.data())
def test_structural_mutations(data: st.DataObject) -> None:
    with example_copy() as folder:
        for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
            name = data.draw(st.sampled_from(FILES))
            path = folder / name
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            doc = mutate_structure(doc, data)
            path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        check_everything(folder, data)


@pytest.mark.slow
@FUZZ
@given(st.data())
def test_byte_mutations(data: st.DataObject) -> None:
    with example_copy() as folder:
        for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
            path = folder / data.draw(st.sampled_from(FILES))
            path.write_bytes(mutate_bytes(path.read_bytes(), data))
        check_everything(folder, data)


def test_json_report_of_the_example_is_a_document() -> None:
    run = run_cli(["validate", "--data", str(EXAMPLE), "--format", "json"])
    assert run.code == 0
    assert json.loads(run.out)["valid"] is True
