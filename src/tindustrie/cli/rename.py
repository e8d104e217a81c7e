"""`tindustrie rename partenaire|fiche ANCIEN NOUVEAU`: one identifier, everywhere."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tindustrie.cli._app import DataOption, FollowOption, app, check_data_folder

if TYPE_CHECKING:
    from tindustrie.rename import Kind, Plan

rename_app = typer.Typer(
    help="Renommer un partenaire ou une fiche partout où il est cité, sans rien changer d'autre.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(rename_app, name="rename")

DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        "-n",
        help="Montrer les fichiers et les lignes qui changeraient, sans rien écrire.",
    ),
]


def _run(kind: Kind, old: str, new: str, data: Path, dry_run: bool, follow: bool) -> None:
    check_data_folder(data)
    from tindustrie.cli._project import load_valid_project
    from tindustrie.rename import apply, plan

    project = load_valid_project(
        data,
        follow,
        refusal="les données contiennent des erreurs : corrigez-les avant de renommer",
    )
    renaming = plan(project, kind, old, new)
    _show(renaming, dry_run)
    if not dry_run:
        apply(renaming)


def _show(renaming: Plan, dry_run: bool) -> None:
    out = sys.stdout
    what = "Partenaire" if renaming.kind == "partenaire" else "Fiche"
    files, values = len(renaming.edits), renaming.values
    in_files = f"dans {files} fichier{'s' if files > 1 else ''}"
    if dry_run:
        out.write(
            f"{what} « {renaming.old} » → « {renaming.new} » : {values} "
            f"valeur{'s changeraient' if values > 1 else ' changerait'} {in_files}.\n"
            "Rien n'est écrit (--dry-run).\n"
        )
    else:
        done = "renommée" if renaming.kind == "fiche" else "renommé"
        out.write(
            f"{what} « {renaming.old} » {done} « {renaming.new} » : {values} "
            f"valeur{'s changées' if values > 1 else ' changée'} {in_files}.\n"
        )
    for edit in renaming.edits:
        out.write(f"\n{edit.path}\n")
        width = len(str(edit.changes[-1].line)) if edit.changes else 1
        for change in edit.changes:
            out.write(f"  {change.line:>{width}} avant : {change.before.strip()}\n")
            out.write(f"  {'':>{width}} après : {change.after.strip()}\n")
        if edit.move_to is not None:
            verb = "serait renommé" if dry_run else "renommé"
            out.write(f"  fichier {verb} : {edit.move_to.name}\n")
    if not dry_run:
        out.write("\nVérifiez avec `tindustrie validate`, puis enregistrez dans git.\n")


OldArgument = Annotated[str, typer.Argument(help="L'identifiant actuel.", show_default=False)]
NewArgument = Annotated[str, typer.Argument(help="Le nouvel identifiant.", show_default=False)]


@rename_app.command("partenaire")
def rename_partner(
    old: OldArgument,
    new: NewArgument,
    dry_run: DryRunOption = False,
    data: DataOption = Path("data"),
    follow_symlinks: FollowOption = False,
) -> None:
    """Renommer un partenaire : sa déclaration dans protocole.yaml et chaque renvoi."""
    _run("partenaire", old, new, data, dry_run, follow_symlinks)


@rename_app.command("fiche")
def rename_fiche(
    old: OldArgument,
    new: NewArgument,
    dry_run: DryRunOption = False,
    data: DataOption = Path("data"),
    follow_symlinks: FollowOption = False,
) -> None:
    """Renommer une fiche (même axe) : son id, les avenants qui la citent, et son fichier
    quand son nom commence par l'id."""
    _run("fiche", old, new, data, dry_run, follow_symlinks)
