"""`tindustrie completion`: the shell completion script, shown or installed."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from tindustrie.cli._app import app, check_choice, usage_error
from tindustrie.cli._complete import COMPLETE_VAR, SHELLS


def _shell_of_environment() -> str:
    """The user's shell, from ``$SHELL`` (not from the process that started us:
    a test runner or a script run by ``sh`` is not the shell the user types in)."""
    name = Path(os.environ.get("SHELL", "")).name
    if name not in SHELLS:
        usage_error(
            "shell inconnu" + (f" : « {name} »" if name else " ($SHELL est vide)"),
            "Nommez-le : tindustrie completion bash (ou zsh, fish, powershell).",
        )
    return name


@app.command()
def completion(
    shell: Annotated[
        str | None,
        typer.Argument(
            help="bash, zsh, fish ou powershell ; par défaut le shell de $SHELL.",
            show_default=False,
        ),
    ] = None,
    install: Annotated[
        bool,
        typer.Option(
            "--install",
            help="Installer la complétion dans les fichiers de démarrage du shell, au lieu "
            "d'afficher le script.",
        ),
    ] = False,
) -> None:
    """Compléter les commandes, options et identifiants avec la touche Tab.

    Sans --install, affiche le script de complétion du shell, à copier où vous
    voulez ; avec --install, l'installe pour les prochains terminaux.
    """
    from tindustrie.cli import _typer

    chosen = _shell_of_environment() if shell is None else check_choice(shell, SHELLS, "le shell")
    _typer.completion_init()
    if not install:
        script = _typer.get_completion_script(
            prog_name="tindustrie", complete_var=COMPLETE_VAR, shell=chosen
        )
        sys.stdout.write(script.rstrip("\n") + "\n")
        return
    try:
        _, path = _typer.install(shell=chosen, prog_name="tindustrie", complete_var=COMPLETE_VAR)
    except OSError as exc:
        from tindustrie.errors import WriteError
        from tindustrie.oserror import os_reason

        raise WriteError(f"impossible d'installer la complétion : {os_reason(exc)}") from None
    sys.stdout.write(
        f"Complétion {chosen} installée : {path}\n"
        "Elle fonctionnera dans les terminaux ouverts à partir de maintenant.\n"
    )
