"""`tindustrie new fiche` and `tindustrie new avenant`: start a file that validates."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tindustrie.cli._app import DataOption, FollowOption, app, check_data_folder, usage_error

if TYPE_CHECKING:
    from tindustrie.project import Project

new_app = typer.Typer(
    help="Créer une fiche ou un avenant : un fichier YAML complet, commenté, déjà valide.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(new_app, name="new")

TitreOption = Annotated[str, typer.Option("--titre", "-t", help="Titre, entre guillemets.")]


def _project(data: Path, follow_symlinks: bool) -> Project:
    """The data folder read leniently: `new` works on a folder still being edited."""
    check_data_folder(data)
    from tindustrie.errors import InvalidData
    from tindustrie.loader import load_project
    from tindustrie.reporters import REPORTERS
    from tindustrie.validation import Report

    loaded = load_project(data, follow_symlinks)
    if loaded.project.protocole is None:
        REPORTERS["text"](sys.stderr, sys.stderr).report(Report(loaded.project, loaded.problems))
        raise InvalidData(
            "le protocole ne peut pas être lu : corrigez protocole.yaml d'abord "
            "(les axes et les partenaires y sont déclarés)"
        )
    return loaded.project


def _title(titre: str) -> str:
    if not titre.strip():
        usage_error("le titre est vide", 'Écrivez par exemple --titre "Mon action".')
    if any("\udc80" <= c <= "\udcff" for c in titre):  # bytes that are not UTF-8
        usage_error(
            "le titre contient des octets qui ne sont pas de l'UTF-8",
            "Écrivez le titre en UTF-8 (réglage du terminal), sans caractère d'échappement.",
        )
    return titre.strip()


def _folder(data: Path, name: str, follow_symlinks: bool) -> Path:
    """``data/name``, unless it is a link leading out of the data folder: what
    `validate` refuses (TI101), `new` does not write into."""
    from tindustrie.errors import InvalidData
    from tindustrie.loader import DiskSource

    refusal = DiskSource(data.resolve(), follow_symlinks).refusal(name)
    if refusal is not None:
        raise InvalidData(
            f"{name}/ n'est pas écrit : {refusal.message}",
            refusal.hint or "Voir docs/limites.md (liens symboliques).",
        )
    return data / name


def _write(path: Path, text: str, what: str, data: Path, feminine: bool) -> None:
    from tindustrie.errors import WriteError
    from tindustrie.oserror import os_reason
    from tindustrie.scaffold import SCHEMA_DIR, create

    try:
        create(path, text)
    except FileExistsError:
        if path.exists() or path.is_symlink():
            raise WriteError(f"{path} existe déjà ; rien n'a été écrit") from None
        raise WriteError(  # the folder itself is a file
            f"impossible d'écrire {path} : {path.parent} n'est pas un dossier"
        ) from None
    except OSError as exc:
        raise WriteError(f"impossible d'écrire {path} : {os_reason(exc)}") from None
    sys.stdout.write(f"{what} créé{'e' if feminine else ''} : {path}\n")
    pronoun = "la" if feminine else "le"
    option = f" --data {data}" if data != Path("data") else ""
    sys.stdout.write(f"Complétez-{pronoun}, puis vérifiez avec `tindustrie validate{option}`.\n")
    schemas = Path(os.path.normpath(data / SCHEMA_DIR))
    if not schemas.is_dir():
        sys.stdout.write(
            f"Pour l'aide à la saisie dans l'éditeur : `tindustrie schema --output {schemas}` "
            "(voir docs/editeur.md).\n"
        )


@new_app.command("fiche")
def new_fiche(
    axe: Annotated[int, typer.Option("--axe", "-a", help="Numéro de l'axe de la fiche.")],
    titre: TitreOption,
    pilote: Annotated[
        str | None,
        typer.Option(
            "--pilote",
            "-p",
            help="Identifiant du partenaire pilote ; par défaut celui du `pilotage` du protocole.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = Path("data"),
    follow_symlinks: FollowOption = False,
) -> None:
    """Créer fiches/<id>-<titre>.yaml avec le prochain numéro libre de l'axe."""
    from tindustrie.scaffold import fiche_yaml, next_fiche_id, slugify

    titre = _title(titre)
    project = _project(data, follow_symlinks)
    assert project.protocole is not None
    proto = project.protocole.model
    axes = sorted(a.numero for a in proto.axes)
    if axe not in axes:
        usage_error(
            f"axe « {axe} » inconnu",
            "Axes du protocole : " + (", ".join(map(str, axes)) or "aucun") + ".",
        )
    partners = [p.id for p in proto.partenaires]
    chosen = pilote if pilote is not None else proto.pilotage
    if chosen is None:
        usage_error(
            "pilote manquant : le protocole n'a pas de `pilotage`",
            "Indiquez-le avec --pilote ID. Partenaires : " + ", ".join(sorted(partners)) + ".",
        )
    if chosen not in partners:
        from tindustrie.wording import closest, did_you_mean

        usage_error(
            f"partenaire « {chosen} » inconnu pour --pilote",
            did_you_mean(chosen, partners, "partenaire")
            if closest(chosen, partners)
            else "Partenaires du protocole : " + (", ".join(sorted(partners)) or "aucun") + ".",
        )
    fiches = _folder(data, "fiches", follow_symlinks)
    ident = next_fiche_id(axe, project.fiche_ids, fiches)
    path = fiches / f"{ident}-{slugify(titre)}.yaml"
    text = fiche_yaml(ident, titre, axe, chosen, proto.themes, partners)
    _write(path, text, f"Fiche {ident}", data, feminine=True)


@new_app.command("avenant")
def new_avenant(
    titre: TitreOption,
    data: DataOption = Path("data"),
    follow_symlinks: FollowOption = False,
) -> None:
    """Créer avenants/avenant-<n>.yaml, le prochain numéro, en projet (sans date de signature)."""
    from tindustrie.scaffold import avenant_yaml, next_avenant_number

    titre = _title(titre)
    project = _project(data, follow_symlinks)
    avenants = _folder(data, "avenants", follow_symlinks)
    numero = next_avenant_number((e.model.numero for e in project.avenants), avenants)
    path = avenants / f"avenant-{numero}.yaml"
    _write(path, avenant_yaml(numero, titre), f"Avenant {numero}", data, feminine=False)
