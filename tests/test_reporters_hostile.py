"""Machine reports stay parseable whatever the problems hold (issue 6).

The problems are built directly (not through ``Rule.problem``, which already
escapes control characters), so the reporters' own escaping is what is tested.
"""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus_support import _gh_unescape
from tindustrie.problems import SPACES, Problem, Severity, _escape, _unsafe, visible
from tindustrie.project import Project
from tindustrie.reporters import REPORTERS
from tindustrie.validation import Report

NASTY = "a%0Ab::error file=x::y,z\nligne 2\r\n%25 \x1b[2J ::warning:: é"
PROBLEMS = [
    Problem("TI102", Severity.ERROR, "fiches/1.2 a%b::c,d\n.yaml", 3, 4, NASTY, NASTY),
    Problem("TI402", Severity.WARNING, NASTY, None, None, "m", ""),
]


def render(name: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    REPORTERS[name](out, err).report(Report(Project(Path(".")), PROBLEMS))
    return out.getvalue(), err.getvalue()


def test_json_keeps_every_character() -> None:
    out, err = render("json")
    document = json.loads(out)
    assert [p["message"] for p in document["problems"]] == [NASTY, "m"]
    assert document["problems"][1]["file"] == NASTY
    assert err == ""


def test_gitlab_is_a_json_array() -> None:
    out, err = render("gitlab")
    issues = json.loads(out)
    assert [i["location"]["path"] for i in issues] == [PROBLEMS[0].file, NASTY]
    assert err.count("\n") == 1


def test_github_one_command_per_problem() -> None:
    out, _ = render("github")
    lines = out.splitlines()
    assert len(lines) == 2
    first = lines[0]
    assert first.startswith("::error file=fiches/1.2 a%25b%3A%3Ac%2Cd%0A.yaml,line=3,col=4,")
    props, message = first[len("::error ") :].split("::", 1)
    assert props.count("::") == 0
    assert _gh_unescape(message) == NASTY + "\n" + NASTY
    assert lines[1].startswith("::warning file=")


@pytest.mark.parametrize("text", ["\x1b[31m", "a\nb", "\u202eabc", "\udcff", "\u2028"])
def test_visible_escapes_what_moves_a_terminal(text: str) -> None:
    shown = visible(text)
    assert shown.isprintable()
    shown.encode("utf-8")  # never an unencodable surrogate


def test_visible_keeps_french_spaces() -> None:
    assert visible("1\u202f000\u00a0€") == "1\u202f000\u00a0€"


def test_spaces_are_every_space_but_the_plain_one() -> None:
    every = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"}
    assert set(SPACES) == every - {" "}


@given(st.text(alphabet=st.sampled_from([*"a é€\n\x1b\u2028\u200b\u202e\ufdd0", *SPACES])))
def test_visible_escapes_each_character_it_must(text: str) -> None:
    """The quick path (nothing to escape) gives what escaping character by character gives."""
    assert visible(text) == "".join(_escape(c) if _unsafe(c) else c for c in text)
