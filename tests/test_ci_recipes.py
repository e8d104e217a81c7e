"""The CI recipes of docs/ci/: their YAML parses, and their tindustrie commands run."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from everyday_support import ROOT, run
from tindustrie.cli import app

RECIPES = ROOT / "docs" / "ci"


def _commands(node: Any) -> list[str]:
    """Every `run:` (GitHub) and `script:` (GitLab) line that starts with tindustrie."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "run" and isinstance(value, str):
                found += [ln.strip() for ln in value.splitlines()]
            elif key == "script" and isinstance(value, list):
                found += [str(ln).strip() for ln in value]
            else:
                found += _commands(value)
    elif isinstance(node, list):
        for item in node:
            found += _commands(item)
    return [c for c in found if c.startswith("tindustrie ")]


def _registered() -> set[str]:
    names = {c.name for c in app.registered_commands}
    names |= {c.callback.__name__ for c in app.registered_commands if c.callback}
    return names | {g.name for g in app.registered_groups if g.name}


def test_github_workflow_shape() -> None:
    flow = yaml.safe_load((RECIPES / "github-actions.yml").read_text("utf-8"))
    steps = flow["jobs"]["pages"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert "refs/heads/main" in flow["jobs"]["pages"]["if"]
    assert "--format github" in " ".join(_commands(flow["jobs"]["validate"]))


def test_gitlab_ci_shape() -> None:
    ci = yaml.safe_load((RECIPES / "gitlab-ci.yml").read_text("utf-8"))
    report = ci["validate"]["artifacts"]["reports"]["codequality"]
    assert any(report in line and "--format gitlab" in line for line in ci["validate"]["script"])
    assert ci["pages"]["artifacts"]["paths"] == ["public"]


@pytest.mark.parametrize("recipe", ["github-actions.yml", "gitlab-ci.yml"])
def test_recipe_commands_run(
    recipe: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    commands = _commands(yaml.safe_load((RECIPES / recipe).read_text("utf-8")))
    assert commands
    monkeypatch.chdir(ROOT)  # the recipes run at the top of the data repository
    ran = 0
    for command in commands:
        words = shlex.split(command)[1:]
        if words[0] not in _registered():  # e.g. `render`, merged from another branch
            continue
        target = None
        if ">" in words:
            target = tmp_path / Path(words[words.index(">") + 1]).name
            words = words[: words.index(">")]
        if "--output" in words:
            at = words.index("--output") + 1
            words[at] = str(tmp_path / words[at])
        code, out, err = run(capsys, *words)
        assert code == 0, f"{command}\n{out}{err}"
        if target is not None:
            target.write_text(out, "utf-8")
            assert target.stat().st_size > 0
        if words[0] == "render":
            assert (tmp_path / Path(words[words.index("--output") + 1]).name).is_dir()
        ran += 1
    assert ran >= 1


def test_shell_completion_script(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shell is named, or read from $SHELL: never guessed from the parent process
    (pytest run from `sh` or from a CI runner must not change the result)."""
    monkeypatch.delenv("SHELL", raising=False)
    code, out, _ = run(capsys, "completion", "bash")
    assert code == 0 and "_tindustrie_completion" in out
    monkeypatch.setenv("SHELL", "/usr/bin/zsh")
    code, out, _ = run(capsys, "completion")
    assert code == 0 and "#compdef tindustrie" in out
    monkeypatch.setenv("SHELL", "/bin/sh")
    code, _, err = run(capsys, "completion")
    assert code == 2 and "shell inconnu : « sh »" in err and "completion bash" in err


@pytest.mark.parametrize("recipe", ["github-actions.yml", "gitlab-ci.yml"])
def test_recipes_install_from_the_repository_at_a_pinned_version(recipe: str) -> None:
    """tindustrie is not on a package index: `pip install tindustrie` would fail."""
    text = (RECIPES / recipe).read_text("utf-8")
    flow = yaml.safe_load(text)
    source = (flow.get("env") or flow.get("variables"))["TINDUSTRIE"]
    assert source.startswith("git+https://") and source.endswith("@v0.2.0")
    installs = [line for line in text.splitlines() if "pip install" in line]
    assert installs and all('pip install "$TINDUSTRIE"' in line for line in installs)
    guide = (ROOT / "docs" / "ci.md").read_text("utf-8")
    assert "rev: v0.2.0" in guide and "Épingler une version" in guide
