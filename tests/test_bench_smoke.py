"""The benchmark's generator writes a territory that `tindustrie validate` accepts."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import run_cli

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_territory_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generate = _generator()
    root = generate.generate(tmp_path / "territoire", fiches=50, avenants=8, seed=3)
    fiches = sorted((root / "fiches").glob("*.yaml"))
    avenants = sorted((root / "avenants").glob("*.yaml"))
    assert len(fiches) == 50 and len(avenants) == 8
    assert all(f.name.split("-", 1)[0].count(".") == 1 for f in fiches)
    texts = [a.read_text(encoding="utf-8") for a in avenants]
    assert "date_signature" not in texts[-1]  # the last one is a draft
    assert any("montant: 0\n" in t for t in texts[1:])  # some commitment is ended

    code, out, _ = run_cli(["validate", "--data", str(root), "--format", "json"])
    assert code == 0, out
    assert '"severity": "error"' not in out


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate = _generator()
    a = generate.generate(tmp_path / "a", fiches=20, avenants=4, seed=1)
    b = generate.generate(tmp_path / "b", fiches=20, avenants=4, seed=1)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*.yaml"))
    assert files_a == sorted(p.relative_to(b) for p in b.rglob("*.yaml"))
    assert all((a / p).read_bytes() == (b / p).read_bytes() for p in files_a)


def test_young_protocol_warns_about_a_third_of_the_fiches(tmp_path: Path) -> None:
    generate = _generator()
    root = generate.generate_jeune(tmp_path / "jeune", fiches=300, avenants=12, seed=3)
    code, out, _ = run_cli(["validate", "--data", str(root), "--format", "json"])
    report = json.loads(out)
    assert code == 0, out
    warned = {p["file"] for p in report["problems"] if p["code"] == "TI402"}
    assert 0.25 <= len(warned) / 300 <= 0.42
