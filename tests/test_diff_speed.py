"""`diff` of two revisions of a 500-fiche territory costs under 2 × two `financing` runs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "diff_speed.py"


@pytest.mark.slow
def test_diff_costs_less_than_two_financing_runs(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_diff_speed", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    for result in module.measure(500, 200, 3, tmp_path):
        assert result.ratio_cpu < 2, (result.name, result.diff, result.financing)
