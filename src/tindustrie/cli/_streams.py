"""Standard output that cannot take the text: a closed pipe, a full disk, a closed
stdout, a terminal that cannot show a character.

- a character the output's encoding lacks (a Latin-9 terminal, a Windows
  console, ``PYTHONIOENCODING=ascii``) is replaced, never fatal: the spaces of
  French amounts become plain spaces, ``€`` becomes ``EUR``, the rest ``?``;
- a reader that stops reading (``tindustrie list | head``) ends the run
  silently with exit 0, as Unix tools do;
- any other failure to write (full disk, closed stdout) is a French
  :class:`~tindustrie.errors.WriteError` (exit 3).
"""

from __future__ import annotations

import codecs
import sys
from typing import Any

from tindustrie.errors import ExitCode, WriteError
from tindustrie.oserror import os_reason

#: The name of the encoding error handler registered here.
REPLACE = "tindustrie-replace"
#: What replaces a character the output cannot encode (default: ``?``).
_FALLBACK = {
    "\u202f": " ",  # narrow no-break space (thousands in French amounts)
    "\u00a0": " ",  # no-break space (before €)
    "€": "EUR",
    "\u2212": "-",  # minus sign
    "—": "-",
    "–": "-",
    "…": "...",
    "«": '"',
    "»": '"',
    "’": "'",
    "→": "->",
    "←": "<-",
    "✓": "v",
    "✗": "x",
    "†": "+",
}


def _replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_fallback(char, error.encoding) for char in text), error.end


def _fallback(char: str, encoding: str) -> str:
    """``€`` → ``EUR``, ``é`` → ``e`` (its letter without the accent), else ``?``."""
    import unicodedata

    if char in _FALLBACK:
        candidate = _FALLBACK[char]
    else:
        decomposed = unicodedata.normalize("NFKD", char)
        candidate = "".join(c for c in decomposed if not unicodedata.combining(c)) or "?"
    try:
        candidate.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "?"
    return candidate


class PipeClosed(Exception):
    """The reader of standard output has gone (not an ``OSError``: click would exit 1)."""


class GuardedOutput:
    """Standard output whose write failures become :class:`PipeClosed` or a
    :class:`~tindustrie.errors.WriteError`; everything else is the stream's own."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def _fail(self, exc: OSError) -> WriteError | PipeClosed:
        if isinstance(exc, BrokenPipeError):
            return PipeClosed()
        return WriteError(f"impossible d'écrire la sortie : {os_reason(exc)}")

    def write(self, text: str) -> int:
        if self._stream is None:
            raise WriteError(
                "la sortie standard est fermée : rien n'a pu être écrit",
                "Redirigez la sortie vers un fichier (`> fichier`) au lieu de la fermer.",
            )
        try:
            written: int = self._stream.write(text)
        except OSError as exc:
            raise self._fail(exc) from None
        return written

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._fail(exc) from None

    def isatty(self) -> bool:
        try:
            return bool(self._stream is not None and self._stream.isatty())
        except (AttributeError, ValueError, OSError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def prepare_streams() -> None:
    """Guard standard output, and let both outputs replace what they cannot encode."""
    try:
        codecs.lookup_error(REPLACE)
    except LookupError:
        codecs.register_error(REPLACE, _replace)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=REPLACE)
            except (ValueError, OSError):  # pragma: no cover - a stream already closed
                pass
    if not isinstance(sys.stdout, GuardedOutput):
        sys.stdout = GuardedOutput(sys.stdout)


def write_failure(exc: OSError) -> int:
    """Say on stderr that the output could not be written; the exit code."""
    error = WriteError(f"impossible d'écrire la sortie : {os_reason(exc)}")
    if sys.stderr is not None:
        try:
            sys.stderr.write(f"Erreur : {error}\n")
        except (OSError, ValueError):
            pass
    return ExitCode.WRITE


def say(text: str) -> None:
    """A message for a person on stderr: wrapped at words to the terminal's width when
    stderr is a terminal (a log or a pipe gets each message on one line)."""
    stream = sys.stderr
    if stream is None:
        return
    lines = text.split("\n")
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if interactive:
        import shutil
        import textwrap

        width = max(shutil.get_terminal_size().columns, 20)
        lines = [
            wrapped
            for line in lines
            for wrapped in (
                textwrap.wrap(line, width, break_on_hyphens=False, subsequent_indent="  ") or [""]
            )
        ]
    stream.write("\n".join(lines) + "\n")
