"""Every entry point that must survive hostile data, in one place.

The corpus (``test_corpus.py``) and the fuzzing (``test_fuzz.py``) run each of
them on every broken data folder. Adding a command is one line here: its
library function in :data:`LIBRARY_ENTRIES`, its command line in
:data:`CLI_COMMANDS`.

A library entry takes a data folder and whether to follow symbolic links out
of it, and returns a value: what the command would print or write, or
``None`` when the command refuses the data (``check_folder(...).valid_project()``
is ``None``). None of them may raise. None writes into the data folder: ``new``
works on a copy.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tindustrie import formats, ledger, scaffold, schemas
from tindustrie.errors import TindustrieError
from tindustrie.loader import load_project
from tindustrie.project import ValidProject
from tindustrie.validation import Report, check_folder
from tindustrie.views import detail, financing, listing, selection
from tindustrie.views.document import Document

#: The days every entry looks at: before anything was signed, a day in the
#: example's life, and the two ends of the calendar.
DAYS = (date(2021, 1, 1), date(2022, 6, 1), date.min, date.max)


def validate_entry(data: Path, follow_symlinks: bool = False) -> Report:
    return check_folder(data, follow_symlinks)


def _valid(data: Path, follow_symlinks: bool) -> ValidProject | None:
    return check_folder(data, follow_symlinks).valid_project()


def every_format(document: Document) -> list[str]:
    """The document written in every format of the registry."""
    written = []
    for name in formats.FORMATTERS:
        out = io.StringIO()
        formats.write(document, name, out)
        written.append(out.getvalue())
    return written


def financing_entry(data: Path, follow_symlinks: bool = False) -> list[str] | None:
    """Every grouping in every format on each of :data:`DAYS`."""
    project = _valid(data, follow_symlinks)
    if project is None:
        return None
    outputs = []
    for day in DAYS:
        book = ledger.build(project.fiches, project.avenants, day)
        for by in ledger.GROUPINGS:
            outputs += every_format(financing.document(book, by, project.protocole))
    return outputs


def suivi_entry(data: Path, follow_symlinks: bool = False) -> list[str] | None:
    """The dashboard in every format on each of :data:`DAYS`."""
    from tindustrie.views import suivi

    project = _valid(data, follow_symlinks)
    if project is None:
        return None
    outputs = []
    for day in DAYS:
        book = ledger.build(project.fiches, project.avenants, day)
        outputs += every_format(suivi.document(suivi.suivi_view(project, book)))
    return outputs


def render_entry(data: Path, follow_symlinks: bool = False) -> dict[str, str] | None:
    """The Markdown and HTML documents, in memory, then written into a fresh folder."""
    from tindustrie.render import render, write_outputs

    project = _valid(data, follow_symlinks)
    if project is None:
        return None
    outputs = render(project, date(2022, 6, 1), ("md", "html"), environ={})
    with tempfile.TemporaryDirectory() as tmp:
        written = write_outputs(outputs, Path(tmp) / "site")
        assert sorted(p.name for p in written) == sorted(outputs)
    return outputs


def list_entry(data: Path, follow_symlinks: bool = False) -> list[object] | None:
    """``list fiches``, ``list avenants`` and ``list partenaires`` in every format, and
    ``list fiches`` filtered by each known axis, pilot, status and financer."""
    project = _valid(data, follow_symlinks)
    if project is None:
        return None
    day = date(2022, 6, 1)
    found: list[object] = []
    for view in listing.LISTS.values():
        found += every_format(view(project, selection.Filters(), day))
    for name in ("axe", "pilote", "statut", "financeur"):
        for value in (*selection.known_values(project, name)[:3], "99"):
            filters = selection.Filters(**{name: value})
            try:
                found.append(listing.fiches(project, filters, day))
            except TindustrieError as refused:  # `list` says so: usage error
                found.append(refused)
    for partner in project.protocole.partenaires[:3]:
        found.append(listing.avenants(project, selection.Filters(financeur=partner.id), day))
    return found


UNKNOWN_IDS = ("", "9.99", "avenant 999", "nobody", "fiche 1.1.1", "avenant-x")


def show_entry(data: Path, follow_symlinks: bool = False) -> list[object] | None:
    """Resolve every fiche, avenant and partner (in each way a user can write it)
    and what `show` prints for each, in every format; unknown ids are refused."""
    project = _valid(data, follow_symlinks)
    if project is None:
        return None
    shown: list[object] = []
    words: list[list[str]] = []
    for fiche in project.fiches:
        words += [[fiche.id], ["fiche", fiche.id]]
    for avenant in project.avenants:
        words += [["avenant", str(avenant.numero)], [f"avenant-{avenant.numero}"]]
    for partner in project.protocole.partenaires:
        words += [[partner.id], ["partenaire", partner.id]]
    for ident in words:
        target = selection.resolve(project, ident)
        shown += every_format(detail.show(project, target, date(2022, 6, 1)))
    for unknown in UNKNOWN_IDS:
        try:
            shown.append(selection.resolve(project, unknown.split(" ") if unknown else [""]))
        except TindustrieError as refused:
            shown.append(refused)
    return shown


def copy_data(data: Path, tmp: Path) -> Path:
    """A copy of the data folder (links kept as links; what cannot be copied, such
    as a named pipe or an unreadable file, is left out)."""
    copy = tmp / "copie"
    try:
        shutil.copytree(data, copy, symlinks=True)
    except shutil.Error:
        pass  # the rest is copied
    return copy


def new_entry(data: Path, follow_symlinks: bool = False) -> list[str] | None:
    """A new fiche (in the first axis) and a new avenant, in a copy of the folder."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_data(data, Path(tmp))
        if not copy.is_dir():
            return None
        project = load_project(copy, follow_symlinks).project
        if project.protocole is None:
            return None
        proto = project.protocole.model
        texts = []
        if proto.axes and proto.partenaires:
            axe = proto.axes[0].numero
            ident = scaffold.next_fiche_id(axe, project.fiche_ids, copy / "fiches")
            partners = [p.id for p in proto.partenaires]
            text = scaffold.fiche_yaml(ident, "Titre", axe, partners[0], proto.themes, partners)
            texts.append(text)
            _create(copy / "fiches" / f"{ident}-{scaffold.slugify('Titre')}.yaml", text)
        numero = scaffold.next_avenant_number(
            (e.model.numero for e in project.avenants), copy / "avenants"
        )
        text = scaffold.avenant_yaml(numero, "Avenant")
        texts.append(text)
        _create(copy / "avenants" / f"avenant-{numero}.yaml", text)
        return texts


