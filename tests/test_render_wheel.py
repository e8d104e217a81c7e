"""The templates ship inside the wheel: an installed tindustrie renders without a checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

#: builds a wheel: long, run by the full suite only.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_the_templates(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "site", "node_modules", "*_cache", "dist"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(tmp_path)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=240,
    )
    if result.returncode != 0:
        pytest.skip(
            f"construction de la roue impossible ici (hors ligne ?) : {result.stderr[-300:]}"
        )
    (wheel,) = tmp_path.glob("tindustrie-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (
        "protocole.html.j2",
        "protocole.md.j2",
        "_styles.css.j2",
        "protocole.typ",
        "avenant.typ",
        "_commun.typ",
        "fonts/Symbola-tindustrie.ttf",
    ):
        assert f"tindustrie/templates/{template}" in names
    assert "tindustrie/render/__init__.py" in names
    # the national schema, its reference lists, its licence and its origin
    schema = "tindustrie/export/schemas/projets-collectivites-0.1.0"
    for shipped in (
        "projets-territoire/schema.json",
        "collectivites/schema.json",
        "reference-data/50_leviers_SGPE_03_2025.csv",
        "reference-data/référentiel_competences_M57_2025.csv",
        "LICENSE.md",
    ):
        assert f"{schema}/{shipped}" in names, shipped
    assert "tindustrie/export/schemas/ORIGINE.md" in names
    # installed from the wheel (no checkout around), it renders with its own templates
    unpacked = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(unpacked)
    out_dir = tmp_path / "site"
    script = (
        "import sys, pathlib, tindustrie.render as r; "
        "assert r.builtin_templates() == pathlib.Path(sys.argv[1]) / 'tindustrie' / 'templates', "
        "r.builtin_templates(); "
        "from tindustrie.cli import main; "
        "main(['render', '--data', sys.argv[2], '--output', sys.argv[3], '--as-of', '2023-01-01'])"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(unpacked), str(ROOT / "data"), str(out_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert (out_dir / "protocole.html").is_file()
