"""`tindustrie rename`: one identifier changed everywhere, every other byte kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from everyday_support import copy_data, run
from tindustrie.validation import check_folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def without(text: bytes, ident: str) -> bytes:
    """``text`` with every value ``ident`` (plain or quoted, after ``: `` or ``- ``)
    cut out: what must stay byte for byte."""
    pattern = rb"(?m)(?<=[:\-\[,] )([\"']?)" + re.escape(ident.encode()) + rb"\1(?=\s|,|\]|$)"
    return re.sub(pattern, b"<ID>", text)


@pytest.mark.parametrize(
    ("kind", "old", "new"),
    [
        ("partenaire", "region-pdl", "region-pays-de-la-loire"),
        ("partenaire", "gys", "gys-industrie"),
        ("fiche", "1.3", "1.4"),
        ("fiche", "3.2", "3.10"),
    ],
)
def test_rename_keeps_every_other_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, old: str, new: str
) -> None:
    data = copy_data(tmp_path)
    before = snapshot(data)
    assert check_folder(data).valid()

    code, out, err = run(capsys, "rename", kind, old, new, "--data", str(data))
    assert code == 0, err
    after = snapshot(data)

    moved = {}
    if kind == "fiche":
        (old_name,) = [n for n in before if n.startswith(f"fiches/{old}-")]
        new_name = f"fiches/{new}-" + old_name.removeprefix(f"fiches/{old}-")
        moved[old_name] = new_name
        assert old_name not in after and new_name in after
        assert f"fichier renommé : {Path(new_name).name}" in out
    changed = 0
    for name, content in before.items():
        edited = after[moved.get(name, name)]
        assert without(content, old) == without(edited, new), name
        changed += content != edited
    assert len(after) == len(before)
    assert changed >= 2
    assert f"{changed} fichier" in out

    report = check_folder(data)
    assert report.valid(), report.problems
    assert [p.code for p in report.problems] == [p.code for p in check_folder_copy(tmp_path)]


def check_folder_copy(tmp_path: Path) -> list:  # type: ignore[type-arg]
    fresh = copy_data(tmp_path / "fresh")
    return check_folder(fresh).problems


def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    before = snapshot(data)
    code, out, _ = run(
        capsys, "rename", "partenaire", "gys", "gys-sa", "--dry-run", "--data", str(data)
    )
    assert code == 0
    assert snapshot(data) == before
    assert "Rien n'est écrit (--dry-run)." in out
    assert re.search(
        r"fiches/1\.2-may-usinage\.yaml\n\s+\d+ avant : - gys\n\s+après : - gys-sa", out
    )
    code, out, _ = run(capsys, "rename", "fiche", "1.3", "1.9", "-n", "--data", str(data))
    assert code == 0 and "serait renommé : 1.9-promotion-metiers-industriels.yaml" in out
    assert snapshot(data) == before


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("partenaire", "gys", "etat"), 2, "le partenaire « etat » existe déjà"),
        (("partenaire", "gys", "GYS SA"), 2, "identifiant de partenaire « GYS SA » invalide"),
        (("partenaire", "gyss", "gys-sa"), 1, "Vouliez-vous dire « gys » ?"),
        (("fiche", "1.3", "1.2"), 2, "la fiche « 1.2 » existe déjà"),
        (("fiche", "1.3", "2.9"), 2, "est dans l'axe 1"),
        (("fiche", "1.3", "1.x"), 2, "identifiant de fiche « 1.x » invalide"),
        (("fiche", "9.9", "9.10"), 1, "fiche « 9.9 » inconnue"),
    ],
)
def test_refusals_write_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    args: tuple[str, ...],
    code: int,
    needle: str,
) -> None:
    data = copy_data(tmp_path)
    before = snapshot(data)
    got, _, err = run(capsys, "rename", *args, "--data", str(data))
    assert got == code and needle in err
    assert snapshot(data) == before


def test_refuses_invalid_data(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    fiche = data / "fiches" / "1.1-welcome-pack.yaml"
    fiche.write_text(fiche.read_text("utf-8").replace("axe: 1", "axe: un"), "utf-8")
    before = snapshot(data)
    code, _, err = run(capsys, "rename", "partenaire", "gys", "gys-sa", "--data", str(data))
    assert code == 1 and "corrigez-les avant de renommer" in err
    assert snapshot(data) == before


def test_quotes_line_ends_and_byte_order_mark_are_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    fiche = data / "fiches" / "1.1-welcome-pack.yaml"
    text = fiche.read_text("utf-8")
    crlf = "\ufeff" + text.replace("pilote: laval-economie", "pilote: 'laval-economie'  # ici")
    fiche.write_bytes(crlf.replace("\n", "\r\n").encode("utf-8"))
    code, _, err = run(
        capsys, "rename", "partenaire", "laval-economie", "le-2024", "--data", str(data)
    )
    assert code == 0, err
    raw = fiche.read_bytes()
    assert (
        raw.startswith("\ufeff".encode())
        and b"\r\n" in raw
        and b"\n" not in raw.replace(b"\r\n", b"")
    )
    assert b"pilote: 'le-2024'  # ici\r\n" in raw
    assert check_folder(data).valid()


def test_a_new_id_that_yaml_would_misread_is_quoted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`pilote: gys` renamed into `yes` must not become the boolean true."""
    data = copy_data(tmp_path)
    code, _, err = run(capsys, "rename", "partenaire", "gys", "yes", "--data", str(data))
    assert code == 0, err
    text = (data / "fiches" / "1.2-may-usinage.yaml").read_text("utf-8")
    assert '- "yes"' in text and "- gys" not in text
    assert check_folder(data).valid()
