"""`tindustrie financing`: planned, committed and pending money on a date."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from tindustrie.cli._app import (
    AsOfOption,
    DataOption,
    FollowOption,
    app,
    check_choice,
    parse_date,
)
from tindustrie.cli._project import load_valid

if TYPE_CHECKING:
    from tindustrie.ledger import GroupBy, Ledger, Summary

FORMATS = ("table", "md", "csv", "json")
GROUPINGS = ("axe", "fiche", "financeur", "nature")


@app.command()
def financing(
    data: DataOption = Path("data"),
    by: Annotated[
        str,
        typer.Option(
            "--by",
            "-b",
            metavar="GROUPE",
            help="Regrouper par axe, fiche, financeur ou nature.",
        ),
    ] = "axe",
    as_of: AsOfOption = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Format : table (terminal), md (Markdown), csv (tableur), json.",
        ),
    ] = "table",
    follow_symlinks: FollowOption = False,
) -> None:
    """Montants prévus, engagés (avenants signés) et en attente, à une date donnée."""
    check_choice(by, GROUPINGS, "--by")
    check_choice(format, FORMATS, "--format")
    day = parse_date(as_of, "--as-of")
    project = load_valid(
        data,
        follow_symlinks,
        refusal="le tableau de financement n'est calculé que sur des données valides : corrigez "
        "les erreurs ci-dessus",
        mention_warnings=True,
    )
    from tindustrie import financing_views as views
    from tindustrie import ledger

    book = ledger.build(project.fiches, project.avenants, day)
    summary = ledger.summarize(book, cast("GroupBy", by), project.protocole)
    if format == "json":
        sys.stdout.write(views.to_json(book, summary))
    elif format == "csv":
        sys.stdout.write(views.to_csv(summary))
    elif format == "md":
        sys.stdout.write(views.to_markdown(book, summary))
    else:
        _print_table(book, summary)


def _print_table(book: Ledger, summary: Summary) -> None:
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tindustrie import financing_views as views

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    body, total = views.cells(summary)
    rows = [*body, total]
    longest = max(cell_len(line[0]) for line in rows)
    for i, header in enumerate(views.headers(summary.by)):
        if i == 0:
            table.add_column(header, overflow="fold", min_width=min(longest, 14))
        else:
            # two short header lines keep the amounts narrow on an 80-column terminal
            table.add_column(header.replace(" ", "\n", 1), justify="right", no_wrap=True)
    for line in body:
        table.add_row(*(Text(cell) for cell in line))  # Text: no markup in titles
    table.add_section()
    table.add_row(*(Text(cell) for cell in total), style="bold")
    console = Console(file=sys.stdout, highlight=False)
    if console.is_terminal:
        # never squeeze an amount: a narrow terminal wraps the lines instead
        heads = views.headers(summary.by)
        amounts = sum(
            max(cell_len(text) for text in [*heads[i].split(" ", 1), *(r[i] for r in rows)]) + 3
            for i in range(1, len(heads))
        )
        width = max(console.width, amounts + min(longest, 14) + 3)
    else:
        # a file or a pipe: the whole table, unwrapped, whatever the width
        width = max(Console(width=10_000).measure(table).maximum, 80)
    console = Console(file=sys.stdout, highlight=False, width=width)
    console.print(views.state_line(book), markup=False)
    console.print(views.pending_line(book), markup=False)
    console.print(table)
    for note in views.notes(book):
        console.print(note, markup=False)
