"""Benchmark of tindustrie against the YAML parse floor (see benchmarks/README.md).

    python benchmarks/run.py --sizes 500 5000 20000 --repeat 5

For each size N, a synthetic territory (N fiches, M avenants, benchmarks/generate.py)
is generated once into a cache folder, then measured on the same files:

- the parse floor: ``yaml.load`` of every file with ``yaml.CSafeLoader`` alone,
  in this process (no validator can avoid reading the YAML);
- ``validate``, ``financing`` and ``render --format html``, in this process
  (``tindustrie.cli.main``, output thrown away, imports already done) and as a
  command (a subprocess: wall time, CPU time and peak memory);
- the start-up of ``tindustrie --version`` and of ``validate`` on ``data/``, and
  whether ``validate`` imports jinja2 or Babel;
- the peers ``yamllint`` and ``check-jsonschema`` (with the schemas written by
  ``tindustrie schema``) on the same files;
- ``render --format pdf`` (the protocol and one PDF per avenant) and the
  protocol's PDF alone, as commands, once per size of ``--pdf-sizes`` (a large
  territory's PDFs take minutes: they are not repeated).

A command that does not exist yet in the installed tindustrie is reported as
« non disponible » and measured as soon as it does. Each figure is the median
of ``--repeat`` runs. Ratios to the floor are taken on CPU time, which other
programs running on the machine disturb much less than wall time.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py, next to this file)

AS_OF = "2030-01-01"
#: Most files given to a peer on one command line (the system limits its length).
PEER_BATCH = 2000
NA = "non disponible"


@dataclass
class Measure:
    """One step at one size: medians, or why it could not be measured."""

    step: str
    cpu: float | None = None
    wall: float | None = None
    cli_wall: float | None = None
    cli_cpu: float | None = None
    rss_mb: float | None = None
    note: str = ""
    runs: list[float] = field(default_factory=list)


@dataclass
class SizeResult:
    fiches: int
    avenants: int
    files: int
    megabytes: float
    measures: dict[str, Measure] = field(default_factory=dict)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# --- the parse floor and the in-process steps ----------------------------------


def data_files(root: Path) -> list[Path]:
    files = [root / "protocole.yaml"]
    for folder in ("fiches", "avenants"):
        files += sorted((root / folder).glob("*.yaml"))
    return files


def parse_floor(files: list[Path]) -> None:
    import yaml

    for path in files:
        with path.open(encoding="utf-8") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, list[float]]:
    """Median CPU and wall times of ``fn`` over ``repeat`` runs."""
    cpus, walls = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)
    return median(cpus), median(walls), cpus


def run_cli_in_process(argv: list[str]) -> int:
    """``tindustrie.cli.main(argv)`` with its output thrown away; the exit code."""
    from tindustrie.cli import main

    with (
        open(os.devnull, "w", encoding="utf-8") as sink,
        contextlib.redirect_stdout(sink),
        contextlib.redirect_stderr(sink),
    ):
        try:
            main(argv)
        except SystemExit as done:
            return done.code if isinstance(done.code, int) else 0
    return 0


def available(command: str) -> bool:
    """Does the installed tindustrie have this command? (``--help`` exits 0)."""
    return run_cli_in_process([command, "--help"]) == 0


# --- subprocesses ---------------------------------------------------------------


@dataclass
class Child:
    code: int
    wall: float
    cpu: float
    rss_mb: float


#: Runs a command and reports its exit code, wall time, CPU time and peak memory.
#: A small go-between: on Linux a child's peak memory starts from its parent's
#: (it is counted from the process it was forked from), so the benchmark's own,
#: large process must not be the parent of what it measures.
SPAWN = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
print(json.dumps([os.waitstatus_to_exitcode(status), wall,
                  usage.ru_utime + usage.ru_stime, usage.ru_maxrss]))
"""


def run_child(argv: list[str]) -> Child:
    """Run a command, output thrown away: exit code, wall and CPU time, peak memory."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", SPAWN, *argv], capture_output=True, text=True, check=True
    )
    code, wall, cpu, rss_kb = json.loads(done.stdout)
    return Child(int(code), float(wall), float(cpu), float(rss_kb) / 1024)


def tool(name: str) -> str | None:
    """A program of the benchmark's environment (next to this Python), else on PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def tindustrie_argv() -> list[str]:
    script = tool("tindustrie")
    return [script] if script else [sys.executable, "-m", "tindustrie"]


