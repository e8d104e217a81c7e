"""Build a corpus case's data folder and run a command on it as a user does."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tindustrie.cli import main

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "_base"
EXIT_INTERNAL = 70

Expected = tuple[str, str, int]  # code, file (relative to the data folder), line (0: none)


@dataclass
class Case:
    name: str
    folder: Path
    why: str
    expected: list[Expected]
    remove: list[str] = field(default_factory=list)
    follow_symlinks: bool = False
    skip_as_root: str = ""
    quick: bool = False  # a big case: the CLI runs in one machine format only

    @classmethod
    def load(cls, folder: Path) -> Case:
        spec = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
        return cls(
            name=folder.name,
            folder=folder,
            why=spec["why"],
            expected=sorted((c, f, int(n)) for c, f, n in spec.get("expected", [])),
            remove=list(spec.get("remove", [])),
            follow_symlinks=bool(spec.get("follow_symlinks", False)),
            skip_as_root=str(spec.get("skip_as_root", "")),
            quick=bool(spec.get("quick", False)),
        )

    def build(self, tmp: Path) -> Path:
        """The case's data folder in ``tmp``: the base, the case's files over it, minus
        ``remove``, then ``make.py`` if there is one (for what git cannot hold)."""
        data = tmp / "data"
        shutil.copytree(BASE, data)
        for path in sorted(self.folder.rglob("*")):
            if path.is_file() and path.name not in ("case.toml", "make.py"):
                target = data / path.relative_to(self.folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        for name in self.remove:
            (data / name).unlink()
        maker = self.folder / "make.py"
        if maker.exists():
            spec = importlib.util.spec_from_file_location(f"corpus_make_{self.name}", maker)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.make(data, tmp / "outside")
        return data


def all_cases() -> list[Case]:
    return [
        Case.load(folder)
        for folder in sorted(CORPUS.iterdir())
        if folder.is_dir() and not folder.name.startswith("_")
    ]


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_cli(argv: list[str]) -> Run:
    """``tindustrie argv`` in this process, as ``python -m tindustrie`` would run it."""
    out, err = io.StringIO(), io.StringIO()
    code: Any = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as done:
            code = done.code
    return Run(code if isinstance(code, int) else 1, out.getvalue(), err.getvalue())


_GITHUB = re.compile(
    r"::(?P<level>error|warning) file=(?P<file>[^,:\n\r]*)(?:,line=(?P<line>\d+),col=\d+)?"
    r",title=(?P<code>TI\d{3})::(?P<message>[^\n\r]*)"
)


def _gh_unescape(text: str) -> str:
    return (
        text.replace("%3A", ":").replace("%2C", ",").replace("%0A", "\n")
        .replace("%0D", "\r").replace("%25", "%")
    )


def machine_problems(fmt: str, out: str) -> list[tuple[str, str, int]]:
    """The (code, file, line) of each problem in a machine report; asserts its shape."""
    if fmt == "json":
        document = json.loads(out)
        assert set(document) == {"valid", "problems", "summary"}
        return [(p["code"], p["file"], p["line"] or 0) for p in document["problems"]]
    if fmt == "gitlab":
        issues = json.loads(out)
        assert isinstance(issues, list)
        keys = {"description", "check_name", "fingerprint", "severity", "location"}
        for issue in issues:
            assert set(issue) == keys
            assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert len({i["fingerprint"] for i in issues}) == len(issues), "fingerprints collide"
        return [(i["check_name"], i["location"]["path"], 0) for i in issues]
    if fmt == "github":
        found = []
        for row in out.splitlines():
            match = _GITHUB.fullmatch(row)
            assert match, f"not a workflow command: {row!r}"
            found.append(
                (match["code"], _gh_unescape(match["file"]), int(match["line"] or 0))
            )
        assert out == "" or out.endswith("\n")
        return found
    raise AssertionError(fmt)


def assert_clean_run(run: Run) -> None:
    """No traceback, no internal error: the command refused or reported."""
    assert run.code in (0, 1, 2), (run.code, run.err[-2000:])
    assert run.code != EXIT_INTERNAL
    for stream in (run.out, run.err):
        assert "Traceback" not in stream
        assert "Erreur interne" not in stream


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0

