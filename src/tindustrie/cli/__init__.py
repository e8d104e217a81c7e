"""The command line: thin typer commands over the library.

Only this package and the formatters touch typer and rich. Each command lives
in its own module and registers itself on :data:`app`. :func:`main` is the one
place where a failure becomes a French message and an exit code
(:class:`~tindustrie.errors.ExitCode`): usage mistakes, the library's
:class:`~tindustrie.errors.TindustrieError`, an output that cannot take the
text; no traceback ever reaches the user.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import import_module
from typing import Any

from tindustrie.cli._app import app
from tindustrie.errors import ExitCode, TindustrieError, UsageError

#: The command modules, in the order ``tindustrie --help`` lists them; importing
#: one registers its commands on :data:`app`.
COMMAND_MODULES = (
    "init",
    "validate",
    "listing",
    "show",
    "financing",
    "suivi",
    "consolidate",
    "diff",
    "render",
    "export",
    "new",
    "rename",
    "schema",
    "completion",
)
for _module in COMMAND_MODULES:
    import_module(f"tindustrie.cli.{_module}")

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``tindustrie`` console script."""
    from tindustrie.cli._streams import PipeClosed, prepare_streams, write_failure

    prepare_streams()
    try:
        code = _run(argv)
        sys.stdout.flush()
    except (PipeClosed, BrokenPipeError):  # `tindustrie list | head`: the reader is done
        code = _quiet_broken_pipe()
    except TindustrieError as exc:  # the final flush: a full disk, a closed stdout
        code = _report(exc)
    except OSError as exc:
        code = write_failure(exc)
    sys.exit(code)


def _report(exc: TindustrieError, *more: str) -> int:
    """``Erreur : message``, the hint, and what else helps, on stderr; the exit code."""
    from tindustrie.cli._streams import say
    from tindustrie.problems import visible

    lines = [f"Erreur : {visible(exc.message)}"]
    lines += [visible(line) for line in (exc.hint, *more) if line]
    say("\n".join(lines))
    return exc.code


def _command_path(argv: list[str] | None) -> str:
    """``list ``, ``new fiche ``: the command (and sub-command) named on the command line."""
    import typer.main

    words = list(sys.argv[1:] if argv is None else argv)
    path = ""
    command: Any = typer.main.get_command(app)
    for word in words:
        sub = getattr(command, "commands", {}).get(word)
        if word.startswith("-") or sub is None:
            break
        path, command = path + word + " ", sub
    return path


@cache
def _command() -> Any:
    """The click command of :data:`app`, in French: built once per process. Building
    it reads every command's signature (about 10 ms, and the options' converters on
    first use); a process that runs the CLI many times (the test suite) builds it once."""
    from tindustrie.cli._french import french_command

    return french_command(app)


def _run(argv: list[str] | None) -> int:
    from tindustrie.cli._complete import prepare
    from tindustrie.cli._streams import PipeClosed
    from tindustrie.cli._usage import ABORTS, EXITS, click_exceptions, french_usage_error

    try:
        _refuse_empty_paths(sys.argv[1:] if argv is None else argv)
        prepare()  # shell completion: asked for through the environment, at each run
        command = _command()
        result: Any = command.main(args=argv, prog_name="tindustrie", standalone_mode=False)
    except EXITS as done:
        result = getattr(done, "exit_code", ExitCode.INVALID)
    except click_exceptions.UsageError as exc:
        sys.stderr.write(french_usage_error(exc, sys.argv[1:] if argv is None else argv))
        return ExitCode.USAGE
    except UsageError as exc:
        return _report(exc, f"Aide : tindustrie {_command_path(argv)}--help")
    except TindustrieError as exc:
        return _report(exc)
    except (*ABORTS, KeyboardInterrupt):  # type: ignore[misc]
        sys.stderr.write("Interrompu.\n")
        return ExitCode.INTERRUPTED
    except (OSError, PipeClosed):
        raise
    except Exception as exc:  # pragma: no cover - a bug of ours, reported as such
        sys.stderr.write(
            "Erreur interne de tindustrie : ce n'est pas votre faute. Merci de la signaler "
            f"avec la commande lancée et ce message : {type(exc).__name__}: {exc}\n"
        )
        return ExitCode.INTERNAL
    return int(result) if isinstance(result, int) else ExitCode.OK


#: The options that name a file or a folder: an empty value would silently mean the
#: current folder (``Path("")`` is ``.``), so it is refused.
PATH_OPTIONS = ("--data", "-d", "--output", "-o", "--templates", "--base-data")


def _refuse_empty_paths(words: list[str]) -> None:
    """Refuse ``--data ""`` (or ``--data=``), whatever the command."""
    for i, word in enumerate(words):
        if word == "--":
            return
        name, equals, value = word.partition("=")
        if name not in PATH_OPTIONS:
            continue
        if equals:
            empty = not value.strip()
        elif i + 1 < len(words):
            empty = not words[i + 1].strip()
        else:
            continue
        if empty:
            raise UsageError(
                f"chemin vide pour {name}",
                f"`{name}` attend un chemin ; pour le dossier courant, écrivez `{name} .`.",
            )


def _quiet_broken_pipe() -> int:
    """Exit 0 without a word, as Unix tools do when their reader stops reading."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's final flush must not fail again
    except (OSError, ValueError, AttributeError):  # not a real file (tests): nothing to do
        pass
    return ExitCode.OK
