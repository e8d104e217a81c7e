"""Publish the protocol: Markdown, a self-contained HTML document, and the PDFs people sign.

The templates (``templates/*.j2`` at the top of the repository, shipped inside
the wheel as ``tindustrie/templates``) only lay out plain data: everything they
show is computed once, in a :class:`RenderContext` (from the validated project
and the :mod:`tindustrie.ledger`). A ``--templates`` folder is searched first,
so any template can be replaced; a template missing there falls back to the
built-in one.

This module is the public face of the package (:func:`render`,
:func:`write_outputs`, :class:`RenderError`); each concern has its module:

- :mod:`~tindustrie.render.views`: the plain dataclasses the templates read;
- :mod:`~tindustrie.render.context`: :func:`build_context`, project + ledger → views;
- :mod:`~tindustrie.render.charts`: the SVG geometry of the bar charts and the timeline;
- :mod:`~tindustrie.render.filters`: French money and dates, Markdown escaping;
- :mod:`~tindustrie.render.environment`: the jinja2 environment and the built-in templates;
- :mod:`~tindustrie.render.errors`: :class:`RenderError`, template failures in French;
- :mod:`~tindustrie.render.plain`: the views as plain JSON, for the Typst templates;
- :mod:`~tindustrie.render.pdf`: ``protocole.pdf`` and ``avenant-N.pdf``, compiled by Typst;
- :mod:`~tindustrie.render.workbook`: ``protocole.xlsx``, the comité's workbook.

Files are written by :mod:`tindustrie.output` (atomic, nothing else touched).

jinja2, Babel, typst and xlsxwriter are imported lazily: ``validate`` never pays for them. No
typer, no rich: errors are :class:`RenderError` values with a French message
and the exit code the command line should use.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tindustrie.errors import WriteError
from tindustrie.ledger import Ledger, build
from tindustrie.oserror import os_reason
from tindustrie.output import commit, discard, stage, write_atomic
from tindustrie.project import ValidProject
from tindustrie.render.context import RenderContext, build_context
from tindustrie.render.environment import builtin_templates, environment
from tindustrie.render.errors import (
    RenderError,
    explain,
    explain_syntax,
    where,
    where_in_traceback,
)
from tindustrie.render.filters import fiche_anchor, md, signed_money
from tindustrie.render.pdf import (
    compile_documents,
    documents,
    import_typst,
    pdf_timestamp,
    source_date_epoch,
)

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "FORMATS",
    "RenderContext",
    "RenderError",
    "build_context",
    "builtin_templates",
    "environment",
    "fiche_anchor",
    "generated_on_from",
    "md",
    "render",
    "render_pdf",
    "render_to_folder",
    "signed_money",
    "write_outputs",
]

#: format name -> (template, output file); ``pdf`` writes ``protocole.pdf`` and
#: one ``avenant-N.pdf`` per avenant (:mod:`tindustrie.render.pdf`); ``xlsx``
#: has no template (:mod:`tindustrie.render.workbook`).
FORMATS: dict[str, tuple[str, str]] = {
    "md": ("protocole.md.j2", "protocole.md"),
    "html": ("protocole.html.j2", "protocole.html"),
    "pdf": ("protocole.typ", "protocole.pdf"),
    "xlsx": ("", "protocole.xlsx"),
}
#: The formats written from a Jinja2 template (the others have their own engine).
TEXT_FORMATS = ("md", "html")

Warn = Callable[[str], None]


def generated_on_from(environ: Mapping[str, str]) -> date | None:
    """The day of ``SOURCE_DATE_EPOCH`` (reproducible builds), else ``None``."""
    epoch = source_date_epoch(environ)
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=UTC).date()


def _prepare(
    project: ValidProject,
    as_of: date,
    templates_dir: Path | None,
    environ: Mapping[str, str] | None,
) -> tuple[jinja2.Environment, RenderContext]:
    env, context, _ = _prepared(project, as_of, templates_dir, environ)
    return env, context


def _prepared(
    project: ValidProject,
    as_of: date,
    templates_dir: Path | None,
    environ: Mapping[str, str] | None,
) -> tuple[jinja2.Environment, RenderContext, Ledger]:
    generated = generated_on_from(os.environ if environ is None else environ)
    ledger = build(project.fiches, project.avenants, as_of)
    return environment(templates_dir), build_context(project, ledger, generated), ledger


@contextmanager
def _template_errors(template_name: str, templates_dir: Path | None) -> Iterator[None]:
    """Template failures as a French :class:`RenderError` naming the file and line.

    An error in an override template is the user's (reported); an error in a
    built-in template is ours (it propagates, and the command line calls it a bug).
    """
    import jinja2

    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        place = where(exc.filename or exc.name or template_name, exc.lineno)
        raise RenderError(
            f"gabarit invalide : {place} : {explain_syntax(exc.message or '')}",
            "Les variables et les filtres des gabarits : docs/gabarits.md.",
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"gabarit introuvable : {exc.name}") from None
    except Exception as exc:
        if templates_dir is None:
            raise
        place = where_in_traceback(exc.__traceback__) or template_name
        raise RenderError(
            f"gabarit invalide : {place} : {explain(exc)}",
            "Les variables et les filtres des gabarits : docs/gabarits.md.",
        ) from None


def _ordered(formats: Iterable[str]) -> list[str]:
    return sorted(set(formats), key=list(FORMATS).index)


def render(
    project: ValidProject,
    as_of: date,
    formats: Iterable[str] = ("md", "html"),
    templates_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """``{file name: text}`` for each text format asked, from a valid project on ``as_of``."""
    env, context = _prepare(project, as_of, templates_dir, environ)
    outputs: dict[str, str] = {}
    for fmt in _ordered(f for f in formats if f in TEXT_FORMATS):
        template_name, output = FORMATS[fmt]
        with _template_errors(template_name, templates_dir):
            outputs[output] = env.get_template(template_name).render(doc=context)
    return outputs


def render_pdf(
    project: ValidProject,
    as_of: date,
    templates_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
    warn: Warn | None = None,
) -> dict[str, bytes]:
    """``{file name: PDF bytes}``: ``protocole.pdf`` and one ``avenant-N.pdf`` per avenant."""
    environ = os.environ if environ is None else environ
    _, context = _prepare(project, as_of, templates_dir, environ)
    return _pdfs(project, context, as_of, templates_dir, environ, warn)


def _pdfs(
    project: ValidProject,
    context: RenderContext,
    as_of: date,
    templates_dir: Path | None,
    environ: Mapping[str, str],
    warn: Warn | None,
) -> dict[str, bytes]:
    import_typst()  # before any work: a missing package is a usage error
    docs = documents(project, context)
    return dict(compile_documents(docs, templates_dir, pdf_timestamp(as_of, environ), warn))


def render_to_folder(
    project: ValidProject,
    as_of: date,
    out_dir: Path,
    formats: Iterable[str] = ("md", "html"),
    templates_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
    warn: Warn | None = None,
) -> list[Path]:
    """Render each format asked straight into ``out_dir``; the paths written.

    The text documents are written as they are produced (a national
    territory's HTML never sits whole in memory), each to a temporary file;
    the PDFs are compiled first, in memory. Only when all of them succeeded
    are they renamed into place. A failure leaves every previous file whole,
    and nothing else in ``out_dir`` is touched. ``warn`` receives the French
    warnings of the PDF compilation (a character no font can draw).
    """
    environ = os.environ if environ is None else environ
    asked = _ordered(formats)
    if "pdf" in asked:
        import_typst()  # a missing package is a usage error, before anything else
    if "xlsx" in asked:
        source_date_epoch(environ)  # an invalid SOURCE_DATE_EPOCH, before any work
    env, context, ledger = _prepared(project, as_of, templates_dir, environ)
    templates = []
    for fmt in asked:  # compiled first: a syntax error writes nothing at all
        if fmt not in TEXT_FORMATS:
            continue
        template_name, output = FORMATS[fmt]
        with _template_errors(template_name, templates_dir):
            templates.append((template_name, output, env.get_template(template_name)))
    binaries = (
        _pdfs(project, context, as_of, templates_dir, environ, warn) if "pdf" in asked else {}
    )
    if "xlsx" in asked:
        from tindustrie.render.workbook import OUTPUT, workbook

        binaries[OUTPUT] = workbook(project, ledger, environ)
    created = not out_dir.exists()
    targets = _targets(out_dir, [output for _, output, _ in templates] + list(binaries))
    staged: list[tuple[Path, Path]] = []
    written: list[Path] = []
    try:
        for name, content in binaries.items():
            try:
                staged.append((stage(targets[name], (content,)), targets[name]))
            except OSError as exc:
                raise WriteError(
                    f"impossible d'écrire {targets[name]} : {os_reason(exc)}"
                ) from None
        for template_name, output, template in templates:
            target = targets[output]
            with _template_errors(template_name, templates_dir):
                chunks = (text.encode("utf-8") for text in template.generate(doc=context))
                try:
                    staged.append((stage(target, chunks), target))
                except OSError as exc:
                    raise WriteError(f"impossible d'écrire {target} : {os_reason(exc)}") from None
        for tmp, target in staged:
            try:
                commit(tmp, target)
            except OSError as exc:
                raise WriteError(f"impossible d'écrire {target} : {os_reason(exc)}") from None
            written.append(target)
        return sorted(written)
    finally:
        for tmp, _ in staged:
            discard(tmp)  # what was committed is no longer there: only leftovers go
        if created and not written:
            with suppress(OSError):
                out_dir.rmdir()  # the folder we made for nothing (only if still empty)


def _targets(out_dir: Path, names: Iterable[str]) -> dict[str, Path]:
    """The files to write in ``out_dir`` (created if needed), refusing folders."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            f"impossible de créer le dossier de sortie {out_dir} : {os_reason(exc)}"
        ) from None
    targets = {}
    for name in names:
        target = out_dir / name
        if target.is_dir():
            raise WriteError(f"{target} est un dossier : impossible d'y écrire le document")
        targets[name] = target
    return targets


def write_outputs(outputs: Mapping[str, str], out_dir: Path) -> list[Path]:
    """Write each file atomically (temporary file in the same folder, then rename).

    Only the files named in ``outputs`` are touched: nothing else in ``out_dir``
    is ever deleted. A failure leaves the previous version of a file whole.
    """
    targets = _targets(out_dir, sorted(outputs))
    written = []
    for name, target in targets.items():
        try:
            write_atomic(target, outputs[name].encode("utf-8"))
        except OSError as exc:
            raise WriteError(f"impossible d'écrire {target} : {os_reason(exc)}") from None
        written.append(target)
    return written
