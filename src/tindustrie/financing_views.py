"""The financing table as text: French lines, Markdown, CSV and JSON.

Plain functions from a :class:`~tindustrie.ledger.Ledger` and its
:class:`~tindustrie.ledger.Summary` to strings, shared by ``tindustrie
financing`` and by whatever renders documents. The rich table lives in
``cli/financing.py``: it only lays out :func:`cells`.

Cost and remaining only mean something for a fiche or an axis: a financer or a
nature does not have a cost of its own. Their rows show ``—`` (table,
Markdown), an empty cell (CSV) or ``null`` (JSON); the totals always carry the
cost and the remaining amount of the whole protocol.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from tindustrie.ledger import Amounts, GroupBy, Ledger, Row, Summary
from tindustrie.money import euros, plain

#: The marker of a row that holds an abandoned fiche still carrying money in force.
ABANDONED_MARK = "†"
NO_VALUE = "—"
_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x85\u2028\u2029]+[ \t]*")
TOTAL_LABEL = "Total"
GROUP_HEADERS: dict[str, str] = {
    "axe": "Axe",
    "fiche": "Fiche",
    "financeur": "Financeur",
    "nature": "Nature",
}
AMOUNT_HEADERS = ("Coût", "Prévu", "Engagé", "En attente", "Reste à financer")
#: Keys of the JSON rows and CSV columns, in order.
FIELDS = ("key", "label", "cost", "planned", "committed", "pending", "remaining")


def _day(ledger: Ledger) -> str:
    from tindustrie.formatting import long_date

    return long_date(ledger.as_of)


def state_line(ledger: Ledger) -> str:
    """``État au 1er juin 2022, avenants signés jusqu'au n° 1.``"""
    head = f"État au {_day(ledger)}"
    if ledger.last_signed is None:
        return f"{head} : aucun avenant signé à cette date."
    return f"{head}, avenants signés jusqu'au n° {ledger.last_signed}."


def pending_line(ledger: Ledger) -> str:
    """Which avenants the pending column counts (drafts, and those signed later)."""
    from tindustrie.formatting import long_date

    parts = []
    for avenant in ledger.pending_avenants:
        if avenant.date_signature is None:
            parts.append(f"projet d'avenant n° {avenant.numero} (non signé)")
        else:
            parts.append(
                f"avenant n° {avenant.numero} (signé le {long_date(avenant.date_signature)}, "
                "après cette date)"
            )
    if not parts:
        return "En attente : aucun avenant."
    return "En attente : " + " ; ".join(parts) + "."


def notes(ledger: Ledger) -> list[str]:
    """One line per abandoned fiche that keeps commitments in force."""
    lines = []
    for fiche in ledger.abandoned_with_commitments():
        committed = ledger.fiche_amounts(fiche).committed
        lines.append(
            f"{ABANDONED_MARK} La fiche {fiche.id} « {fiche.titre} » est abandonnée mais garde "
            f"{euros(committed)} d'engagements en vigueur, jusqu'à ce qu'un avenant y mette fin "
            "(montant 0)."
        )
    return lines


def row_label(row: Row, by: GroupBy) -> str:
    """The label a person reads: ``1.2 Titre`` for a fiche, the label otherwise."""
    label = f"{row.key} {row.label}" if by == "fiche" else row.label
    return _one_line(label)


def _amount_cells(amounts: Amounts, has_cost: bool) -> list[str]:
    cost = euros(amounts.cost) if has_cost else NO_VALUE
    remaining = euros(amounts.remaining) if has_cost else NO_VALUE
    return [
        cost,
        euros(amounts.planned),
        euros(amounts.committed),
        euros(amounts.pending),
        remaining,
    ]


def headers(by: GroupBy) -> list[str]:
    return [GROUP_HEADERS[by], *AMOUNT_HEADERS]


