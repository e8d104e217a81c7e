"""The documents people sign: the protocol and each avenant as PDF, compiled by Typst.

Each PDF is compiled in-process by the ``typst`` package (its wheel holds the
whole compiler and fonts: no system library, no browser, no network). The
Typst templates (``templates/protocole.typ``, ``templates/avenant.typ`` and
the shared ``templates/_commun.typ``) read their data as JSON with Typst's own
``json()``: user text stays data and is never pasted into Typst markup, so no
markup escaping is needed and a title such as ``#sys.exit() $x^2$`` prints as
written. Every text first goes through :func:`tindustrie.formats.escape.page_text`,
as in the HTML page: control, format (bidi, zero-width) characters and
noncharacters are printed visibly (``\u202e``), so a bidi override never
reorders a title, a NEL (``\x85``) never breaks its line and no hidden character
makes two names look alike.

For each document a temporary folder is the Typst root. It holds:

- the templates (the built-in ones, replaced one by one by the ``*.typ`` files
  of a ``--templates`` folder, with whatever else that folder holds: a logo…);
- ``/donnees/<document>.json``, the document's data (:func:`protocol_data`,
  :func:`avenant_data`), whose path the template finds in ``sys.inputs.donnees``;
- ``/pieces/<n>``, an exact copy of each YAML source file the PDF carries as
  an embedded file (``protocole.pdf``: every file; ``avenant-N.pdf``: its own
  file and those of the fiches it adopts).

The PDF is PDF/A-3a and PDF/UA-1 (:data:`PDF_STANDARDS`): tagged, archivable,
with attachments. Its date is ``SOURCE_DATE_EPOCH`` when set, else the date of
the state shown (``--as-of``), never the clock: the same data gives the same bytes.

PDF/A forbids a character without a glyph. The fonts are those of the typst
wheel (Libertinus Serif, New Computer Modern, DejaVu Sans Mono) and a subset of
Symbola shipped in ``templates/fonts/`` (emoji and symbols); a character none
of them draws is shown as ``�`` and named in a warning (the YAML files inside
the PDF keep it as written).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from types import ModuleType
from typing import Any

from tindustrie.errors import UsageError
from tindustrie.formats.escape import page_text
from tindustrie.models import Avenant
from tindustrie.models.protocole import Signataire
from tindustrie.project import ValidProject
from tindustrie.render.context import RenderContext
from tindustrie.render.environment import builtin_templates
from tindustrie.render.errors import RenderError
from tindustrie.render.plain import JSON, day, plain

#: The strictest standards the installed Typst writes with embedded files:
#: PDF/A-3 (the PDF/A part that allows attachments) at its strictest level,
#: « a » (accessible: tagged, Unicode text), together with PDF/UA-1. PDF/A-2
#: refuses attachments; PDF/A-4f allows them but cannot be combined with
#: PDF/UA-1 (PDF 2.0 against 1.7) and has no accessible level.
PDF_STANDARDS = ("a-3a", "ua-1")

PROTOCOL_TEMPLATE = "protocole.typ"
AVENANT_TEMPLATE = "avenant.typ"

#: What a character no font can draw is replaced with in the PDF (not in the data).
MISSING_GLYPH = "\ufffd"

YAML_MIME = "application/yaml"

#: Typst's diagnostics for a character a PDF/A or PDF/UA file cannot hold: no font
#: draws it, or the standard forbids it (a private-use code point, U+FEFF…).
_NO_GLYPH = re.compile(
    r"(?:the text|the PDF contains the codepoint|the text contains the disallowed codepoint) "
    r"`\"((?:[^\"\\]|\\.)*)\"`"
)
_TYPST_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\(.)")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


def _unescape(text: str) -> str:
    """A string as Typst quotes it in a diagnostic (``\\u{1b}``, ``\\"``) → the string."""

    def one(match: re.Match[str]) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        return _SIMPLE_ESCAPES.get(match.group(2), match.group(2))

    return _TYPST_ESCAPE.sub(one, text)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A source file carried inside a PDF, under its path in the data folder."""

    name: str
    source: Path
    description: str


@dataclass(frozen=True, slots=True)
class PdfDocument:
    """One PDF to write: its file name, its template, its data and its attachments."""

    output: str
    template: str
    data: Mapping[str, JSON]
    attachments: tuple[Attachment, ...]


def import_typst() -> ModuleType:
    """The ``typst`` package, or a French usage error saying how to install it."""
    try:
        import typst
    except ImportError:
        raise UsageError(
            "le format pdf a besoin du paquet Python « typst », absent de cet environnement",
            "Installez-le dans le même environnement que tindustrie : "
            "python -m pip install typst\n"
            "(il est installé avec tindustrie : python -m pip install tindustrie)",
        ) from None
    return typst


def source_date_epoch(environ: Mapping[str, str]) -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds (reproducible builds), else ``None``."""
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        seconds = int(raw)
        datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise RenderError(
            f"SOURCE_DATE_EPOCH invalide : « {raw} »\n"
            "Attendu un nombre de secondes depuis le 1er janvier 1970 (par exemple 1654041600)."
        ) from None
    return seconds


def pdf_timestamp(as_of: date, environ: Mapping[str, str]) -> int:
    """The PDF's date: ``SOURCE_DATE_EPOCH`` if set, else midnight (UTC) of ``as_of``."""
    epoch = source_date_epoch(environ)
    if epoch is not None:
        return epoch
    return int(datetime.combine(as_of, time(), tzinfo=UTC).timestamp())


# --- the documents and their data -------------------------------------------------


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _attachment(path: Path | None, root: Path, description: str) -> list[Attachment]:
    return [] if path is None else [Attachment(_relative(path, root), path, description)]


def _header(context: RenderContext) -> dict[str, JSON]:
    """What every document shows of the protocol: territory, programme, state."""
    return {
        "territoire": context.territoire,
        "siren": context.siren,
        "region": context.region,
        "departement": context.departement,
        "phase": context.phase,
        "phase_years": context.phase_years,
        "signed_on": plain(context.signed_on),
        "state": plain(context.state),
        "generated_on": plain(context.generated_on),
        "partner_names": plain(context.partner_names),
    }


def _place(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None


def protocol_data(project: ValidProject, context: RenderContext) -> dict[str, JSON]:
    """The data of ``protocole.pdf``: the whole render context, and its signature page."""
    proto = project.protocole
    return {
        "document": {
            "kind": "protocole",
            "title": f"Protocole Territoire d'industrie — {context.territoire}",
            "short_title": "Protocole Territoire d'industrie",
            "draft": None,
        },
        "doc": plain(context),
        "signature": {
            "place": _place(proto.lieu_signature),
            "date": plain(proto.date_signature),
            "signatories": [
                {"party": p.partenaire, "name": p.nom, "capacity": p.qualite}
                for p in context.signataires
            ],
        },
    }


def _draft_mark(state: str, as_of: date) -> str | None:
    if state == "projet":
        return "Projet — non signé"
    if state == "signe_apres":
        return f"Projet — non signé au {day(as_of)['text']}"
    return None


def avenant_data(
    project: ValidProject, context: RenderContext, avenant: Avenant
) -> dict[str, JSON]:
    """The data of ``avenant-N.pdf``: its object, adopted fiches, engagements, signatures."""
    proto = project.protocole
    view = next(a for a in context.avenants if a.numero == avenant.numero)
    adopted = set(avenant.fiches)
    fiches = [f for f in context.fiches if f.id in adopted]
    names = {p.id: p.nom for p in proto.partenaires}
    people: dict[str, Signataire] = {}
    for s in proto.signataires:
        people.setdefault(s.partenaire, s)
    signatories = []
    for party in avenant.signataires:
        person = people.get(party)
        signatories.append(
            {
                "party": names.get(party, party),
                "name": person.nom if person else None,
                "capacity": person.qualite if person else None,
            }
        )
    draft = _draft_mark(view.ref.state, context.state.as_of)
    return {
        "document": {
            "kind": "avenant",
            "title": f"Avenant n° {avenant.numero} au protocole Territoire d'industrie — "
            f"{context.territoire}",
            "short_title": f"Avenant n° {avenant.numero}",
            "draft": draft,
        },
        "doc": _header(context),
        "avenant": plain(view),
        "fiches": plain(fiches),
        "signature": {
            "place": _place(avenant.lieu_signature) or _place(proto.lieu_signature),
            "date": None if draft else plain(avenant.date_signature),
            "signatories": signatories,
        },
    }


def documents(project: ValidProject, context: RenderContext) -> list[PdfDocument]:
    """``protocole.pdf`` then one ``avenant-N.pdf`` per avenant, with what each carries."""
    root, sources = project.root, project.sources
    fiche_files = {
        ident: _attachment(path, root, f"Fiche action {ident} (source YAML)")
        for ident, path in sources.fiches.items()
    }
    avenant_files = {
        numero: _attachment(path, root, f"Avenant n° {numero} (source YAML)")
        for numero, path in sources.avenants.items()
    }
    everything = _attachment(sources.protocole, root, "Protocole (source YAML)")
    for fiche in project.fiches:
        everything += fiche_files.get(fiche.id, [])
    for avenant in project.avenants:
        everything += avenant_files.get(avenant.numero, [])
    docs = [
        PdfDocument(
            "protocole.pdf",
            PROTOCOL_TEMPLATE,
            protocol_data(project, context),
            tuple(everything),
        )
    ]
    for avenant in project.avenants:
        own = list(avenant_files.get(avenant.numero, []))
        for ident in avenant.fiches:
            own += fiche_files.get(ident, [])
        docs.append(
            PdfDocument(
                f"avenant-{avenant.numero}.pdf",
                AVENANT_TEMPLATE,
                avenant_data(project, context, avenant),
                tuple(own),
            )
        )
    return docs


# --- compiling ------------------------------------------------------------------


def _font_folders(templates_dir: Path | None) -> list[str]:
    folders = [builtin_templates() / "fonts"]
    if templates_dir is not None:
        folders.insert(0, templates_dir / "fonts")
    return [str(f) for f in folders if f.is_dir()]


def _lay_out_root(root: Path, templates_dir: Path | None) -> None:
    """The templates in the Typst root: built-in ``*.typ``, then the user's files."""
    for template in sorted(builtin_templates().glob("*.typ")):
        shutil.copyfile(template, root / template.name)
    if templates_dir is None:
        return
    for path in sorted(templates_dir.iterdir()):
        if path.is_file() and not path.name.endswith(".j2"):
            shutil.copyfile(path, root / path.name)


class _Pieces:
    """Each source file copied once into the Typst root, byte for byte."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "pieces"
        self.folder.mkdir()
        self.copied: dict[Path, str] = {}

    def path_of(self, attachment: Attachment) -> str:
        if attachment.source not in self.copied:
            name = f"{len(self.copied)}.yaml"
            try:
                shutil.copyfile(attachment.source, self.folder / name)
            except OSError as exc:
                from tindustrie.oserror import os_reason

                raise RenderError(
                    f"impossible de joindre {attachment.source} au PDF : {os_reason(exc)}"
                ) from None
            self.copied[attachment.source] = f"/pieces/{name}"
        return self.copied[attachment.source]


def _no_glyph(diagnostic: str) -> set[str] | None:
    """The characters a PDF cannot hold, if that is all that failed; else ``None``."""
    errors = [line for line in diagnostic.splitlines() if line.startswith("error:")]
    texts = [_unescape(m.group(1)) for line in errors if (m := _NO_GLYPH.search(line))]
    if not errors or len(texts) != len(errors):
        return None
    return set("".join(texts))


def _page_texts(value: JSON) -> JSON:
    """Every text of the data through :func:`page_text` (keys are the templates')."""
    if isinstance(value, str):
        return page_text(value)
    if isinstance(value, dict):
        return {k: _page_texts(x) for k, x in value.items()}
    if isinstance(value, list):
        return [_page_texts(x) for x in value]
    return value


def _replace_chars(value: JSON, chars: Iterable[str]) -> JSON:
    table = str.maketrans(dict.fromkeys(chars, MISSING_GLYPH))

    def walk(v: JSON) -> JSON:
        if isinstance(v, str):
            return v.translate(table)
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return walk(value)


def _describe(chars: Iterable[str]) -> str:
    def one(char: str) -> str:
        code = f"U+{ord(char):04X}"
        return f"« {char} » ({code})" if char.isprintable() else code

    return ", ".join(one(c) for c in sorted(chars))


_TEMPORARY_ROOT = re.compile(r"[^\s]*tindustrie-pdf-[^/\s]+/")


def _template_failure(exc: Exception, template: str) -> RenderError:
    """Typst's diagnostic, its paths named as in the templates folder (not the temporary one)."""
    diagnostic = _TEMPORARY_ROOT.sub("", str(getattr(exc, "diagnostic", "") or exc))
    lines = [line for line in diagnostic.splitlines() if line.strip()][:12]
    return RenderError(f"modèle Typst invalide : {template}\n" + "\n".join(lines))


def compile_documents(
    docs: Iterable[PdfDocument],
    templates_dir: Path | None,
    timestamp: int,
    warn: Callable[[str], None] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Compile each document: ``(file name, PDF bytes)``, in the order given.

    A failure of a built-in template is a bug (it propagates); when
    ``templates_dir`` holds Typst templates, a failure is the user's
    (:class:`RenderError`, exit 2, with Typst's diagnostic).
    """
    typst = import_typst()
    user_templates = templates_dir is not None and any(templates_dir.glob("*.typ"))
    with tempfile.TemporaryDirectory(prefix="tindustrie-pdf-") as tmp:
        root = Path(tmp)
        _lay_out_root(root, templates_dir)
        (root / "donnees").mkdir()
        pieces = _Pieces(root)
        compiler = typst.Compiler(
            root=str(root), font_paths=_font_folders(templates_dir), ignore_system_fonts=True
        )
        missing: set[str] = set()  # texts no font draws, found in an earlier document
        for doc in docs:
            data: JSON = _page_texts(dict(doc.data))
            data["attachments"] = [
                {
                    "name": a.name,
                    "path": pieces.path_of(a),
                    "mime": YAML_MIME,
                    "description": a.description,
                }
                for a in doc.attachments
            ]
            try:
                pdf = _compile(typst, compiler, root, doc, data, timestamp, missing, warn)
                yield doc.output, pdf
            except typst.TypstError as exc:
                if not user_templates:
                    raise
                raise _template_failure(exc, doc.template) from None


def _compile(
    typst: Any,
    compiler: Any,
    root: Path,
    doc: PdfDocument,
    data: JSON,
    timestamp: int,
    missing: set[str],
    warn: Callable[[str], None] | None,
) -> bytes:
    """One PDF; a character it cannot hold is replaced and the PDF compiled again.

    ``missing`` holds the characters already found in the documents compiled
    before: they are replaced from the start (one compilation, one warning for
    all). Each new compilation must find new characters (Typst may name some only
    once others are gone), so there are at most as many as distinct characters.
    """
    data_path = f"/donnees/{doc.output}.json"
    main = root / doc.template
    if not main.is_file():
        raise RenderError(f"modèle introuvable : {doc.template}")
    if missing:
        data = _replace_chars(data, missing)
    found: set[str] = set()
    while True:
        (root / data_path.lstrip("/")).write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8"
        )
        try:
            pdf = compiler.compile(
                input=str(main),
                format="pdf",
                sys_inputs={"donnees": data_path},
                pdf_standards=list(PDF_STANDARDS),
                timestamp=timestamp,
            )
        except typst.TypstError as exc:
            chars = _no_glyph(str(exc.diagnostic))
            if chars is None or chars <= missing:
                raise
            found |= chars - missing
            missing.update(chars)
            data = _replace_chars(data, missing)
            continue
        assert isinstance(pdf, bytes)
        if found and warn is not None:
            warn(
                f"{doc.output} : aucune police des PDF ne dessine {_describe(found)}, ou "
                f"la norme PDF/A l'interdit ; remplacé par « {MISSING_GLYPH} » dans les PDF "
                "(les fichiers YAML joints le gardent tel qu'écrit)."
            )
        return pdf
