"""The CI recipes of docs/ci/: their YAML parses, and their tindustrie commands run."""

from __future__ import annotations

import http.server
import json
import os
import shlex
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from everyday_support import ROOT, run
from tindustrie.cli import app

#: runs the CI recipes (git, subprocesses): long, run by the full suite only.
pytestmark = pytest.mark.slow

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
        if "$" in command:  # needs the CI's variables: run by test_diff_jobs_*
            continue
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
    if recipe == "gitlab-ci.yml":  # once, before every job
        assert 'pip install "$TINDUSTRIE"' in flow["default"]["before_script"]
    assert source.startswith("git+https://") and source.endswith("@v0.2.0")
    installs = [line for line in text.splitlines() if "pip install" in line]
    assert installs and all('pip install "$TINDUSTRIE"' in line for line in installs)
    guide = (ROOT / "docs" / "ci.md").read_text("utf-8")
    assert "rev: v0.2.0" in guide and "Épingler une version" in guide


# -- the diff jobs, run with their shell, against a local repository and fake APIs ----------

GH_STUB = """#!{python}
import json, os, sys
from pathlib import Path
state = Path(os.environ["GH_STATE"])
calls = json.loads(state.read_text()) if state.exists() else []
args = sys.argv[1:]
body = next((a[len("body=@"):] for a in args if a.startswith("body=@")), None)
calls.append({{"args": args, "body": Path(body).read_text() if body else None,
               "token": os.environ.get("GH_TOKEN")}})
state.write_text(json.dumps(calls))
if "--jq" in args:  # the search: the id of the comment created earlier, if any
    created = [c for c in calls if "POST" in c["args"]]
    if created:
        print(42)
"""


