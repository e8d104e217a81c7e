"""`tindustrie diff` on a git repository built from data/, one commit per kind of change.

The expected figures come from `financing --format json` and `validate --format json`
run on each revision, exported from git into its own folder: never from `diff`'s output.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

import diff_support as ds
from conftest import Run, run_cli
from tindustrie.money import euros, signed_euros

#: git-heavy (a repository built commit by commit): long, run by the full suite only.
pytestmark = pytest.mark.slow

MEASURES = ("committed", "pending", "planned")
LABELS = {"committed": "Engagé", "pending": "En attente", "planned": "Prévu"}
KEYS = {"base", "head", "as_of", "totals", "lines", "fiches", "avenants", "problems"}
PROBLEM_KEYS = {"code", "severity", "file", "line", "column", "message", "hint"}
STEPS = [name for name, _ in ds.STEPS]
CHANGES = STEPS[1:]

#: What each commit does to the fiches and avenants (facts of the commits in diff_support).
FICHES: dict[str, dict[str, Any]] = {
    "sign": {"added": [], "removed": [], "changed": []},
    "raise": {"added": [], "removed": [], "changed": []},
    "add": {"added": ["4.3"], "removed": [], "changed": []},
    "abandon": {
        "added": [],
        "removed": [],
        "changed": [
            {
                "id": "1.3",
                "fields": [{"field": "statut", "base": "en_preparation", "head": "abandonnee"}],
            }
        ],
    },
    "lower": {
        "added": [],
        "removed": [],
        "changed": [
            {
                "id": "1.2",
                "fields": [
                    {"field": "cout_previsionnel", "base": "450000.00", "head": "430000.00"}
                ],
            }
        ],
    },
    "error": {
        "added": [],
        "removed": [],
        "changed": [
            {
                "id": "4.1",
                "fields": [{"field": "pilote", "base": "laval-economie", "head": "inconnu"}],
            }
        ],
    },
}
AVENANTS: dict[str, dict[str, list[int]]] = {
    step: {"added": [], "removed": [], "signed": [], "changed": []} for step in CHANGES
}
AVENANTS["sign"]["signed"] = [3]
AVENANTS["raise"]["added"] = [4]


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@dataclass
class Revision:
    commit: str
    #: `financing --format json --by fiche` and `--by financeur`
    by_fiche: dict[str, Any]
    by_financeur: dict[str, Any]
    #: `validate --format json` problems, files named as from the repository's top
    problems: list[dict[str, Any]]


@dataclass
class History:
    repo: Path
    revisions: dict[str, Revision]


def financing(data: Path, by: str) -> dict[str, Any]:
    done = run_cli(
        ["financing", "--data", str(data), "--format", "json", "--as-of", ds.AS_OF, "--by", by]
    )
    assert done.code == 0, done.err
    document: dict[str, Any] = json.loads(done.out)
    return document


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    root = tmp_path_factory.mktemp("diff")
    repo = root / "repo"
    commits = ds.build(repo)
    revisions = {}
    for step, commit in commits.items():
        top = root / f"export-{step}"
        data = ds.export(repo, commit, top)
        with inside(top):
            done = run_cli(["validate", "--data", "data", "--format", "json"])
        problems = json.loads(done.out)["problems"]
        if step == "error":  # financing refuses invalid data: the error touches no money
            fiche = data / "fiches" / "4.1-guichet-unique-entreprises.yaml"
            fiche.write_text(
                fiche.read_text("utf-8").replace("pilote: inconnu", "pilote: laval-economie"),
                "utf-8",
            )
        revisions[step] = Revision(
            commit, financing(data, "fiche"), financing(data, "financeur"), problems
        )
    return History(repo, revisions)


def diff(repo: Path, *argv: str) -> Run:
    with inside(repo):
        return run_cli(["diff", "--as-of", ds.AS_OF, *argv])


# -- the independent expectation ----------------------------------------------------------


def change(base: str, head: str) -> dict[str, str]:
    return {"base": base, "head": head, "delta": f"{Decimal(head) - Decimal(base):.2f}"}


def natural(ident: str) -> tuple[int, ...]:
    return tuple(int(p) for p in ident.split("."))


def expected_totals(base: Revision, head: Revision) -> dict[str, dict[str, str]]:
    b, h = base.by_fiche["totals"], head.by_fiche["totals"]
    return {m: change(b[m], h[m]) for m in MEASURES}


def expected_lines(base: Revision, head: Revision) -> tuple[list[dict[str, Any]], int]:
    def index(rev: Revision) -> dict[tuple[str, str, str], dict[str, str]]:
        return {(ln["fiche"], ln["financeur"], ln["nature"]): ln for ln in rev.by_fiche["lines"]}

    zero = dict.fromkeys(MEASURES, "0.00")
    before, after = index(base), index(head)
    changed, unchanged = [], 0
    for key in sorted(before.keys() | after.keys(), key=lambda k: (natural(k[0]), k[1], k[2])):
        b, h = before.get(key, zero), after.get(key, zero)
        if all(Decimal(b[m]) == Decimal(h[m]) for m in MEASURES):
            unchanged += 1
            continue
        fiche, financeur, nature = key
        changed.append(
            {
                "fiche": fiche,
                "financeur": financeur,
                "nature": nature,
                **{m: change(b[m], h[m]) for m in MEASURES},
            }
        )
    return changed, unchanged


def expected_problems(base: Revision, head: Revision) -> dict[str, list[dict[str, Any]]]:
    def key(p: dict[str, Any]) -> tuple[str, str, str]:
        return (p["code"], p["file"], p["message"])

    before = {key(p) for p in base.problems}
    after = {key(p) for p in head.problems}
    return {
        "introduced": [p for p in head.problems if key(p) not in before],
        "fixed": [p for p in base.problems if key(p) not in after],
    }


def expected_groups(
    base: dict[str, Any], head: dict[str, Any]
) -> dict[str, dict[str, dict[str, str]]]:
    """The groups (fiches or financers) whose money changed, by key."""
    zero = dict.fromkeys(MEASURES, "0.00")
    before = {r["key"]: r for r in base["rows"]}
    after = {r["key"]: r for r in head["rows"]}
    found = {}
    for key in before.keys() | after.keys():
        b, h = before.get(key, zero), after.get(key, zero)
        if any(Decimal(b[m]) != Decimal(h[m]) for m in MEASURES):
            found[key] = {m: change(b[m], h[m]) for m in MEASURES}
    return found


def french_change(c: dict[str, str]) -> str:
    """``+650 000 € (3 320 000 € → 3 970 000 €`` (the percent is checked apart)."""
    b, h, d = Decimal(c["base"]), Decimal(c["head"]), Decimal(c["delta"])
    return f"{signed_euros(d)} ({euros(b)} → {euros(h)}"


def french_percent(c: dict[str, str]) -> str:
    b, d = Decimal(c["base"]), Decimal(c["delta"])
    if not b:
        return "nouveau"
    value = (abs(d) * 100 / b).quantize(Decimal("0.1"), ROUND_HALF_UP)
    sign = "+" if d > 0 else "\u2212"
    return f"{sign}{value}".replace(".", ",") + "\u00a0%"


# -- Markdown, read as GitHub and GitLab read it -----------------------------------------


def md_tables(text: str) -> dict[str, list[list[str]]]:
    """Each table of a Markdown document, by the heading above it: rows of cell texts."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    row: list[str] = []
    rows: list[list[str]] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[i + 1].content
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            row.append("".join(c.content for c in token.children or ()))
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type == "table_close":
            tables[heading] = rows
            rows = []
    return tables


def md_inline_types(text: str) -> set[str]:
    """Every kind of inline element the Markdown holds (a title must add none)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return {c.type for t in tokens if t.type == "inline" for c in t.children or ()}


def check_table_shape(text: str) -> None:
    """Every table row has as many cells as its header (no ``|`` broke a row)."""
    from corpus_support import _md_cells

    block: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.startswith("|"):
            block.append(line)
            continue
        if block:
            width = len(_md_cells(block[0]))
            assert all(len(_md_cells(row)) == width for row in block), block
            block = []


# -- the six commits, in the three formats ---------------------------------------------


@pytest.mark.parametrize("step", CHANGES)
def test_each_commit_in_json(history: History, step: str) -> None:
    base = history.revisions[STEPS[STEPS.index(step) - 1]]
    head = history.revisions[step]
    done = diff(history.repo, base.commit, head.commit, "--format", "json")
    assert done.code == (1 if step == "error" else 0), done.err
    document = json.loads(done.out)
    assert set(document) == KEYS
    assert document["as_of"] == ds.AS_OF
    assert document["base"]["commit"] == base.commit
    assert document["head"]["commit"] == head.commit
    assert document["head"]["valid"] is (step != "error")
    assert document["totals"] == expected_totals(base, head)
    lines, _ = expected_lines(base, head)
    assert document["lines"] == lines
    assert document["fiches"] == FICHES[step]
    assert document["avenants"] == AVENANTS[step]
    assert document["problems"] == expected_problems(base, head)
    for p in [*document["problems"]["introduced"], *document["problems"]["fixed"]]:
        assert set(p) == PROBLEM_KEYS


@pytest.mark.parametrize("step", CHANGES)
def test_each_commit_in_text(history: History, step: str) -> None:
    base = history.revisions[STEPS[STEPS.index(step) - 1]]
    head = history.revisions[step]
    done = diff(history.repo, base.commit, head.commit)
    assert done.code == (1 if step == "error" else 0)
    text = done.out
    assert "Légende : ~ modifié, + ajouté, - supprimé." in text
    for measure, c in expected_totals(base, head).items():
        row = next(ln for ln in text.splitlines() if ln[4:].startswith(LABELS[measure]))
        if Decimal(c["delta"]):
            assert row.startswith("  ~ ") and french_change(c) in row, row
            assert french_percent(c) in row, row
        else:
            assert row.startswith("    ") and f"{euros(Decimal(c['head']))} (inchangé)" in row
    lines, unchanged = expected_lines(base, head)
    listed = re.findall(r"^  ([~+-]) (\S+) · (\S+) · (\S+)$", text, re.MULTILINE)
    assert [(f, fin, n) for _, f, fin, n in listed] == [
        (ln["fiche"], ln["financeur"], ln["nature"]) for ln in lines
    ]
    assert f"{unchanged} inchangée" in text
    for line in lines:
        for measure in MEASURES:
            if Decimal(line[measure]["delta"]):
                assert french_change(line[measure]) in text
    for group in expected_groups(base.by_financeur, head.by_financeur):
        assert f"({group})" in text  # the financer's name, then its id
    problems = expected_problems(base, head)
    for p in problems["introduced"]:
        assert f"  + {p['file']}:{p['line']}:{p['column']}  {p['code']} " in text
    for p in problems["fixed"]:
        assert f"  - {p['file']}:{p['line']}:{p['column']}  {p['code']} " in text
    if step == "sign":
        moved = Decimal(expected_totals(base, head)["committed"]["delta"])
        assert (
            "L'avenant n° 3 « Avenant n° 3 (projet) : promotion des métiers et compléments de "
            f"financement » est signé le 1er juin 2023 : {euros(moved)} passent d'« en attente » "
            "à « engagé »." in text
        )
    if step == "abandon":
        assert "statut : en préparation → abandonnée" in text
    if step == "lower":
        assert f"cout_previsionnel : {euros(Decimal(450000))} → {euros(Decimal(430000))}" in text
    if step == "error":  # the problems first
        assert text.index("\nProblèmes") < text.index("\nMontants")
        assert "1 erreur" in done.err


@pytest.mark.parametrize("step", CHANGES)
def test_each_commit_in_markdown(history: History, step: str) -> None:
    base = history.revisions[STEPS[STEPS.index(step) - 1]]
    head = history.revisions[step]
    done = diff(history.repo, base.commit, head.commit, "--format", "md")
    assert done.code == (1 if step == "error" else 0)
    text = done.out
    assert text.startswith("<!-- tindustrie-diff -->\n")
    assert len(text) < 60_000
    check_table_shape(text)
    tables = md_tables(text)
    totals = expected_totals(base, head)
    money = {row[0]: row[1:] for row in tables["Montants"][1:]}
    for measure, c in totals.items():
        b, h, d = (Decimal(c[k]) for k in ("base", "head", "delta"))
        expected = [euros(b), euros(h), signed_euros(d), french_percent(c) if d else ""]
        assert money[LABELS[measure]] == expected
    verdict = text.split("\n")[3]
    if Decimal(totals["committed"]["delta"]):
        assert verdict.startswith(f"**Engagé : {french_change(totals['committed'])}, ")
    lines, unchanged = expected_lines(base, head)
    if lines:
        assert "<details>" in text and f"{unchanged} inchangée" in text
        rows = tables["Lignes (fiche, financeur, nature)"][1:]
        assert [r[1:4] for r in rows] == [
            [ln["fiche"], ln["financeur"], ln["nature"]] for ln in lines
        ]
        for row, line in zip(rows, lines, strict=True):
            for cell, measure in zip(row[4:], MEASURES, strict=True):
                c = line[measure]
                assert (french_change(c) in cell) if Decimal(c["delta"]) else cell == "inchangé"
    fiches = expected_groups(base.by_fiche, head.by_fiche)
    if fiches:
        shown = {row[1].split(" ")[0]: row for row in tables["Par fiche"][1:]}
        for key, group in fiches.items():
            for cell, measure in zip(shown[key][2:5], MEASURES, strict=True):
                c = group[measure]
                assert (french_change(c) in cell) if Decimal(c["delta"]) else cell == "inchangé"
    financers = expected_groups(base.by_financeur, head.by_financeur)
    if financers:
        names = {r["key"]: r["label"] for r in head.by_financeur["rows"]}
        shown = {row[1]: row for row in tables["Par financeur"][1:]}
        for key, group in financers.items():
            row = shown[f"{names[key]} ({key})"]
            for cell, measure in zip(row[2:5], MEASURES, strict=True):
                c = group[measure]
                assert (french_change(c) in cell) if Decimal(c["delta"]) else cell == "inchangé"
    problems = expected_problems(base, head)
    if problems["introduced"] or problems["fixed"]:
        table = next(rows for title, rows in tables.items() if title.startswith("Problèmes"))
        states = sorted((row[1], row[3].split(" ")[0]) for row in table[1:])
        assert states == sorted(
            [("introduit", p["code"]) for p in problems["introduced"]]
            + [("corrigé", p["code"]) for p in problems["fixed"]]
        )
        assert text.index("\n#### Problèmes") < text.index("\n#### Montants")


def test_the_whole_history_at_once(history: History) -> None:
    """From the first commit to the last: every change together."""
    base, head = history.revisions["initial"], history.revisions["error"]
    document = json.loads(diff(history.repo, base.commit, head.commit, "--format", "json").out)
    assert document["totals"] == expected_totals(base, head)
    assert document["lines"] == expected_lines(base, head)[0]
    assert document["fiches"]["added"] == ["4.3"]
    assert [c["id"] for c in document["fiches"]["changed"]] == ["1.2", "1.3", "4.1"]
    assert document["avenants"] == {"added": [4], "removed": [], "signed": [3], "changed": []}


def test_the_same_revision_changes_nothing(history: History) -> None:
    commit = history.revisions["lower"].commit
    done = diff(history.repo, commit, commit)
    assert done.code == 0
    assert "Aucun changement : ni montant, ni fiche, ni avenant, ni problème." in done.out
    md = diff(history.repo, commit, commit, "--format", "md").out
    assert "Aucun changement" in md and "<details>" not in md


def test_an_invalid_base_is_compared_as_far_as_it_loads(history: History) -> None:
    broken, fixed = history.revisions["error"], history.revisions["lower"]
    done = diff(history.repo, broken.commit, fixed.commit, "--format", "json")
    assert done.code == 0  # HEAD is valid
    document = json.loads(done.out)
    assert document["base"]["valid"] is False and document["base"]["errors"] == 1
    assert [p["code"] for p in document["problems"]["fixed"]] == ["TI312"]
    assert document["problems"]["introduced"] == []
    text = diff(history.repo, broken.commit, fixed.commit).out
    assert "Avant : " in text and "données invalides (1 erreur)" in text


def test_output_file_and_formats_are_deterministic(history: History, tmp_path: Path) -> None:
    base, head = history.revisions["initial"].commit, history.revisions["lower"].commit
    target = tmp_path / "diff.md"
    done = diff(history.repo, base, head, "--format", "md", "--output", str(target))
    assert done.code == 0 and done.out == ""
    again = diff(history.repo, base, head, "--format", "md").out
    assert target.read_text("utf-8") == again


# -- HEAD as the working tree, a baseline, a shallow clone, a renamed folder ---------------


def clone(history: History, tmp_path: Path, *options: str) -> Path:
    target = tmp_path / "clone"
    ds.git(tmp_path, "clone", "-q", *options, f"file://{history.repo}", str(target))
    return target


def test_working_tree_with_uncommitted_changes(history: History, tmp_path: Path) -> None:
    repo = clone(history, tmp_path)
    fiche = repo / "data" / "fiches" / "1.2-may-usinage.yaml"
    fiche.write_text(
        fiche.read_text("utf-8").replace("cout_previsionnel: 430000", "cout_previsionnel: 500000"),
        "utf-8",
    )
    (repo / "data" / "fiches" / "4.4-nouvelle.yaml").write_text(  # not even added to git
        ds.NEW_FICHE.replace('"4.3"', '"4.4"'), "utf-8"
    )
    done = diff(repo, "HEAD", "--format", "json")
    document = json.loads(done.out)
    assert document["head"]["kind"] == "worktree" and document["head"]["commit"] is None
    assert document["fiches"]["added"] == ["4.4"]
    assert document["fiches"]["changed"][0]["fields"] == [
        {"field": "cout_previsionnel", "base": "430000.00", "head": "500000.00"}
    ]
    assert document["totals"]["planned"]["delta"] == "100000.00"
    assert ds.git(repo, "status", "--porcelain") == (
        "M data/fiches/1.2-may-usinage.yaml\n?? data/fiches/4.4-nouvelle.yaml"
    ), "the working tree is untouched"
    [warning] = document["problems"]["introduced"]  # the plan no longer covers the cost
    assert (warning["code"], warning["file"]) == ("TI402", "data/fiches/1.2-may-usinage.yaml")
    inner = json.loads(diff(repo / "data", "HEAD", "--data", ".", "--format", "json").out)
    assert inner["totals"] == document["totals"] and inner["head"]["data"] == "data"
    [warning] = inner["problems"]["introduced"]  # named from where the command runs
    assert (warning["code"], warning["file"]) == ("TI402", "fiches/1.2-may-usinage.yaml")


def test_a_baseline_file_instead_of_a_revision(history: History, tmp_path: Path) -> None:
    base, head = history.revisions["initial"], history.revisions["add"]
    reference = tmp_path / "reference.json"
    reference.write_text(json.dumps(base.by_fiche), "utf-8")
    outside = tmp_path / "sans-git"  # no history at all
    ds.export(history.repo, head.commit, outside)
    done = diff(outside, str(reference), "--format", "json")
    assert done.code == 0, done.err
    document = json.loads(done.out)
    assert document["base"]["kind"] == "baseline"
    assert document["base"]["file"] == str(reference)
    assert document["totals"] == expected_totals(base, head)
    assert document["lines"] == expected_lines(base, head)[0]
    assert document["fiches"] is None and document["avenants"] is None
    assert document["problems"] == {"introduced": [], "fixed": []}
    text = diff(outside, str(reference)).out
    assert "La référence ne contient que les montants" in text
    md = diff(outside, str(reference), "--format", "md").out
    check_table_shape(md)
    assert "Par fiche" in md_tables(md)

    older = dict(base.by_fiche)
    del older["lines"]  # written before `lines` existed: the totals only
    reference.write_text(json.dumps(older), "utf-8")
    document = json.loads(diff(outside, str(reference), "--format", "json").out)
    assert document["lines"] is None
    assert document["totals"] == expected_totals(base, head)
    assert "seuls les totaux sont comparés" in diff(outside, str(reference)).out


def test_a_baseline_from_another_day_is_said(history: History, tmp_path: Path) -> None:
    reference = tmp_path / "reference.json"
    reference.write_text(
        json.dumps({**history.revisions["initial"].by_fiche, "as_of": "2023-01-01"}), "utf-8"
    )
    text = diff(history.repo, str(reference)).out
    assert "La référence a été calculée au 1er janvier 2023" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("pas du json", "n'est pas un fichier JSON"),
        ("[]", "il manque les totaux"),
        ('{"totals": {}, "as_of": "2024-01-01"}', "le montant `planned` manque"),
        ('{"totals": {"planned": "1", "committed": "1", "pending": "1"}}', "as_of"),
    ],
)
def test_a_bad_baseline_is_a_usage_error(
    history: History, tmp_path: Path, content: str, message: str
) -> None:
    reference = tmp_path / "reference.json"
    reference.write_text(content, "utf-8")
    done = diff(history.repo, str(reference))
    assert done.code == 2 and done.out == ""
    assert message in done.err and "financing --format json" in done.err


def test_a_shallow_clone_without_base(history: History, tmp_path: Path) -> None:
    repo = clone(history, tmp_path, "--depth", "1")
    done = diff(repo, "HEAD~1")
    assert done.code == 2 and done.out == ""
    assert "révision « HEAD~1 » introuvable" in done.err
    assert "clone superficiel" in done.err
    assert "git fetch --depth=" in done.err
    assert "tindustrie diff reference.json" in done.err
    done = diff(repo, "origin/autre")
    assert "git fetch --depth=100 origin autre" in done.err
    ds.git(repo, "fetch", "-q", "--depth=3", "origin", "main")  # the fix it gives
    assert diff(repo, "HEAD~1").code == 1  # found; HEAD (the working tree) has the error


def test_a_renamed_data_folder(history: History, tmp_path: Path) -> None:
    repo = clone(history, tmp_path)
    ds.git(repo, "mv", "data", "contrat")
    ds.git(repo, "commit", "-q", "-m", "renommer le dossier")
    done = diff(repo, "HEAD~1", "--data", "contrat", "--base-data", "data", "--format", "json")
    assert done.code == 1, done.err  # the error of the last commit is still there
    document = json.loads(done.out)
    assert document["base"]["data"] == "data" and document["head"]["data"] == "contrat"
    assert all(c["delta"] == "0.00" for c in document["totals"].values())
    assert document["lines"] == []
    assert document["fiches"] == {"added": [], "removed": [], "changed": []}
    # the same error, in a file of another folder: neither introduced nor fixed
    assert document["problems"] == {"introduced": [], "fixed": []}
    assert document["head"]["errors"] == 1
    # without --base-data: nothing there, a first contract, and the hint
    done = diff(repo, "HEAD~1", "--data", "contrat")
    assert done.code == 1
    assert "premier contrat, tout est ajouté" in done.out and "--base-data" in done.out
    assert (
        "dossier data → contrat"
        in diff(repo, "HEAD~1", "--data", "contrat", "--base-data", "data").out
    )


def test_an_empty_base_is_a_first_contract(tmp_path: Path) -> None:
    repo = tmp_path / "premier"
    repo.mkdir()
    ds.git(repo, "init", "-q", "-b", "main")
    (repo / "LISEZMOI.md").write_text("Le contrat arrive.\n", "utf-8")
    ds.git(repo, "add", "-A")
    ds.git(repo, "commit", "-q", "-m", "début")
    ds.apply("initial", repo / "data")
    ds.git(repo, "add", "-A")
    ds.git(repo, "commit", "-q", "-m", "le contrat")
    done = diff(repo, "HEAD~1", "HEAD", "--format", "json")
    assert done.code == 0, done.err
    document = json.loads(done.out)
    head = financing(repo / "data", "fiche")
    assert document["base"]["present"] is False
    assert document["totals"] == {m: change("0.00", head["totals"][m]) for m in MEASURES}
    assert document["fiches"]["added"] == [r["key"] for r in head["rows"]]
    assert document["avenants"]["added"] == [1, 2, 3]
    assert {ln["fiche"] for ln in document["lines"]} <= {r["key"] for r in head["rows"]}
    with_money = [ln for ln in head["lines"] if any(Decimal(ln[m]) for m in MEASURES)]
    assert len(document["lines"]) == len(with_money)  # a line ended at 0 is no change
    text = diff(repo, "HEAD~1", "HEAD").out
    assert "premier contrat, tout est ajouté" in text
    assert f"Engagé      {signed_euros(Decimal(head['totals']['committed']))}" in text
    assert "nouveau" in text
    assert all(ln.startswith("  + ") for ln in re.findall(r"^  . \S+ · .*$", text, re.M))


# -- usage errors ------------------------------------------------------------------------


def test_usage_errors_name_the_revision(history: History, tmp_path: Path) -> None:
    done = diff(history.repo, "nulle-part")
    assert done.code == 2 and "révision « nulle-part » inconnue" in done.err
    done = diff(history.repo, "HEAD", "nulle-part")
    assert done.code == 2 and "révision « nulle-part » inconnue" in done.err
    done = diff(history.repo, "--", "-x")
    assert done.code == 2 and "révision « -x » invalide" in done.err
    first = history.revisions["initial"].commit
    done = diff(history.repo, first, "HEAD", "--data", "ailleurs")
    assert done.code == 2
    assert "pas de dossier de données « ailleurs » dans la révision « HEAD » (" in done.err
    done = diff(history.repo, first, "--data", "ailleurs")
    assert done.code == 2 and "dossier de données introuvable : ailleurs" in done.err
    lonely = tmp_path / "sans-git"
    ds.apply("initial", lonely / "data")
    done = diff(lonely, "main")
    assert done.code == 2 and "n'est pas dans un dépôt git" in done.err
    done = diff(history.repo, "HEAD", "--format", "xml")
    assert done.code == 2 and "--format" in done.err


def test_help_is_french(history: History) -> None:
    done = run_cli(["diff", "--help"])
    assert done.code == 0
    assert "Ce qu'un changement fait au contrat" in done.out
    assert "--base-data" in done.out


# -- the documentation follows the code --------------------------------------------------


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_docs_name_every_json_key(history: History) -> None:
    base, head = history.revisions["initial"], history.revisions["error"]
    document = json.loads(diff(history.repo, base.commit, head.commit, "--format", "json").out)
    text = (ds.ROOT / "docs" / "diff.md").read_text("utf-8")
    for key in _keys(document):
        assert f"`{key}`" in text or f".{key}`" in text or f"`{key}." in text, key


def test_the_readme_example_is_a_real_output(history: History, tmp_path: Path) -> None:
    """The merge request of the README: avenant 3 signed, avenant 4 proposed."""
    bare = tmp_path / "origine.git"
    ds.git(tmp_path, "clone", "-q", "--bare", str(history.repo), str(bare))
    ds.git(bare, "branch", "-f", "main", history.revisions["initial"].commit)
    ds.git(bare, "branch", "-f", "avenants", history.revisions["raise"].commit)
    work = tmp_path / "demande"
    ds.git(tmp_path, "clone", "-q", "-b", "avenants", str(bare), str(work))
    done = diff(work, "origin/main", "--format", "md")
    readme = (ds.ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Relire une demande de fusion") :]
    example = section[section.index("````markdown\n") + 13 : section.index("````\n\n")]

    def unsha(text: str) -> str:  # the commit shows; it changes with the example data
        return re.sub(r"`origin/main \([0-9a-f]{7}\)`", "`origin/main (…)`", text)

    assert unsha(example) == unsha(done.out), "README example out of date: paste the output"
