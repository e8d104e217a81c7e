"""Read a data folder: find the files, read them safely, load and shape each one.

One broken file never stops the batch: every problem of every file is
collected. Reading is bounded (file size, number of files) and does not follow
a symbolic link out of the data folder unless asked to.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from tindustrie.models import Avenant, Fiche, Protocole
from tindustrie.models.fields import integer
from tindustrie.oserror import os_reason
from tindustrie.problems import Problem, Severity, declare
from tindustrie.project import Entry, Project
from tindustrie.shape import to_complete, validate
from tindustrie.yamlio import YamlDoc, line_col, parse

#: Largest file read, in bytes.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Most files read in one folder (`fiches/` or `avenants/`).
MAX_FILES = 100_000
YAML_SUFFIXES = (".yaml", ".yml")
M = TypeVar("M", bound=BaseModel)

NO_PROTOCOL = declare(
    "TI100",
    Severity.ERROR,
    "Fichier `protocole.yaml` absent",
    """Le dossier de données doit contenir un fichier `protocole.yaml` (le
protocole : territoire, signataires, partenaires, axes). Sans lui, les fiches et
avenants ne peuvent pas être rattachés.""",
)
UNREADABLE = declare(
    "TI101",
    Severity.ERROR,
    "Fichier illisible",
    """Le fichier ne peut pas être lu : droits insuffisants, dossier qui porte
un nom en `.yaml`, lien symbolique cassé, en boucle ou qui sort du dossier de
données (suivi seulement avec `--follow-symlinks`), fichier trop gros ou trop de
fichiers (voir `docs/limites.md`).""",
)
NOT_UTF8 = declare(
    "TI110",
    Severity.ERROR,
    "Fichier non encodé en UTF-8",
    """Les fichiers sont lus en UTF-8 (une marque d'ordre d'octets, BOM, est
acceptée). Un fichier enregistré en Latin-1 ou Windows-1252 est refusé, avec
la ligne du premier caractère fautif : réenregistrez-le en UTF-8.""",
)
TWO_PROTOCOLS = declare(
    "TI111",
    Severity.ERROR,
    "Deux fichiers protocole",
    """Le dossier contient à la fois `protocole.yaml` et `protocole.yml` : seul
le premier est lu. Fusionnez-les et gardez un seul fichier, pour que rien ne
soit ignoré sans le dire.""",
)

MISPLACED = declare(
    "TI112",
    Severity.ERROR,
    "Fichier dans le mauvais dossier",
    """Une fiche action rangée dans `avenants/`, un avenant dans `fiches/`, ou le
protocole dans l'un de ces dossiers : ses clés sont celles d'une autre sorte de
document. Le fichier est signalé une fois, sans la liste de ses clés « inconnues » :
déplacez-le dans le bon dossier (le protocole s'écrit dans `protocole.yaml`, à la
racine du dossier de données).

Un sous-dossier de `fiches/` ou `avenants/` qui contient des fichiers YAML
(`avenants/2022/avenant-5.yaml`) est signalé de même : ses fichiers ne sont pas
lus, et leurs montants manqueraient à tous les totaux. Rangez chaque fichier
directement dans `fiches/` ou `avenants/` ; un sous-dossier caché (`.archive/`) ou
sans fichier YAML n'est pas signalé.""",
)
#: Each kind of document: its model, where it belongs, and how a message names it.
_KINDS: tuple[tuple[type[BaseModel], str, str], ...] = (
    (Fiche, "fiches/", "une fiche action"),
    (Avenant, "avenants/", "un avenant"),
    (Protocole, "protocole.yaml", "le protocole"),
)


def _other_kind(data: Any, expected: type[BaseModel]) -> tuple[type[BaseModel], str, str] | None:
    """The kind of document ``data`` is, when it is plainly not the one ``expected``:
    its keys fit another kind (a typo at most) and not the expected one."""
    if not isinstance(data, dict):
        return None
    keys = data.keys()
    misfits = len(keys - _keys_of(expected))
    if misfits < 2:
        return None
    for kind in _KINDS:
        if kind[0] is not expected and len(keys - _keys_of(kind[0])) <= 1 < misfits:
            return kind
    return None


