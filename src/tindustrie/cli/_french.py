"""French help screens: typer and click only speak English.

click and typer word their help screens through ``gettext`` and a few fixed
strings. We translate those few strings, in this process only: the headings,
``[default: …]``, ``[required]``, the usage line and the help texts of the
options they add themselves (``--help``, shell completion).
"""

from __future__ import annotations

from typing import Any

_TRANSLATIONS = {
    "Options": "Options",
    "Commands": "Commandes",
    "Arguments": "Arguments",
    "[default: {}]": "[défaut : {}]",
    "[required]": "[obligatoire]",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "[env var: {}]": "[variable d'environnement : {}]",
    "(deprecated) ": "(obsolète) ",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Install completion for the current shell.": "Installer la complétion pour le shell courant.",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Afficher le script de complétion du shell courant, pour le copier ou l'adapter."
    ),
    "Install completion for the specified shell.": "Installer la complétion pour ce shell.",
    "Show completion for the specified shell, to copy it or customize the installation.": (
        "Afficher le script de complétion de ce shell, pour le copier ou l'adapter."
    ),
}


def translate(text: str) -> str:
    return _TRANSLATIONS.get(text, text)


def install() -> None:
    """Translate typer's and click's help screens (idempotent)."""
    import typer.core

    try:
        from typer._click import core as click_core
        from typer._click import formatting
    except ImportError:  # pragma: no cover - older typer on top of click
        return
    if getattr(formatting.HelpFormatter, "_tindustrie_fr", False):
        return
    typer.core._ = translate  # type: ignore[attr-defined,assignment,unused-ignore]
    write_usage = formatting.HelpFormatter.write_usage

    def french_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "Utilisation : " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = french_usage  # type: ignore[method-assign]
    get_params = click_core.Command.get_params

    def french_params(self: Any, ctx: Any) -> Any:
        params = get_params(self, ctx)
        for param in params:
            help_text = getattr(param, "help", None)
            if isinstance(help_text, str):
                param.help = translate(help_text)  # type: ignore[attr-defined]
        return params

    click_core.Command.get_params = french_params  # type: ignore[method-assign]
    formatting.HelpFormatter._tindustrie_fr = True  # type: ignore[attr-defined]
