"""The names of typer this program uses beyond its decorators, in one place.

typer documents ``Typer``, ``Option``, ``Argument`` and ``typer.main.get_command``;
the names below are not promised. They are listed here so that one module
imports them, ``pyproject.toml`` pins typer to the versions tested, and
``tests/test_french_help.py`` fails as soon as one of them disappears.
"""

from __future__ import annotations

from typer.completion import (  # type: ignore[attr-defined]
    completion_init,
    get_completion_script,
    install,
)
from typer.main import get_command

try:  # typer >= 0.22 ships its own copy of click
    from typer._click import exceptions as click_exceptions
    from typer.core import CompletionItem  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older typer on top of click
    from click import exceptions as click_exceptions  # type: ignore[no-redef, import-not-found, unused-ignore]
    from click.shell_completion import CompletionItem  # type: ignore[no-redef, import-not-found, assignment, unused-ignore]

__all__ = [
    "CompletionItem",
    "click_exceptions",
    "completion_init",
    "get_command",
    "get_completion_script",
    "install",
]