def _create(path: Path, text: str) -> None:
    try:
        scaffold.create(path, text)
    except OSError:
        pass  # the command says so in French; here only a crash would matter


def consolidate_entry(data: Path, follow_symlinks: bool = False) -> list[object]:
    """The folder summarised and consolidated on each day, every grouping in every format,
    and the workbook; a folder whose data is invalid is left out, never a raise."""
    from tindustrie.consolidation import combine, summarise
    from tindustrie.formats import xlsx
    from tindustrie.models import ConsolidateBy
    from tindustrie.views import consolidation

    outputs: list[object] = []
    for day in DAYS:
        result = combine([summarise(data, day, follow_symlinks)], day)
        for by in ConsolidateBy:
            document = consolidation.document(result, by)
            outputs += every_format(document)
        outputs.append(xlsx.workbook(document, day))
    return outputs


def export_entry(data: Path, follow_symlinks: bool = False) -> list[str] | None:
    """The national export of the fiches (dates from each of :data:`DAYS`) and the
    collectivity row."""
    from tindustrie.export import projets

    project = _valid(data, follow_symlinks)
    if project is None:
        return None
    outputs = []
    for day in DAYS:
        out = io.StringIO()
        projets.write_csv(projets.rows(project, day, lambda _file: None), out)
        projets.write_collectivites(project.protocole, None, day, out)
        outputs.append(out.getvalue())
    return outputs


