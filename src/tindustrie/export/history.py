"""When a file was created and last changed, from its git history.

``git log --follow --format=%cI -- FILE`` lists the commits that touched the
file (following renames), newest first, each with its committer date in strict
ISO 8601 (``2021-10-28T10:00:00+02:00``). The first commit is the file's
creation, the last one its latest change. A file outside a git repository, not
yet committed, or a machine without git has no history: the caller falls back
on another date and says so.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: Longest wait for one ``git log`` (a hung git must not hang the export).
GIT_TIMEOUT = 30


@dataclass(frozen=True, slots=True)
class Dates:
    """A file's first and last commit dates, as git writes them (strict ISO 8601)."""

    created: str
    updated: str


def _git(args: list[str], cwd: Path) -> str | None:
    """The output of a git command, or ``None`` when git is absent or fails."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-c", "log.showSignature=false", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def in_repository(folder: Path) -> bool:
    """Whether ``folder`` is inside a git work tree (and git is installed)."""
    out = _git(["rev-parse", "--is-inside-work-tree"], folder)
    return out is not None and out.strip() == "true"


def file_dates(path: Path) -> Dates | None:
    """The first and last commit dates of ``path``; ``None`` without a history."""
    out = _git(["log", "--follow", "--format=%cI", "--", path.name], path.parent)
    if not out:
        return None
    stamps = [line.strip() for line in out.splitlines() if line.strip()]
    if not stamps:
        return None
    return Dates(created=stamps[-1], updated=stamps[0])
