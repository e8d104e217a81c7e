"""`tindustrie render --format pdf`: the protocol and each avenant, as a person opens them.

The PDFs are read back with pypdf (an independent PDF library): their text,
their page footers, their tags, their PDF/A identification and the YAML files
they carry. Expected figures come from the YAML files, read here with PyYAML.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("typst")

from conftest import run_cli  # noqa: E402
from hostile_support import DRAWN, FIELDS, INVISIBLE, MARKUP, hostile_folder, texts_strategy  # noqa: E402

#: typst compiles PDFs: long, run by the full suite only.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
AS_OF = "2023-01-01"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return tuple(run_cli(["render", *args]))  # type: ignore[return-value]


def render_in_subprocess(data: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    return subprocess.run(
        [sys.executable, "-m", "tindustrie", "render", "--data", str(data), "--format", "pdf",
         "--output", str(out), "--as-of", AS_OF],
        capture_output=True, text=True, env=environ, timeout=300, check=False,
    )  # fmt: skip


def sources(data: Path) -> dict[str, bytes]:
    """Every YAML file of a data folder, by its path in the folder."""
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    """Text without line breaks or spaces (where the layout broke lines)."""
    return re.sub(r"[\s\u200b]+", "", text)


def french(amount: Decimal) -> str:
    """The money format of the HTML document, written independently here."""
    units = f"{int(amount):,}".replace(",", "\u202f")
    cents = amount - int(amount)
    return units + (f",{int(cents * 100):02d}" if cents else "") + "\u00a0€"


def committed_total(data: Path, day: date) -> Decimal:
    """Sum of the amounts in force on ``day``: latest signed avenant per triple."""
    in_force: dict[tuple[str, str, str], Decimal] = {}
    avenants = [load(p) for p in (data / "avenants").glob("*.yaml")]
    for avenant in sorted(avenants, key=lambda a: a["numero"]):
        signed = avenant.get("date_signature")
        if signed is None or signed > day:
            continue
        for e in avenant.get("engagements", []):
            in_force[(e["fiche"], e["financeur"], e["nature"])] = Decimal(str(e["montant"]))
    return sum(in_force.values(), Decimal(0))


def struct_types(reader: Any) -> set[str]:
    """Every structure type (/H1, /Table, /TH…) of the tagged PDF."""
    found: set[str] = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "keys"):
            if "/S" in node:
                found.add(str(node["/S"]))
            if "/K" in node:
                stack.append(node["/K"])
    return found


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "site"
    done = render_in_subprocess(DATA, out)
    assert done.returncode == 0, done.stderr
    return out


def pdfs(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.glob("*.pdf"))


# ------------------------------------------------------------------ the files


def test_one_pdf_for_the_protocol_and_one_per_avenant(rendered: Path) -> None:
    numbers = sorted(load(p)["numero"] for p in (DATA / "avenants").glob("*.yaml"))
    expected = ["protocole.pdf", *(f"avenant-{n}.pdf" for n in numbers)]
    assert sorted(p.name for p in rendered.iterdir()) == sorted(expected)
    for path in pdfs(rendered):
        assert path.read_bytes().startswith(b"%PDF-")


def test_the_protocol_shows_every_fiche_title_and_the_committed_total(rendered: Path) -> None:
    text = "\n".join(pages_text(rendered / "protocole.pdf"))
    for fiche in (DATA / "fiches").glob("*.yaml"):
        assert flat(load(fiche)["titre"]) in flat(text), fiche.name
    total = french(committed_total(DATA, date.fromisoformat(AS_OF)))
    assert total == "3\u202f970\u202f000\u00a0€"  # data/ATTENDU.md, 2023-01-01
    html = subprocess.run(
        [sys.executable, "-m", "tindustrie", "render", "--data", str(DATA), "--format", "html",
         "--output", str(rendered.parent / "html"), "--as-of", AS_OF],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert html.returncode == 0
    assert total in (rendered.parent / "html" / "protocole.html").read_text("utf-8")
    assert total in text


def test_every_page_says_page_x_of_n(rendered: Path) -> None:
    for path in pdfs(rendered):
        texts = pages_text(path)
        for number, text in enumerate(texts, start=1):
            assert f"page {number} sur {len(texts)}" in text, (path.name, number)


def test_the_last_page_holds_the_signatories(rendered: Path) -> None:
    protocol = load(DATA / "protocole.yaml")
    last = pages_text(rendered / "protocole.pdf")[-1]
    assert "Fait à Laval, le 28 octobre 2021" in last
    for person in protocol["signataires"]:
        assert person["nom"] in last
    names = {p["id"]: p["nom"] for p in protocol["partenaires"]}
    for path in (DATA / "avenants").glob("*.yaml"):
        avenant = load(path)
        last = pages_text(rendered / f"avenant-{avenant['numero']}.pdf")[-1]
        assert "Signatures" in last
        for party in avenant["signataires"]:
            assert flat(names[party]) in flat(last), party


def test_a_draft_avenant_says_so_on_every_page(rendered: Path) -> None:
    drafts = [load(p) for p in (DATA / "avenants").glob("*.yaml")]
    drafts = [a for a in drafts if "date_signature" not in a]
    assert drafts, "the example has a draft avenant"
    for avenant in drafts:
        for text in pages_text(rendered / f"avenant-{avenant['numero']}.pdf"):
            assert "Projet — non signé" in text
    signed = pages_text(rendered / "avenant-1.pdf")
    assert not any("Projet — non signé" in t for t in signed)


def test_tagged_with_headings_tables_and_figures(rendered: Path) -> None:
    for path in pdfs(rendered):
        reader = pypdf.PdfReader(path)
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"])
        assert str(root["/Lang"]).startswith("fr")
        types = struct_types(reader)
        assert {"/H1", "/H2", "/Table", "/TH", "/TR", "/TD", "/Caption"} <= types, path.name
    assert "/Figure" in struct_types(pypdf.PdfReader(rendered / "protocole.pdf"))


def test_pdf_a_and_pdf_ua_identification(rendered: Path) -> None:
    for path in pdfs(rendered):
        reader = pypdf.PdfReader(path)
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
        assert re.search(r"pdfaid:part>3<|pdfaid:part=\"3\"", xmp), path.name
        assert re.search(r"pdfaid:conformance>A<|pdfaid:conformance=\"A\"", xmp)
        assert re.search(r"pdfuaid:part>1<|pdfuaid:part=\"1\"", xmp)
        assert reader.metadata is not None and reader.metadata.title
        assert "/OutputIntents" in reader.trailer["/Root"]


def test_the_yaml_sources_are_inside_byte_for_byte(rendered: Path) -> None:
    files = sources(DATA)
    carried = pypdf.PdfReader(rendered / "protocole.pdf").attachments
    assert sorted(carried) == sorted(files)
    for name, content in files.items():
        assert carried[name] == [content], name
    for path in (DATA / "avenants").glob("*.yaml"):
        avenant = load(path)
        carried = pypdf.PdfReader(rendered / f"avenant-{avenant['numero']}.pdf").attachments
        adopted = {
            n for n, c in files.items() if n.startswith("fiches/") and load(DATA / n)["id"] in
            avenant["fiches"]
        }  # fmt: skip
        assert sorted(carried) == sorted({f"avenants/{path.name}"} | adopted)
        for name, content in carried.items():
            assert content == [files[name]]


def test_extracted_sources_validate(rendered: Path, tmp_path: Path, capsys: Any) -> None:
    """What the README tells: take the files out of the PDF, then `validate` them."""
    out = tmp_path / "extrait"
    for name, (content,) in pypdf.PdfReader(rendered / "protocole.pdf").attachments.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(content)
    assert run_cli(["validate", "--data", str(out)]).code == 0


# ------------------------------------------------------------------ reproducibility


def test_same_bytes_with_source_date_epoch(tmp_path: Path) -> None:
    first = render_in_subprocess(DATA, tmp_path / "a", SOURCE_DATE_EPOCH="1700000000")
    second = render_in_subprocess(DATA, tmp_path / "b", SOURCE_DATE_EPOCH="1700000000")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    for path in pdfs(tmp_path / "a"):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
    meta = pypdf.PdfReader(tmp_path / "a" / "protocole.pdf").metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.date() == date(2023, 11, 14)  # 1700000000


def test_without_source_date_epoch_the_date_is_the_as_of_date(rendered: Path) -> None:
    meta = pypdf.PdfReader(rendered / "protocole.pdf").metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.date() == date.fromisoformat(AS_OF)


# ------------------------------------------------------------------ hostile text

HOSTILE_TITLE = "#sys.exit() $x^2$ *gras* _it_ @ref <a> [lien] \\ ` ~ = - + / & \" ' 🎉 {x} // %"
HOSTILE_TEXT = '= Titre - liste + plus <b>&amp; « guillemets » "quotes" 🚀 #let x = 1 #x'
LONG_WORD = "Z" * 300


def test_hostile_titles_and_descriptions_print_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    fiche = data / "fiches" / "1.1-welcome-pack.yaml"
    content = load(fiche)
    content["titre"] = HOSTILE_TITLE
    content["description"] = f"{HOSTILE_TEXT} {LONG_WORD} fin"
    fiche.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    avenant = data / "avenants" / "avenant-1.yaml"
    content = load(avenant)
    content["titre"] = HOSTILE_TITLE
    content["objet"] = HOSTILE_TEXT
    avenant.write_text(
        yaml.safe_dump(content, allow_unicode=True, sort_keys=False, default_style=None), "utf-8"
    )
    code, _out, err = run(capsys, "--data", str(data), "--output", str(tmp_path / "site"),
                          "--format", "pdf", "--as-of", AS_OF)  # fmt: skip
    assert code == 0, err
    assert "Attention" not in err  # every character has a glyph
    for name in ("protocole.pdf", "avenant-1.pdf"):
        text = flat("\n".join(pages_text(tmp_path / "site" / name)))
        for expected in (HOSTILE_TITLE, HOSTILE_TEXT):
            assert flat(expected) in text, (name, expected)
    protocol = flat("\n".join(pages_text(tmp_path / "site" / "protocole.pdf")))
    assert flat(f"{LONG_WORD} fin") in protocol


def test_a_character_no_font_draws_is_named_in_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    fiche = data / "fiches" / "1.2-may-usinage.yaml"
    content = load(fiche)
    content["titre"] = "École 漢字"
    fiche.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    code, _out, err = run(capsys, "--data", str(data), "--output", str(tmp_path / "site"),
                         "--format", "pdf", "--as-of", AS_OF)  # fmt: skip
    assert code == 0, err
    assert "U+6F22" in err and "U+5B57" in err and "Attention" in err
    text = "\n".join(pages_text(tmp_path / "site" / "protocole.pdf"))
    assert "École \ufffd\ufffd" in text
    carried = pypdf.PdfReader(tmp_path / "site" / "protocole.pdf").attachments
    assert carried["fiches/1.2-may-usinage.yaml"] == [fiche.read_bytes()]  # kept as written


# ------------------------------------------------------------------ every free text

#: Pieces every font of the PDF draws, once shown visibly (docs/limites.md, « PDF »).
PDF_TEXT = st.lists(st.sampled_from([*MARKUP, *INVISIBLE, *DRAWN]), max_size=14).map("".join)
#: A text with one of each: markup of every kind, backslashes, quotes, controls,
#: C1, bidi overrides and isolates, zero-width characters, noncharacters.
EVERYTHING = (
    "#sys.exit() $x^2$ *gras* @ref <a> [lien] \\ \\n \" ' ` « » =1+1 "
    "\x00\x1b[2J\x7f\x85\x9b \u202eABC\u202c \u2067x\u2069 zw\u200bj\u2060\ufeff "
    "\u00ad \u2028 \ufffe\U0001fffe fin"
)
#: The fields each PDF prints in full (a title may also be cut in a table); a
#: payment's reference and a status decision are not in the documents.
_NOT_PRINTED = ("versement_reference", "historique_decision")
PRINTED = {
    "protocole.pdf": tuple(f for f in FIELDS if f not in _NOT_PRINTED),
    "avenant-1.pdf": tuple(
        f for f in FIELDS if f not in (*_NOT_PRINTED, "axe") and not f.startswith("mesure_")
    ),
}


def squeezed(text: str) -> str:
    """Text without the spaces, line breaks, hyphens and zero-width spaces the layout
    adds or moves (Typst marks a break opportunity with U+200B in the PDF's text)."""
    return re.sub(r"[\s\-\u2010\u200b]+", "", text)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a compilation per shrink step
)
@example({field: f"F{i}· {EVERYTHING}" for i, field in enumerate(FIELDS)})
@given(texts_strategy(PDF_TEXT))
def test_every_free_text_prints_as_written_or_visibly(texts: dict[str, str]) -> None:
    """Titles, descriptions, partner names, avenant objects: each is in the PDF as
    written, its invisible characters shown visibly (``\\u202e``), never as Typst
    markup, never reordered by a bidi override, never cut by a NEL."""
    from tindustrie.formats.escape import page_text

    with tempfile.TemporaryDirectory() as tmp:
        data = hostile_folder(Path(tmp), texts)
        site = Path(tmp) / "site"
        code, _out, err = run_cli(["render", "--data", str(data), "--output", str(site),
                                   "--format", "pdf", "--as-of", AS_OF])  # fmt: skip
        assert code == 0, err
        assert "Attention" not in err  # every character is drawn, once shown visibly
        for name, fields in PRINTED.items():
            text = "\n".join(pages_text(site / name))
            hidden = {c for c in text if c not in "\n\u200b" and page_text(c) != c}
            assert not hidden, (name, hidden)
            for field in fields:  # a paragraph folds white space (\x85, \u2028 too)
                written, folded = texts[field], " ".join(texts[field].split())
                shown = {squeezed(page_text(written)), squeezed(page_text(folded))}
                assert any(s in squeezed(text) for s in shown), (name, field)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@example({f: f"F{i}· \x8a¶f\uf2a8í= \U000ecfa9\U0005fb97 碦 \ufeff" for i, f in enumerate(FIELDS)})
