"""`tindustrie init DOSSIER`: a new data folder, to complete and then validate."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from tindustrie.cli._app import app, usage_error


def _empty_or_absent(folder: Path) -> None:
    if not (folder.exists() or folder.is_symlink()):
        return
    if not folder.is_dir():
        usage_error(f"« {folder} » existe et n'est pas un dossier", "Choisissez un autre nom.")
    try:
        entries = os.listdir(folder)
    except OSError as exc:
        from tindustrie.oserror import os_reason

        usage_error(f"le dossier « {folder} » est illisible ({os_reason(exc)})")
    if entries:
        usage_error(
            f"le dossier « {folder} » n'est pas vide : init ne remplace rien",
            "Choisissez un nouveau dossier, par exemple `tindustrie init mon-territoire`.",
        )


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(help="Le dossier à créer (absent ou vide).", show_default=False),
    ],
    territoire: Annotated[
        str,
        typer.Option("--territoire", "-t", help="Nom de l'intercommunalité, entre guillemets."),
    ],
    siren: Annotated[
        str | None,
        typer.Option(
            "--siren", help="Numéro SIREN du territoire (9 chiffres).", show_default=False
        ),
    ] = None,
    phase: Annotated[
        int,
        typer.Option("--phase", help="Phase du programme : 1 (2018-2022) ou 2 (2023-2027)."),
    ] = 2,
) -> None:
    """Créer un dossier de données : protocole.yaml commenté, fiches/ et avenants/ vides.

    Les valeurs que seul le territoire connaît sont écrites « À compléter » :
    `tindustrie validate` les signale jusqu'à ce qu'elles soient remplies.
    """
    from tindustrie.errors import WriteError
    from tindustrie.models.vocabulary import PHASE_YEARS
    from tindustrie.oserror import os_reason
    from tindustrie.scaffold import create, protocole_yaml

    name = " ".join(territoire.split())
    if not name:
        usage_error(
            "le nom du territoire est vide",
            'Écrivez par exemple --territoire "Laval Agglomération".',
        )
    if phase not in PHASE_YEARS:
        usage_error(
            f"phase « {phase} » inconnue",
            "Phases du programme : "
            + ", ".join(f"{n} ({years})" for n, years in PHASE_YEARS.items())
            + ".",
        )
    siren = siren.replace(" ", "") if siren is not None else None
    _empty_or_absent(folder)
    try:
        create(folder / "protocole.yaml", protocole_yaml(name, siren, phase))
        for sub in ("fiches", "avenants"):
            (folder / sub).mkdir()
    except OSError as exc:
        raise WriteError(f"impossible de créer {folder} : {os_reason(exc)}") from None
    data = f" --data {folder}" if folder != Path("data") else ""
    sys.stdout.write(
        f"Dossier de données créé : {folder} (protocole.yaml, fiches/, avenants/).\n"
        f"1. Remplacez chaque « À compléter » de {folder / 'protocole.yaml'}.\n"
        f"2. Vérifiez : tindustrie validate{data}\n"
        "3. Ajoutez les fiches :\n"
        f'   tindustrie new fiche{data} --axe 1 --titre "…"\n'
    )
