"""French messages for the usage errors that click detects itself."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from typing import Any

import typer

from tindustrie.cli._typer import click_exceptions

__all__ = ["ABORTS", "EXITS", "click_exceptions", "french_usage_error"]

#: The exceptions that carry an exit code or an abort, in this version of typer.
EXITS: tuple[type[BaseException], ...] = tuple(
    {typer.Exit, getattr(click_exceptions, "Exit", typer.Exit)}
)
ABORTS: tuple[type[BaseException], ...] = tuple(
    {typer.Abort, getattr(click_exceptions, "Abort", typer.Abort)}
)


def french_usage_error(exc: Any, args: Sequence[str] = ()) -> str:
    """The French message of a usage error click detected; ``args`` is the command line
    (without the program's name), to show the command written the right way."""
    command = exc.ctx.command_path if exc.ctx is not None else "tindustrie"
    if type(exc).__name__ == "NoArgsIsHelpError":
        return str(exc.format_message()).rstrip() + "\n"
    if "requires an argument" in exc.message:
        option = getattr(exc, "option_name", None) or exc.message.split("'")[1]
        return f"Erreur : une valeur est attendue après {option}\nAide : {command} --help\n"
    if isinstance(exc, click_exceptions.NoSuchOption):
        moved = _option_after_command(exc, list(args))
        if moved is not None:
            return moved
        message = f"option inconnue : {exc.option_name}"
        if exc.possibilities:
            message += "\nVouliez-vous dire " + " ou ".join(sorted(exc.possibilities)) + " ?"
    elif isinstance(exc, click_exceptions.MissingParameter):
        message = f"paramètre obligatoire manquant : {_name(exc)}"
    elif isinstance(exc, click_exceptions.BadParameter):
        message = f"valeur invalide pour {_name(exc)} : {_why(exc)}"
    elif isinstance(exc, click_exceptions.BadOptionUsage):
        if "does not take a value" in exc.message:
            message = f"l'option {exc.option_name} ne prend pas de valeur"
        else:
            message = f"option mal utilisée : {exc.option_name}"
    elif exc.message.startswith("Missing command"):
        message = "commande manquante"
    elif exc.message.startswith("No such command"):
        name = exc.message.split("'")[1] if "'" in exc.message else exc.message
        message = f"commande inconnue : {name}"
    elif exc.message.startswith("Got unexpected extra argument"):
        extra = exc.message[exc.message.rfind(" (") + 2 : exc.message.rfind(")")]
        message = f"argument en trop : {extra}"
    else:
        message = exc.message
    return f"Erreur : {message}\nAide : {command} --help\n"


def _option_after_command(exc: Any, args: list[str]) -> str | None:
    """``tindustrie --data d validate``: the option belongs to the command, after it."""
    ctx = exc.ctx
    if ctx is None or ctx.parent is not None or not args:
        return None
    group = ctx.command
    option = str(exc.option_name).split("=", 1)[0]
    for start, word in enumerate(args):
        command = group.get_command(ctx, word) if not word.startswith("-") else None
        if command is None:
            continue
        end = start + 1
        while end < len(args) and hasattr(command, "get_command"):  # `new fiche`
            sub = command.get_command(ctx, args[end])
            if sub is None:
                break
            command, end = sub, end + 1
        if option not in _options(command):
            return None
        words = [*args[start:end], *args[:start], *args[end:]]
        fixed = " ".join(shlex.quote(w) for w in ["tindustrie", *words])
        return f"Erreur : l'option {option} se place après la commande\nÉcrivez : {fixed}\n"
    return None


def _options(command: Any) -> set[str]:
    return {name for param in command.params for name in getattr(param, "opts", ())}


def _name(exc: Any) -> str:
    """How the user wrote the parameter: ``--axe`` for an option, ``ID`` for an argument."""
    param = exc.param
    if param is None:
        hint = exc.param_hint
        return " / ".join(map(str, hint)) if isinstance(hint, (list, tuple)) else str(hint or "")
    if getattr(param, "param_type_name", "") == "option":
        opts = list(param.opts)
        return next((o for o in opts if o.startswith("--")), opts[0] if opts else str(param.name))
    return str(param.metavar or str(param.name).upper())


_NOT_A = re.compile(r"'(?P<value>.*)' is not a valid (?P<kind>integer|float)")


def _why(exc: Any) -> str:
    """Why a value was refused, in French (click and pydantic say it in English)."""
    kind, value = "", None
    said = f"{exc.message} {exc.__cause__ or ''}"
    for english, french in (
        ("is not readable", "droit de lecture"),
        ("is not writable", "droit d'écriture"),
    ):
        if english in said:
            return f"permission refusée : {french} manquant"
    errors = getattr(exc.__cause__, "errors", None)
    if callable(errors):
        first = (errors() or [{}])[0]
        kind, value = str(first.get("type", "")), first.get("input")
    else:
        match = _NOT_A.match(str(exc.message))
        if match:
            kind, value = match["kind"], match["value"]
    shown = f"« {value} »" if isinstance(value, str) else "la valeur"
    if kind.startswith("int"):
        return f"{shown} n'est pas un nombre entier (par exemple 1)"
    if kind.startswith("float"):
        return f"{shown} n'est pas un nombre (par exemple 1.5)"
    return f"{shown} ne convient pas"