def compile_bytecode() -> None:
    """Write the bytecode of the installed tindustrie, as installing a wheel does.

    An editable install compiles its modules on first use, and with
    ``PYTHONDONTWRITEBYTECODE`` set (as in some development environments) at every
    start: about 0.07 s of start-up that no installed copy pays. The parse floor's
    modules (pyyaml) are compiled at installation.
    """
    import compileall

    import tindustrie

    compileall.compile_dir(Path(tindustrie.__file__).parent, quiet=1)


def children(argv: list[str], repeat: int, ok: Sequence[int] = (0,)) -> tuple[Child, str]:
    runs = [run_child(argv) for _ in range(repeat)]
    codes = sorted({r.code for r in runs})
    note = "" if set(codes) <= set(ok) else f"code de sortie {codes}"
    return (
        Child(
            runs[0].code,
            median([r.wall for r in runs]),
            median([r.cpu for r in runs]),
            max(r.rss_mb for r in runs),
        ),
        note,
    )


# --- one size -------------------------------------------------------------------


def ensure(root: Path, what: str, make: Callable[[Path], object]) -> Path:
    """``root``, generated by ``make`` unless a complete copy is already cached there
    (a generation cut short leaves no marker and starts again)."""
    marker = root / ".complet"
    if not marker.exists():
        print(f"  génération {what} dans {root} …")
        make(root)
        marker.write_text("ok\n", encoding="utf-8")
    return root


def ensure_data(cache: Path, fiches: int, avenants: int, seed: int) -> Path:
    return ensure(
        cache / f"n{fiches}-m{avenants}-s{seed}-v{generate.VERSION}",
        f"de {fiches} fiches et {avenants} avenants",
        lambda root: generate.generate(root, fiches, avenants, seed),
    )


def steps(root: Path, out: Path) -> dict[str, list[str]]:
    data = str(root)
    return {
        "validate": ["validate", "--data", data],
        "financing": ["financing", "--data", data, "--as-of", AS_OF],
        "render --format html": [
            "render",
            "--data",
            data,
            "--format",
            "html",
            "--output",
            str(out),
            "--as-of",
            AS_OF,
        ],
    }


def measure_size(
    cache: Path, fiches: int, avenants: int, seed: int, repeat: int, peer_repeat: int
) -> SizeResult:
    root = ensure_data(cache, fiches, avenants, seed)
    files = data_files(root)
    size = sum(p.stat().st_size for p in files) / 1e6
    result = SizeResult(fiches, avenants, len(files), round(size, 1))
    print(f"  N = {fiches} : {len(files)} fichiers, {size:.1f} Mo")

    cpu, wall, runs = timed(lambda: parse_floor(files), repeat)
    result.measures["plancher"] = Measure("plancher (yaml.load CSafeLoader)", cpu, wall, runs=runs)

    with tempfile.TemporaryDirectory(prefix="tindustrie-bench-") as tmp:
        for name, argv in steps(root, Path(tmp) / "site").items():
            command = argv[0]
            if not available(command):
                result.measures[name] = Measure(name, note=NA)
                continue
            codes: set[int] = set()

            def once(argv: list[str] = argv, codes: set[int] = codes) -> None:
                codes.add(run_cli_in_process(argv))

            cpu, wall, runs = timed(once, repeat)
            child, note = children([*tindustrie_argv(), *argv], repeat)
            if codes != {0}:
                note = f"code de sortie {sorted(codes)}"
            result.measures[name] = Measure(
                name, cpu, wall, child.wall, child.cpu, child.rss_mb, note, runs
            )
        if peer_repeat > 0:
            measure_peers(result, root, files, Path(tmp), peer_repeat)
    return result


