"""`tindustrie consolidate`: many territories added up, for a Région or any financer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tindustrie.cli._app import (
    AsOfOption,
    FollowOption,
    app,
    check_choice,
    check_output_file,
    check_output_folder,
    deliver,
    parse_date,
    usage_error,
)

if TYPE_CHECKING:
    from tindustrie.consolidation import Consolidation

#: Text formats (the shared registry), then the two that write files.
TEXT_FORMATS = ("table", "md", "json", "csv")
FORMATS = (*TEXT_FORMATS, "xlsx", "html")
#: Where `--format html` writes when `--output` is not given.
HTML_DEFAULT = Path("site-region")


@app.command()
def consolidate(
    folders: Annotated[
        list[Path],
        typer.Argument(
            metavar="DOSSIER",
            help="Dossiers de données, ou dossiers qui en contiennent (reconnus à leur "
            "protocole.yaml).",
            show_default=False,
        ),
    ],
    by: Annotated[
        str,
        typer.Option(
            "--by",
            "-b",
            metavar="GROUPE",
            help="Regrouper par territoire, financeur, axe-theme (thème national) ou nature.",
        ),
    ] = "territoire",
    as_of: AsOfOption = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (terminal), md, json, csv, xlsx (classeur, avec --output) ou html "
            "(page autonome dans le dossier --output, site-region par défaut).",
        ),
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="CHEMIN",
            help="Fichier à écrire (dossier pour html) ; par défaut la sortie standard.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Territoires lus en parallèle (par défaut : le nombre de cœurs). Le résultat "
            "est le même, octet pour octet, quel que soit N.",
            show_default=False,
        ),
    ] = None,
    render_territories: Annotated[
        bool,
        typer.Option(
            "--render-territories",
            help="Avec --format html : publier aussi le protocole de chaque territoire valide "
            "et le lier depuis la page.",
        ),
    ] = False,
    follow_symlinks: FollowOption = False,
) -> None:
    """Additionner plusieurs territoires : par territoire, financeur (par SIREN), thème, nature.

    Un territoire dont les données ont une erreur est listé, avec ses problèmes, et
    laissé hors de toutes les sommes.
    """
    from tindustrie.models import ConsolidateBy

    check_choice(by, ConsolidateBy.keys(), "--by")
    check_choice(format, FORMATS, "--format")
    day = parse_date(as_of)
    if jobs is not None and jobs < 1:
        usage_error(f"--jobs {jobs} : il faut au moins 1", "Par exemple --jobs 2.")
    if render_territories and format != "html":
        usage_error("--render-territories ne sert qu'avec --format html")
    if format == "html":
        output = check_output_folder(output or HTML_DEFAULT)
    elif output is not None:
        check_output_file(output)
    elif format == "xlsx" and sys.stdout.isatty():
        usage_error(
            "un classeur ne s'affiche pas dans le terminal", "Ajoutez --output FICHIER.xlsx."
        )

    from tindustrie import consolidation

    found = consolidation.discover(folders)
    after = None
    links: dict[str, str] = {}
    if render_territories:
        from tindustrie.render.consolidation import territory_links, territory_renderer

        assert output is not None
        links = territory_links(found)
        after = territory_renderer(output, links)
    result = consolidation.consolidate(
        found, day, jobs or consolidation.default_jobs(), follow_symlinks, after
    )
    _say_left_out(result)
    if format == "html":
        assert output is not None
        from tindustrie.render.consolidation import write_page

        for path in write_page(result, ConsolidateBy.of(by), output):
            sys.stderr.write(f"Écrit : {path}\n")
        return
    from tindustrie.views import consolidation as view

    document = view.document(result, by)
    if format == "xlsx":
        from tindustrie.formats import xlsx

        deliver(xlsx.workbook(document, day), output)
        return
    import io

    from tindustrie import formats

    buffer = io.StringIO() if output is not None else sys.stdout
    formats.write(document, format, buffer)
    if output is not None:
        assert isinstance(buffer, io.StringIO)
        deliver(buffer.getvalue().encode("utf-8"), output)


def _say_left_out(result: Consolidation) -> None:
    """On stderr too: a territory left out must not go unnoticed in a pipe."""
    from tindustrie.wording import plural

    left = result.left_out
    if left:
        sys.stderr.write(
            f"{plural(len(left), 'territoire laissé', 'territoires laissés')} de côté "
            "(données invalides) : " + ", ".join(t.folder for t in left) + ".\n"
        )
