"""The `tindustrie-validate` hook, run by the real pre-commit from a clone of this repository.

pre-commit is part of the ``test`` extra; the test takes about 15 s: pre-commit
builds a virtualenv and installs tindustrie into it (its dependencies from PyPI). ``TINDUSTRIE_TEST_PRECOMMIT=0`` skips it (offline).
It uses the committed HEAD: commit before running it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from everyday_support import DATA, ROOT

HOOKS = ROOT / ".pre-commit-hooks.yaml"


def test_hook_declaration() -> None:
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    (hook,) = hooks
    assert hook["id"] == "tindustrie-validate"
    assert hook["entry"] == "tindustrie validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["files"] == r"\.(ya?ml)$"


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.strip()


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("TINDUSTRIE_TEST_PRECOMMIT") == "0",
    reason="TINDUSTRIE_TEST_PRECOMMIT=0 : test pre-commit désactivé",
)
def test_real_pre_commit_runs_the_hook(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit absent : pip install -e '.[test]'")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("pas de dépôt git : le crochet est pris dans le commit HEAD de ce dépôt")
    # pre-commit clones the hook repository: a clone of this repository's HEAD
    hook_repo = tmp_path / "tindustrie"
    _git(tmp_path, "clone", "--quiet", str(ROOT), str(hook_repo))
    if not (hook_repo / ".pre-commit-hooks.yaml").exists():
        pytest.skip(".pre-commit-hooks.yaml n'est pas encore commité")
    sha = _git(hook_repo, "rev-parse", "HEAD")
    user = tmp_path / "contrat"
    user.mkdir()
    _git(user, "init", "--quiet")
    shutil.copytree(DATA, user / "data")
    (user / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo.as_uri()}\n"
        f"    rev: {sha}\n"
        "    hooks:\n"
        "      - id: tindustrie-validate\n",
        "utf-8",
    )
    _git(user, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files"],
            cwd=user, capture_output=True, text=True, env=env, timeout=600, check=False,
        )  # fmt: skip

    ok = pre_commit()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "tindustrie validate" in ok.stdout and "Passed" in ok.stdout
    fiche = user / "data" / "fiches" / "1.1-welcome-pack.yaml"
    fiche.write_text(fiche.read_text("utf-8").replace("statut:", "statu:"), "utf-8")
    failed = pre_commit()
    assert failed.returncode == 1, failed.stdout
    assert "Failed" in failed.stdout and "1.1-welcome-pack.yaml" in failed.stdout
