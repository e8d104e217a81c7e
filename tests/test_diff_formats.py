"""The comparison and its three renderings, on sides built in memory (no git)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from test_diff import MEASURES, check_table_shape, md_inline_types, md_tables
from tindustrie.formats import diff as diff_formats
from tindustrie.money import euros, signed_euros
from tindustrie.problems import visible
from tindustrie.validation import check_folder
from tindustrie.views import diff
from tindustrie.views.diff import Change, Money, MoneyLine, Snapshot

DAY = date(2024, 1, 1)
DATA = Path(__file__).resolve().parent.parent / "data"
Triple = tuple[str, str, str]


def side(lines: dict[Triple, Money], commit: str = "a" * 40) -> Snapshot:
    """A side that only holds money lines (no fiche, no avenant, no problem)."""
    found = tuple(MoneyLine(*key, money) for key, money in lines.items())
    total = sum((ln.money for ln in found), Money())
    return Snapshot("revision", "main", commit, "data", True, DAY, (), (), (), found, total)


def test_the_verdict_of_the_issue() -> None:
    committed = Change(Decimal(3_320_000), Decimal(3_970_000))
    assert diff_formats.percent(committed) == "+19,6\u00a0%"
    result = diff.compare(
        side({("1.1", "etat", "investissement"): Money(committed=committed.base)}),
        side({("1.1", "etat", "investissement"): Money(committed=committed.head)}),
        DAY,
    )
    assert diff_formats.verdict(result) == (
        f"Engagé : +{euros(Decimal(650_000))} ({euros(committed.base)} → "
        f"{euros(committed.head)}, +19,6\u00a0%)"
    )


def test_percent_when_the_base_is_zero() -> None:
    assert diff_formats.percent(Change(Decimal(0), Decimal(0))) == ""
    assert diff_formats.percent(Change(Decimal(0), Decimal(5))) == "nouveau"
    assert diff_formats.percent(Change(Decimal(10), Decimal(0))) == "\u2212100,0\u00a0%"
    assert diff_formats.percent(Change(Decimal(3), Decimal(4))) == "+33,3\u00a0%"
    assert diff_formats.change_text(Change(Decimal(0), Decimal(5))) == (
        f"+{euros(Decimal(5))} ({euros(Decimal(0))} → {euros(Decimal(5))}, nouveau)"
    )


def test_five_thousand_changed_lines_fit_in_a_comment() -> None:
    before, after = {}, {}
    for n in range(5000):
        fiche = n // 10  # 500 fiches of 10 financers each
        key = (f"{fiche // 5 + 1}.{fiche % 5 + 1}", f"financeur-{n % 10}", "investissement")
        before[key] = Money(Decimal(1000), Decimal(1000), Decimal(0))
        after[key] = Money(Decimal(1000), Decimal(1500 + n), Decimal(0))
    result = diff.compare(side(before), side(after, "b" * 40), DAY)
    assert result.lines is not None and len(result.lines) == 5000
    text = diff_formats.to_markdown(result)
    assert len(text) <= diff_formats.MD_LIMIT
    assert text.startswith(diff_formats.MARKER + "\n")
    assert text.rstrip().endswith("</details>")
    check_table_shape(text)
    tables = md_tables(text)
    committed = sum((m.committed for m in after.values()), Decimal(0))
    assert tables["Montants"][1][:3] == ["Engagé", euros(Decimal(5_000_000)), euros(committed)]
    cut = {
        title: int(count.replace("\u202f", ""))
        for count, title in re.findall(r"\*… ([\d\u202f]+) lignes? de plus dans « ([^»]+) »", text)
    }
    cut |= {
        title: int(count.replace("\u202f", ""))
        for title, count in re.findall(r"\*« ([^»]+) » : ([\d\u202f]+) lignes?, non", text)
    }
    assert cut, text[-1000:]
    assert "limité à 60\u202f000 caractères" in text
    for title, heading, total in (
        ("Par fiche", "Par fiche", 500),
        ("Lignes", "Lignes (fiche, financeur, nature)", 5000),
    ):
        shown = len(tables[heading]) - 1 if heading in tables else 0
        assert shown + cut.get(title, 0) == total, title
    assert len(diff_formats.to_text(result).splitlines()) > 10_000  # the terminal: everything
    assert len(json.loads(diff_formats.to_json(result))["lines"]) == 5000


amounts = st.decimals(min_value=0, max_value=10**9, places=2)
triples = st.tuples(
    st.sampled_from(["1.1", "1.2", "2.1", "10.1"]),
    st.sampled_from(["etat", "region", "cci"]),
    st.sampled_from(["fonctionnement", "investissement"]),
)
money = st.builds(Money, amounts, amounts, amounts)
sides = st.dictionaries(triples, money, max_size=12)


@settings(max_examples=60, deadline=None)
@given(sides, sides, st.integers(min_value=4000, max_value=9000))
def test_sums_and_symmetry_hold_for_any_lines(
    before: dict[Triple, Money], after: dict[Triple, Money], limit: int
) -> None:
    forward = diff.compare(side(before), side(after), DAY)
    backward = diff.compare(side(after), side(before), DAY)
    assert forward.lines is not None and backward.lines is not None
    assert len(forward.lines) + forward.unchanged_lines == len(before.keys() | after.keys())
    for m in MEASURES:
        total = forward.totals.get(m)
        assert sum((ln.money.get(m).delta for ln in forward.lines), Decimal(0)) == total.delta
        assert backward.totals.get(m).delta == -total.delta
        groups = forward.by_financeur or ()
        assert sum((g.money.get(m).delta for g in groups), Decimal(0)) == total.delta
    flip = {"added": "removed", "removed": "added", "changed": "changed"}
    assert [(ln.fiche, flip[ln.kind]) for ln in forward.lines] == [
        (ln.fiche, ln.kind) for ln in backward.lines
    ]
    same = diff.compare(side(before), side(before), DAY)
    assert not same.changed and same.lines == ()
    text = diff_formats.to_markdown(forward, limit)
    assert len(text) <= limit
    check_table_shape(text)
    document = json.loads(diff_formats.to_json(forward))
    for line in document["lines"]:
        for m in MEASURES:
            c = line[m]
            assert Decimal(c["head"]) - Decimal(c["base"]) == Decimal(c["delta"])


HOSTILE = "Titre | avec *étoiles* _soulignés_ `code` <b>gras</b> # [lien](x)\n\x1b[31mrouge\u202e"


def test_hostile_titles_stay_text(tmp_path: Path) -> None:
    before = tmp_path / "avant"
    shutil.copytree(DATA, before, ignore=shutil.ignore_patterns("*.md"))
    after = tmp_path / "apres"
    shutil.copytree(before, after)
    fiche = after / "fiches" / "1.2-may-usinage.yaml"
    text = fiche.read_text("utf-8")
    text = re.sub(r"(?m)^titre: .*$", lambda _: "titre: " + json.dumps(HOSTILE), text)
    fiche.write_text(text.replace("cout_previsionnel: 450000", "cout_previsionnel: 1"), "utf-8")
    base = diff.snapshot(check_folder(before), DAY, "revision", revision="main", commit="c" * 40)
    head = diff.snapshot(check_folder(after), DAY, "worktree")
    result = diff.compare(base, head, DAY)
    md = diff_formats.to_markdown(result)
    check_table_shape(md)
    assert not md_inline_types(md) & {"link_open", "em_open", "html_inline", "image"}
    assert "<b>" not in md and "](x)" not in md.replace("\\](x)", "")
    fields = md_tables(md)["Champs des fiches"]
    titles = [row for row in fields[1:] if row[1] == "titre"]
    # shown as written, on one line, controls and bidi marks visible as on the terminal
    assert titles[0][3] == visible(" ".join(HOSTILE.split()))
    terminal = diff_formats.to_text(result)
    assert "\x1b" not in terminal and "\u202e" not in terminal
    assert "\\x1b[31mrouge\\u202e" in terminal
    assert f"cout_previsionnel : {euros(Decimal(450000))} → {euros(Decimal(1))}" in terminal
    assert signed_euros(Decimal(-449999)) not in terminal  # a cost is not money in the ledger
