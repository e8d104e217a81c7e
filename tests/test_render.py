"""`tindustrie render`: both documents, their content, safety and reproducibility."""

from __future__ import annotations

import itertools
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markupsafe import escape

from conftest import run_cli
from tindustrie import output as output_module
from tindustrie import render as render_module
from tindustrie.errors import WriteError
from tindustrie.ledger import build
from tindustrie.money import euros as money
from tindustrie.problems import visible
from tindustrie.render import RenderError, md, render, write_outputs
from tindustrie.validation import check_folder

DATA = Path(__file__).resolve().parents[1] / "data"
INJECTED = "<script>alert(1)</script> | *x*"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return tuple(run_cli(["render", *args]))  # type: ignore[return-value]


def project(root: Path = DATA):  # type: ignore[no-untyped-def]
    valid = check_folder(root).valid_project()
    assert valid is not None
    return valid


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def gfm() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


# ------------------------------------------------------------------ the command


def test_render_writes_both_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "site"
    code, out, err = run(
        capsys, "--data", str(DATA), "--output", str(out_dir), "--as-of", "2023-01-01"
    )
    assert code == 0, err
    assert (out_dir / "protocole.md").is_file()
    assert (out_dir / "protocole.html").is_file()
    assert str(out_dir / "protocole.md") in out and str(out_dir / "protocole.html") in out


@pytest.mark.parametrize(("fmt", "expected"), [("md", "protocole.md"), ("html", "protocole.html")])
def test_render_one_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, expected: str
) -> None:
    code, _, _ = run(capsys, "--data", str(DATA), "--output", str(tmp_path), "--format", fmt)
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [expected]


def test_render_defaults_render_data_into_site(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys)
    assert code == 0
    assert (tmp_path / "site" / "protocole.html").is_file()
    assert "site/protocole.md" in out


def test_invalid_data_writes_nothing(
    capsys: pytest.CaptureFixture[str], data_copy: Path, tmp_path: Path
) -> None:
    fiche = data_copy / "fiches" / "1.1-welcome-pack.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("axe: 1", "axe: un"), "utf-8")
    out_dir = tmp_path / "site"
    code, out, err = run(capsys, "--data", str(data_copy), "--output", str(out_dir))
    assert code == 1
    assert not out_dir.exists()
    assert "1.1-welcome-pack.yaml" in out + err
    assert "rien n'a été écrit" in err and out == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "docx"],
        ["--as-of", "2022-13-01"],
        ["--templates", "/nonexistent/modeles"],
        ["--data", "/nonexistent/data"],
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    base = ["--data", str(DATA)] if "--data" not in args else []
    code, _, err = run(capsys, *base, "--output", str(tmp_path / "site"), *args)
    assert code == 2
    assert "Traceback" not in err and err.startswith("Erreur")
    assert not (tmp_path / "site").exists()


# ------------------------------------------------------------------- the content


@pytest.mark.parametrize("as_of", ["2022-06-01", "2023-01-01"])
def test_every_fiche_and_avenant_is_in_both(as_of: str) -> None:
    valid = project()
    outputs = render(valid, date.fromisoformat(as_of), environ={})
    text, page = outputs["protocole.md"], outputs["protocole.html"]
    for fiche in valid.fiches:
        assert re.search(rf"^#### Fiche {re.escape(md(fiche.id))} : ", text, re.M), fiche.id
        assert md(fiche.titre) in text
        anchor = "fiche-" + fiche.id.replace(".", "-")
        assert f'<article id="{anchor}"' in page and f'href="#{anchor}"' in page
    for avenant in valid.avenants:
        assert f"### Avenant n° {avenant.numero}\n" in text
        assert f'id="avenant-{avenant.numero}"' in page
        assert f'href="#avenant-{avenant.numero}"' in page
    for anchor in ("axe-1", "axe-4", "financements", "calendrier", "avenants"):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page


def _total_row(values: list[Decimal | None]) -> str:
    cells = [f"**{money(v)}**" if v is not None else "**—**" for v in values]
    return "| **Total** | " + " | ".join(cells) + " |"


@pytest.mark.parametrize("as_of", ["2022-01-01", "2022-06-01", "2023-01-01"])
def test_totals_equal_the_ledger(as_of: str) -> None:
    valid = project()
    day = date.fromisoformat(as_of)
    totals = build(valid.fiches, valid.avenants, day).totals()
    outputs = render(valid, day, environ={})
    text, page = outputs["protocole.md"], outputs["protocole.html"]
    by_axis = _total_row(
        [totals.cost, totals.planned, totals.committed, totals.pending, totals.remaining]
    )
    by_other = _total_row([None, totals.planned, totals.committed, totals.pending, None])
    assert text.count(by_axis) == 1
    assert text.count(by_other) == 2  # by financer and by nature
    for by in ("axe", "financeur", "nature"):
        table = page[page.index(f'<table id="financements-{by}">') :]
        foot = table[table.index("<tfoot>") : table.index("</tfoot>")]
        cells = re.findall(r'<td class="num">([^<]*)</td>', foot)
        assert cells[1:4] == [money(totals.planned), money(totals.committed), money(totals.pending)]
        if by == "axe":
            assert cells[0] == money(totals.cost) and cells[4] == money(totals.remaining)


