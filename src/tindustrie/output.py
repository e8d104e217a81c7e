"""Writing files the user keeps: atomically, and never deleting anything else.

Shared by the commands that write into the user's folders (``render``, and the
commands that create data files). A file is written to a temporary file in the
same folder, flushed to disk, then renamed over the target: a reader sees the
old version or the new one, never half of one, and a failure (disk full,
interrupted run) leaves the previous version whole. The only file ever removed
is our own temporary file.

Errors are :class:`OSError` as raised by the system: the caller knows what it
was writing and says so in French.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Permissions of a new file (an existing file keeps its own).
NEW_FILE_MODE = 0o644


def stage(target: Path, chunks: Iterable[bytes]) -> Path:
    """Write ``chunks`` to a new temporary file beside ``target``, flushed to disk.

    The temporary file is the caller's to :func:`commit` or :func:`discard`;
    it is removed here if writing fails. Chunks are written as they come: a
    large document never has to sit whole in memory.
    """
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        discard(tmp)
        raise
    return tmp


def commit(tmp: Path, target: Path) -> None:
    """Put the staged file ``tmp`` in place of ``target`` in one step (a rename)."""
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else NEW_FILE_MODE
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        discard(tmp)
        raise


def discard(tmp: Path) -> None:
    """Remove a staged file that will not be used (our own temporary file only)."""
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` by ``data`` in one step (temporary file, fsync, rename)."""
    commit(stage(target, (data,)), target)