@example({f: f"F{i}· \U000e0dba" for i, f in enumerate(FIELDS)})  # drawn as nothing
@given(texts_strategy(st.text(st.characters(codec="utf-8"), max_size=20)))
def test_any_unicode_text_gives_a_pdf(texts: dict[str, str]) -> None:
    """Arbitrary Unicode in every free text: a PDF/A is written (never exit 70); a
    character it cannot hold (no glyph, private use, unassigned) is « � », named in
    the warning; the rest is there as written or visibly."""
    from tindustrie.formats.escape import page_text

    with tempfile.TemporaryDirectory() as tmp:
        data = hostile_folder(Path(tmp), texts)
        site = Path(tmp) / "site"
        code, _out, err = run_cli(["render", "--data", str(data), "--output", str(site),
                                   "--format", "pdf", "--as-of", AS_OF])  # fmt: skip
        assert code == 0, err
        replaced = str.maketrans(
            {chr(int(c, 16)): "\ufffd" for c in re.findall(r"U\+([0-9A-F]{4,6})", err)}
        )
        text = squeezed("\n".join(pages_text(site / "protocole.pdf")))
        for field in PRINTED["protocole.pdf"]:
            if any(unicodedata.bidirectional(c) in ("R", "AL") for c in texts[field]):
                continue  # right-to-left letters are laid out right to left
            written, folded = texts[field], " ".join(texts[field].split())
            shown = {squeezed(page_text(t).translate(replaced)) for t in (written, folded)}
            assert any(s in text for s in shown), field


