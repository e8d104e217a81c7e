"""Every help screen is French, and the names of typer we rely on are still there."""

from __future__ import annotations

import re
from typing import Any

import pytest

from everyday_support import run
from tindustrie.cli import app
from tindustrie.cli._french import french_command

#: click's and typer's English words, as they would show on a help screen.
ENGLISH = re.compile(
    r"\b(Usage|Commands?|COMMAND|ARGS|OPTIONS|Show this message|default|required|"
    r"env var|deprecated|TEXT|INTEGER|PATH|FILE|BOOLEAN|FLOAT|DIRECTORY|"
    r"Install completion|Show completion|current shell|Error|Try|Missing|Aborted)\b"
    r"|<(str|int|path|float|bool)>|list\[str\]|\[ARGS\]"
)


def _paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _paths(sub, (*path, name))
    return found


HELP_SCREENS = _paths(french_command(app))


def test_every_command_is_covered() -> None:
    names = {" ".join(p) for p in HELP_SCREENS}
    for expected in ("", "init", "validate", "new fiche", "rename partenaire", "completion"):
        assert expected in names


@pytest.mark.parametrize("path", HELP_SCREENS, ids=lambda p: " ".join(p) or "tindustrie")
def test_help_screen_is_french(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run(capsys, *path, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"Utilisation : tindustrie {' '.join(path)}".rstrip() + " ")
    assert re.search(r"^Options\s:$", out, re.M)  # a non-breaking space before « : »
    assert not ENGLISH.search(out), ENGLISH.search(out)
    assert "\\[" not in out  # typer's escaping for rich never shows
    for line in out.splitlines():
        assert len(line) <= 80, line
        if not line.startswith("Utilisation"):  # `COMMANDE [ARGUMENTS]...` is usage
            assert not line.rstrip().endswith("..."), line  # summaries whole, never cut
    metavars = re.findall(r"--[\w-]+ (<[^>]+>)", out)
    assert all(re.fullmatch(r"<[a-zé]+>", m) for m in metavars), metavars


@pytest.mark.parametrize("path", [(), ("new",), ("rename",)])
def test_group_without_command_shows_french_help(
    capsys: pytest.CaptureFixture[str], path: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, *path)
    text = out + err
    assert "Utilisation : tindustrie" in text and re.search(r"^Commandes\s:$", text, re.M)
    assert not ENGLISH.search(text)
    assert code in (0, 2)


def test_the_typer_names_we_rely_on_are_there() -> None:
    """cli/_typer.py gathers what typer does not promise: this fails on an upgrade that
    removes one (pyproject.toml pins typer to the versions tested)."""
    from tindustrie.cli import _typer

    for name in _typer.__all__:
        assert getattr(_typer, name) is not None, name
    command = _typer.get_command(app)
    context = command.context_class
    assert hasattr(context, "formatter_class")
    formatter = context.formatter_class
    for method in ("write_usage", "write_heading", "write_dl", "current_indent"):
        assert hasattr(formatter(), method), method
    assert hasattr(command, "short_help") and hasattr(command.params[0], "metavar")
    assert "CompletionItem" in repr(_typer.CompletionItem)


def test_option_values_are_named_the_same_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    seen: dict[str, set[str]] = {}
    for path in HELP_SCREENS:
        _, out, _ = run(capsys, *path, "--help")
        for option, metavar in re.findall(r"(--[\w-]+) (<[^>]+>)", out):
            seen.setdefault(option, set()).add(metavar)
    assert seen["--data"] == {"<chemin>"} and seen["--as-of"] == {"<date>"}
    # one name per option, but `diff --output` writes a file where the others fill a folder
    assert seen.pop("--output") == {"<dossier>", "<fichier>"}
    assert all(len(metavars) == 1 for metavars in seen.values()), seen


def test_notes_are_translated_whatever_typer_escapes() -> None:
    from tindustrie.cli._french import translate

    assert translate("Dossier.  [default: data]") == "Dossier.  [défaut\u00a0:\u00a0data]"
    assert translate("Dossier.  \\[default: data; required]") == (
        "Dossier.  [défaut\u00a0:\u00a0data ; obligatoire]"
    )
