"""The one error type of tindustrie and its exit codes, the same in every command.

The library raises :class:`TindustrieError` (or a subclass) with a French
message, an optional hint and its :class:`ExitCode`; only ``cli.main`` turns it
into text on stderr and an exit code, in one place. Problems found in the data
are not errors: they are values (:mod:`tindustrie.problems`), reported, and
give exit code 1 through the command's result.

The table is documented in the README (« Codes de sortie »).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a run of ``tindustrie`` ended with."""

    #: done; the data is valid (warnings allowed, except under ``--strict``)
    OK = 0
    #: the data has errors, or an identifier asked for does not exist
    INVALID = 1
    #: the command line is wrong: unknown option or value, missing folder, bad template…
    USAGE = 2
    #: a file or the output could not be written (disk full, permission, closed output…)
    WRITE = 3
    #: interrupted (Ctrl-C)
    INTERRUPTED = 130
    #: a bug of tindustrie (never expected: reported as such)
    INTERNAL = 70


#: The meaning of each exit code, in French (README, ``--help``).
EXIT_LABELS: dict[ExitCode, str] = {
    ExitCode.OK: "terminé, données valides",
    ExitCode.INVALID: "données invalides, ou identifiant inconnu",
    ExitCode.USAGE: "erreur d'utilisation (option, valeur, dossier, gabarit)",
    ExitCode.WRITE: "écriture impossible (disque plein, permission, sortie fermée)",
    ExitCode.INTERRUPTED: "interrompu",
    ExitCode.INTERNAL: "erreur interne de tindustrie",
}


class TindustrieError(Exception):
    """A failure the user can fix, in French, with the exit code it ends the run with."""

    code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, hint: str = "", code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message + (f"\n{self.hint}" if self.hint else "")


class UsageError(TindustrieError):
    """The command line asks for something impossible (exit 2)."""

    code = ExitCode.USAGE


class InvalidData(TindustrieError):
    """The data cannot serve the command: it has errors, or lacks what is asked (exit 1)."""

    code = ExitCode.INVALID


class WriteError(TindustrieError):
    """A file or the output could not be written (exit 3)."""

    code = ExitCode.WRITE