def test_totals_match_the_hand_made_expectations() -> None:
    text = render(project(), date(2023, 1, 1), ("md",), environ={})["protocole.md"]
    expected = [Decimal(5090000), Decimal(5070000), Decimal(3970000), Decimal(550000)]
    expected.append(Decimal(1120000))
    assert _total_row(expected) in text  # data/ATTENDU.md


def test_state_never_shows_a_draft_as_signed() -> None:
    outputs = render(project(), date(2022, 6, 1), environ={})
    text, page = outputs["protocole.md"], outputs["protocole.html"]
    sentence = (
        "avenant signé : n° 1 ; l'avenant n° 2 est non signé à cette date "
        "(signé le 8 novembre 2022) ; l'avenant n° 3 est un projet, non signé"
    )
    assert f"> **État au 1er juin 2022** : {sentence}." in text
    assert str(escape(sentence)) in page
    assert "- **Date** : projet, non signé" in text
    assert "- **Date** : non signé à cette date (signé le 8 novembre 2022)" in text
    later = render(project(), date(2023, 1, 1), ("md",), environ={})["protocole.md"]
    assert "avenants signés jusqu'au n° 2 ; l'avenant n° 3 est un projet, non signé" in later


def test_avenant_changes_show_previous_and_new_amounts() -> None:
    text = render(project(), date(2023, 1, 1), ("md",), environ={})["protocole.md"]
    assert (
        "| 2.1 | État (Préfecture de la Mayenne) | investissement | 600\u202f000\u00a0€ "
        "| 450\u202f000\u00a0€ | baisse (−150\u202f000\u00a0€) |" in text
    )
    assert "fin de l'engagement (−20\u202f000\u00a0€)" in text


def test_abandoned_fiche_is_flagged() -> None:
    outputs = render(project(), date(2023, 1, 1), environ={})
    assert "#### Fiche 3.2 : Récupération de la chaleur fatale" in outputs["protocole.md"]
    assert "(abandonnée)\n\n> **Fiche abandonnée.**" in outputs["protocole.md"]
    assert '<article id="fiche-3-2" class="fiche abandoned"' in outputs["protocole.html"]


def test_markdown_headings_are_in_order() -> None:
    text = render(project(), date(2023, 1, 1), ("md",), environ={})["protocole.md"]
    tokens = gfm().parse(text)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1


def test_html_is_self_contained() -> None:
    page = render(project(), date(2023, 1, 1), ("html",), environ={})["protocole.html"]
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert '<meta charset="utf-8">' in page
    for forbidden in ("http://", "https://", "<script", "<link", "src=", "@import", "url("):
        assert forbidden not in page
    assert page.count("<svg") >= 3 and page.count("<svg") == page.count('role="img"')
    assert "@page" in page and "break-before: page" in page


# ----------------------------------------------------------- safety, reproducibility


def test_injected_title_is_escaped_in_both(data_copy: Path) -> None:
    fiche = data_copy / "fiches" / "1.1-welcome-pack.yaml"
    old = 'titre: "Welcome Pack pour les salariés nouvellement arrivés"'
    text = fiche.read_text(encoding="utf-8")
    assert old in text
    fiche.write_text(text.replace(old, f"titre: '{INJECTED}'"), encoding="utf-8")
    outputs = render(project(data_copy), date(2023, 1, 1), environ={})
    page, source = outputs["protocole.html"], outputs["protocole.md"]
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | *x*" in page
    assert not re.search(r"(?<!\\)<script", source)
    assert "\\<script\\>alert(1)\\</script\\> \\| \\*x\\*" in source
    shown = gfm().render(source)
    assert "<script" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | *x*" in shown  # shown as text
    # the calendar table still has its five columns on the injected row
    row = next(line for line in source.splitlines() if line.startswith("| 1.1 | "))
    assert len(re.findall(r"(?<!\\)\|", row)) == 6


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40))
def test_md_filter_keeps_text_and_table_cells(value: str) -> None:
    """Any text in a GFM table cell comes out as that text, in one cell."""
    tokens = gfm().parse(f"| a | b |\n| --- | --- |\n| {md(value)} | z |\n")
    cells = [t for t in tokens if t.type == "inline"]
    assert [c.content for c in cells][-1] == "z"
    shown = "".join(
        child.content
        for child in (cells[-2].children or [])
        if child.type in ("text", "text_special")
    )
    folded = re.sub(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+", " ", value).strip()
    # line breaks folded; non-breaking spaces kept; format characters shown visibly
    assert shown == visible(folded)


def test_render_twice_gives_identical_bytes(tmp_path: Path) -> None:
    valid = project()
    first = write_outputs(render(valid, date(2022, 6, 1), environ={}), tmp_path / "a")
    second = write_outputs(render(project(), date(2022, 6, 1), environ={}), tmp_path / "b")
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()
    assert "généré le" not in first[0].read_text(encoding="utf-8").lower()


def test_source_date_epoch_shows_the_generation_date() -> None:
    outputs = render(project(), date(2022, 6, 1), environ={"SOURCE_DATE_EPOCH": "1654041600"})
    assert "Document généré le 1er juin 2022." in outputs["protocole.md"]
    assert "Document généré le 1er juin 2022." in outputs["protocole.html"]
    with pytest.raises(RenderError):
        render(project(), date(2022, 6, 1), environ={"SOURCE_DATE_EPOCH": "hier"})


def test_atomic_write_keeps_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a-moi.txt").write_text("à garder", encoding="utf-8")
    write_outputs({"protocole.md": "ancienne version\n"}, tmp_path)

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output_module.os, "fsync", broken_fsync)
    with pytest.raises(WriteError) as failed:
        write_outputs({"protocole.md": "nouvelle version\n" * 1000}, tmp_path)
    assert "impossible d'écrire" in failed.value.message
    assert (tmp_path / "protocole.md").read_text(encoding="utf-8") == "ancienne version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-moi.txt", "protocole.md"]