def _pr_repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An upstream with a target branch at the first commit and main at the last,
    and a shallow clone of main (what CI checks out)."""
    import diff_support as ds

    upstream = tmp_path / "amont"
    commits = ds.build(upstream)
    ds.git(upstream, "branch", "cible", commits["initial"])
    work = tmp_path / "travail"
    ds.git(tmp_path, "clone", "-q", "--depth", "1", f"file://{upstream}", str(work))
    return work, commits


def _shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _environment(tmp_path: Path, extra: dict[str, str]) -> dict[str, str]:
    bin_dir = Path(sys.executable).parent
    return {
        **os.environ,
        "PATH": f"{tmp_path / 'stubs'}{os.pathsep}{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GIT_CONFIG_GLOBAL": os.devnull,
        **extra,
    }


def test_diff_jobs_github(tmp_path: Path) -> None:
    flow = yaml.safe_load((RECIPES / "github-actions.yml").read_text("utf-8"))
    job = flow["jobs"]["diff"]
    assert job["permissions"]["pull-requests"] == "write"
    assert "pull_request" in job["if"]
    work, _ = _pr_repository(tmp_path)
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    (stubs / "gh").write_text(GH_STUB.format(python=sys.executable), "utf-8")
    (stubs / "gh").chmod(0o755)
    values = {
        "${{ github.base_ref }}": "cible",
        "${{ github.event.pull_request.number }}": "7",
        "${{ github.token }}": "jeton",
    }
    env = _environment(
        tmp_path,
        {
            **{k: values.get(str(v), str(v)) for k, v in job["env"].items()},
            "GITHUB_STEP_SUMMARY": str(tmp_path / "resume.md"),
            "GITHUB_REPOSITORY": "equipe/contrat",
            "GH_STATE": str(tmp_path / "gh.json"),
        },
    )
    runs = [step for step in job["steps"] if "run" in step]
    assert any("gh api" in step["run"] for step in runs)
    comment = next(step for step in runs if "gh api" in step["run"])
    assert "env.COMMENT == 'true'" in comment["if"]
    for round_ in range(2):  # a second push updates the same comment
        for step in runs:
            if step["run"].startswith("pip install"):
                continue
            done = _shell(step["run"], work, env)
            assert done.returncode == 0, (step["run"], done.stdout, done.stderr)
        calls = json.loads((tmp_path / "gh.json").read_text())
        writes = [c for c in calls if "--method" in c["args"]]
        assert len(writes) == round_ + 1
        last = writes[-1]
        assert last["token"] == "jeton"
        assert last["body"].startswith("<!-- tindustrie-diff -->\n")
        assert "Engagé : +" in last["body"] and "Détail" in last["body"]
        if round_ == 0:
            assert last["args"][:3] == ["api", "--method", "POST"]
            assert last["args"][3] == "repos/equipe/contrat/issues/7/comments"
        else:
            assert last["args"][:4] == [
                "api",
                "--method",
                "PATCH",
                "repos/equipe/contrat/issues/comments/42",
            ]
    summary = (tmp_path / "resume.md").read_text("utf-8")
    assert summary.count("<!-- tindustrie-diff -->") == 2  # appended at each run


class _GitLab(http.server.BaseHTTPRequestHandler):
    """The merge request notes API, in memory."""

    notes: ClassVar[list[dict[str, object]]] = []
    seen: ClassVar[list[tuple[str, str, str]]] = []

    def _answer(self, value: object) -> None:
        data = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> str:
        size = int(self.headers.get("Content-Length", 0))
        body: str = json.loads(self.rfile.read(size))["body"]
        return body

    def do_GET(self) -> None:
        self.seen.append(("GET", self.path, self.headers.get("PRIVATE-TOKEN", "")))
        self._answer(self.notes)

    def do_POST(self) -> None:
        self.seen.append(("POST", self.path, self.headers.get("PRIVATE-TOKEN", "")))
        note = {"id": len(self.notes) + 100, "body": self._body()}
        self.notes.append(note)
        self._answer(note)

    def do_PUT(self) -> None:
        self.seen.append(("PUT", self.path, self.headers.get("PRIVATE-TOKEN", "")))
        ident = int(self.path.rsplit("/", 1)[1])
        note = next(n for n in self.notes if n["id"] == ident)
        note["body"] = self._body()
        self._answer(note)

    def log_message(self, *args: object) -> None:
        pass


def test_diff_jobs_gitlab(tmp_path: Path) -> None:
    ci = yaml.safe_load((RECIPES / "gitlab-ci.yml").read_text("utf-8"))
    job = ci["diff"]
    assert job["artifacts"]["expose_as"] and job["artifacts"]["paths"] == ["diff.md"]
    assert "merge_request_event" in job["rules"][0]["if"]
    work, commits = _pr_repository(tmp_path)
    (tmp_path / "stubs").mkdir()
    _GitLab.notes.clear()
    _GitLab.seen.clear()
    notes = [{"id": 1, "body": "Une remarque d'une personne."}]
    _GitLab.notes.extend(notes)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GitLab)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        env = _environment(
            tmp_path,
            {
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "cible",
                "CI_MERGE_REQUEST_DIFF_BASE_SHA": commits["initial"],
                "CI_API_V4_URL": f"http://127.0.0.1:{server.server_address[1]}/api/v4",
                "CI_PROJECT_ID": "5",
                "CI_MERGE_REQUEST_IID": "3",
                "TINDUSTRIE_TOKEN": "jeton",
            },
        )
        script = "\n".join(line for line in job["script"] if not line.startswith("pip install"))
        for _ in range(2):  # a second pipeline updates the same note
            done = _shell(script, work, env)
            assert done.returncode == 0, (done.stdout, done.stderr)
    finally:
        server.shutdown()
        server.server_close()
    methods = [(m, p.split("?")[0]) for m, p, _ in _GitLab.seen]
    api = "/api/v4/projects/5/merge_requests/3/notes"
    assert methods == [("GET", api), ("POST", api), ("GET", api), ("PUT", f"{api}/101")]
    assert {token for _, _, token in _GitLab.seen} == {"jeton"}
    assert len(_GitLab.notes) == 2
    body = str(_GitLab.notes[1]["body"])
    assert body.startswith("<!-- tindustrie-diff -->\n") and "Engagé : +" in body
    assert (work / "diff.md").read_text("utf-8") == body
    done = _shell(script, work, {**env, "TINDUSTRIE_TOKEN": ""})
    assert done.returncode == 0 and "TINDUSTRIE_TOKEN absent" in done.stdout
