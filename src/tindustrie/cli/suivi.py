"""`tindustrie suivi`: the comité de pilotage's dashboard on a date."""

from __future__ import annotations

from pathlib import Path

from tindustrie.cli._app import (
    AsOfOption,
    DataOption,
    FollowOption,
    FormatOption,
    OutputFileOption,
    app,
    check_choice,
    check_output_file,
    deliver,
    parse_date,
)
from tindustrie.cli._project import load_valid
from tindustrie.formats import LISTING


@app.command()
def suivi(
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    format: FormatOption = "table",
    output: OutputFileOption = None,
    follow_symlinks: FollowOption = False,
) -> None:
    """Tableau de bord du comité de pilotage à une date : alertes, statut, calendrier,
    engagé, versé et reste à verser de chaque fiche, résultats des indicateurs."""
    fmt = check_choice(format, LISTING, "--format")
    day = parse_date(as_of, "--as-of")
    if output is not None:
        check_output_file(output)
    project = load_valid(
        data,
        follow_symlinks,
        refusal="le tableau de bord n'est calculé que sur des données valides : corrigez "
        "les erreurs ci-dessus",
        mention_warnings=True,
    )
    import io
    import sys

    from tindustrie import formats
    from tindustrie.ledger import build
    from tindustrie.views import suivi as view

    ledger = build(project.fiches, project.avenants, day)
    document = view.document(view.suivi_view(project, ledger, day))
    if output is None:
        formats.write(document, fmt, sys.stdout)
        return
    buffer = io.StringIO()
    formats.write(document, fmt, buffer)
    deliver(buffer.getvalue(), output)