def cells(summary: Summary) -> tuple[list[list[str]], list[str]]:
    """The body rows and the total row, as French text (amounts by :func:`.money.euros`)."""
    body = []
    for row in summary.rows:
        label = row_label(row, summary.by)
        if row.abandoned:
            label += f" {ABANDONED_MARK}"
        body.append([label, *_amount_cells(row.amounts, row.has_cost)])
    total = [TOTAL_LABEL, *_amount_cells(summary.totals, True)]
    return body, total


def _one_line(text: str) -> str:
    """Line breaks become spaces; the non-breaking spaces of amounts stay."""
    return _BREAKS.sub(" ", text).strip()


def _md_cell(text: str) -> str:
    from tindustrie.markdown import escape

    return escape(text)


def to_markdown(ledger: Ledger, summary: Summary) -> str:
    """A GitHub-flavoured Markdown table, with the state line before and notes after."""
    body, total = cells(summary)
    out = [state_line(ledger), "", pending_line(ledger), ""]
    out.append("| " + " | ".join(headers(summary.by)) + " |")
    out.append("|" + ":---|" + "---:|" * len(AMOUNT_HEADERS))
    for line in body:
        out.append("| " + " | ".join(_md_cell(c) for c in line) + " |")
    out.append("| " + " | ".join(f"**{_md_cell(c)}**" for c in total) + " |")
    extra = notes(ledger)
    if extra:
        from tindustrie.markdown import escape

        out += ["", *(escape(note) for note in extra)]
    return "\n".join(out) + "\n"


def _row_values(amounts: Amounts, has_cost: bool) -> dict[str, str | None]:
    return {
        "cost": plain(amounts.cost) if has_cost else None,
        "planned": plain(amounts.planned),
        "committed": plain(amounts.committed),
        "pending": plain(amounts.pending),
        "remaining": plain(amounts.remaining) if has_cost else None,
    }


def to_csv(summary: Summary) -> str:
    """RFC 4180: one header row (the JSON keys), one row per group, then the total.

    The total row has an empty ``key`` and the label ``Total``; ``abandoned`` is
    ``true`` or ``false``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*FIELDS, "abandoned"])
    for row in summary.rows:
        values = _row_values(row.amounts, row.has_cost)
        writer.writerow(
            [
                row.key,
                row.label,
                *(values[k] or "" for k in FIELDS[2:]),
                "true" if row.abandoned else "false",
            ]
        )
    totals = _row_values(summary.totals, True)
    writer.writerow(["", TOTAL_LABEL, *(totals[k] or "" for k in FIELDS[2:]), "false"])
    return buffer.getvalue()


def to_dict(ledger: Ledger, summary: Summary) -> dict[str, Any]:
    """The JSON document (see ``docs/financement.md``)."""
    rows = []
    for row in summary.rows:
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                **_row_values(row.amounts, row.has_cost),
                "abandoned": row.abandoned,
            }
        )
    return {
        "as_of": ledger.as_of.isoformat(),
        "by": summary.by,
        "rows": rows,
        "totals": _row_values(summary.totals, True),
        # one entry per (fiche, financeur, nature), in ledger order: what `diff` reads
        # from a baseline (docs/financement.md)
        "lines": [
            {
                "fiche": line.fiche,
                "financeur": line.financeur,
                "nature": line.nature,
                "planned": plain(line.planned),
                "committed": plain(line.committed),
                "pending": plain(line.pending),
            }
            for line in ledger.lines
        ],
        "last_signed_avenant": ledger.last_signed,
        "pending_avenants": [a.numero for a in ledger.pending_avenants],
        "abandoned_fiches": [
            {
                "fiche": f.id,
                "label": f.titre,
                "committed": plain(ledger.fiche_amounts(f).committed),
            }
            for f in ledger.abandoned_with_commitments()
        ],
        "notes": notes(ledger),
    }


def to_json(ledger: Ledger, summary: Summary) -> str:
    return json.dumps(to_dict(ledger, summary), ensure_ascii=False, indent=2) + "\n"
