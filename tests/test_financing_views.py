"""The financing view in every format: escaping, empty cells, exact amounts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

from tindustrie import formats, ledger
from tindustrie.models import Avenant, Fiche
from tindustrie.views import financing as view
from tindustrie.views.document import Document

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


def document(by: str, day: date = date(2022, 3, 1), fiche: Fiche = FICHE) -> Document:
    book = ledger.build([fiche], [AVENANT], day)
    return view.document(book, by, None)


def written(doc: Document, name: str) -> str:
    out = io.StringIO()
    formats.write(doc, name, out)
    return out.getvalue()


def test_markdown_escapes_pipes_and_line_breaks() -> None:
    text = written(document("fiche"), "md")
    row = next(line for line in text.splitlines() if line.startswith("| 1.1"))
    assert row.startswith("| 1.1 | Étude \\| phase 1 et suite | 1\u202f000,50\u00a0€ |")
    assert "| a\\|b | — | " in written(document("financeur"), "md")


def test_negative_amounts_and_cents() -> None:
    doc = document("fiche")
    text = written(doc, "table")
    assert "1\u202f234,56\u00a0€" in text
    # the fiche has no cost left to commit: committed above cost (TI601 refuses such data)
    data = json.loads(written(doc, "json"))
    assert data["totals"] == {
        "cost": "1000.50",
        "planned": "1000.50",
        "committed": "1234.56",
        "pending": "0.00",
        "remaining": "-234.06",
        "paid": "0.00",
        "to_pay": "1234.56",
    }
    assert "\u2212234,06\u00a0€" in text  # a true minus sign for people


def test_json_and_csv_leave_cost_empty_for_financers_and_natures() -> None:
    for by in ("financeur", "nature"):
        doc = document(by)
        data = json.loads(written(doc, "json"))
        assert all(r["cost"] is None and r["remaining"] is None for r in data["rows"])
        assert data["totals"]["cost"] == "1000.50"
        rows = list(csv.DictReader(io.StringIO(written(doc, "csv"), newline="")))
        assert all(r["cost"] == "" and r["remaining"] == "" for r in rows[:-1])
        assert rows[-1]["label"] == "Total" and rows[-1]["remaining"] == "-234.06"


def test_state_lines() -> None:
    book = ledger.build([FICHE], [AVENANT], date(2022, 2, 28))
    assert view.state_line(book) == "État au 28 février 2022 : aucun avenant signé à cette date."
    assert view.pending_line(book) == (
        "En attente : avenant n° 1 (signé le 1er mars 2022, après cette date)."
    )
    book = ledger.build([FICHE], [AVENANT], date(2022, 3, 1))
    assert view.state_line(book) == "État au 1er mars 2022, avenants signés jusqu'au n° 1."
    assert view.pending_line(book) == "En attente : aucun avenant."


def test_markdown_turns_no_title_into_markup() -> None:
    fiche = FICHE.model_copy(update={"titre": "<b>*Gras*</b> _souligné_ [lien](x)"})
    text = written(document("fiche", fiche=fiche), "md")
    row = next(line for line in text.splitlines() if line.startswith("| 1.1"))
    assert "\\<b\\>\\*Gras\\*\\</b\\> \\_souligné\\_ \\[lien\\](x)" in row
