"""`financing --format json`: « versé » (paid) and « reste à verser » (to_pay) against
sums computed here, independently, from the YAML files of data/ (read with yaml, not
with tindustrie), before a payment, on its date and after it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import run_cli

DATA = Path(__file__).resolve().parent.parent / "data"
Triple = tuple[str, str, str]


def _load(folder: str) -> list[dict[str, Any]]:
    return [
        yaml.load(p.read_text("utf-8"), Loader=yaml.BaseLoader)  # every scalar as written
        for p in sorted((DATA / folder).glob("*.yaml"))
    ]


FICHES = _load("fiches")
AVENANTS = _load("avenants")


def paid_on(day: date) -> dict[Triple, Decimal]:
    """The payments dated on or before ``day``, summed by (fiche, financeur, nature)."""
    out: dict[Triple, Decimal] = {}
    for fiche in FICHES:
        for payment in fiche.get("versements") or []:
            if date.fromisoformat(payment["date"]) <= day:
                key = (fiche["id"], payment["financeur"], payment["nature"])
                out[key] = out.get(key, Decimal(0)) + Decimal(payment["montant"])
    return out


def committed_on(day: date) -> dict[Triple, Decimal]:
    """For each triple, the amount of the highest-numbered avenant signed by ``day``."""
    signed = sorted(
        (int(a["numero"]), a)
        for a in AVENANTS
        if a.get("date_signature") and date.fromisoformat(a["date_signature"]) <= day
    )
    out: dict[Triple, Decimal] = {}
    for _, avenant in signed:
        for e in avenant.get("engagements") or []:
            out[(e["fiche"], e["financeur"], e["nature"])] = Decimal(e["montant"])
    return out


def payment_dates() -> list[date]:
    return sorted(
        {date.fromisoformat(p["date"]) for f in FICHES for p in f.get("versements") or []}
    )


def days() -> list[date]:
    """Around each payment: the day before, the day itself, the day after."""
    around = {d + timedelta(n) for d in payment_dates() for n in (-1, 0, 1)}
    return sorted(around)


def financing(day: date, by: str = "fiche") -> dict[str, Any]:
    code, out, err = run_cli(
        ["financing", "--data", str(DATA), "--format", "json", "--by", by, "--as-of", str(day)]
    )
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def test_the_example_has_payments_to_check() -> None:
    assert len(payment_dates()) >= 5  # payments on several dates
    later = date(2030, 1, 1)
    committed = committed_on(later)
    partial = [k for k, v in paid_on(later).items() if 0 < v < committed[k]]
    assert partial  # one of them (at least) is partial


@pytest.mark.parametrize("day", days(), ids=str)
def test_paid_and_to_pay_match_the_yaml(day: date) -> None:
    paid = paid_on(day)
    committed = committed_on(day)
    document = financing(day)

    # lines: one per triple
    for line in document["lines"]:
        key = (line["fiche"], line["financeur"], line["nature"])
        want_paid = paid.get(key, Decimal(0))
        assert line["paid"] == money(want_paid), key
        assert line["to_pay"] == money(committed.get(key, Decimal(0)) - want_paid), key
    assert {k for k, v in paid.items() if v} <= {
        (ln["fiche"], ln["financeur"], ln["nature"]) for ln in document["lines"]
    }

    # rows by fiche
    for row in document["rows"]:
        fiche_paid = sum((v for k, v in paid.items() if k[0] == row["key"]), Decimal(0))
        fiche_committed = sum((v for k, v in committed.items() if k[0] == row["key"]), Decimal(0))
        assert row["paid"] == money(fiche_paid), row["key"]
        assert row["to_pay"] == money(fiche_committed - fiche_paid), row["key"]

    # totals, and the same totals whatever the grouping
    total_paid = sum(paid.values(), Decimal(0))
    total_committed = sum(committed.values(), Decimal(0))
    assert document["totals"]["paid"] == money(total_paid)
    assert document["totals"]["to_pay"] == money(total_committed - total_paid)
    for by in ("axe", "financeur", "nature") if day in payment_dates() else ():
        totals = financing(day, by)["totals"]
        assert (totals["paid"], totals["to_pay"]) == (
            money(total_paid),
            money(total_committed - total_paid),
        )


def test_a_payment_counts_from_its_date_on() -> None:
    """The 400 000 € Laval Agglomération paid to 2.1 on 2022-12-15 (data/ATTENDU.md)."""
    day = date(2022, 12, 15)

    def line(at: date) -> dict[str, str]:
        (found,) = (
            ln
            for ln in financing(at)["lines"]
            if (ln["fiche"], ln["financeur"], ln["nature"])
            == ("2.1", "laval-agglo", "investissement")
        )
        return found

    assert line(day - timedelta(1))["paid"] == "0.00"
    assert line(day)["paid"] == "400000.00"
    assert line(day)["to_pay"] == "800000.00"
    assert line(day + timedelta(1))["paid"] == "400000.00"
