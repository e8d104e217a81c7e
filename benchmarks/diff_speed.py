"""How long `tindustrie diff` takes on two revisions of a generated territory, against
two `tindustrie financing` runs (one per revision): the goal is under 2×.

    python benchmarks/diff_speed.py [--fiches 500] [--avenants 200] [--repeat 5]

A git repository is built in a temporary folder: the generated territory
(``benchmarks/generate.py``), then a merge request that signs the drafts and
changes the cost of 20 fiches. A second pair compares two unrelated territories
(another seed: every line changes), the worst case. Each command runs as a
process; the figures are the median real time and the median CPU time (git's
included) of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
AS_OF = "2030-01-01"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", HERE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "banc",
        "GIT_AUTHOR_EMAIL": "banc@example.org",
        "GIT_COMMITTER_NAME": "banc",
        "GIT_COMMITTER_EMAIL": "banc@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    done.check_returncode()
    return done.stdout.strip()


def merge_request(data: Path) -> None:
    """Sign the drafts and change the cost of 20 fiches, as a merge request would."""
    for avenant in sorted((data / "avenants").glob("*.yaml")):
        text = avenant.read_text("utf-8")
        if "date_signature" not in text:
            avenant.write_text(
                text.replace("\nsignataires:", "\ndate_signature: 2029-01-01\nsignataires:", 1),
                "utf-8",
            )
    for fiche in sorted((data / "fiches").glob("*.yaml"))[:20]:
        text = fiche.read_text("utf-8")
        fiche.write_text(
            re.sub(r"cout_previsionnel: (\d+)", r"cout_previsionnel: \g<1>1", text), "utf-8"
        )


@dataclass
class Timing:
    real: float
    cpu: float


def timed(argv: list[str], cwd: Path, repeat: int) -> Timing:
    reals, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        reals.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{argv}: {done.stderr.decode()}")
    return Timing(statistics.median(reals), statistics.median(cpus))


def tindustrie() -> list[str]:
    return [sys.executable, "-m", "tindustrie"]


@dataclass
class Result:
    name: str
    diff: Timing
    financing: Timing

    @property
    def ratio_real(self) -> float:
        return self.diff.real / self.financing.real

    @property
    def ratio_cpu(self) -> float:
        return self.diff.cpu / self.financing.cpu


def measure(fiches: int, avenants: int, repeat: int, root: Path) -> list[Result]:
    generate = _generator()
    repo = root / "depot"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    generate.generate(repo / "data", fiches, avenants, 7)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "territoire")
    merge_request(repo / "data")
    git(repo, "commit", "-q", "-am", "demande de fusion")
    generate.generate(repo / "data", fiches, avenants, 8)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "un autre territoire")
    exports = {}
    for rev in ("HEAD~2", "HEAD~1", "HEAD"):
        target = root / f"export-{rev.replace('~', '-')}"
        target.mkdir()
        archive = subprocess.run(
            ["git", "archive", "--format=tar", rev, "data"],
            cwd=repo,
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        exports[rev] = target / "data"
    results = []
    for name, base, head in (
        ("demande de fusion (avenants signés, 20 coûts)", "HEAD~2", "HEAD~1"),
        ("deux territoires sans rapport (tout change)", "HEAD~1", "HEAD"),
    ):
        diff = timed([*tindustrie(), "diff", base, head, "--as-of", AS_OF], repo, repeat)
        one = timed(
            [*tindustrie(), "financing", "--data", str(exports[base]), "--as-of", AS_OF],
            root,
            repeat,
        )
        two = timed(
            [*tindustrie(), "financing", "--data", str(exports[head]), "--as-of", AS_OF],
            root,
            repeat,
        )
        results.append(Result(name, diff, Timing(one.real + two.real, one.cpu + two.cpu)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--fiches", type=int, default=500, help="nombre de fiches (500)")
    parser.add_argument("--avenants", type=int, default=200, help="nombre d'avenants (200)")
    parser.add_argument("--repeat", type=int, default=5, help="mesures par commande (5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args.fiches, args.avenants, args.repeat, Path(tmp))
    print(f"{args.fiches} fiches, {args.avenants} avenants, médiane de {args.repeat} mesures")
    print(
        "| comparaison | diff réel s | 2 × financing réel s | rapport réel | diff CPU s | 2 × financing CPU s | rapport CPU |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.name} | {r.diff.real:.3f} | {r.financing.real:.3f} | {r.ratio_real:.2f} "
            f"| {r.diff.cpu:.3f} | {r.financing.cpu:.3f} | {r.ratio_cpu:.2f} |"
        )
    return 0 if all(r.ratio_cpu < 2 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
