"""`tindustrie financing`: planned, committed, pending and paid money on a date, as a document.

Cost and « reste à engager » only mean something for a fiche or an axis: a
financer or a nature does not have a cost of its own. Their rows show ``—``
(table, Markdown), an empty cell (CSV) or ``null`` (JSON); the totals always
carry the cost and the remaining amount of the whole protocol.

The sentences (state on the date, what is pending, abandoned fiches) are shared
with the rendered documents.
"""

from __future__ import annotations

from typing import Any

from tindustrie.ledger import Amounts, Ledger, Summary
from tindustrie.models import GroupBy, Protocole, Statut
from tindustrie.money import euros, plain
from tindustrie.views.document import Column, Data, Document, Named, Prose, Table, columns
from tindustrie.wording import enumeration

#: The marker of a row that holds an abandoned fiche still carrying money in force.
ABANDONED_MARK = "†"
TOTAL_LABEL = "Total"
ABANDONED = Statut.ABANDONNEE.label


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
    """Which avenants the pending column counts: drafts, and those signed after the date."""
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
            f"{ABANDONED_MARK} La fiche {fiche.id} « {fiche.titre} » est {ABANDONED} mais garde "
            f"{euros(committed)} d'engagements en vigueur, jusqu'à ce qu'un avenant y mette fin "
            "(montant 0)."
        )
    return lines


def abandoned_sentence(ids: list[str]) -> str:
    """« la fiche 2.2 est … », « les fiches 2.2 et 3.2 sont …s » (the status, agreed)."""
    if len(ids) == 1:
        return f"la fiche {ids[0]} est {ABANDONED} mais garde des engagements en vigueur"
    return (
        f"les fiches {enumeration(ids)} sont {ABANDONED}s mais gardent des engagements en vigueur"
    )


def _amounts(amounts: Amounts, has_cost: bool) -> tuple[Any, ...]:
    return (
        amounts.cost if has_cost else None,
        amounts.planned,
        amounts.committed,
        amounts.pending,
        amounts.remaining if has_cost else None,
        amounts.paid,
        amounts.to_pay,
    )


AMOUNT_KEYS = ("cost", "planned", "committed", "pending", "remaining", "paid", "to_pay")


def table(summary: Summary) -> Table:
    """One row per group, then the total; the abandoned marker in people's label."""
    by = GroupBy.of(summary.by)
    rows = []
    for row in summary.rows:
        # people read the label marked; machines read it as written, and `abandoned`
        label: Any = (
            Named(row.label, f"{row.label} {ABANDONED_MARK}") if row.abandoned else row.label
        )
        rows.append((row.key, label, *_amounts(row.amounts, row.has_cost), row.abandoned))
    total = (None, TOTAL_LABEL, *_amounts(summary.totals, True), False)
    group = Column("label", by.label)
    hidden = {"abandoned"} if by == GroupBy.FICHE else {"key", "abandoned"}
    return Table(
        "rows",
        (*columns("key"), group, *columns(*AMOUNT_KEYS, "abandoned")),
        tuple(rows),
        total=total,
        lead=2 if by == GroupBy.FICHE else 1,
        hidden=frozenset(hidden),
    )


def document(ledger: Ledger, by: GroupBy | str, protocole: Protocole | None) -> Document:
    """The financing table on the ledger's date, grouped ``by``."""
    summary = ledger.summary(by, protocole)
    extra = notes(ledger)
    return Document(
        (
            Data("as_of", ledger.as_of),
            Data("by", summary.by),
            Prose(state_line(ledger)),
            Prose(pending_line(ledger)),
            table(summary),
            Data("lines", [_line(ln) for ln in ledger.lines]),
            Data("last_signed_avenant", ledger.last_signed),
            Data("pending_avenants", [a.numero for a in ledger.pending_avenants]),
            Data(
                "abandoned_fiches",
                [
                    {
                        "fiche": f.id,
                        "label": f.titre,
                        "committed": ledger.fiche_amounts(f).committed,
                    }
                    for f in ledger.abandoned_with_commitments()
                ],
            ),
            Data("notes", extra),
            *(Prose(note) for note in extra),
        ),
        kind="financing",
    )


def _line(line: Any) -> dict[str, str]:
    return {
        "fiche": line.fiche,
        "financeur": line.financeur,
        "nature": line.nature,
        "planned": plain(line.planned),
        "committed": plain(line.committed),
        "pending": plain(line.pending),
        "paid": plain(line.paid),
        "to_pay": plain(line.to_pay),
    }
