"""`tindustrie new`: the next free id, a commented file that validates, never overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from everyday_support import copy_data, run
from tindustrie.models import Fiche
from tindustrie.scaffold import fiche_yaml, next_avenant_number, next_fiche_id, slugify


def test_new_fiche_then_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    code, out, err = run(
        capsys, "new", "fiche", "--axe", "1", "--titre", "École de production : « test »",
        "--pilote", "lmt", "--data", str(data),
    )  # fmt: skip
    assert code == 0, err
    path = data / "fiches" / "1.4-ecole-de-production-test.yaml"
    assert path.is_file() and str(path) in out
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/fiche.schema.json\n")
    assert 'id: "1.4"' in text and "pilote: lmt" in text
    for field in Fiche.model_fields:  # every field present
        assert f"\n{field}:" in text
    assert run(capsys, "validate", "--data", str(data))[0] == 0
    code, out, _ = run(capsys, "show", "1.4", "--data", str(data))
    assert code == 0 and "École de production : « test »" in out


def test_new_fiche_default_pilot_and_next_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    (data / "fiches" / "4.7-a-moitie-ecrite.yaml").write_text("id: [\n", "utf-8")  # broken
    code, _, err = run(capsys, "new", "fiche", "--axe", "4", "--titre", "X", "--data", str(data))
    assert code == 0, err
    created = data / "fiches" / "4.8-x.yaml"
    assert "pilote: laval-economie" in created.read_text("utf-8")  # the protocol's pilotage


def test_new_avenant_is_a_draft_that_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    code, out, err = run(capsys, "new", "avenant", "--titre", 'Avenant "4"', "--data", str(data))
    assert code == 0, err
    path = data / "avenants" / "avenant-4.yaml"
    loaded = yaml.safe_load(path.read_text("utf-8"))
    assert loaded["numero"] == 4 and loaded["titre"] == 'Avenant "4"'
    assert "date_signature" not in loaded
    assert run(capsys, "validate", "--data", str(data))[0] == 0
    code, out, _ = run(capsys, "list", "avenants", "--data", str(data), "--format", "csv")
    assert out.splitlines()[-1].startswith("4,")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("fiche", "--axe", "7", "--titre", "X"), "1, 2, 3, 4"),
        (("fiche", "--axe", "1", "--titre", "X", "--pilote", "zz"), "laval-agglo"),
        (("fiche", "--axe", "1", "--titre", "  "), "titre est vide"),
        (("fiche", "--titre", "X"), "axe"),
        (("fiche", "--axe", "un", "--titre", "X"), "axe"),
        (("chose", "--titre", "X"), "chose"),
    ],
)
def test_usage_errors_write_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    data = copy_data(tmp_path)
    before = sorted(p.name for p in (data / "fiches").iterdir())
    code, _, err = run(capsys, "new", *args, "--data", str(data))
    assert code == 2 and needle in err
    assert sorted(p.name for p in (data / "fiches").iterdir()) == before


def test_never_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / "avenants" / "avenant-4.yml").write_text("garder\n", "utf-8")  # unreadable draft
    code, _, _ = run(capsys, "new", "avenant", "--titre", "T", "--data", str(data))
    assert code == 0
    assert (data / "avenants" / "avenant-4.yml").read_text("utf-8") == "garder\n"
    assert (data / "avenants" / "avenant-5.yaml").is_file()
    slugged = data / "fiches" / "1.4-t.yaml"
    slugged.write_text("garder\n", "utf-8")
    code, _, _ = run(capsys, "new", "fiche", "--axe", "1", "--titre", "T", "--data", str(data))
    assert code == 0 and slugged.read_text("utf-8") == "garder\n"  # 1.5 picked instead


def test_unreadable_protocol(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / "protocole.yaml").write_text("territoire: [\n", "utf-8")
    code, _, err = run(capsys, "new", "fiche", "--axe", "1", "--titre", "X", "--data", str(data))
    assert code == 1 and "protocole.yaml" in err


def test_ids() -> None:
    assert next_fiche_id(1, ["1.1", "1.2", "1.10", "2.3"]) == "1.11"
    assert next_fiche_id(3, ["1.1"]) == "3.1"
    assert next_avenant_number([1, 2]) == 3 and next_avenant_number([]) == 1
    assert slugify("Récupération de la chaleur fatale !") == "recuperation-de-la-chaleur-fatale"
    assert slugify("«»") == "fiche"
    assert len(slugify("mot " * 40)) <= 50


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80).filter(lambda t: t.strip()))
def test_any_title_round_trips(title: str) -> None:
    text = fiche_yaml("1.4", title, 1, "lmt", ["recruter"], ["lmt"])
    assert yaml.safe_load(text)["titre"] == title
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slugify(title))


#: Identifiers YAML would read as something else than text if written plain.
TRICKY_IDS = ["no", "null", "on", "yes", "off", "2021-01-01", "1e3", "0x1f", "1_000", "~"]


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(
        st.sampled_from(TRICKY_IDS), st.from_regex(r"[a-z0-9][a-z0-9_-]{0,12}", fullmatch=True)
    ),
    st.text(min_size=1, max_size=60).filter(lambda t: t.strip()),
)
def test_any_pilot_and_title_are_written_as_text(pilote: str, title: str) -> None:
    """Every scalar `new` writes reads back as the very text given (issue 16)."""
    from tindustrie.scaffold import avenant_yaml
    from tindustrie.yamlio import Lit, parse

    for text, key, value in (
        (fiche_yaml("1.4", title, 1, pilote, ["recruter"], [pilote]), "pilote", pilote),
        (avenant_yaml(3, title), "titre", title),
    ):
        doc = parse(text, "x.yaml")
        assert doc.problems == [], (text, doc.problems)
        assert doc.data[key] == value and not isinstance(doc.data[key], Lit)
        assert doc.data["titre"] == title and not isinstance(doc.data["titre"], Lit)


@pytest.mark.parametrize("ident", ["no", "null", "on", "2021-01-01"])
def test_new_fiche_with_a_pilot_yaml_would_misread(
    ident: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import re
    import shutil

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "corpus" / "_base", data)
    for path in data.rglob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"\bagglo\b", f'"{ident}"', text), "utf-8")
    assert run(capsys, "validate", "--data", str(data))[0] == 0
    argv = ["new", "fiche", "--axe", "1", "--titre", "X", "--pilote", ident, "--data", str(data)]
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    code, out, err = run(capsys, "validate", "--data", str(data))
    assert code == 0, out + err
    code, _, err = run(capsys, "new", "avenant", "--titre", "Octet \udcff", "--data", str(data))
    assert code == 2 and "UTF-8" in err


@pytest.mark.parametrize("folder", ["fiches", "avenants"])
def test_new_refuses_a_folder_linked_out_of_the_data(
    folder: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """What `validate` refuses (TI101), `new` does not write into."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "corpus" / "_base", data)
    outside = tmp_path / "dehors"
    (data / folder).rename(outside)
    (data / folder).symlink_to(outside)
    before = sorted(p.name for p in outside.iterdir())
    argv = ["new", folder[:-1], "--titre", "X", "--data", str(data)]
    if folder == "fiches":
        argv += ["--axe", "1", "--pilote", "agglo"]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, ""), err
    assert f"{folder}/ n'est pas écrit" in err
    assert sorted(p.name for p in outside.iterdir()) == before
    code, _, err = run(capsys, *argv, "--follow-symlinks")
    assert code == 0, err
