"""The typer application and what every command shares."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from tindustrie import __version__, formats

if TYPE_CHECKING:
    from tindustrie.views.document import Document


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tindustrie {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="tindustrie",
    help="Tenir le contrat d'un Territoire d'industrie en YAML : valider, suivre les "
    "financements, publier.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,  # `tindustrie completion`: French, and the shell named
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Afficher la version et quitter.",
        ),
    ] = False,
) -> None:
    """Tenir le contrat d'un Territoire d'industrie en YAML."""


DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        "-d",
        metavar="CHEMIN",
        help="Dossier de données (protocole.yaml, fiches/, avenants/).",
        show_default=True,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="AAAA-MM-JJ",
        help="Date de l'état présenté : seuls les avenants signés à cette date sont engagés "
        "(par défaut aujourd'hui).",
        show_default=False,
    ),
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Format de sortie : " + formats.help_text() + ".",
    ),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FICHIER",
        help="Fichier à écrire ; par défaut la sortie standard.",
        show_default=False,
    ),
]
FollowOption = Annotated[
    bool,
    typer.Option(
        "--follow-symlinks",
        help="Suivre les liens symboliques qui sortent du dossier de données.",
    ),
]


def usage_error(message: str, hint: str = "") -> NoReturn:
    from tindustrie.cli._usage import click_exceptions

    text = message + (f"\n{hint}" if hint else "")
    raise click_exceptions.UsageError(text)


def check_data_folder(data: Path) -> Path:
    if not data.exists():
        usage_error(
            f"dossier de données introuvable : {data}",
            "Lancez la commande depuis le dossier qui contient `data/`, ou indiquez-le "
            "avec `--data CHEMIN`.",
        )
    if not data.is_dir():
        usage_error(f"« {data} » n'est pas un dossier", "`--data` attend un dossier.")
    import os

    missing = [
        what
        for right, what in ((os.R_OK, "droit de lecture"), (os.X_OK, "droit de traversée"))
        if not os.access(data, right)
    ]
    if missing:
        usage_error(
            f"dossier de données « {data} » illisible (permission refusée : "
            f"{' et '.join(missing)} manquant)",
            "Donnez les droits de lecture et de traversée du dossier (chmod u+rx) ou lancez "
            "la commande avec un compte qui les a.",
        )
    return data


def check_output_folder(output: Path, option: str = "--output") -> Path:
    """A folder to write into: refused when it, or the nearest parent that exists,
    is not a folder, or cannot be written to (the folders missing are created)."""
    import os

    for folder in (output, *output.parents):
        if not (folder.exists() or folder.is_symlink()):
            continue
        if not folder.is_dir():
            usage_error(f"« {folder} » n'est pas un dossier", f"`{option}` attend un dossier.")
        if not os.access(folder, os.W_OK | os.X_OK):
            usage_error(
                f"le dossier « {folder} » n'est pas accessible en écriture",
                f"Choisissez un autre dossier avec `{option}`.",
            )
        break
    return output


def check_output_file(output: Path, what: str = "un nom de fichier") -> Path:
    """A file to write: refused when it is a folder or its folder does not exist."""
    if output.is_dir():
        usage_error(f"« {output} » est un dossier", f"`--output` attend {what}.")
    if not output.parent.is_dir():
        usage_error(
            f"le dossier « {output.parent} » n'existe pas",
            "Créez-le d'abord, ou choisissez un autre chemin avec `--output`.",
        )
    return output


def deliver(data: str | bytes, output: Path | None) -> None:
    """On standard output, or written whole to ``output`` (atomically: a reader never
    sees half a file) and said on stderr; a write that fails is a :class:`WriteError`."""
    import sys

    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        if isinstance(data, str):
            sys.stdout.write(data)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(raw)
        return
    from tindustrie.errors import WriteError
    from tindustrie.oserror import os_reason
    from tindustrie.output import write_atomic

    try:
        write_atomic(output, raw)
    except OSError as exc:
        raise WriteError(f"impossible d'écrire {output} : {os_reason(exc)}") from None
    sys.stderr.write(f"Écrit : {output}\n")


def check_choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        usage_error(
            f"valeur « {value} » invalide pour {option}",
            "Valeurs possibles : " + ", ".join(allowed) + ".",
        )
    return value


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str | None, option: str = "--as-of") -> date:
    """A date option: ``AAAA-MM-JJ``, or ``today``/``aujourdhui``; default today."""
    if value is None or value.lower() in ("today", "aujourdhui", "aujourd'hui"):
        from tindustrie.clock import today

        return today()
    try:
        if not _ISO_DAY.fullmatch(value):  # not `2022-W22-3`, `20220601`: only AAAA-MM-JJ
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        usage_error(
            f"date « {value} » invalide pour {option}",
            "Écrivez une date qui existe, au format AAAA-MM-JJ, par exemple 2022-06-01.",
        )


def emit(document: Document, format: str) -> None:
    """Write ``document`` on standard output in ``format`` (a registry name)."""
    import sys

    formats.write(document, format, sys.stdout)
