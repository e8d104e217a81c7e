"""Reporters: a validation report, printed for a person or for a machine.

Each reporter is a small class with a ``name``; ``REPORTERS`` maps names to
classes and is where the ``--format`` choices come from. Machine formats write
only their document on ``out``; anything meant for a person goes to ``err``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any, ClassVar, TextIO

from tindustrie.problems import Problem, Severity, Summary
from tindustrie.validation import Report
from tindustrie.wording import enumeration, plural


def summary_line(summary: Summary) -> str:
    files = plural(summary.files, "fichier", "fichiers")
    counts = (
        (summary.errors, Severity.ERROR),
        (summary.warnings, Severity.WARNING),
        (summary.infos, Severity.INFO),
    )
    parts = [plural(n, s.label, s.plural) for n, s in counts if n]
    if not parts:
        return f"Aucun problème dans {files}."
    return enumeration(parts) + f" dans {files}."


def verdict(report: Report, strict: bool) -> str:
    """The summary line, saying when ``--strict`` alone made warnings fail the check."""
    line = summary_line(report.summary)
    if strict and report.valid() and not report.valid(strict):
        line += " Échec dû à --strict : les avertissements comptent comme des erreurs."
    return line


def location(p: Problem) -> str:
    if p.line is None:
        return p.file
    return f"{p.file}:{p.line}:{p.column or 1}"


def problem_dict(p: Problem) -> dict[str, Any]:
    return {
        "code": p.code,
        "severity": p.severity.value,
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "message": p.message,
        "hint": p.hint,
    }


class Reporter:
    name: ClassVar[str]

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out, self.err = out, err

    def report(self, report: Report, strict: bool = False) -> None:
        raise NotImplementedError


Segment = tuple[str, str]  # (text, rich style; "" for none)
_STYLES = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class TextReporter(Reporter):
    """For a person: grouped by file, colour on a terminal only.

    Each line is a list of styled segments: on a terminal (or with
    ``FORCE_COLOR``) rich prints them in colour; elsewhere (CI logs, files,
    pipes) the same text is written plainly, without loading rich.
    """

    name = "text"

    def lines(self, report: Report, strict: bool) -> list[list[Segment]]:
        out: list[list[Segment]] = []
        current = None
        for p in report.problems:
            if p.file != current:
                if current is not None:
                    out.append([])
                out.append([(p.file, "bold")])
                current = p.file
            out.append(
                [
                    (f"  {location(p)}  ", ""),
                    (f"{p.code} {p.severity.label}", _STYLES[p.severity]),
                    (f"  {p.message}", ""),
                ]
            )
            if p.hint:
                out.append([(f"      → {p.hint}", "dim")])
        if report.problems:
            out.append([])
        ok = report.valid(strict)
        mark = ("✓", "green") if ok else ("✗", "red")
        out.append([mark, (f" {verdict(report, strict)}", "")])
        return out

    def report(self, report: Report, strict: bool = False) -> None:
        lines = self.lines(report, strict)
        if not (_is_terminal(self.out) or os.environ.get("FORCE_COLOR")):
            self.out.write("".join("".join(t for t, _ in line) + "\n" for line in lines))
            return
        from rich.console import Console
        from rich.segment import Segment, Segments
        from rich.text import Text

        console = Console(file=self.out, highlight=False, soft_wrap=True)
        width = console.width
        shown: list[Segment] = []
        for line in lines:
            text = Text.assemble(*((t, style) for t, style in line))
            plain = text.plain
            indent = len(plain) - len(plain.lstrip(" "))
            parts = [text]
            if indent and len(plain) > width:
                # Too long for the terminal: wrapped between words, under its first word.
                parts = []
                for part in text[indent:].wrap(console, width - indent, overflow="fold"):
                    part.rstrip()
                    parts.append(Text(" " * indent) + part)
            for part in parts:
                shown.extend(part.render(console))
                shown.append(Segment.line())
        # Printed at once: rich asks the terminal its size and settings at each call,
        # which made a report of a few thousand problems take a second.
        console.print(Segments(shown), end="")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class JsonReporter(Reporter):
    name = "json"

    def report(self, report: Report, strict: bool = False) -> None:
        s = report.summary
        document = {
            "valid": report.valid(strict),
            "problems": [problem_dict(p) for p in report.problems],
            "summary": {
                "errors": s.errors,
                "warnings": s.warnings,
                "infos": s.infos,
                "files": s.files,
            },
        }
        json.dump(document, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


#: GitHub's annotation levels; an info is a ``notice`` (shown, never failing).
_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: GitLab Code Quality severities.
_GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: annotations on the merge request."""

    name = "github"

    def report(self, report: Report, strict: bool = False) -> None:
        for p in report.problems:
            level = _GITHUB_LEVELS[p.severity]
            props = [f"file={_gh_property(p.file)}"]
            if p.line is not None:
                props += [f"line={p.line}", f"col={p.column or 1}"]
            props.append(f"title={_gh_property(p.code)}")
            message = p.message + (f"\n{p.hint}" if p.hint else "")
            self.out.write(f"::{level} {','.join(props)}::{_gh_data(message)}\n")
        self.err.write(verdict(report, strict) + "\n")


class GitlabReporter(Reporter):
    """A GitLab Code Quality report (a JSON array)."""

    name = "gitlab"

    def report(self, report: Report, strict: bool = False) -> None:
        issues = []
        for p in report.problems:
            key = f"{p.code}\0{p.file}\0{p.line}\0{p.column}\0{p.message}"
            issues.append(
                {
                    "description": f"{p.code} {p.message}" + (f" — {p.hint}" if p.hint else ""),
                    "check_name": p.code,
                    "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                    "severity": _GITLAB_SEVERITIES[p.severity],
                    "location": {"path": p.file, "lines": {"begin": p.line or 1}},
                }
            )
        json.dump(issues, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
        self.err.write(verdict(report, strict) + "\n")


REPORTERS: Mapping[str, type[Reporter]] = {
    r.name: r for r in (TextReporter, JsonReporter, GithubReporter, GitlabReporter)
}
FORMATS = ("auto", *REPORTERS)


def resolve_format(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """``auto`` is ``github`` inside GitHub Actions, ``text`` elsewhere."""
    if name != "auto":
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
