"""Every entry point that must survive hostile data, in one place.

The corpus (``test_corpus.py``) and the fuzzing (``test_fuzz.py``) run each of
them on every broken data folder. Adding a command is one line here: its
library function in :data:`LIBRARY_ENTRIES`, its command line in
:data:`CLI_COMMANDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tindustrie.validation import Report, check_folder


def validate_entry(data: Path, follow_symlinks: bool = False) -> Report:
    return check_folder(data, follow_symlinks)


#: Library entry points: each takes a data folder (and whether to follow
#: symbolic links out of it) and returns a value; none may raise.
LIBRARY_ENTRIES: list[Callable[[Path, bool], object]] = [validate_entry]


@dataclass(frozen=True)
class Command:
    """A command run as a user runs it: ``tindustrie <argv> --data DIR [--format F]``."""

    argv: tuple[str, ...]
    #: The machine formats it offers (each must stay parseable on stdout).
    formats: tuple[str, ...] = ()
    #: Whether it accepts ``--follow-symlinks``.
    follows_links: bool = True

    @property
    def name(self) -> str:
        return " ".join(self.argv)


CLI_COMMANDS: list[Command] = [Command(("validate",), ("json", "github", "gitlab"))]
