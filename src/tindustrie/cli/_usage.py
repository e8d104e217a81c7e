"""French messages for the usage errors that click detects itself."""

from __future__ import annotations

from typing import Any

try:  # typer >= 0.22 ships its own copy of click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer on top of click
    from click import exceptions as click_exceptions  # type: ignore[no-redef, import-not-found, unused-ignore]

import typer

__all__ = ["ABORTS", "EXITS", "click_exceptions", "french_usage_error"]

#: The exceptions that carry an exit code or an abort, in this version of typer.
EXITS: tuple[type[BaseException], ...] = tuple(
    {typer.Exit, getattr(click_exceptions, "Exit", typer.Exit)}
)
ABORTS: tuple[type[BaseException], ...] = tuple(
    {typer.Abort, getattr(click_exceptions, "Abort", typer.Abort)}
)


def french_usage_error(exc: Any) -> str:
    command = exc.ctx.command_path if exc.ctx is not None else "tindustrie"
    if type(exc).__name__ == "NoArgsIsHelpError":
        return str(exc.format_message()).rstrip() + "\n"
    if "requires an argument" in exc.message:
        option = getattr(exc, "option_name", None) or exc.message.split("'")[1]
        return f"Erreur : une valeur est attendue après {option}\nAide : {command} --help\n"
    if isinstance(exc, click_exceptions.NoSuchOption):
        message = f"option inconnue : {exc.option_name}"
        if exc.possibilities:
            message += "\nVouliez-vous dire " + " ou ".join(sorted(exc.possibilities)) + " ?"
    elif isinstance(exc, click_exceptions.MissingParameter):
        name = exc.param_hint or (exc.param.name if exc.param is not None else "")
        message = f"paramètre obligatoire manquant : {_hint(name)}"
    elif isinstance(exc, click_exceptions.BadParameter):
        name = exc.param_hint or (exc.param.name if exc.param is not None else "")
        message = f"valeur invalide pour {_hint(name)} : {exc.message}"
    elif isinstance(exc, click_exceptions.BadOptionUsage):
        message = f"option mal utilisée : {exc.option_name} ({exc.message})"
    elif exc.message.startswith("No such command"):
        name = exc.message.split("'")[1] if "'" in exc.message else exc.message
        message = f"commande inconnue : {name}"
    elif exc.message.startswith("Got unexpected extra argument"):
        extra = exc.message[exc.message.rfind(" (") + 2 : exc.message.rfind(")")]
        message = f"argument en trop : {extra}"
    else:
        message = exc.message
    return f"Erreur : {message}\nAide : {command} --help\n"


def _hint(name: object) -> str:
    if isinstance(name, (list, tuple)):
        return " / ".join(str(n) for n in name)
    return str(name)
