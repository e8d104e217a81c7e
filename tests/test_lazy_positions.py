"""Positions found again on demand are exactly those of an eager parse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tindustrie.loader import load_file
from tindustrie.yamlio import parse

DATA = Path(__file__).resolve().parent.parent / "data"


def _const(text: str) -> Callable[[], str]:
    return lambda: text


def test_lazy_positions_equal_eager_ones() -> None:
    for path in sorted(DATA.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        eager = parse(text, str(path))
        lazy = parse(text, str(path), positions=False, reread=_const(text))
        assert lazy.positions == {} and lazy.data == eager.data
        for where in eager.positions:
            assert lazy.at(where) == eager.at(where)
            assert lazy.key_at(where) == eager.key_at(where)
        assert lazy.positions == eager.positions
        assert lazy.key_positions == eager.key_positions


def test_changed_file_falls_back_to_the_top(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("titre: a\nliste:\n  - x\n", encoding="utf-8")
    doc = load_file(path)
    path.write_text("\n\ntitre: a\nliste:\n  - x\n", encoding="utf-8")
    assert doc.at(("liste", 0)) == (1, 1)  # never a position from another text


def test_loaded_file_finds_its_positions(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("titre: a\nliste:\n  - x\n  - y\n", encoding="utf-8")
    doc = load_file(path)
    assert doc.positions == {}
    assert doc.at(("liste", 1)) == (4, 5)
    assert doc.key_at(("liste",)) == (2, 1)
    assert doc.problems == []
