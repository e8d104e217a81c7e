"""`tindustrie export projets-territoire` (and `collectivites`): the national open-data schema."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tindustrie.cli._app import (
    AsOfOption,
    DataOption,
    FollowOption,
    app,
    check_output_file,
    deliver,
    parse_date,
)
from tindustrie.cli._project import load_valid

if TYPE_CHECKING:
    from tindustrie.export.projets import ProjetRow

export_app = typer.Typer(
    help="Exporter les fiches vers le schéma national « Projets de collectivités » "
    "(v0.1.0, schema.data.gouv.fr), lu par Mon Espace Collectivité, Territoires en "
    "Transitions et Recoco.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FICHIER.csv",
        help="Fichier CSV à écrire (par défaut : la sortie standard).",
        show_default=False,
    ),
]
REFUSAL = "l'export n'est fait que sur des données valides : corrigez les erreurs ci-dessus"


def _report(projets: list[ProjetRow], as_of: str) -> None:
    """What was left empty, per fiche, and where the dates come from (stderr)."""
    from tindustrie.wording import enumeration, plural

    incomplete = [p for p in projets if p.missing]
    for projet in incomplete:
        left = "laissé vide" if len(projet.missing) == 1 else "laissés vides"
        sys.stderr.write(f"Fiche {projet.fiche} : {left} : {enumeration(projet.missing)}.\n")
    dated = sum(1 for p in projets if p.dated_by_git)
    if dated == len(projets):
        origin = "dates de création et de mise à jour tirées de l'historique git"
    elif dated:
        origin = (
            f"dates tirées de l'historique git, sauf pour {plural(len(projets) - dated, 'fiche', 'fiches')} "
            f"jamais enregistrées (minuit UTC du {as_of})"
        )
    else:
        origin = f"hors historique git : dates fixées à minuit UTC du {as_of} (--as-of)"
    sys.stderr.write(
        f"{plural(len(projets), 'projet exporté', 'projets exportés')}"
        + (f", dont {len(incomplete)} incomplets (ci-dessus)" if incomplete else "")
        + f" ; {origin}.\n"
    )


@export_app.command("projets-territoire")
def projets_territoire(
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: OutputOption = None,
    follow_symlinks: FollowOption = False,
) -> None:
    """Une ligne par fiche, conforme au schéma « projets-territoire » v0.1.0 (CSV).

    Les champs que la fiche ne fournit pas restent vides et sont listés, fiche par
    fiche, sur la sortie d'erreur. La correspondance champ par champ est dans
    docs/export.md.
    """
    day = parse_date(as_of)
    if output is not None:
        check_output_file(output, "un nom de fichier CSV")
    project = load_valid(data, follow_symlinks, refusal=REFUSAL)
    from tindustrie.export import projets

    rows = projets.rows(project, day, projets.git_dates(project))
    buffer = io.StringIO()
    projets.write_csv(rows, buffer)
    deliver(buffer.getvalue(), output)
    if not project.protocole.territoire.siren:
        sys.stderr.write(
            "Le territoire n'a pas de SIREN (`territoire.siren`) : les identifiants sont "
            "dérivés de son nom, et changeront s'il est renommé.\n"
        )
    _report(rows, day.isoformat())


@export_app.command("collectivites")
def collectivites(
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: OutputOption = None,
    follow_symlinks: FollowOption = False,
) -> None:
    """La collectivité du territoire, conforme au schéma « collectivites » v0.1.0 (CSV).

    C'est la ligne à laquelle renvoie la colonne collectiviteIds de l'export
    projets-territoire.
    """
    day = parse_date(as_of)
    if output is not None:
        check_output_file(output, "un nom de fichier CSV")
    project = load_valid(data, follow_symlinks, refusal=REFUSAL)
    from tindustrie.export import history, projets

    dates = None
    source = project.sources.protocole
    if source is not None and history.in_repository(project.root):
        dates = history.file_dates(source)
    buffer = io.StringIO()
    missing = projets.write_collectivites(project.protocole, dates, day, buffer)
    deliver(buffer.getvalue(), output)
    for what in missing:
        sys.stderr.write(f"Collectivité : laissé vide : {what}.\n")
