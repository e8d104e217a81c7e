"""The documentation follows the code."""

from __future__ import annotations

from pathlib import Path

from tindustrie.rules import catalogue, catalogue_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_regles_md_is_up_to_date() -> None:
    written = (ROOT / "docs" / "regles.md").read_text(encoding="utf-8")
    assert written == catalogue_markdown(), (
        "docs/regles.md est périmé : lancez `python scripts/gen_regles.py`"
    )


def test_catalogue_codes_are_unique_and_documented() -> None:
    rules = catalogue()
    codes = [r.code for r in rules]
    assert len(codes) == len(set(codes))
    for rule in rules:
        assert rule.title and len(rule.doc.split()) >= 5, rule.code


def test_format_md_names_every_key() -> None:
    from tindustrie.models import Avenant, Fiche, Protocole

    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for model in (Protocole, Fiche, Avenant):
        for name in model.model_fields:
            assert f"`{name}`" in text, name