# ------------------------------------------------------------------ all or nothing


def test_a_failing_template_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    templates = tmp_path / "modeles"
    templates.mkdir()
    (templates / "avenant.typ").write_text('#import "_commun.typ": *\n#undefined-thing\n', "utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "protocole.pdf").write_bytes(b"ancien")
    code, stdout, err = run(capsys, "--data", str(DATA), "--output", str(out), "--format", "all",
                            "--templates", str(templates), "--as-of", AS_OF)  # fmt: skip
    assert code == 2, err
    assert "avenant.typ" in err and "unknown variable" in err
    assert "tindustrie-pdf-" not in err  # the temporary folder is not shown
    assert stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["protocole.pdf"]
    assert (out / "protocole.pdf").read_bytes() == b"ancien"


def test_a_file_that_cannot_be_written_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    (out / "avenant-2.pdf").mkdir(parents=True)  # a folder where a PDF should go
    code, _out, err = run(capsys, "--data", str(DATA), "--output", str(out), "--as-of", AS_OF)
    assert code == 3, err
    assert sorted(p.name for p in out.iterdir()) == ["avenant-2.pdf"]


def test_a_replaced_typst_template_is_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    templates = tmp_path / "modeles"
    templates.mkdir()
    (templates / "avenant.typ").write_text(
        '#import "_commun.typ": *\n'
        "#let data = json(sys.inputs.donnees)\n"
        "#show: body => document-setup(data, body)\n"
        "Avenant maison n° #data.avenant.numero\n",
        "utf-8",
    )
    out = tmp_path / "site"
    code, _, err = run(capsys, "--data", str(DATA), "--output", str(out), "--format", "pdf",
                       "--templates", str(templates), "--as-of", AS_OF)  # fmt: skip
    assert code == 0, err
    assert "Avenant maison n° 2" in pages_text(out / "avenant-2.pdf")[0]
    assert "Sommaire" in "\n".join(pages_text(out / "protocole.pdf"))  # the built-in one


def test_without_the_typst_package_pdf_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "typst", None)  # import typst now fails
    for fmt in ("pdf", "all"):
        code, out, err = run(capsys, "--data", str(DATA), "--output", str(tmp_path / "site"),
                             "--format", fmt)  # fmt: skip
        assert code == 2
        assert "typst" in err and "pip install" in err and out == ""
        assert not (tmp_path / "site").exists()
    code, _, err = run(capsys, "--data", str(DATA), "--output", str(tmp_path / "site"),
                       "--format", "html")  # fmt: skip
    assert code == 0, err


def test_the_data_given_to_typst_is_plain_json() -> None:
    from tindustrie.render import _prepare
    from tindustrie.render.pdf import documents
    from tindustrie.validation import check_folder

    valid = check_folder(DATA).valid_project()
    assert valid is not None
    _, context = _prepare(valid, date.fromisoformat(AS_OF), None, {})
    docs = documents(valid, context)
    assert [d.output for d in docs] == ["protocole.pdf", "avenant-1.pdf", "avenant-2.pdf",
                                        "avenant-3.pdf"]  # fmt: skip
    for doc in docs:
        again = json.loads(json.dumps(doc.data))
        assert again == doc.data
    totals = docs[0].data["doc"]["totals"]
    assert totals["committed"]["text"] == french(committed_total(DATA, date.fromisoformat(AS_OF)))
    assert totals["committed"]["value"] == "3970000.00"