def measure_peers(
    result: SizeResult, root: Path, files: list[Path], tmp: Path, repeat: int
) -> None:
    yamllint = tool("yamllint")
    if yamllint is None:
        result.measures["yamllint"] = Measure("yamllint", note=NA + " (pip install yamllint)")
    else:  # exit 1 is expected: its default rules flag long lines
        child, note = children([yamllint, "-f", "parsable", str(root)], repeat, ok=(0, 1))
        result.measures["yamllint"] = Measure(
            "yamllint", None, None, child.wall, child.cpu, child.rss_mb, note
        )

    name = "check-jsonschema"
    checker = tool("check-jsonschema")
    if checker is None:
        result.measures[name] = Measure(name, note=NA + " (pip install check-jsonschema)")
        return
    if not available("schema"):
        result.measures[name] = Measure(name, note=NA + " (pas de commande `tindustrie schema`)")
        return
    schemas = tmp / "schemas"
    if run_cli_in_process(["schema", "--output", str(schemas)]) != 0:
        result.measures[name] = Measure(name, note="échec de `tindustrie schema`")
        return
    groups: list[tuple[Path, list[Path]]] = []
    for kind, members in (
        ("protocole", files[:1]),
        ("fiche", [p for p in files if p.parent.name == "fiches"]),
        ("avenant", [p for p in files if p.parent.name == "avenants"]),
    ):
        found = sorted(schemas.rglob(f"*{kind}*.json"))
        if not found:
            result.measures[name] = Measure(name, note=f"schéma « {kind} » introuvable")
            return
        groups.append((found[0], members))
    wall = cpu = rss = 0.0
    notes = []
    for schema, members in groups:
        # a command line holds a few thousand paths at most: larger groups run in batches
        for start in range(0, len(members), PEER_BATCH):
            batch = members[start : start + PEER_BATCH]
            child, note = children([checker, "--schemafile", str(schema), *map(str, batch)], repeat)
            wall, cpu, rss = wall + child.wall, cpu + child.cpu, max(rss, child.rss_mb)
            if note:
                notes.append(f"{schema.name} : {note}")
    result.measures[name] = Measure(name, None, None, wall, cpu, rss, "; ".join(notes))


# --- the national case: consolidate ----------------------------------------------


def ensure_national(cache: Path, territories: int, mean: int, seed: int) -> Path:
    root = cache / f"national-t{territories}-f{mean}-s{seed}-v{generate.VERSION}"
    marker = root / ".complet"
    if not marker.exists():
        print(f"  génération de {territories} territoires dans {root} …")
        generate.generate_national(root, territories, mean, seed)
        marker.write_text("ok\n", encoding="utf-8")
    return root


def consolidate_argv(folders: Sequence[Path], jobs: int, out: Path) -> list[str]:
    return [
        *tindustrie_argv(),
        "consolidate",
        *map(str, folders),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--jobs",
        str(jobs),
        "--output",
        str(out),
    ]