#: The baseline `diff` compares with on the command line (`financing --format json`
#: of the example, on 1 June 2022).
REFERENCE = Path(__file__).resolve().parent / "diff_reference.json"
EXAMPLE = Path(__file__).resolve().parent.parent / "data"


def diff_entry(data: Path, follow_symlinks: bool = False) -> list[str]:
    """The folder compared with the example contract both ways, and as a first
    contract, in the three formats (no git: both sides are read from disk)."""
    from tindustrie.formats import diff as diff_formats
    from tindustrie.views import diff

    day = date(2022, 6, 1)
    folder = diff.snapshot(check_folder(data, follow_symlinks), day, "worktree", data="data")
    example = diff.snapshot(
        check_folder(EXAMPLE), day, "revision", revision="main", commit="0" * 40
    )
    nothing = diff.absent(day, "revision", revision="main", commit=None, data="data")
    outputs = []
    for base, head in ((example, folder), (folder, example), (nothing, folder)):
        result = diff.compare(base, head, day)
        outputs += [render(result) for render in diff_formats.FORMATTERS.values()]
    return outputs


def schema_entry(data: Path, follow_symlinks: bool = False) -> list[str]:
    """The three JSON Schemas (they do not depend on the data), written to a fresh folder."""
    with tempfile.TemporaryDirectory() as tmp:
        schemas.write_all(Path(tmp) / "schemas")
    return [schemas.render(name) for name in schemas.SCHEMAS]


def init_entry(data: Path, follow_symlinks: bool = False) -> list[str]:
    """A new protocol (it does not depend on the data): its only problems are the
    values left to complete."""
    from tindustrie.models.vocabulary import PHASE_YEARS

    texts = []
    with tempfile.TemporaryDirectory() as tmp:
        for phase in PHASE_YEARS:
            folder = Path(tmp) / f"phase-{phase}"
            text = scaffold.protocole_yaml("Territoire d'essai", "200083392", phase)
            scaffold.create(folder / "protocole.yaml", text)
            codes = {p.code for p in check_folder(folder).problems}
            assert codes == {"TI208"}, codes
            texts.append(text)
    return texts


def rename_entry(data: Path, follow_symlinks: bool = False) -> list[object] | None:
    """Every partner and every fiche renamed, one after the other, in a copy of the
    folder; each renaming leaves a folder that still validates."""
    from tindustrie import rename

    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_data(data, Path(tmp))
        report = check_folder(copy, follow_symlinks)
        if report.valid_project() is None:
            return None
        project = report.project
        assert project.protocole is not None
        partners = [p.id for p in project.protocole.model.partenaires][:5]
        fiches = [e.model.id for e in project.fiches][:5]
        done: list[object] = []
        renamings = [("partenaire", p, f"{p}-renomme") for p in partners]
        renamings += [("fiche", f, f"{f.split('.')[0]}.{900 + i}") for i, f in enumerate(fiches)]
        for kind, old, new in renamings:
            report = check_folder(copy, follow_symlinks)
            try:
                plan = rename.plan(report.project, kind, old, new)  # type: ignore[arg-type]
                rename.apply(plan)
                done.append(plan)
            except TindustrieError as refused:  # `rename` says so in French
                done.append(refused)
            assert check_folder(copy, follow_symlinks).valid_project() is not None, (kind, old)
        return done


def completion_entry(data: Path, follow_symlinks: bool = False) -> list[object]:
    """What shell completion reads from the folder: identifiers only, never an error."""
    from tindustrie.cli import _complete

    return [
        _complete.partners(data),
        _complete.axes(data),
        _complete.fiches(data),
        _complete.avenants(data),
    ]


#: Library entry points: each takes a data folder (and whether to follow
#: symbolic links out of it) and returns a value; none may raise.
LIBRARY_ENTRIES: list[Callable[[Path, bool], object]] = [
    validate_entry,
    financing_entry,
    suivi_entry,
    diff_entry,
    render_entry,
    list_entry,
    show_entry,
    new_entry,
    schema_entry,
    init_entry,
    rename_entry,
    completion_entry,
    consolidate_entry,
    export_entry,
]


