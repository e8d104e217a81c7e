"""The command line: thin typer commands over the library.

Only this package and :mod:`tindustrie.reporters` touch typer and rich. Each
command lives in its own module and registers itself on :data:`app`; ``main``
turns usage mistakes into French messages (exit 2) and makes sure no
traceback ever reaches the user.
"""

from __future__ import annotations

import sys
from importlib import import_module

from tindustrie.cli._app import app

#: The command modules, in the order ``tindustrie --help`` lists them; importing
#: one registers its commands on :data:`app`.
COMMAND_MODULES = ("validate", "listing", "show", "financing", "render", "new", "schema")
for _module in COMMAND_MODULES:
    import_module(f"tindustrie.cli.{_module}")

#: Exit codes of a usage error and of a bug of ours (0 valid, 1 invalid data).
EXIT_USAGE, EXIT_INTERNAL = 2, 70

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``tindustrie`` console script."""
    from tindustrie.cli._usage import ABORTS, EXITS, click_exceptions, french_usage_error

    try:
        code = app(args=argv, prog_name="tindustrie", standalone_mode=False)
    except EXITS as done:
        code = getattr(done, "exit_code", 1)
    except click_exceptions.UsageError as exc:
        sys.stderr.write(french_usage_error(exc))
        code = EXIT_USAGE
    except ABORTS:
        sys.stderr.write("Interrompu.\n")
        code = 130
    except KeyboardInterrupt:
        sys.stderr.write("Interrompu.\n")
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # pragma: no cover - a bug of ours, reported as such
        sys.stderr.write(
            "Erreur interne de tindustrie : ce n'est pas votre faute. Merci de la signaler "
            f"avec la commande lancée et ce message : {type(exc).__name__}: {exc}\n"
        )
        code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else 0)