@cache
def _keys_of(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(model.model_fields)


def _name_of(model: type[BaseModel]) -> str:
    return next(name for kind, _, name in _KINDS if kind is model)


@dataclass(frozen=True, slots=True)
class LoadResult:
    project: Project
    problems: list[Problem]


def display_path(path: str | Path) -> str:
    """The path as the user sees it: relative to the current directory if inside."""
    text = os.fspath(path)
    here = os.getcwd()
    if text.startswith(here) and text[len(here) : len(here) + 1] == os.sep:
        # the common case, a file under the current directory, without relpath's
        # work (a noticeable share of the loading time of thousands of files)
        return os.path.normpath(text[len(here) + 1 :])
    try:
        return os.path.relpath(text)
    except ValueError:  # pragma: no cover - another drive on Windows
        return text


def read_text(path: str | Path, file: str) -> tuple[str | None, Problem | None]:
    """Read a UTF-8 file (BOM accepted); a problem instead of an exception."""
    try:
        info = _stat(path)
        if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            return None, UNREADABLE.problem(
                file,
                None,
                None,
                "ce n'est pas un fichier ordinaire (tube, socket ou périphérique)",
                "Remplacez-le par un fichier YAML ordinaire.",
            )
        with open(path, "rb") as handle:
            raw = _read_bounded(handle, info.st_size if info is not None else 0)
    except IsADirectoryError:
        return None, UNREADABLE.problem(
            file,
            None,
            None,
            "c'est un dossier, pas un fichier",
            "Renommez ce dossier : seuls des fichiers peuvent se terminer par `.yaml`.",
        )
    except OSError as exc:
        return None, UNREADABLE.problem(
            file,
            None,
            None,
            f"lecture impossible ({os_reason(exc)})",
            "Vérifiez que le fichier existe et que vous avez le droit de le lire.",
        )
    return decode(raw, file)


def _stat(path: str | Path) -> os.stat_result | None:
    """The file's status (links followed), or ``None`` if it cannot be had: one system
    call where ``exists``, ``is_file`` and ``is_dir`` made three."""
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _read_bounded(handle: BinaryIO, size: int) -> bytes:
    """At most ``MAX_FILE_BYTES + 1`` bytes of ``handle``, whose size was ``size``.

    Asking for the size the file has, rather than for the limit, spares Python a
    buffer of the limit's size for each file (10 Mio allocated and given back
    thousands of times: a tenth of the loading time of a large territory). A file
    that grew since its size was taken is read on, up to the limit.
    """
    want = min(size, MAX_FILE_BYTES) + 1 if size > 0 else MAX_FILE_BYTES + 1
    raw = handle.read(want)
    if len(raw) == want and want <= MAX_FILE_BYTES:
        raw += handle.read(MAX_FILE_BYTES + 1 - want)
    return raw


def too_big(file: str) -> Problem:
    return UNREADABLE.problem(
        file,
        None,
        None,
        f"fichier trop gros (plus de {MAX_FILE_BYTES // (1024 * 1024)} Mio)",
        "Un fichier de protocole, de fiche ou d'avenant fait quelques Kio : "
        "découpez-le ou retirez ce qui n'y a pas sa place.",
    )


def decode(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    """The text of a file's bytes (UTF-8, BOM accepted); a problem instead of an exception."""
    if len(raw) > MAX_FILE_BYTES:
        return None, too_big(file)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line, column = line_col(raw, exc.start)
        return None, NOT_UTF8.problem(
            file,
            line,
            column,
            f"le fichier n'est pas encodé en UTF-8 (octet 0x{raw[exc.start]:02x})",
            "Réenregistrez le fichier en UTF-8 (dans VS Code : « Enregistrer avec "
            "l'encodage » puis UTF-8).",
        )


def load_file(path: str | Path) -> YamlDoc:
    """Read and parse one YAML file; problems are in the returned document."""
    file = display_path(path)
    text, problem = read_text(path, file)
    return _document(file, text, problem)


def _document(file: str, text: str | None, problem: Problem | None) -> YamlDoc:
    if text is None:
        doc = YamlDoc(file)
        if problem is not None:
            doc.problems.append(problem)
        return doc
    return parse(text, file)


def _outside(path: Path, root: Path) -> bool:
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):
        return False  # a loop: reading it reports the problem
    return not target.is_relative_to(root)


def _link_refusal(path: Path, root: Path, follow_links: bool) -> Problem | None:
    """Why ``path`` (a file or a folder of the data folder) is not read, if it is a
    symbolic link that leads out of the data folder and links are not followed."""
    if follow_links or not _outside(path, root):
        return None
    return UNREADABLE.problem(
        display_path(path),
        None,
        None,
        "lien symbolique vers un chemin hors du dossier de données : non suivi",
        "Copiez le fichier dans le dossier, ou relancez avec `--follow-symlinks`.",
    )


def is_yaml_name(name: str) -> bool:
    """A name the loader reads: ``.yaml`` or ``.yml`` in any case, not hidden."""
    return name.lower().endswith(YAML_SUFFIXES) and not name.startswith(".")


def discover(folder: Path, root: Path, follow_links: bool) -> Iterator[tuple[Path, Problem | None]]:
    """The YAML files of ``folder`` in name order, or why one is refused.

    A name ending in ``.yaml`` or ``.yml`` (in any case) is read; hidden files
    (``.nom.yaml``, editors' copies) are not. A folder of more than
    :data:`MAX_FILES` such files is refused whole, without reading any.
    """
    if not os.path.lexists(folder):
        return
    refusal = _link_refusal(folder, root, follow_links)
    if refusal is not None:
        yield folder, refusal
        return
    names: list[str] = []
    links: set[str] = set()
    subfolders: list[str] = []
    if not os.access(folder, os.X_OK) and os.access(folder, os.R_OK):  # mode 744, not root
        yield (
            folder,
            UNREADABLE.problem(
                display_path(folder),
                None,
                None,
                "dossier illisible (permission refusée : ses fichiers ne peuvent pas être "
                "ouverts, droit de traversée manquant)",
                "Donnez le droit de traversée du dossier (chmod u+x) ; ses fichiers ne sont "
                "pas lus.",
            ),
        )
        return
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not is_yaml_name(entry.name):
                    if not entry.name.startswith(".") and _is_real_folder(entry):
                        subfolders.append(entry.name)
                    continue
                if len(names) == MAX_FILES:
                    yield (
                        folder,
                        UNREADABLE.problem(
                            display_path(folder),
                            None,
                            None,
                            f"trop de fichiers : plus de {MAX_FILES:_} fichiers YAML ; le dossier "
                            "n'est pas lu".replace("_", " "),
                            "Voir docs/limites.md.",
                        ),
                    )
                    return
                names.append(entry.name)
                if _is_link(entry):
                    links.add(entry.name)
    except OSError as exc:
        file = display_path(folder)
        yield folder, UNREADABLE.problem(file, None, None, f"dossier illisible ({os_reason(exc)})")
        return
    nested = {name: _first_yaml_in(folder / name) for name in subfolders}
    for name in sorted([*names, *(n for n, found in nested.items() if found)]):
        path = folder / name
        if name in nested:
            yield path, subfolder_problem(display_path(path), str(nested[name]))
            continue
        yield path, (_link_refusal(path, root, follow_links) if name in links else None)


def _is_link(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is a symbolic link (the directory listing says it, mostly
    without another system call); when that cannot be known, it is looked into."""
    try:
        return entry.is_symlink()
    except OSError:  # pragma: no cover - the listing gave no type and lstat failed
        return True


def _is_real_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


#: Most entries looked at under one subfolder to find a YAML file in it.
_SUBFOLDER_LOOK = 2_000


def _first_yaml_in(folder: Path) -> str | None:
    """The first YAML file under ``folder`` (relative to it), or ``None``."""
    seen = 0
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if is_yaml_name(name):
                return os.path.relpath(os.path.join(top, name), folder).replace(os.sep, "/")
        seen += len(dirs) + len(files)
        if seen > _SUBFOLDER_LOOK:
            return None
    return None


def subfolder_problem(file: str, first: str) -> Problem:
    """A subfolder of ``fiches/`` or ``avenants/`` that holds YAML files: not read."""
    return MISPLACED.problem(
        file,
        None,
        None,
        f"sous-dossier non lu : il contient des fichiers YAML (« {first} »…) dont les "
        "montants manqueraient à tous les totaux",
        "Rangez chaque fichier directement dans fiches/ ou avenants/ ; pour archiver, "
        "sortez-le du dossier de données ou nommez le sous-dossier `.archive/` (caché).",
    )


def _raw_list(data: Any, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _number(value: Any) -> int | None:
    """An axis number read from a protocol that failed its model, if it is one."""
    try:
        return integer(value)
    except PydanticCustomError:
        return None


class Source(Protocol):
    """The files of a data folder, wherever they are: a folder on disk, a git tree.

    Names are relative to the data folder, with ``/`` (``"fiches/1.2-x.yaml"``).
    The loader runs the same code on every source, so the same files give the
    same problems at the same positions.
    """

    @property
    def root(self) -> Path:
        """The data folder, as :attr:`Project.root` gives it."""
        ...

    def name(self, rel: str) -> str:
        """The file's name in problems (as :func:`display_path` gives it on disk)."""
        ...

    def exists(self, rel: str) -> bool: ...

    def refusal(self, rel: str) -> Problem | None:
        """Why ``rel`` is not read (a symbolic link that leads out), if it is not."""
        ...

    def listing(self, folder: str) -> Iterator[tuple[str, Problem | None]]:
        """The YAML files of ``folder`` in name order, as for :func:`discover`."""
        ...

    def load(self, rel: str) -> YamlDoc: ...

    def path(self, rel: str) -> Path | None:
        """The file on disk, if the source is a folder on disk (``None`` otherwise)."""
        ...


@dataclass(frozen=True, slots=True)
class DiskSource:
    """A data folder on disk (``root`` resolved)."""

    root: Path
    follow_links: bool = False

    def name(self, rel: str) -> str:
        return display_path(self.root / rel)

    def exists(self, rel: str) -> bool:
        return os.path.lexists(self.root / rel)

    def refusal(self, rel: str) -> Problem | None:
        return _link_refusal(self.root / rel, self.root, self.follow_links)

    def listing(self, folder: str) -> Iterator[tuple[str, Problem | None]]:
        for path, refusal in discover(self.root / folder, self.root, self.follow_links):
            yield f"{folder}/{path.name}", refusal

    def load(self, rel: str) -> YamlDoc:
        return load_file(os.path.join(self.root, rel))

    def path(self, rel: str) -> Path | None:
        return self.root / rel


@dataclass(frozen=True, slots=True)
class MemorySource:
    """A data folder held in memory: each file's bytes by its name (a git tree).

    ``files`` maps a name to its bytes, or to a problem that replaces reading it
    (a file too big to be fetched, a link that cannot be followed);
    ``folders`` names the folders of the data folder (``"fiches"``,
    ``"fiches/x.yaml"``: a folder whose name ends in ``.yaml`` is reported as
    on disk). ``prefix`` is the data folder's name in problems.
    """

    root: Path
    prefix: str
    files: Mapping[str, bytes | Problem]
    folders: frozenset[str] = frozenset()

    def name(self, rel: str) -> str:
        return os.path.normpath(os.path.join(self.prefix, rel))

    def exists(self, rel: str) -> bool:
        return rel in self.files or rel in self.folders

    def refusal(self, rel: str) -> Problem | None:
        return None

    def listing(self, folder: str) -> Iterator[tuple[str, Problem | None]]:
        if folder not in self.folders:
            return
        start = folder + "/"
        names = sorted(
            {
                rel[len(start) :].partition("/")[0]
                for rel in (*self.files, *self.folders)
                if rel.startswith(start)
            }
        )
        nested = {
            n: min(
                (
                    rel[len(start) + len(n) + 1 :]
                    for rel in self.files
                    if rel.startswith(f"{start}{n}/")
                    and is_yaml_name(rel.rpartition("/")[2])
                    and not any(part.startswith(".") for part in rel.split("/"))
                ),
                default=None,
            )
            for n in names
            if not is_yaml_name(n) and not n.startswith(".")
        }
        nested = {n: first for n, first in nested.items() if first is not None}
        names = [n for n in names if is_yaml_name(n) or n in nested]
        if len(names) > MAX_FILES:
            yield (
                folder,
                UNREADABLE.problem(
                    self.name(folder),
                    None,
                    None,
                    f"trop de fichiers : plus de {MAX_FILES:_} fichiers YAML ; le dossier "
                    "n'est pas lu".replace("_", " "),
                    "Voir docs/limites.md.",
                ),
            )
            return
        for name in names:
            first = nested.get(name)
            rel = f"{start}{name}"
            yield rel, None if first is None else subfolder_problem(self.name(rel), first)

    def load(self, rel: str) -> YamlDoc:
        file = self.name(rel)
        content = self.files.get(rel)
        text: str | None
        problem: Problem | None
        if content is None:  # a folder
            text, problem = (
                None,
                UNREADABLE.problem(
                    file,
                    None,
                    None,
                    "c'est un dossier, pas un fichier",
                    "Renommez ce dossier : seuls des fichiers peuvent se terminer par `.yaml`.",
                ),
            )
        elif isinstance(content, Problem):
            text, problem = None, content
        else:
            text, problem = decode(content, file)
        return _document(file, text, problem)

    def path(self, rel: str) -> Path | None:
        return None  # held in memory: no file to point to


def load_project(root: Path, follow_links: bool = False) -> LoadResult:
    """Load every file of the data folder ``root``; never raises for bad data."""
    return load_source(DiskSource(root.resolve(), follow_links))


def load_source(source: Source) -> LoadResult:
    """Load every file of ``source``; never raises for bad data."""
    project = Project(source.root)
    problems: list[Problem] = []

    def take(doc: YamlDoc) -> None:
        project.files += 1
        problems.extend(doc.problems)

    protocols = [n for n in ("protocole.yaml", "protocole.yml") if source.exists(n)]
    protocol_name = protocols[0] if protocols else None
    if len(protocols) > 1:
        problems.append(
            TWO_PROTOCOLS.problem(
                source.name(protocols[1]),
                None,
                None,
                "fichier non lu : protocole.yaml existe aussi",
                "Gardez un seul fichier protocole : fusionnez-les puis supprimez protocole.yml.",
            )
        )
    refusal = source.refusal(protocol_name) if protocol_name else None
    if refusal is not None:
        problems.append(refusal)
    elif protocol_name is None:
        problems.append(
            NO_PROTOCOL.problem(
                source.name("protocole.yaml"),
                None,
                None,
                "fichier protocole.yaml absent du dossier de données",
                "Créez `protocole.yaml` (voir docs/format.md) ou indiquez le bon dossier "
                "avec `--data`.",
            )
        )
    else:
        doc = source.load(protocol_name)
        take(doc)
        problems.extend(to_complete(doc, Protocole))
        protocole, found = validate(doc, Protocole, "le protocole")
        problems.extend(found)
        if protocole is not None:
            project.protocole = Entry(protocole, doc, source.path(protocol_name))
            project.partner_ids = {p.id for p in protocole.partenaires}
            project.axis_numbers = {a.numero for a in protocole.axes}
        else:
            if isinstance(doc.data, dict):  # keep what can be read, to avoid cascades
                project.partner_ids = {
                    str(p["id"])
                    for p in _raw_list(doc.data, "partenaires")
                    if isinstance(p, dict) and isinstance(p.get("id"), str)
                } or None
                numbers = (
                    _number(a.get("numero"))
                    for a in _raw_list(doc.data, "axes")
                    if isinstance(a, dict)
                )
                project.axis_numbers = {n for n in numbers if n is not None} or None

    def documents(
        folder: str, model_cls: type[M], what: str
    ) -> Iterator[tuple[YamlDoc, M, Path | None]]:
        """The valid documents of ``folder``; problems of the others are collected."""
        for rel, refusal in source.listing(folder):
            if refusal is not None:
                problems.append(refusal)
                project.unknown.add(folder)
                continue
            doc = source.load(rel)
            take(doc)
            other = _other_kind(doc.data, model_cls)
            if other is not None:
                other_model, place, name = other
                line, col = doc.at(())
                problems.append(
                    MISPLACED.problem(
                        doc.file,
                        line,
                        col,
                        f"ce fichier est {name}, pas {_name_of(model_cls)} : il n'a pas sa "
                        f"place dans {folder}/",
                        "Son contenu va dans protocole.yaml, à la racine du dossier de données."
                        if other_model is Protocole
                        else f"Déplacez-le dans {place}.",
                    )
                )
                ident = doc.data.get("id")
                if other_model is Fiche and isinstance(ident, str):
                    project.fiche_ids.add(str(ident))  # the avenants that name it are right
                project.unknown.add("fiches" if other_model is Fiche else "avenants")
                continue
            model, found = validate(doc, model_cls, what)
            problems.extend(found)
            if model is not None:
                doc.data = None  # the model holds the values now
                yield doc, model, source.path(rel)
                continue
            ident = doc.data.get("id") if isinstance(doc.data, dict) else None
            if model_cls is Fiche and isinstance(ident, str):
                project.fiche_ids.add(str(ident))  # still known to the avenants that name it
            else:
                project.unknown.add(folder)

    for doc, fiche, path in documents("fiches", Fiche, "la fiche"):
        project.fiches.append(Entry(fiche, doc, path))
        project.fiche_ids.add(fiche.id)
    for doc, avenant, path in documents("avenants", Avenant, "l'avenant"):
        project.avenants.append(Entry(avenant, doc, path))
    return LoadResult(project, problems)
