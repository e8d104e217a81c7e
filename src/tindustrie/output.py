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
from pathlib import Path

#: Permissions of a new file (an existing file keeps its own).
NEW_FILE_MODE = 0o644


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` by ``data`` in one step (temporary file, fsync, rename)."""
    mode = target.stat().st_mode & 0o777 if target.exists() else NEW_FILE_MODE
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