@dataclass(frozen=True)
class Command:
    """A command run as a user runs it: ``tindustrie <argv> --data DIR [--format F]``.

    In ``argv``, ``{out}`` stands for a fresh folder outside the data folder.
    """

    argv: tuple[str, ...]
    #: The machine formats it offers (each must stay parseable on stdout).
    formats: tuple[str, ...] = ()
    #: Whether it accepts ``--follow-symlinks``.
    follows_links: bool = True
    #: How its exit code follows from the data: ``"data"``: 1 exactly when
    #: validate finds an error, else 0; ``"new"``: 1 when the protocol cannot be
    #: read, 0 or 1 otherwise (the scaffold may meet an unwritable folder);
    #: ``"none"``: the data is not read, always 0; ``"consolidate"``: 0 for any
    #: folder with a protocol file (invalid data is left out, not refused), 2 for
    #: a folder that is not a data folder.
    exits: str = "data"
    #: Whether it takes ``--data`` (``schema`` does not).
    reads_data: bool = True
    #: Whether it writes into the data folder: it then runs on a copy.
    on_copy: bool = False
    #: Formats not to run on the big (``quick``) cases.
    heavy: bool = False
    #: The fiche or avenant it asks for (``show``): exit 1 when it is unknown.
    target: tuple[str, ...] = ()
    #: The data folder is its argument (``consolidate DOSSIER``), not ``--data``.
    data_argument: bool = False
    #: Whether its report is written on stdout even when the data has errors
    #: (``validate``, ``diff``); the others write nothing then.
    printed: bool = False

    @property
    def name(self) -> str:
        return " ".join(self.argv)

    @property
    def kind(self) -> str:
        """What parses its machine output: the command's name."""
        return self.argv[0]


CLI_COMMANDS: list[Command] = [
    Command(("validate",), ("json", "github", "gitlab"), printed=True),
    Command(("financing",), ("json", "csv", "md", "table")),
    Command(("suivi",), ("json", "csv", "md", "table")),
    # HEAD, the data folder, against a baseline: no git needed; the diff is written
    # even when HEAD has errors (exit 1)
    Command(("diff", str(REFERENCE)), ("json", "md", "text"), follows_links=True, printed=True),
    Command(("list",), ("json", "csv", "md", "table")),
    Command(("list", "avenants"), ("json", "csv", "md"), heavy=True),
    Command(("list", "partenaires"), ("json", "csv", "md"), heavy=True),
    Command(("render", "--output", "{out}/site"), heavy=True),
    Command(("show", "1.1"), ("json", "csv", "md", "table"), target=("fiche", "1.1")),
    Command(("show", "avenant", "1"), ("json", "md"), heavy=True, target=("avenant", "1")),
    Command(
        ("new", "fiche", "--axe", "1", "--titre", "X"),
        exits="new",
        on_copy=True,
        heavy=True,
    ),
    Command(("new", "avenant", "--titre", "X"), exits="new", on_copy=True, heavy=True),
    Command(
        ("rename", "partenaire", "agglo", "agglo-renomme"),
        on_copy=True,
        heavy=True,
        target=("partenaire", "agglo"),
    ),
    Command(
        ("rename", "fiche", "1.1", "1.901", "--dry-run"),
        heavy=True,
        target=("fiche", "1.1"),
    ),
    Command(
        ("init", "{out}/neuf", "--territoire", "Territoire d'essai"),
        follows_links=False,
        exits="none",
        reads_data=False,
        heavy=True,
    ),
    Command(
        ("completion", "bash"),
        follows_links=False,
        exits="none",
        reads_data=False,
        heavy=True,
    ),
    Command(
        ("consolidate",),
        ("json", "csv", "md", "table"),
        exits="consolidate",
        data_argument=True,
        heavy=True,
    ),
    Command(("export", "projets-territoire"), heavy=True),
    Command(("export", "collectivites"), heavy=True),
    Command(
        ("schema", "--output", "{out}/schemas"),
        follows_links=False,
        exits="none",
        reads_data=False,
        heavy=True,
    ),
]
