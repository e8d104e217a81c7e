"""Positions recorded while parsing are exact, for values and keys, in every file."""

from __future__ import annotations

from pathlib import Path

import yaml

from tindustrie.loader import load_file
from tindustrie.yamlio import parse

DATA = Path(__file__).resolve().parent.parent / "data"


def _reference(text: str) -> tuple[dict[tuple[str | int, ...], tuple[int, int]], ...]:
    """Positions of every value and key, found independently from the composed nodes."""
    values: dict[tuple[str | int, ...], tuple[int, int]] = {}
    keys: dict[tuple[str | int, ...], tuple[int, int]] = {}

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                keys[(*path, key.value)] = (key.start_mark.line + 1, key.start_mark.column + 1)
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    walk(yaml.compose(text, Loader=yaml.SafeLoader), ())
    return values, keys


def test_positions_are_exact() -> None:
    for path in sorted(DATA.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        doc = parse(text, str(path))
        values, keys = _reference(text)
        for where, at in values.items():
            assert doc.at(where) == at, (path, where)
        for where, at in keys.items():
            assert doc.key_at(where) == at, (path, where)


def test_without_positions_problems_go_to_the_top() -> None:
    doc = parse("titre: a\nliste:\n  - x\n", "f.yaml", positions=False)
    assert doc.tree is None and doc.data == {"titre": "a", "liste": ["x"]}
    assert doc.at(("liste", 0)) == (1, 1)


def test_loaded_file_has_its_positions(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("titre: a\nliste:\n  - x\n  - y\n", encoding="utf-8")
    doc = load_file(path)
    path.unlink()  # positions never need the file again
    assert doc.at(("liste", 1)) == (4, 5)
    assert doc.key_at(("liste",)) == (2, 1)
    assert doc.problems == []


def test_a_missing_value_is_placed_at_its_nearest_parent() -> None:
    doc = parse("titre: a\nliste:\n  - x\n  - {b: 1}\n", "f.yaml")
    assert doc.at(("liste", 1, "absente")) == (4, 5)
    assert doc.at(("liste", 7)) == (3, 3)  # the list itself
    assert doc.at(("titre", "plus")) == (1, 8)
    assert doc.at(("absente", 0)) == (1, 1)
    assert doc.key_at(("liste", 1, "absente")) == (4, 5)  # no key: the value's parent
    assert doc.key_at(("liste", 1, "b")) == (4, 6)


def test_an_alias_is_placed_where_it_is_written_and_what_it_holds_at_its_anchor() -> None:
    text = "a: &x\n  b: 1\n  c: [2, 3]\ne: *x\nf: [0, *x]\n"
    doc = parse(text, "f.yaml")
    assert doc.problems == []
    assert doc.at(("e",)) == (4, 4)  # the alias
    assert doc.at(("f", 1)) == (5, 8)
    for alias in (("e",), ("f", 1)):
        assert doc.at((*alias, "b")) == (2, 6)  # inside the anchored value
        assert doc.key_at((*alias, "c")) == (3, 3)
        assert doc.at((*alias, "c", 1)) == (3, 10)
