"""Rename a partner or a fiche everywhere it is used, changing nothing else.

Only the characters of the identifier are replaced, where the YAML reader
says the value is written (:func:`tindustrie.yamlio.scalar_spans`): comments,
quotes, key order, line ends and layout stay byte for byte. Before anything is
written, each edited file is read again and compared with the original: the
only differences allowed are the renamed values. A fiche whose file name starts
with its identifier (``1.3-promotion.yaml``) has its file renamed too.

No terminal here: :func:`plan` says what would change, :func:`apply` writes it.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tindustrie.errors import InvalidData, UsageError, WriteError
from tindustrie.models.fields import FICHE_ID, SLUG
from tindustrie.project import Project
from tindustrie.yamlio import Path_, Span, parse, reads_as_text, scalar_spans

Kind = Literal["partenaire", "fiche"]
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Change:
    """One line that changes: its number, and the line before and after."""

    line: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class FileEdit:
    path: Path
    text: str
    changes: tuple[Change, ...]
    #: The file's new name, when it changes (a fiche named after its identifier).
    move_to: Path | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    kind: Kind
    old: str
    new: str
    edits: tuple[FileEdit, ...]

    @property
    def values(self) -> int:
        return sum(len(edit.changes) for edit in self.edits)


def plan(project: Project, kind: Kind, old: str, new: str) -> Plan:
    """What renaming ``old`` into ``new`` changes, file by file (nothing is written).

    ``project`` is a folder that validates (warnings allowed). Raises
    :class:`UsageError` for an identifier that cannot be the new one,
    :class:`InvalidData` for an unknown old one.
    """
    if kind == "partenaire":
        places = _partner_places(project, old, new)
    else:
        places = _fiche_places(project, old, new)
    by_file: dict[str, list[Path_]] = defaultdict(list)
    for file, path in places:
        by_file[file].append(path)
    edits = []
    for file in sorted(by_file):
        edits.append(_edit(Path(file), by_file[file], old, new))
    if kind == "fiche":
        edits = [_with_move(edit, project, old, new) for edit in edits]
    return Plan(kind, old, new, tuple(edits))


def _partner_places(project: Project, old: str, new: str) -> Iterator[tuple[str, Path_]]:
    from tindustrie.rules.references import partner_refs
    from tindustrie.wording import did_you_mean

    if not SLUG.fullmatch(new):
        raise UsageError(
            f"identifiant de partenaire « {new} » invalide",
            "Un identifiant de partenaire s'écrit en minuscules, chiffres et tirets : "
            "`region-pdl`.",
        )
    assert project.protocole is not None
    declared = [p.id for p in project.protocole.model.partenaires]
    if old not in declared:
        raise InvalidData(
            f"partenaire « {old} » inconnu", did_you_mean(old, declared, "partenaire")
        )
    if new in declared:
        raise UsageError(
            f"le partenaire « {new} » existe déjà",
            "Choisissez un identifiant libre : renommer ne fusionne pas deux partenaires.",
        )
    proto = project.protocole
    for i, partner in enumerate(proto.model.partenaires):
        if partner.id == old:
            yield proto.file, ("partenaires", i, "id")
    for entry, path, ident, _ in partner_refs(project):
        if ident == old:
            yield entry.file, path


def _fiche_places(project: Project, old: str, new: str) -> Iterator[tuple[str, Path_]]:
    from tindustrie.rules.references import fiche_refs
    from tindustrie.wording import did_you_mean

    if not FICHE_ID.fullmatch(new):
        raise UsageError(
            f"identifiant de fiche « {new} » invalide",
            "Un identifiant de fiche s'écrit « <axe>.<n> », par exemple 1.4.",
        )
    found = [e for e in project.fiches if e.model.id == old]
    if not found:
        known = [e.model.id for e in project.fiches]
        raise InvalidData(f"fiche « {old} » inconnue", did_you_mean(old, known, "fiche"))
    if new in project.fiche_ids:
        raise UsageError(
            f"la fiche « {new} » existe déjà",
            "Choisissez un numéro libre : renommer ne fusionne pas deux fiches.",
        )
    axis = str(found[0].model.axe)
    if new.split(".")[0] != axis:
        raise UsageError(
            f"la fiche « {old} » est dans l'axe {axis} : son identifiant commence par « {axis}. »",
            "Pour la changer d'axe, modifiez aussi sa clé `axe` : renommer ne change pas "
            "le contenu d'une fiche.",
        )
    for entry in found:
        yield entry.file, ("id",)
    for avenant, path, ident in fiche_refs(project):
        if ident == old:
            yield avenant.file, path


def read_source(path: Path) -> str:
    """A data file's text exactly as stored (line ends and byte order mark kept)."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # it was read a moment ago
        raise InvalidData(f"{path} ne peut plus être lu : {exc}") from None


