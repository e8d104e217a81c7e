"""French help screens, through click's public extension points.

typer and click write their help screens in English. Rather than patching
their modules, :func:`french_command` takes the click command that
``typer.main.get_command`` builds and, for it and every sub-command:

- gives it a context whose ``formatter_class`` is :class:`FrenchFormatter`, a
  ``HelpFormatter`` that writes the usage line, the headings and the
  ``[default: …]`` notes in French (click documents both hooks);
- names every value the same way everywhere (:data:`METAVARS`: ``<chemin>``,
  ``<date>``… rather than ``PATH`` or ``<str>``);
- gives it a summary that is its help's first sentence, whole: click would cut
  it to fit the width of the command list.

Nothing of typer's or click's private modules is used here; the names relied
upon are checked by ``tests/test_french_help.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

#: The value each option or argument takes, by parameter name (``command.name`` where
#: one command differs): the same word for the same thing in every command.
METAVARS: dict[str, str] = {
    "data": "<chemin>",
    "as_of": "<date>",
    "format": "<format>",
    "by": "<groupe>",
    "axe": "<n>",
    "pilote": "<id>",
    "financeur": "<id>",
    "statut": "<statut>",
    "output": "<dossier>",
    "diff.output": "<fichier>",  # `command.param`: where a command differs
    "suivi.output": "<fichier>",
    "base_data": "<chemin>",
    "templates": "<dossier>",
    "titre": "<titre>",
    "territoire": "<nom>",
    "siren": "<siren>",
    "phase": "<n>",
    # arguments, in capitals as in the usage line: `tindustrie init DOSSIER`
    "kind": "QUOI",
    "words": "ID",
    "folder": "DOSSIER",
    "old": "ANCIEN",
    "new": "NOUVEAU",
    "shell": "SHELL",
}
#: The value of an option missing from :data:`METAVARS`, by click's type name.
_BY_TYPE = {"integer": "<n>", "path": "<chemin>", "float": "<nombre>"}
_DEFAULT_METAVAR = "<texte>"

#: What click and typer write in English on a help screen, in French.
SENTENCES = {
    "Show this message and exit.": "Afficher cette aide et quitter.",
}
_HEADINGS = {"Options": "Options", "Arguments": "Arguments", "Commands": "Commandes"}
_USAGE = (
    ("[OPTIONS]", "[options]"),
    ("COMMAND [ARGS]...", "COMMANDE [ARGUMENTS]..."),
)
#: The notes click and typer add after a help text: ``[default: data; required]``.
_NOTES = re.compile(r"\\?\[((?:default|required|env var|deprecated)[^\[\]]*)\]$")
_NOTE_WORDS = (
    ("default: ", "défaut\u00a0:\u00a0"),
    ("env var: ", "variable d'environnement\u00a0: "),
    ("required", "obligatoire"),
    ("deprecated", "obsolète"),
)
#: The type typer shows after an argument's name (``kind <str>``).
_ARGUMENT_TYPE = re.compile(r" <[^<>]*>$")


def _notes(text: str) -> str:
    def french(match: re.Match[str]) -> str:
        parts = []
        for part in match.group(1).split("; "):
            for english, translated in _NOTE_WORDS:
                part = part.replace(english, translated)
            parts.append(part)
        return "[" + " ; ".join(parts) + "]"

    return _NOTES.sub(french, text.rstrip())


def translate(text: str) -> str:
    """A help text of click's or typer's in French (the others are left as they are)."""
    text = _notes(text)
    for english, french in SENTENCES.items():
        text = text.replace(english, french)
    return text


@cache
def _formatter_class(base: type[Any]) -> type[Any]:
    class FrenchFormatter(base):  # type: ignore[misc]
        """click's help formatter, writing French."""

        section_name = ""

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            for english, french in _USAGE:
                args = args.replace(english, french)
            super().write_usage(prog, args, "Utilisation : " if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            self.section_name = heading
            indent = " " * self.current_indent
            self.write(f"{indent}{_HEADINGS.get(heading, heading)}\u00a0:\n")

        def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
            arguments = self.section_name == "Arguments"
            french = [
                (_ARGUMENT_TYPE.sub("", term) if arguments else term, translate(text))
                for term, text in rows
            ]
            super().write_dl(french, *args, **kwargs)

    return FrenchFormatter


@cache
def _context_class(base: type[Any]) -> type[Any]:
    return type(
        "FrenchContext", (base,), {"formatter_class": _formatter_class(base.formatter_class)}
    )


def first_sentence(text: str) -> str:
    """The first sentence of a help text (up to its first full stop), whole."""
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end < 0 else flat[: end + 1]


def _metavar(param: Any, command: str) -> str | None:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    known = METAVARS.get(f"{command}.{param.name}") or METAVARS.get(param.name or "")
    if known is not None:
        return known
    if getattr(param, "param_type_name", "") == "argument":
        return str(param.name).upper()
    return _BY_TYPE.get(getattr(getattr(param, "type", None), "name", ""), _DEFAULT_METAVAR)


def localize(command: Any) -> Any:
    """``command`` and its sub-commands, with French help screens and the completion
    of their values (in place)."""
    from tindustrie.cli._complete import attach

    command.context_class = _context_class(command.context_class)
    for param in command.params:
        attach(param)
        metavar = _metavar(param, command.name or "")
        if metavar is not None:
            param.metavar = metavar
        if isinstance(getattr(param, "help", None), str):
            param.help = translate(param.help)
    if not command.short_help and command.help:
        command.short_help = first_sentence(command.help)
    for sub in getattr(command, "commands", {}).values():
        localize(sub)
    return command


def french_command(app: typer.Typer) -> Any:
    """The click command of ``app``, in French."""
    from tindustrie.cli._typer import get_command

    return localize(get_command(app))