# ------------------------------------------------------------------- templates


def test_override_template_is_used_and_missing_ones_fall_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    templates = tmp_path / "modeles"
    templates.mkdir()
    (templates / "protocole.md.j2").write_text(
        "# Surcharge pour {{ doc.territoire|md }}\n", encoding="utf-8"
    )
    (templates / "_styles.css.j2").write_text("body { color: #000; }\n", encoding="utf-8")
    out_dir = tmp_path / "site"
    code, _, err = run(
        capsys, "--data", str(DATA), "--output", str(out_dir), "--templates", str(templates)
    )
    assert code == 0, err
    assert (out_dir / "protocole.md").read_text(encoding="utf-8") == (
        "# Surcharge pour Laval Agglomération\n"
    )
    page = (out_dir / "protocole.html").read_text(encoding="utf-8")
    assert "<style>\nbody { color: #000; }\n</style>" in page  # partial overridden
    assert '<article id="fiche-1-1"' in page  # main template: the built-in one


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{% if %}\n", "expression attendue"),
        ("ligne 1\n{{ doc.territoir }}\n", "territoir"),
        ("{{ inconnu }}\n", "variable inconnue : inconnu"),
        ("{{ doc.totals.cost|long_date }}\n", "protocole.md.j2"),
    ],
)
def test_broken_override_template_is_a_clean_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, template: str, expected: str
) -> None:
    templates = tmp_path / "modeles"
    templates.mkdir()
    (templates / "protocole.md.j2").write_text(template, encoding="utf-8")
    out_dir = tmp_path / "site"
    code, _, err = run(
        capsys, "--data", str(DATA), "--output", str(out_dir), "--templates", str(templates)
    )
    assert code == 2
    assert err.startswith("Erreur : gabarit invalide : ")
    assert expected in err
    assert "Traceback" not in err
    assert not out_dir.exists()


def test_builtin_templates_are_found() -> None:
    folder = render_module.builtin_templates()
    assert (folder / "protocole.html.j2").is_file()
    assert (folder / "protocole.md.j2").is_file()


def test_a_failure_while_streaming_leaves_every_previous_file_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The Markdown is fine, the HTML fails half-way: neither file is replaced."""
    out_dir = tmp_path / "site"
    out_dir.mkdir()
    (out_dir / "protocole.md").write_text("ancien md\n", encoding="utf-8")
    (out_dir / "protocole.html").write_text("ancien html\n", encoding="utf-8")
    (out_dir / "autre.txt").write_text("à garder\n", encoding="utf-8")
    templates = tmp_path / "modeles"
    templates.mkdir()
    (templates / "protocole.html.j2").write_text(
        "<p>début</p>\n" * 1000 + "{{ doc.totals.cost|long_date }}\n", encoding="utf-8"
    )
    code, _, err = run(
        capsys, "--data", str(DATA), "--output", str(out_dir), "--templates", str(templates)
    )
    assert code == 2 and "protocole.html.j2" in err
    assert (out_dir / "protocole.md").read_text(encoding="utf-8") == "ancien md\n"
    assert (out_dir / "protocole.html").read_text(encoding="utf-8") == "ancien html\n"
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "autre.txt",
        "protocole.html",
        "protocole.md",
    ]  # no temporary file left behind


def test_render_to_folder_writes_the_same_bytes_as_render(tmp_path: Path) -> None:
    from tindustrie.render import render_to_folder

    valid = project()
    written = render_to_folder(valid, date(2022, 6, 1), tmp_path, environ={})
    expected = render(valid, date(2022, 6, 1), environ={})
    assert {p.name: p.read_text(encoding="utf-8") for p in written} == expected