def measure_national(
    cache: Path, territories: int, mean: int, seed: int, repeat: int
) -> dict[str, Any]:
    """``consolidate`` over ``territories`` folders: against the floor, with 1 and 2
    processes, byte for byte the same; peak memory at a third and at all of them."""
    root = ensure_national(cache, territories, mean, seed)
    folders = sorted(p for p in root.iterdir() if p.is_dir())
    files = [f for folder in folders for f in data_files(folder)]
    fiches = sum(1 for f in files if f.parent.name == "fiches")
    print(f"  national : {len(folders)} territoires, {fiches} fiches, {len(files)} fichiers")
    floor_cpu, floor_wall, _ = timed(lambda: parse_floor(files), repeat)
    out: dict[str, Any] = {
        "territories": len(folders),
        "fiches": fiches,
        "files": len(files),
        "floor_cpu": floor_cpu,
        "floor_wall": floor_wall,
        "runs": {},
    }
    with tempfile.TemporaryDirectory(prefix="tindustrie-national-") as tmp:
        outputs = {}
        for jobs in (1, 2):
            target = Path(tmp) / f"jobs-{jobs}.json"
            child, note = children(consolidate_argv([root], jobs, target), repeat)
            outputs[jobs] = target.read_bytes() if target.exists() else b""
            out["runs"][f"jobs {jobs}"] = asdict(child) | {"note": note}
        out["identical"] = len(set(outputs.values())) == 1 and outputs[1] != b""
        flat = {}
        for count in sorted({max(1, len(folders) // 9), len(folders) // 3, len(folders)}):
            target = Path(tmp) / f"flat-{count}.json"
            child, _ = children(consolidate_argv(folders[:count], 1, target), 1)
            flat[count] = child.rss_mb
        out["rss_by_territories"] = flat
    return out


def print_national(n: dict[str, Any]) -> list[tuple[str, str, str]]:
    floor, floor_wall = n["floor_cpu"], n["floor_wall"]
    print()
    print(
        f"Cas national : {n['territories']} territoires, {n['fiches']} fiches, "
        f"{n['files']} fichiers ; plancher CPU {floor:.3f} s (mur {floor_wall:.3f} s)"
    )
    print(
        f"{'consolidate':<14} {'mur s':>7} {'CPU s':>7} {'mur/plancher':>13} "
        f"{'CPU/plancher':>13} {'RSS Mo':>7}"
    )
    for name, run in n["runs"].items():
        print(
            f"{name:<14} {run['wall']:>7.3f} {run['cpu']:>7.3f} {run['wall'] / floor:>13.2f} "
            f"{run['cpu'] / floor:>13.2f} {run['rss_mb']:>7.0f}"
            + (f"  ({run['note']})" if run["note"] else "")
        )
    flat = ", ".join(f"{k} territoires : {v:.0f} Mo" for k, v in n["rss_by_territories"].items())
    print(f"Mémoire max (un processus) selon le nombre de territoires : {flat}")
    print(f"Même résultat avec 1 et 2 processus : {'oui' if n['identical'] else 'NON'}")
    one, two = n["runs"]["jobs 1"], n["runs"]["jobs 2"]
    rss = max(r["rss_mb"] for r in n["runs"].values())
    best = two["wall"]
    return [
        (
            "consolidate ≤ 1,3 × plancher (processus entier, --jobs 2, mur)",
            f"{two['wall'] / floor:.2f} ×",
            "atteint" if two["wall"] <= 1.3 * floor else "manqué",
        ),
        (
            "consolidate ≤ 1,3 × plancher (--jobs 1, CPU)",
            f"{one['cpu'] / floor:.2f} ×",
            "atteint" if one["cpu"] <= 1.3 * floor else "manqué",
        ),
        (
            "sous le plancher en un seul processus (--jobs 2, mur)",
            f"{best / floor:.2f} ×",
            "atteint" if best < floor else "manqué",
        ),
        (
            "mémoire max ≤ 200 Mo (par processus)",
            f"{rss:.0f} Mo",
            "atteint" if rss <= 200 else "manqué",
        ),
        (
            "résultat identique quel que soit --jobs",
            "oui" if n["identical"] else "non",
            "atteint" if n["identical"] else "manqué",
        ),
    ]


# --- start-up -------------------------------------------------------------------

IMPORT_PROBE = """
import contextlib, os, sys
from tindustrie.cli import main
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    try:
        main(["validate", "--data", sys.argv[1]])
    except SystemExit:
        pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"jinja2", "babel"})
print(",".join(heavy))
"""


def measure_startup(repeat: int) -> dict[str, Any]:
    data = REPO / "data"
    base = tindustrie_argv()
    version, _ = children([*base, "--version"], repeat)
    validate, note = children([*base, "validate", "--data", str(data)], repeat)
    probe = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE, str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    heavy = probe.stdout.strip()
    return {
        "version_wall": version.wall,
        "validate_wall": validate.wall,
        "validate_note": note,
        "heavy_imports": heavy.split(",") if heavy else [],
        "probe_ok": probe.returncode == 0,
    }


# --- PDF -------------------------------------------------------------------------

#: Compiles protocole.pdf alone (no avenant), from a data folder, output thrown away.
PROTOCOL_PDF = """
import sys
from datetime import date
from pathlib import Path
from tindustrie.render import _prepare
from tindustrie.render.pdf import compile_documents, documents, pdf_timestamp
from tindustrie.validation import check_folder
project = check_folder(Path(sys.argv[1])).valid_project()
day = date.fromisoformat(sys.argv[2])
_, context = _prepare(project, day, None, {})
first = documents(project, context)[:1]
for _name, pdf in compile_documents(first, None, pdf_timestamp(day, {})):
    pass
"""


@dataclass
class PdfResult:
    fiches: int
    avenants: int
    files: int = 0
    pages: int | None = None
    command: Child | None = None
    protocol: Child | None = None
    note: str = ""


def pdf_avenants(fiches: int, avenants: int) -> int:
    """Avenants of a territory measured for the PDF: about one per 25 fiches."""
    return max(3, min(avenants, fiches // 25))


def count_pages(pdf: Path) -> int | None:
    try:
        import pypdf
    except ImportError:
        return None
    return len(pypdf.PdfReader(pdf).pages)


def measure_pdf(cache: Path, fiches: int, avenants: int, seed: int) -> PdfResult:
    avenants = pdf_avenants(fiches, avenants)
    result = PdfResult(fiches, avenants)
    if not available("render"):
        result.note = NA
        return result
    root = ensure_data(cache, fiches, avenants, seed)
    with tempfile.TemporaryDirectory(prefix="tindustrie-bench-pdf-") as tmp:
        out = Path(tmp) / "site"
        argv = ["render", "--data", str(root), "--format", "pdf", "--output", str(out)]
        result.command, result.note = children([*tindustrie_argv(), *argv, "--as-of", AS_OF], 1)
        result.files = len(list(out.glob("*.pdf")))
        if (out / "protocole.pdf").exists():
            result.pages = count_pages(out / "protocole.pdf")
    result.protocol = run_child([sys.executable, "-c", PROTOCOL_PDF, str(root), AS_OF])
    return result


def print_pdf(results: list[PdfResult]) -> None:
    print()
    print(
        "render --format pdf (une mesure ; commande : tous les PDF ; protocole : protocole.pdf seul)"
    )
    head = (
        f"{'fiches':>7} {'avenants':>8} {'PDF':>5} {'pages':>6} {'commande mur s':>14} "
        f"{'CPU s':>8} {'RSS Mo':>7} {'protocole mur s':>15} {'CPU s':>8} {'RSS Mo':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        if r.command is None or r.protocol is None:
            print(f"{r.fiches:>7} {r.avenants:>8} {r.note}")
            continue
        c, p = r.command, r.protocol
        print(
            f"{r.fiches:>7} {r.avenants:>8} {r.files:>5} {r.pages or '—'!s:>6} {c.wall:>14.2f} "
            f"{c.cpu:>8.2f} {c.rss_mb:>7.0f} {p.wall:>15.2f} {p.cpu:>8.2f} {p.rss_mb:>7.0f}"
            + (f"  ({r.note})" if r.note else "")
        )


# --- report ---------------------------------------------------------------------


def fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def print_size(result: SizeResult) -> None:
    floor = result.measures["plancher"].cpu or 0.0
    n = result.fiches
    print()
    print(
        f"N = {n} fiches, {result.avenants} avenants "
        f"({result.files} fichiers, {result.megabytes} Mo)"
    )
    head = (
        f"{'étape':<32} {'CPU s':>7} {'mur s':>7} {'× plancher':>10} {'µs/fiche':>9} "
        f"{'CLI mur s':>9} {'CLI CPU s':>9} {'RSS Mo':>7}"
    )
    print(head)
    print("-" * len(head))
    for m in result.measures.values():
        if m.note == NA or (m.cpu is None and m.cli_wall is None):
            print(f"{m.step:<32} {m.note}")
            continue
        base = m.cpu if m.cpu is not None else m.cli_cpu
        ratio = f"{base / floor:.2f}" if base is not None and floor else "—"
        per = f"{base / n * 1e6:.0f}" if base is not None else "—"
        print(
            f"{m.step:<32} {fmt(m.cpu):>7} {fmt(m.wall):>7} {ratio:>10} {per:>9} "
            f"{fmt(m.cli_wall):>9} {fmt(m.cli_cpu):>9} {fmt(m.rss_mb, 0):>7}"
            + (f"  ({m.note})" if m.note else "")
        )


def print_growth(results: list[SizeResult]) -> None:
    print()
    print("Croissance : temps CPU par fiche (µs), à chaque taille")
    names = list(results[0].measures)
    print(f"{'étape':<32} " + " ".join(f"{'N=' + str(r.fiches):>10}" for r in results))
    for name in names:
        cells = []
        for r in results:
            m = r.measures.get(name, Measure(name))
            base = m.cpu if m.cpu is not None else m.cli_cpu
            cells.append(f"{base / r.fiches * 1e6:>10.0f}" if base is not None else f"{'—':>10}")
        print(f"{results[0].measures[name].step:<32} " + " ".join(cells))


def verdicts(results: list[SizeResult], startup: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for each target of issue 7."""
    out: list[tuple[str, str, str]] = []
    at = {r.fiches: r for r in results}
    mid = at.get(5000)
    if mid is not None:
        floor = mid.measures["plancher"].cpu or 0.0
        for name, limit in (("validate", 1.3), ("financing", 1.5), ("render --format html", 3.0)):
            m = mid.measures[name]
            target = f"{name} ≤ {limit} × plancher (N = 5000)"
            if m.cpu is None:
                out.append((target, m.note or NA, "non mesuré"))
            else:
                ratio = m.cpu / floor
                out.append((target, f"{ratio:.2f} ×", "atteint" if ratio <= limit else "manqué"))
        yl, val = mid.measures.get("yamllint", Measure("yamllint")), mid.measures["validate"]
        target = "≥ 10 × plus rapide que yamllint (N = 5000, commandes)"
        if yl.cli_wall is None or val.cli_wall is None:
            out.append((target, yl.note or val.note or NA, "non mesuré"))
        else:
            speed = yl.cli_wall / val.cli_wall
            out.append((target, f"{speed:.1f} ×", "atteint" if speed >= 10 else "manqué"))
    big = at.get(20000)
    if big is not None:
        rss = [m.rss_mb for m in big.measures.values() if m.rss_mb is not None and m.cpu]
        target = "mémoire max ≤ 300 Mo (N = 20000, toutes commandes)"
        if rss:
            out.append((target, f"{max(rss):.0f} Mo", "atteint" if max(rss) <= 300 else "manqué"))
    for key, label in (("version_wall", "--version"), ("validate_wall", "validate data/")):
        value = startup[key]
        out.append(
            (f"démarrage {label} ≪ 0,3 s", f"{value:.3f} s", "atteint" if value < 0.3 else "manqué")
        )
    heavy = startup["heavy_imports"]
    out.append(
        (
            "validate n'importe ni jinja2 ni Babel",
            ", ".join(heavy) if heavy else "aucun des deux",
            "manqué" if heavy or not startup["probe_ok"] else "atteint",
        )
    )
    return out


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return out + ("+modifié" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "inconnu"


# --- hostile shapes (issue 16): each must grow linearly ---------------------------


def measure_hostile(cache: Path, repeat: int) -> list[tuple[str, int, str, float]]:
    """« many avenants on one line » and « thousands of unknown references », each at
    two sizes: (shape, size, command, median wall seconds). Doubling the size should
    roughly double the time (start-up aside), never quadruple it."""

    def one_line(size: int, root: Path) -> None:
        generate.generate_one_line_many_avenants(root, size)

    def unknown_references(size: int, root: Path) -> None:
        generate.generate_unknown_references(root, 3000, size)

    shapes: list[tuple[str, Callable[[int, Path], None], tuple[int, ...], list[list[str]]]] = [
        ("une ligne, N avenants", one_line, (2000, 4000),
         [["validate"], ["list", "avenants"], ["financing"]]),
        ("3 000 fiches, N renvois inconnus", unknown_references, (5000, 10_000),
         [["validate"]]),
    ]  # fmt: skip
    found = []
    for shape, make, sizes, commands in shapes:
        for size in sizes:
            root = ensure(
                cache / f"hostile-{make.__name__}-{size}-v{generate.VERSION}",
                f"« {shape} », N = {size}",
                functools.partial(make, size),
            )
            for argv in commands:
                ok = (0, 1)
                child, _ = children([*tindustrie_argv(), *argv, "--data", str(root)], repeat, ok)
                found.append((shape, size, " ".join(argv), child.wall))
                print(f"{shape:34} {size:>6} {' '.join(argv):14} {child.wall:7.2f} s")
    return found


# --- « jeune protocole »: a third of the fiches warned ----------------------------

#: The parse floor as a whole process: start Python, read every file with CSafeLoader.
FLOOR_SCRIPT = """
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def ensure_jeune(cache: Path, fiches: int, avenants: int, seed: int) -> Path:
    return ensure(
        cache / f"jeune-n{fiches}-m{avenants}-s{seed}-v{generate.VERSION}",
        f"d'un jeune protocole de {fiches} fiches",
        lambda root: generate.generate_jeune(root, fiches, avenants, seed),
    )


def measure_jeune(
    cache: Path, fiches: int, avenants: int, seed: int, repeat: int
) -> dict[str, Any]:
    """`validate` and the parse floor, both whole process (start-up included), run in
    turn; the ratio is taken pair by pair on CPU time, and its median kept."""
    root = ensure_jeune(cache, fiches, avenants, seed)
    validate = [*tindustrie_argv(), "validate", "--data", str(root)]
    floor = [sys.executable, "-c", FLOOR_SCRIPT, str(root)]
    pairs = [(run_child(validate), run_child(floor)) for _ in range(repeat)]
    ratios = sorted(v.cpu / f.cpu for v, f in pairs)
    return {
        "fiches": fiches,
        "validate_cpu": median([v.cpu for v, _ in pairs]),
        "floor_cpu": median([f.cpu for _, f in pairs]),
        "ratio_cpu": median(ratios),
        "ratio_min": ratios[0],
        "ratio_max": ratios[-1],
        "validate_wall": median([v.wall for v, _ in pairs]),
        "floor_wall": median([f.wall for _, f in pairs]),
        "validate_rss_mb": max(v.rss_mb for v, _ in pairs),
    }


def print_jeune(j: dict[str, Any]) -> tuple[str, str, str]:
    print()
    print(f"Jeune protocole ({j['fiches']} fiches, un tiers avec un avertissement)")
    print(
        f"  validate {j['validate_cpu']:.2f} s CPU ({j['validate_wall']:.2f} s réel) ; "
        f"plancher {j['floor_cpu']:.2f} s CPU ({j['floor_wall']:.2f} s réel) ; "
        f"rapport {j['ratio_cpu']:.2f}× (commandes entières, démarrage compris ; "
        f"de {j['ratio_min']:.2f} à {j['ratio_max']:.2f} selon la paire) ; "
        f"mémoire max {j['validate_rss_mb']:.0f} Mo"
    )
    verdict = "ATTEINT" if j["ratio_cpu"] <= 1.3 else "NON ATTEINT"
    return ("validate ≤ 1,3× le plancher, jeune protocole", f"{j['ratio_cpu']:.2f}×", verdict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Banc d'essai de tindustrie : temps rapportés au plancher d'analyse YAML."
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 20000])
    parser.add_argument("--avenants", type=int, default=200, help="avenants par territoire")
    parser.add_argument("--repeat", type=int, default=5, help="mesures par étape (médiane)")
    parser.add_argument(
        "--peer-repeat",
        type=int,
        default=None,
        help="mesures des pairs (défaut : min(repeat, 3) jusqu'à 5000 fiches, 1 au-delà ; "
        "0 : pas de pairs)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--hostile", action="store_true", help="mesurer seulement les formes hostiles (issue 16)"
    )
    parser.add_argument(
        "--pdf-sizes",
        type=int,
        nargs="*",
        default=[50, 5000],
        help="tailles où mesurer render --format pdf, une fois chacune (aucune : pas de PDF)",
    )
    parser.add_argument(
        "--cache", type=Path, default=HERE / ".cache", help="dossier des territoires générés"
    )
    parser.add_argument("--json", type=Path, help="écrire aussi les résultats en JSON")
    parser.add_argument(
        "--national",
        type=int,
        metavar="T",
        help="mesurer aussi `consolidate` sur T territoires générés (cas national : 183)",
    )
    parser.add_argument(
        "--national-only", action="store_true", help="seulement le cas national (pas --sizes)"
    )
    parser.add_argument(
        "--jeune",
        type=int,
        metavar="N",
        help="mesurer aussi `validate` sur un jeune protocole de N fiches (un tiers averties)",
    )
    parser.add_argument(
        "--jeune-only",
        action="store_true",
        help="seulement le jeune protocole (N de --jeune, 5000 par défaut ; pas --sizes)",
    )
    args = parser.parse_args(argv)
    compile_bytecode()
    if args.jeune_only:
        return jeune_only(args)
    if args.national_only:
        return national_only(args)
    if args.hostile:
        measure_hostile(args.cache, args.repeat)
        return

    # warm up: imports and first-call costs are start-up, measured apart
    run_cli_in_process(["validate", "--data", str(REPO / "data")])
    commit = git_commit()
    print(
        f"tindustrie banc d'essai — {datetime.now():%Y-%m-%d %H:%M}, commit {commit}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cœurs"
    )
    results = []
    for n in args.sizes:
        peers = args.peer_repeat
        if peers is None:
            peers = min(args.repeat, 3) if n <= 5000 else 1
        results.append(measure_size(args.cache, n, args.avenants, args.seed, args.repeat, peers))
        print_size(results[-1])
    print_growth(results)
    pdf_results = [measure_pdf(args.cache, n, args.avenants, args.seed) for n in args.pdf_sizes]
    if pdf_results:
        print_pdf(pdf_results)
    national_targets: list[tuple[str, str, str]] = []
    if args.national:
        national = measure_national(args.cache, args.national, 50, args.seed, args.repeat)
        national_targets = print_national(national)
    if args.jeune:
        jeune = measure_jeune(args.cache, args.jeune, args.avenants, args.seed, args.repeat)
        national_targets.append(print_jeune(jeune))
    startup = measure_startup(max(args.repeat, 10))
    print()
    print(
        f"Démarrage : tindustrie --version {startup['version_wall']:.3f} s ; "
        f"validate sur data/ {startup['validate_wall']:.3f} s ; modules lourds importés "
        f"par validate : {', '.join(startup['heavy_imports']) or 'aucun'}"
    )
    print()
    print("Objectifs (issue 7)")
    table = verdicts(results, startup) + national_targets
    for target, measured, verdict in table:
        print(f"  {verdict:<11} {target} : {measured}")
    if args.json:
        payload = {
            "date": f"{datetime.now():%Y-%m-%d}",
            "commit": commit,
            "python": platform.python_version(),
            "sizes": [asdict(r) for r in results],
            "pdf": [asdict(r) for r in pdf_results],
            "startup": startup,
            "targets": table,
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def jeune_only(args: argparse.Namespace) -> int:
    print(
        f"tindustrie banc d'essai, jeune protocole — {datetime.now():%Y-%m-%d %H:%M}, commit "
        f"{git_commit()}, Python {platform.python_version()}, {os.cpu_count()} cœurs"
    )
    jeune = measure_jeune(args.cache, args.jeune or 5000, args.avenants, args.seed, args.repeat)
    target = print_jeune(jeune)
    print()
    print("Objectif (issue 10)")
    print(f"  {target[2]:<11} {target[0]} : {target[1]}")
    if args.json:
        payload = {"jeune": jeune, "targets": [target], "commit": git_commit()}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def national_only(args: argparse.Namespace) -> int:
    run_cli_in_process(["validate", "--data", str(REPO / "data")])
    print(
        f"tindustrie banc d'essai national — {datetime.now():%Y-%m-%d %H:%M}, commit "
        f"{git_commit()}, Python {platform.python_version()}, {os.cpu_count()} cœurs"
    )
    national = measure_national(args.cache, args.national or 183, 50, args.seed, args.repeat)
    targets = print_national(national)
    print()
    print("Objectifs (issue 15)")
    for target, measured, verdict in targets:
        print(f"  {verdict:<11} {target} : {measured}")
    if args.json:
        payload = {"national": national, "targets": targets, "commit": git_commit()}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
    sys.exit(130)
