"""A data folder at a git revision, read with the ``git`` command.

No checkout, no index, no lock: ``git ls-tree`` lists the folder at a commit
and one ``git cat-file --batch`` streams the bytes of its YAML files. The
working tree is never touched. The result is a
:class:`~tindustrie.loader.MemorySource`: the loader and every check then run
on it exactly as on a folder on disk, with the same names and positions.

Failures the user can fix (no git, not a repository, an unknown revision, a
shallow clone that lacks it) are :class:`~tindustrie.errors.UsageError` in
French, naming the revision.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tindustrie.errors import UsageError
from tindustrie.loader import (
    MAX_FILE_BYTES,
    UNREADABLE,
    MemorySource,
    is_yaml_name,
    too_big,
)
from tindustrie.problems import Problem

#: How many links a symbolic link of the tree may go through before it is refused.
MAX_LINKS = 8
_BLOB_MODES = (b"100644", b"100755")
_LINK_MODE = b"120000"
_BASELINE_HINT = (
    "ou comparez à une référence enregistrée : `tindustrie financing --format json > "
    "reference.json` sur la branche cible, puis `tindustrie diff reference.json`."
)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_OPTIONAL_LOCKS="0",  # reading never takes the index lock
        GIT_TERMINAL_PROMPT="0",
        LC_ALL="C",  # git's own messages in English: they are recognised, not shown
    )
    return env


def _git(cwd: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "--no-pager", "--literal-pathspecs", *args],
            cwd=cwd,
            input=input,
            capture_output=True,
            env=_environment(),
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(
            "la commande git est introuvable",
            "Installez git pour comparer des révisions, " + _BASELINE_HINT,
        ) from None
    except OSError as exc:
        raise UsageError(f"git n'a pas pu être lancé ({exc.strerror or exc})") from None


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else ""


@dataclass(frozen=True, slots=True)
class Revision:
    """A revision as the user named it, and the commit it designates."""

    name: str
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True, slots=True)
class Repository:
    """A git working tree, by its top folder (``git rev-parse --show-toplevel``)."""

    top: Path

    def git(self, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return _git(self.top, *args, input=input)

    @property
    def shallow(self) -> bool:
        done = self.git("rev-parse", "--is-shallow-repository")
        return done.returncode == 0 and done.stdout.strip() == b"true"

    def revision(self, name: str) -> Revision:
        """The commit ``name`` designates; else a French error that says how to get it."""
        if not name or name.startswith("-") or "\0" in name:
            raise UsageError(f"révision « {name} » invalide", _REVISION_HINT)
        done = self.git(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"
        )
        if done.returncode == 0:
            return Revision(name, done.stdout.decode("ascii").strip())
        if self.shallow:
            raise UsageError(
                f"révision « {name} » introuvable : ce dépôt est un clone superficiel "
                "(shallow), son historique ne la contient pas",
                f"Récupérez-la : `{_fetch_fix(name)}` (ou `git fetch --unshallow`), "
                + _BASELINE_HINT,
            )
        raise UsageError(f"révision « {name} » inconnue dans le dépôt git", _REVISION_HINT)

    def folder(self, revision: Revision, path: str, display: str) -> MemorySource | None:
        """The data folder ``path`` (relative to the top, ``""`` for the top) at
        ``revision``, named ``display`` in problems; ``None`` if it is not there."""
        args = ["ls-tree", "-r", "-z", "-l", "--full-tree", revision.commit]
        if path:
            args += ["--", path]
        done = self.git(*args)
        if done.returncode != 0:
            raise UsageError(
                f"lecture impossible de la révision « {revision.name} » ({revision.short}) : "
                f"{_first_line(done.stderr)}"
            )
        entries = _entries(done.stdout, path)
        if not entries:
            return None  # absent, or a file and not a folder
        return _source(self, entries, Path(self.top, path), display)

    def blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The bytes of the given blobs, by id, in one ``git cat-file --batch``."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        done = self.git("cat-file", "--batch", input="".join(f"{i}\n" for i in wanted).encode())
        if done.returncode != 0:
            raise UsageError(
                f"lecture impossible des fichiers dans git : {_first_line(done.stderr)}"
            )
        return _batch(done.stdout)


_REVISION_HINT = (
    "Donnez un commit, une branche (`main`, `origin/main`), une étiquette ou `HEAD~1` "
    "(`git log --oneline` liste les commits) ; en CI, récupérez d'abord la branche cible : "
    "`git fetch origin main`. BASE peut aussi être un fichier écrit par "
    "`tindustrie financing --format json`."
)


def _fetch_fix(name: str) -> str:
    remote, _, branch = name.partition("/")
    if branch and remote == "origin":
        return f"git fetch --depth=100 origin {branch}"
    return "git fetch --depth=100 origin <branche-cible>"


@dataclass(frozen=True, slots=True)
class _Entry:
    mode: bytes
    kind: bytes
    id: str
    size: int | None


def _entries(listing: bytes, path: str) -> dict[str, _Entry]:
    """``git ls-tree -r -z -l`` output, by name relative to ``path``."""
    found: dict[str, _Entry] = {}
    start = f"{path}/" if path else ""
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_name = record.partition(b"\t")
        mode, kind, ident, size = meta.split()
        name = os.fsdecode(raw_name)
        if not name.startswith(start):
            continue  # ``path`` itself is a file: no folder
        found[name[len(start) :]] = _Entry(
            mode, kind, ident.decode("ascii"), int(size) if size.isdigit() else None
        )
    return found


def _batch(output: bytes) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    at = 0
    while at < len(output):
        end = output.index(b"\n", at)
        header = output[at:end].split()
        at = end + 1
        if len(header) < 3:  # "<id> missing"
            continue
        size = int(header[2])
        found[header[0].decode("ascii")] = output[at : at + size]
        at += size + 1
    return found


def _source(repo: Repository, entries: dict[str, _Entry], root: Path, display: str) -> MemorySource:
    folders = {posixpath.dirname(name) for name in entries} - {""}
    for name in list(folders):
        while name:
            folders.add(name)
            name = posixpath.dirname(name)
    for name, entry in entries.items():
        if entry.kind == b"commit":  # a submodule: a folder on disk
            folders.add(name)
    wanted = {
        name: entry
        for name, entry in entries.items()
        if entry.kind == b"blob"
        and (entry.mode == _LINK_MODE or is_yaml_name(posixpath.basename(name)))
    }
    prefix = display

    def shown(name: str) -> str:
        return os.path.normpath(os.path.join(prefix, name))

    small = [e.id for e in wanted.values() if e.size is None or e.size <= MAX_FILE_BYTES]
    contents = repo.blobs(small)
    files: dict[str, bytes | Problem] = {}
    for name, entry in wanted.items():
        if not is_yaml_name(posixpath.basename(name)):
            continue  # a link with another name: only a target
        if entry.mode == _LINK_MODE:
            files[name] = _follow(repo, name, entries, contents, shown(name))
        elif entry.mode in _BLOB_MODES:
            big = entry.size is not None and entry.size > MAX_FILE_BYTES
            files[name] = too_big(shown(name)) if big else contents.get(entry.id, b"")
    return MemorySource(root, prefix, files, frozenset(folders))


def _follow(
    repo: Repository,
    name: str,
    entries: dict[str, _Entry],
    contents: dict[str, bytes],
    file: str,
) -> bytes | Problem:
    """The bytes a symbolic link of the tree leads to, if it stays in the data folder."""
    current = name
    for _ in range(MAX_LINKS):
        entry = entries.get(current)
        if entry is None or entry.mode != _LINK_MODE:
            break
        target = os.fsdecode(contents.get(entry.id, b""))
        current = posixpath.normpath(posixpath.join(posixpath.dirname(current), target))
        if target.startswith("/") or current == ".." or current.startswith("../"):
            return UNREADABLE.problem(
                file,
                None,
                None,
                "lien symbolique vers un chemin hors du dossier de données : non suivi",
                "Copiez le fichier dans le dossier de données.",
            )
    entry = entries.get(current)
    if entry is None or entry.mode not in _BLOB_MODES:
        return UNREADABLE.problem(
            file,
            None,
            None,
            "lien symbolique cassé ou en boucle",
            "Remplacez le lien par le fichier lui-même.",
        )
    if entry.size is not None and entry.size > MAX_FILE_BYTES:
        return too_big(file)
    if entry.id not in contents:
        contents.update(repo.blobs([entry.id]))
    return contents.get(entry.id, b"")


def find_repository(folder: Path) -> Repository:
    """The git working tree that holds ``folder`` (which may not exist any more)."""
    start = folder.absolute()
    while not start.is_dir() and start != start.parent:
        start = start.parent
    done = _git(start, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        message = _first_line(done.stderr)
        if "dubious ownership" in message:
            raise UsageError(
                f"git refuse de lire le dépôt qui contient « {folder} » : il appartient à un "
                "autre utilisateur",
                f"Autorisez-le : `git config --global --add safe.directory {start}`.",
            )
        raise UsageError(
            f"« {folder} » n'est pas dans un dépôt git : pas de révision à comparer",
            "Lancez la commande dans le dépôt des données, " + _BASELINE_HINT,
        )
    top = os.fsdecode(done.stdout.rstrip(b"\n"))
    return Repository(Path(os.path.realpath(top)))


def path_in(repo: Repository, folder: Path) -> str:
    """``folder`` (absolute, or relative to the current folder) as a path inside
    the repository, with ``/``: ``"data"``, ``"contrats/laval"``, ``""`` for the top."""
    relative = os.path.relpath(os.path.realpath(folder), repo.top)
    if relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative):
        raise UsageError(
            f"le dossier de données « {folder} » n'est pas dans le dépôt git {repo.top}",
            "Indiquez avec `--data` un dossier du dépôt.",
        )
    return "" if relative == "." else relative.replace(os.sep, "/")


def display_of(repo: Repository, path: str) -> str:
    """The data folder's name in problems: relative to the current folder, as on disk."""
    return os.path.relpath(Path(repo.top, path))
