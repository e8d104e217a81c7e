"""The jinja2 environment: a ``--templates`` folder first, then the built-in templates.

jinja2 is imported inside :func:`environment`: importing this module costs
nothing. Undefined names are errors (``StrictUndefined``); only ``*.html.j2``
templates are autoescaped (Markdown is escaped by the ``md`` filter). Every
printed text first goes through :func:`tindustrie.formats.escape.page_text` (the
terminal escaper, line breaks and tabs kept): control characters (``\\x00``,
``\\x7f``, C1 ``\\x85``, ``\\x9b``), format characters and noncharacters
(``\\ufffe``, ``\\U0001fffe``) that YAML double-quoted escapes let into the data
are written visibly, so a page stays valid HTML (docs/limites.md).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tindustrie.formats.escape import page_text
from tindustrie.render.errors import RenderError
from tindustrie.render.filters import FILTERS

if TYPE_CHECKING:
    import jinja2


def builtin_templates() -> Path:
    """The templates shipped in the wheel, else those of the source checkout."""
    from importlib.resources import files

    packaged = files("tindustrie") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The jinja2 environment: override folder first, then the built-in templates.

    Without an override folder, one environment serves the whole process: jinja2
    compiles each template once (a fifth of a second for the built-in ones) and
    checks its file's date at each use, so an edited template is read again.
    """
    if templates_dir is None:
        return _builtin_environment()
    return _environment(templates_dir)


@cache
def _builtin_environment() -> jinja2.Environment:
    return _environment(None)


def _environment(templates_dir: Path | None) -> jinja2.Environment:
    import jinja2

    if templates_dir is not None and not templates_dir.is_dir():
        raise RenderError(
            f"dossier de gabarits introuvable : {templates_dir}\n"
            "`--templates` attend un dossier qui contient des gabarits *.j2 à substituer."
        )
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2",), default_for_string=False, default=False
        ),
        keep_trailing_newline=True,
        finalize=_visible,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update({name: function for name, (function, _) in FILTERS.items()})
    return env


def _visible(value: object) -> object:
    """A printed text with its invisible and forbidden characters shown visibly."""
    import markupsafe

    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(page_text(str(value)))
    return page_text(value) if isinstance(value, str) else value
