"""The HTML document passes the W3C Nu HTML checker (vnu.jar) with no error.

The checker runs on Java. Its jar is looked for in ``$TINDUSTRIE_VNU_JAR``, then
in ``node_modules/vnu-jar`` of the repository, then in a cache folder where it
is installed with npm (``npm install vnu-jar``) when npm is there. Without Java
or without the jar, the test is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tindustrie.render import render, write_outputs
from tindustrie.validation import check_folder

#: the W3C Nu checker (Java): long, run by the full suite only.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
JAR_IN_PACKAGE = Path("node_modules/vnu-jar/build/dist/vnu.jar")


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tindustrie" / "vnu"


def find_vnu_jar() -> tuple[Path | None, str]:
    configured = os.environ.get("TINDUSTRIE_VNU_JAR")
    if configured:
        path = Path(configured)
        return (path, "") if path.is_file() else (None, f"TINDUSTRIE_VNU_JAR={path} introuvable")
    for candidate in (ROOT / JAR_IN_PACKAGE, _cache_dir() / JAR_IN_PACKAGE):
        if candidate.is_file():
            return candidate, ""
    npm = shutil.which("npm")
    if npm is None:
        return (
            None,
            "vnu.jar introuvable et npm absent (npm install vnu-jar, ou TINDUSTRIE_VNU_JAR)",
        )
    cache = _cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(cache), "vnu-jar"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        return None, f"installation de vnu-jar par npm impossible : {exc}"
    jar = cache / JAR_IN_PACKAGE
    return (jar, "") if jar.is_file() else (None, "npm n'a pas fourni vnu.jar")


@pytest.mark.parametrize("as_of", ["2022-06-01", "2023-01-01"])
def test_html_passes_the_nu_checker(tmp_path: Path, as_of: str) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java absent : le vérificateur HTML Nu (vnu.jar) ne peut pas tourner")
    jar, reason = find_vnu_jar()
    if jar is None:
        pytest.skip(reason)
    valid = check_folder(ROOT / "data").valid_project()
    assert valid is not None
    outputs = render(valid, date.fromisoformat(as_of), ("html",), environ={})
    (page,) = write_outputs(outputs, tmp_path)
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "text", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_consolidated_page_passes_the_nu_checker(tmp_path: Path) -> None:
    """The Région's page (`consolidate --format html`), with a territory left out."""
    from tindustrie.consolidation import consolidate
    from tindustrie.models import ConsolidateBy
    from tindustrie.render.consolidation import write_page

    java = shutil.which("java")
    if java is None:
        pytest.skip("Java absent : le vérificateur HTML Nu (vnu.jar) ne peut pas tourner")
    jar, reason = find_vnu_jar()
    if jar is None:
        pytest.skip(reason)
    broken = tmp_path / "casse"
    shutil.copytree(ROOT / "data", broken)
    fiche = broken / "fiches" / "1.1-welcome-pack.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("axe: 1", "axe: 9"), "utf-8")
    result = consolidate([ROOT / "data", broken], date(2022, 6, 1))
    (page,) = write_page(result, ConsolidateBy.TERRITOIRE, tmp_path / "site-region")
    checked = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "text", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
