"""`tindustrie show`: a fiche with its history, an avenant with its changes, a partner."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from conftest import Run
from everyday_support import AS_OF, DATA, run
from tindustrie.ledger import changes, histories
from tindustrie.validation import check_folder
from tindustrie.wording import closest

D = ("--data", str(DATA))
NBSP, NNBSP = "\u00a0", "\u202f"


def euros(text: str) -> str:
    return text.replace(" ", NNBSP) + NBSP + "€"


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # sentences on one line, to search them


def test_fiche_in_full_with_history(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "1.2", *D, "--as-of", AS_OF)
    assert code == 0
    assert out.startswith("Fiche 1.2 — May'Usinage")
    assert "Pilote : UIMM Mayenne (uimm-mayenne)" in out
    assert "Axe : 1 — Répondre aux besoins de recrutement" in out  # not « Axe : 1 : »
    assert f"avenant 1 (signé le 15 mars 2022) : {euros('100 000')}" in out
    assert f"avenant 2 (signé le 8 novembre 2022) : {euros('150 000')} ← en vigueur" in out
    assert f"Engagé : {euros('370 000')}" in out
    assert f"Reste à engager : {euros('80 000')}" in out


def test_fiche_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "1.2", *D, "--as-of", AS_OF, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["id"], doc["status"], doc["pilot"], doc["axis"]) == (
        "1.2",
        "en_cours",
        "uimm-mayenne",
        1,
    )
    assert (doc["committed"], doc["remaining"]) == ("370000.00", "80000.00")
    line = next(
        ln
        for ln in doc["lines"]
        if (ln["financeur"], ln["nature"]) == ("region-pdl", "investissement")
    )
    assert line["committed"] == "150000.00"
    assert [(h["avenant"], h["amount"], h["in_force"]) for h in line["history"]] == [
        (1, "100000.00", False),
        (2, "150000.00", True),
    ]


def test_fiche_history_marks_drafts_and_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "fiche", "2.2", *D, "--as-of", "2022-06-01")
    assert code == 0
    assert "avenant 3 (projet)" in out
    assert "signé le 8 novembre 2022, après cette date" in out
    assert "← en vigueur" not in out  # avenant 2 not signed yet on that day
    # the pending money comes from avenant 2 (signed later) and the draft avenant 3
    pending = "En attente (projets d'avenant et avenants signés après cette date)"
    assert f"{pending} : {euros('1 500 000')}" in out


@pytest.mark.parametrize("words", [("avenant", "2"), ("avenant-2",), ("avenant", "avenant-2")])
def test_avenant_changes(capsys: pytest.CaptureFixture[str], words: tuple[str, ...]) -> None:
    code, out, _ = run(capsys, "show", *words, *D)
    assert code == 0
    assert out.startswith("Avenant n° 2 : nouvelles actions")  # the number is not repeated
    assert "8 novembre 2022" in out
    assert re.search(f"{euros('600 000')} +{euros('450 000')} +\u2212{euros('150 000')}", out)
    assert re.search(f"Total +{euros('2 610 000')} +\\+{euros('1 740 000')}", out)
    code, out, _ = run(capsys, "show", *words, *D, "--format", "json")
    doc = json.loads(out)
    assert doc["totals"] == {"amount": "2610000.00", "delta": "1740000.00"}
    ended = next(c for c in doc["changes"] if c["change"] == "fin")
    assert (ended["fiche"], ended["previous"], ended["amount"], ended["replaces"]) == (
        "1.2",
        "20000.00",
        "0.00",
        1,
    )


def test_draft_avenant(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "avenant", "3", *D)
    assert code == 0
    assert "projet, non signé" in out and "changerait" in out


def test_partner(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "etat", *D, "--as-of", AS_OF)
    assert code == 0
    assert out.startswith("Partenaire etat — État")
    assert "Total" in out and euros("850 000") in out
    code, out2, _ = run(capsys, "show", "partenaire", "etat", *D, "--as-of", AS_OF)
    assert out2 == out
    code, out, _ = run(capsys, "show", "etat", *D, "--as-of", AS_OF, "--format", "json")
    assert json.loads(out)["totals"]["committed"] == "850000.00"


@pytest.mark.parametrize(
    ("words", "message", "suggestion"),
    [
        (("1.9",), "fiche « 1.9 » introuvable", "1.1"),
        (("fiche", "2.7"), "fiche « 2.7 » introuvable", "2.1"),
        (("avenant", "9"), "avenant « 9 » introuvable", "1"),
        (("lavl-agglo",), "identifiant « lavl-agglo » introuvable", "laval-agglo"),
        (("partenaire", "regoin-pdl"), "partenaire « regoin-pdl » introuvable", "region-pdl"),
    ],
)
def test_unknown_id_suggests_nearest(
    capsys: pytest.CaptureFixture[str], words: tuple[str, ...], message: str, suggestion: str
) -> None:
    code, out, err = run(capsys, "show", *words, *D)
    assert code == 1 and out == ""
    assert message in err
    assert "Vouliez-vous dire" in err and suggestion in err


@pytest.mark.parametrize("words", [("machin", "1"), ("1.2", "1.3", "1.4"), ()])
def test_usage_errors(capsys: pytest.CaptureFixture[str], words: tuple[str, ...]) -> None:
    code, _, err = run(capsys, "show", *words, *D)
    assert code == 2 and "Traceback" not in err


def test_changes_previous_amounts() -> None:
    project = check_folder(DATA).valid_project()
    assert project is not None
    history = histories(project.avenants)
    second, third = project.avenants[1], project.avenants[2]
    by_key = {(c.fiche, c.financeur, c.nature): c for c in changes(second, history)}
    ended = by_key[("1.2", "laval-agglo", "fonctionnement")]
    assert (ended.previous, ended.amount, ended.replaces) == (20000, 0, 1)
    assert by_key[("1.2", "etat", "investissement")].replaces is None
    draft = {(c.fiche, c.financeur): c for c in changes(third, history)}
    assert draft[("2.2", "region-pdl")].previous == 300000


def test_closest() -> None:
    assert set(closest("1.9", ["1.1", "2.1", "1.2"])) == {"1.1", "1.2"}
    assert closest("zzz", ["a", "b", "c", "d"]) == ()


@pytest.mark.parametrize("as_of", ["2022-10-13", "2022-10-14", "2023-02-01", "2026-01-01"])
def test_fiche_follow_up_is_what_the_yaml_records_up_to_the_date(
    as_of: str, cli: Callable[..., Run]
) -> None:
    """`show 1.2 --format json`: payments, measures and status decisions dated on or
    before the date, and paid / to pay, against the YAML read here directly."""
    from datetime import date
    from decimal import Decimal

    import yaml

    day = date.fromisoformat(as_of)
    written = yaml.safe_load(next(DATA.glob("fiches/1.2-*.yaml")).read_text("utf-8"))
    code, out, err = cli("show", "1.2", "--format", "json", "--data", str(DATA), "--as-of", as_of)
    assert code == 0, err
    shown = json.loads(out)
    payments = sorted(
        (v for v in written["versements"] if v["date"] <= day), key=lambda v: v["date"]
    )
    assert [(p["date"], Decimal(p["paid"])) for p in shown["payments"]] == [
        (v["date"].isoformat(), Decimal(str(v["montant"]))) for v in payments
    ]
    paid = sum((Decimal(str(v["montant"])) for v in payments), Decimal(0))
    assert Decimal(shown["paid"]) == paid
    assert Decimal(shown["to_pay"]) == Decimal(shown["committed"]) - paid
    assert sum((Decimal(ln["paid"]) for ln in shown["lines"]), Decimal(0)) == paid
    measures = [
        (i["libelle"], m["date"].isoformat(), str(m["valeur"]))
        for i in written["indicateurs"]
        for m in i.get("mesures") or []
        if m["date"] <= day
    ]
    assert [(m["indicator"], m["date"], m["value"]) for m in shown["measures"]] == measures
    decisions = [
        (h["date"].isoformat(), h["statut"]) for h in written["historique"] if h["date"] <= day
    ]
    assert [(d["date"], d["status"]) for d in shown["status_history"]] == decisions
    assert shown["status"] == (decisions[-1][1] if decisions else "a_preciser")
