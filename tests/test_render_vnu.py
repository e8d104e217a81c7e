"""The HTML document passes the W3C Nu HTML checker (vnu.jar) with no error.

The checker runs on Java. Its jar is looked for in ``$TINDUSTRIE_VNU_JAR``, then
in ``node_modules/vnu-jar`` of the repository, then in a cache folder where it
is installed with npm (``npm install vnu-jar``) when npm is there. Without Java
or without the jar, the test is skipped and says why.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import run_cli
from hostile_support import DRAWN, FIELDS, INVISIBLE, MARKUP, hostile_folder
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


def _random_text(rng: random.Random) -> str:
    """Pieces of hostile text and arbitrary code points (no surrogate)."""
    pieces = [*MARKUP, *INVISIBLE, *DRAWN]
    out = []
    for _ in range(rng.randrange(1, 12)):
        if rng.random() < 0.7:
            out.append(rng.choice(pieces))
        else:
            code = rng.randrange(0x110000)
            out.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffe")
    return "".join(out)


#: Every character the issue named, in every free-text field.
EVERYTHING = (
    "\x00 \x7f \x85 \x9b \ufffe \U0001fffe \u202eABC\u202c \u2067x\u2069 zw\u200bj "
    "\u200e\u200f\u2060\ufeff\u00ad \u2028\u2029 \x1b[2J \r \x0b <script>alert(1)</script> "
    "&amp; &#0; ]]> <!-- --> \" ' `"
)


def test_hostile_text_in_every_field_gives_nu_valid_pages(tmp_path: Path) -> None:
    """Control characters written through YAML escapes (``\\0``, ``\\x7f``, C1 ``\\x85``,
    ``\\x9b``), noncharacters (``\\uFFFE``, ``\\U0001FFFE``), bidi and zero-width
    characters, markup: in every free-text field, the protocol page and the
    Région's page stay Nu-valid. One fixed folder and 12 drawn at random (fixed seed)."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java absent : le vérificateur HTML Nu (vnu.jar) ne peut pas tourner")
    jar, reason = find_vnu_jar()
    if jar is None:
        pytest.skip(reason)
    rng = random.Random(16)
    folders = [{field: EVERYTHING for field in FIELDS}]
    folders += [{field: _random_text(rng) for field in FIELDS} for _ in range(12)]
    pages: list[Path] = []
    data_folders = []
    for n, texts in enumerate(folders):
        data = hostile_folder(tmp_path / f"t{n}", texts)
        data_folders.append(str(data))
        site = tmp_path / f"site-{n}"
        done = run_cli(["render", "--data", str(data), "--format", "html", "--output", str(site),
                        "--as-of", "2022-06-01"])  # fmt: skip
        assert done.code == 0, (texts, done.err)
        pages.append(site / "protocole.html")
    region = tmp_path / "site-region"
    done = run_cli(["consolidate", *data_folders, "--format", "html", "--output", str(region),
                    "--as-of", "2022-06-01"])  # fmt: skip
    assert done.code == 0, done.err
    pages += sorted(region.glob("*.html"))
    checked = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "text", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
