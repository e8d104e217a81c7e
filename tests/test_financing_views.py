"""The text views of the ledger: escaping, empty cells, exact amounts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

from tindustrie import financing_views as views
from tindustrie import ledger
from tindustrie.models import Avenant, Fiche

FICHE = Fiche.model_validate(
    {
        "id": "1.1",
        "titre": "Étude | phase 1\net suite",
        "axe": 1,
        "pilote": "agglo",
        "cout_previsionnel": Decimal("1000.5"),
        "plan_financement": [
            {"financeur": "a|b", "montant": Decimal("1000.5"), "nature": "investissement"}
        ],
    }
)
AVENANT = Avenant.model_validate(
    {
        "numero": 1,
        "titre": "Avenant 1",
        "date_signature": date(2022, 3, 1),
        "engagements": [
            {
                "fiche": "1.1",
                "financeur": "a|b",
                "montant": Decimal("1234.56"),
                "nature": "investissement",
            }
        ],
    }
)


def summary(
    by: ledger.GroupBy, day: date = date(2022, 3, 1)
) -> tuple[ledger.Ledger, ledger.Summary]:
    book = ledger.build([FICHE], [AVENANT], day)
    return book, ledger.summarize(book, by)


def test_markdown_escapes_pipes_and_line_breaks() -> None:
    book, fiches = summary("fiche")
    text = views.to_markdown(book, fiches)
    row = next(line for line in text.splitlines() if line.startswith("| 1.1"))
    assert row.startswith("| 1.1 Étude \\| phase 1 et suite | 1\u202f000,50\u00a0€ |")
    assert row.count(" | ") == 5
    _, funders = summary("financeur")
    assert "| a\\|b | — | " in views.to_markdown(book, funders)


def test_negative_amounts_and_cents() -> None:
    book, fiches = summary("fiche")
    body, total = views.cells(fiches)
    assert body[0][3] == "1\u202f234,56\u00a0€"
    assert total[5] == "-234,06\u00a0€"
    data = json.loads(views.to_json(book, fiches))
    assert data["totals"] == {
        "cost": "1000.50",
        "planned": "1000.50",
        "committed": "1234.56",
        "pending": "0.00",
        "remaining": "-234.06",
    }


def test_json_and_csv_leave_cost_empty_for_financers_and_natures() -> None:
    for by in ("financeur", "nature"):
        book, s = summary(by)  # type: ignore[arg-type]
        data = json.loads(views.to_json(book, s))
        assert all(r["cost"] is None and r["remaining"] is None for r in data["rows"])
        assert data["totals"]["cost"] == "1000.50"
        rows = list(csv.DictReader(io.StringIO(views.to_csv(s), newline="")))
        assert all(r["cost"] == "" and r["remaining"] == "" for r in rows[:-1])
        assert rows[-1]["label"] == "Total" and rows[-1]["remaining"] == "-234.06"


def test_state_lines() -> None:
    book, _ = summary("axe", date(2022, 2, 28))
    assert views.state_line(book) == "État au 28 février 2022 : aucun avenant signé à cette date."
    assert views.pending_line(book) == (
        "En attente : avenant n° 1 (signé le 1er mars 2022, après cette date)."
    )
    book, _ = summary("axe")
    assert views.state_line(book) == "État au 1er mars 2022, avenants signés jusqu'au n° 1."
    assert views.pending_line(book) == "En attente : aucun avenant."


def test_markdown_turns_no_title_into_markup() -> None:
    fiche = FICHE.model_copy(update={"titre": "<b>*Gras*</b> _souligné_ [lien](x)"})
    book = ledger.build([fiche], [AVENANT], date(2022, 3, 1))
    text = views.to_markdown(book, ledger.summarize(book, "fiche"))
    row = next(line for line in text.splitlines() if line.startswith("| 1.1"))
    assert "\\<b\\>\\*Gras\\*\\</b\\> \\_souligné\\_ \\[lien\\](x)" in row
