"""The two sides of ``tindustrie diff``: a git revision, the working tree or a baseline file.

Each side becomes a :class:`~tindustrie.views.diff.Snapshot`: a revision is read
from git (:mod:`tindustrie.gitrepo`), the working tree from disk, and both are
checked by the same loader and rules as ``validate``, so that their problems
can be matched. A baseline is the JSON written by ``financing --format json``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tindustrie.errors import UsageError
from tindustrie.gitrepo import Repository, Revision, display_of, find_repository, path_in
from tindustrie.loader import display_path
from tindustrie.oserror import os_reason
from tindustrie.validation import check_folder, check_source
from tindustrie.views import diff


@dataclass(frozen=True, slots=True)
class Request:
    """What the command line asks for."""

    base: str
    #: a revision; ``None`` for the working tree
    head: str | None
    #: the data folder (relative to the current folder), in HEAD
    data: Path
    #: the data folder in BASE, when it had another name
    base_data: Path | None
    as_of: date
    follow_links: bool = False


def is_baseline(base: str) -> bool:
    """BASE names an existing file: a baseline, not a revision."""
    return os.path.isfile(base)


def load(request: Request) -> tuple[diff.Snapshot, diff.Snapshot]:
    """BASE and HEAD, loaded; a :class:`UsageError` naming the revision otherwise."""
    repo = None
    if request.head is not None or not is_baseline(request.base):
        repo = find_repository(request.data)
    head = _head(request, repo)
    if repo is None or is_baseline(request.base):
        return _baseline(request.base), head
    revision = repo.revision(request.base)
    path = path_in(repo, request.base_data or request.data)
    return _revision(repo, revision, path, request.as_of, head_present=True), head


def _head(request: Request, repo: Repository | None) -> diff.Snapshot:
    if request.head is not None and repo is not None:
        revision = repo.revision(request.head)
        path = path_in(repo, request.data)
        return _revision(repo, revision, path, request.as_of, head_present=False)
    data = request.data
    if not data.is_dir():
        raise UsageError(
            f"dossier de données introuvable : {data}"
            if not data.exists()
            else f"« {data} » n'est pas un dossier",
            "Indiquez le dossier de données avec `--data CHEMIN` (pour comparer avec une "
            "révision où il n'existe pas encore, il doit exister dans l'arbre de travail).",
        )
    name = path_in(repo, data) if repo is not None else str(data)
    report = check_folder(data, request.follow_links)
    return diff.snapshot(
        report, request.as_of, "worktree", data=name, prefix=display_path(data.resolve())
    )


def _revision(
    repo: Repository, revision: Revision, path: str, as_of: date, *, head_present: bool
) -> diff.Snapshot:
    """A side read at ``revision``; absent at BASE is a first contract, at HEAD an error."""
    display = display_of(repo, path)
    source = repo.folder(revision, path, display)
    if source is None:
        if head_present:
            return diff.absent(
                as_of, "revision", revision=revision.name, commit=revision.commit, data=path
            )
        raise UsageError(
            f"pas de dossier de données « {path or '.'} » dans la révision "
            f"« {revision.name} » ({revision.short})",
            "`--data` est le chemin du dossier depuis le dossier courant ; vérifiez-le avec "
            f"`git ls-tree --name-only {revision.short}`.",
        )
    report = check_source(source)
    return diff.snapshot(
        report,
        as_of,
        "revision",
        revision=revision.name,
        commit=revision.commit,
        data=path,
        prefix=display,
    )


def _baseline(file: str) -> diff.Snapshot:
    try:
        with open(file, "rb") as handle:
            raw = handle.read(64 * 1024 * 1024)
    except OSError as exc:
        raise UsageError(f"lecture impossible de « {file} » ({os_reason(exc)})") from None
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise UsageError(
            f"« {file} » n'est pas un fichier JSON : ni une révision git, ni une référence",
            "Une référence s'écrit avec `tindustrie financing --format json > reference.json`.",
        ) from None
    return diff.baseline(document, file)
