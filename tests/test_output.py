"""Atomic writing: the new bytes or the old ones, never half, and nothing else touched."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tindustrie import output
from tindustrie.output import write_atomic


def test_new_file_is_written_readable(tmp_path: Path) -> None:
    target = tmp_path / "fiche.yaml"
    write_atomic(target, "titre: Café\n".encode())
    assert target.read_bytes() == "titre: Café\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == output.NEW_FILE_MODE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fiche.yaml"]


def test_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "protocole.md"
    target.write_bytes(b"old\n")
    target.chmod(0o600)
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_failure_keeps_the_old_file_and_removes_only_the_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "protocole.md"
    target.write_bytes(b"old\n")
    (tmp_path / ".protocole.md.a-moi.tmp").write_bytes(b"not ours to delete")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert sorted(os.listdir(tmp_path)) == [".protocole.md.a-moi.tmp", "protocole.md"]
