"""`render --templates`: a broken template is reported in French, with its file and
line, and never with a Python class name; docs/gabarits.md lists what templates use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from everyday_support import AS_OF, DATA, ROOT, run
from tindustrie.render.environment import environment
from tindustrie.render.filters import FILTERS
from tindustrie.render.reference import FIELDS, TYPES, reachable, reference_markdown

#: What a message must never show: Python's names for things.
PYTHON = re.compile(r"object|tindustrie\.|View\b|Error|Exception|NoneType|Decimal|\bdict\b")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "a\n{% for f in doc.fiches %}\n{{ f.id }}\n",
            "Fin de gabarit inattendue : le bloc `for` n'est pas fermé (balise attendue : `endfor` ou `else`)",
        ),
        ("a\n{{ doc.territoire|majuscules }}\n", "ligne 2 : filtre inconnu : majuscules"),
        (
            "{% if doc.phase %}x{% endfor %}\n",
            "balise `endfor` inattendue : le bloc `if` attend `elif` ou `else` ou `endif`",
        ),
        ("{% trucmuche %}\n", "balise inconnue : trucmuche"),
        ("{{ doc.territoire doc.phase }}\n", "fin de `{{ … }}` attendue, trouvé « doc »"),
        ("{{ 'a }}\n", "caractère inattendu « ' » (guillemet non fermé ?)"),
        (
            "\n\n{{ doc.fiches[0].titr }}\n",
            "ligne 3 : « titr » n'existe pas dans une fiche ; vouliez-vous dire « titre » ?",
        ),
        (
            "{{ doc.state.as_off }}\n",
            "« as_off » n'existe pas dans l'état présenté (`doc.state`) ; vouliez-vous dire « as_of » ?",
        ),
        ("{{ doc.phase.x }}\n", "« x » n'existe pas dans un nombre"),
        ("{{ doc.fiches[0] + 1 }}\n", "opération impossible entre ces valeurs"),
        ("{% for x in doc.phase %}{% endfor %}\n", "un nombre ne se parcourt pas avec `for`"),
        ("{{ doc.fiches[999] }}\n", "élément 999 absent de une liste"),
        ("{{ territoire }}\n", "variable inconnue : territoire (les gabarits reçoivent `doc`)"),
    ],
)
def test_template_errors_are_french(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, template: str, expected: str
) -> None:
    templates = tmp_path / "gabarits"
    templates.mkdir()
    (templates / "protocole.md.j2").write_text(template, encoding="utf-8")
    code, out, err = run(
        capsys,
        "render",
        "--data",
        str(DATA),
        "--output",
        str(tmp_path / "site"),
        "--templates",
        str(templates),
        "--as-of",
        AS_OF,
        "--format",
        "md",  # the template under test: the others (and the PDFs) would only cost time
    )
    assert code == 2 and out == ""
    assert err.startswith(f"Erreur : gabarit invalide : {templates / 'protocole.md.j2'}, ligne ")
    assert expected in err
    assert "docs/gabarits.md" in err
    assert not PYTHON.search(err.replace(str(tmp_path), "")), err


def test_the_reference_is_up_to_date() -> None:
    """docs/gabarits.md is generated from the code: `python scripts/gen_gabarits.py`."""
    written = (ROOT / "docs" / "gabarits.md").read_text("utf-8")
    assert written == reference_markdown()


def test_every_variable_and_filter_is_described() -> None:
    found = reachable()
    assert "FicheView" in found and "RenderContext" in found
    for name, (_, members) in found.items():
        assert name in TYPES, f"{name}: add its French name to render/reference.py TYPES"
        for member in members:
            assert FIELDS.get(name, {}).get(member), f"{name}.{member}: describe it in FIELDS"
        assert set(FIELDS.get(name, {})) <= set(members), f"{name}: FIELDS names a gone field"
    assert set(FIELDS) <= set(found)
    env = environment()
    assert set(FILTERS) <= set(env.filters)
    assert all(doc for _, doc in FILTERS.values())
    text = reference_markdown()
    for name in FILTERS:
        assert f"| `{name}` |" in text


def test_builtin_templates_use_only_documented_names() -> None:
    """Every `doc.x` the shipped templates read is in the reference."""
    names = {m for _, members in reachable().values() for m in members}
    for template in (ROOT / "templates").glob("*.j2"):
        text = template.read_text("utf-8")
        for used in re.findall(r"\bdoc\.(\w+)", text):
            assert used in names, f"{template.name}: doc.{used}"
        for block in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, re.S):
            for used in re.findall(r"\|\s*(\w+)", block):
                assert used in environment().filters, f"{template.name}: |{used}"