def _replacement(span: Span, written: str, old: str, new: str) -> tuple[int, int, str]:
    """(start, end, text): the characters to replace for one value."""
    if span.style in ('"', "'"):
        inner = written[1:-1]
        if inner != old:  # an escape sequence in an identifier: replace the whole value
            return span.start, span.end, f'"{new}"'
        return span.start + 1, span.end - 1, new
    if span.style == "" and written == old:
        plain_ok = reads_as_text(new) or FICHE_ID.fullmatch(new) is not None
        return span.start, span.end, new if plain_ok else f'"{new}"'
    raise UsageError(
        f"ligne {span.line} : l'identifiant « {old} » est écrit sur plusieurs lignes",
        "Écrivez-le sur une ligne, entre guillemets, puis relancez le renommage.",
    )


def _edit(path: Path, paths: Iterable[Path_], old: str, new: str) -> FileEdit:
    source = read_source(path)
    bom = _BOM if source.startswith(_BOM) else ""
    text = source[len(bom) :]
    spans = scalar_spans(text)
    replacements = []
    for value_path in sorted(set(paths), key=str):
        span = spans.get(value_path)
        if span is None:
            raise UsageError(
                f"{path} : l'identifiant « {old} » est écrit par un alias (`*nom`)",
                "Écrivez la valeur elle-même à la place de l'alias, puis relancez le renommage.",
            )
        replacements.append(
            (value_path, span, _replacement(span, text[span.start : span.end], old, new))
        )
    edited = text
    for _, _, (start, end, replacement) in sorted(replacements, key=lambda r: -r[2][0]):
        edited = edited[:start] + replacement + edited[end:]
    _check(path, text, edited, [p for p, _, _ in replacements], new)
    return FileEdit(
        path, bom + edited, _changes(text, edited, [s.line for _, s, _ in replacements])
    )


def _check(path: Path, before: str, after: str, paths: list[Path_], new: str) -> None:
    """The edited text reads as the original one with the renamed values, nothing more."""
    expected = parse(before, str(path)).data
    for value_path in paths:
        expected = _set(expected, value_path, new)
    again = parse(after, str(path))
    if again.problems or again.data != expected:  # pragma: no cover - a bug of ours
        raise InvalidData(f"{path} : le renommage changerait autre chose que l'identifiant")


def _set(data: Any, path: Path_, value: str) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (_set(v, rest, value) if k == head else v) for k, v in data.items()}
    return [(_set(v, rest, value) if i == head else v) for i, v in enumerate(data)]


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _changes(before: str, after: str, lines: Iterable[int]) -> tuple[Change, ...]:
    old_lines, new_lines = _lines(before), _lines(after)
    return tuple(Change(n, old_lines[n - 1], new_lines[n - 1]) for n in sorted(set(lines)))


def new_file_name(name: str, old: str, new: str) -> str | None:
    """``1.3-promotion.yaml`` → ``1.4-promotion.yaml``; ``None`` when the name does
    not start with the identifier (a file named otherwise keeps its name)."""
    for separator in ("-", "."):
        if name.startswith(old + separator):
            return new + name[len(old) :]
    return None


def _with_move(edit: FileEdit, project: Project, old: str, new: str) -> FileEdit:
    fiche_files = {e.file for e in project.fiches if e.model.id == old}
    if str(edit.path) not in fiche_files:
        return edit
    name = new_file_name(edit.path.name, old, new)
    if name is None:
        return edit
    target = edit.path.with_name(name)
    if os.path.lexists(target):
        raise UsageError(
            f"{target} existe déjà",
            "Renommez ou déplacez ce fichier d'abord : rien n'a été écrit.",
        )
    return FileEdit(edit.path, edit.text, edit.changes, target)


def apply(renaming: Plan) -> None:
    """Write every edited file, then rename the fiche's file.

    Each file is staged beside itself first: a failure while staging writes
    nothing at all; the staged files are then put in place one by one.
    """
    from tindustrie.oserror import os_reason
    from tindustrie.output import commit, discard, stage

    staged: list[tuple[Path, FileEdit]] = []
    try:
        for edit in renaming.edits:
            try:
                staged.append((stage(edit.path, [edit.text.encode("utf-8")]), edit))
            except OSError as exc:
                raise WriteError(f"impossible d'écrire {edit.path} : {os_reason(exc)}") from None
        for tmp, edit in staged:
            try:
                commit(tmp, edit.path)
                if edit.move_to is not None:
                    os.rename(edit.path, edit.move_to)
            except OSError as exc:
                raise WriteError(f"impossible d'écrire {edit.path} : {os_reason(exc)}") from None
    finally:
        for tmp, _ in staged:
            discard(tmp)
