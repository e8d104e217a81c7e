"""What shell completion offers for each value: fixed lists, and identifiers read
from the data folder.

Completion runs at every press of the Tab key: it reads only what it offers
(the partners and axes of ``protocole.yaml``, the ``id:`` line of each fiche,
the ``numero:`` line of each avenant), never the whole folder, and never
complains: a folder it cannot read offers nothing. It reads regular files only:
not a pipe (it would wait), not a symbolic link (it may lead out of the folder).

:func:`attach` gives each parameter of a command its completion, by parameter
name (the names of :data:`tindustrie.cli._french.METAVARS`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from types import MethodType
from typing import Any

#: Largest file read for completion (a real file is a few Kio).
_MAX_BYTES = 256 * 1024
_FICHE_ID = re.compile(r"^id:[ \t]*([\"']?)([^\"'\s#]+)\1[ \t]*(?:#.*)?$", re.MULTILINE)
_AVENANT_NUMBER = re.compile(r"^numero:[ \t]*([\"']?)([0-9]+)\1[ \t]*(?:#.*)?$", re.MULTILINE)
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
#: What `show` takes before an identifier.
SHOW_KINDS = ("fiche", "avenant", "partenaire")

Values = list[tuple[str, str]]  # (value, help shown by zsh and fish)


def _head(path: Path) -> str:
    """The start of a regular file of the folder; nothing for anything else (a pipe
    would block, a symbolic link may lead out of the data folder)."""
    try:
        if path.is_symlink() or not path.is_file():
            return ""
        with path.open("rb") as handle:
            return handle.read(_MAX_BYTES).decode("utf-8-sig", "replace")
    except OSError:
        return ""


def _files(folder: Path) -> list[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / n for n in names if n.lower().endswith((".yaml", ".yml"))]


def _protocol(data: Path) -> dict[str, Any]:
    from tindustrie.yamlio import parse

    for name in ("protocole.yaml", "protocole.yml"):
        text = _head(data / name)
        if text:
            parsed = parse(text, name, positions=False).data
            return parsed if isinstance(parsed, dict) else {}
    return {}


def partners(data: Path) -> Values:
    found = _protocol(data).get("partenaires")
    return [
        (str(p["id"]), str(p.get("nom") or ""))
        for p in (found if isinstance(found, list) else [])
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    ]


def axes(data: Path) -> Values:
    found = _protocol(data).get("axes")
    return [
        (str(a["numero"]), str(a.get("titre") or ""))
        for a in (found if isinstance(found, list) else [])
        if isinstance(a, dict) and isinstance(a.get("numero"), str)
    ]


def fiches(data: Path) -> Values:
    from tindustrie.models.fields import natural_key

    ids = {m.group(2) for f in _files(data / "fiches") if (m := _FICHE_ID.search(_head(f)))}
    return [(i, "fiche") for i in sorted(ids, key=natural_key)]


def avenants(data: Path) -> Values:
    numbers = {
        int(m.group(2))
        for f in _files(data / "avenants")
        if (m := _AVENANT_NUMBER.search(_head(f)))
    }
    return [(str(n), "avenant") for n in sorted(numbers)]


def _data(ctx: Any) -> Path:
    while ctx is not None:
        value = ctx.params.get("data")
        if value is not None:
            return Path(value)
        ctx = ctx.parent
    return Path("data")


def _fixed(values: Iterable[str]) -> Callable[[Any, Any], Values]:
    listed = [(v, "") for v in values]
    return lambda ctx, param: listed


def _terms(vocabulary: str) -> Callable[[Any, Any], Values]:
    """The keys of a closed list of :mod:`tindustrie.models.vocabulary`, with their labels
    (imported when completing only: the models cost start-up time)."""

    def offer(ctx: Any, param: Any) -> Values:
        from tindustrie.models import vocabulary as words

        return [(m.value, m.label) for m in getattr(words, vocabulary)]

    return offer


def _formats(ctx: Any, param: Any) -> Values:
    """The ``FORMATS`` (or ``FORMAT_CHOICES``) of the module that defines the command,
    else the formats of every listing (:func:`tindustrie.formats.choices`)."""
    callback = getattr(ctx.command, "callback", None)
    if callback is None:
        return []
    module = import_module(callback.__module__)
    choices = getattr(module, "FORMATS", None) or getattr(module, "FORMAT_CHOICES", None)
    if choices is None:
        from tindustrie import formats

        return [(name, formats.FORMATTERS[name][1]) for name in formats.choices()]
    return [(str(c), "") for c in choices]


def _show_words(ctx: Any, param: Any) -> Values:
    data = _data(ctx)
    typed = [str(w) for w in (ctx.params.get(param.name) or ())]
    last = typed[-1] if typed else ""
    if last == "avenant":
        return avenants(data)
    if last == "partenaire":
        return partners(data)
    if last == "fiche":
        return fiches(data)
    if typed:
        return []
    return fiches(data) + [(k, "") for k in SHOW_KINDS] + partners(data)


def _renamed(ctx: Any, param: Any) -> Values:
    """``rename partenaire`` and ``rename fiche`` take the current identifier first."""
    if param.name != "old":
        return []
    data = _data(ctx)
    return partners(data) if ctx.info_name == "partenaire" else fiches(data)


def _list_kinds(ctx: Any, param: Any) -> Values:
    from tindustrie.views.selection import KINDS

    return [(k, "") for k in KINDS]


#: The completion of each parameter, by name.
COMPLETIONS: dict[str, Callable[[Any, Any], Values]] = {
    "format": _formats,
    "by": _terms("GroupBy"),
    "statut": _terms("Statut"),
    "kind": _list_kinds,
    "shell": _fixed(SHELLS),
    "pilote": lambda ctx, param: partners(_data(ctx)),
    "financeur": lambda ctx, param: partners(_data(ctx)),
    "axe": lambda ctx, param: axes(_data(ctx)),
    "words": _show_words,
    "old": _renamed,
    "phase": _fixed(("1", "2")),
}


def _complete(
    param: Any, offer: Callable[[Any, Any], Values], ctx: Any, incomplete: str
) -> list[Any]:
    from tindustrie.cli._typer import CompletionItem as item

    try:
        values = offer(ctx, param)
    except Exception:  # completion never shows a traceback in the middle of a command line
        return []
    return [
        item(value, help=text or None) for value, text in values if value.startswith(incomplete)
    ]


def attach(param: Any) -> None:
    """Give ``param`` the completion of its name, if it has one."""
    offer = COMPLETIONS.get(param.name or "")
    if offer is not None:
        param.shell_complete = MethodType(
            lambda self, ctx, incomplete: _complete(self, offer, ctx, incomplete), param
        )


#: The variable through which the shell asks for completions (see `tindustrie completion`).
COMPLETE_VAR = "_TINDUSTRIE_COMPLETE"


def prepare() -> None:
    """Register typer's shell scripts when the shell asks for completions (typer does
    it only when it adds its own ``--install-completion``, which we replace)."""
    if os.environ.get(COMPLETE_VAR):
        from tindustrie.cli._typer import completion_init

        completion_init()
