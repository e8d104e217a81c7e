"""Build a corpus case's data folder and run a command on it as a user does."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conftest import Run, run_cli
from entrypoints import Command, copy_data
from harness import Spec, is_case_file
from tindustrie.consolidation import PROTOCOL_FILES
from tindustrie.problems import visible
from tindustrie.validation import Report

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "_base"
EXIT_INTERNAL = 70


@dataclass
class Case:
    """A corpus case: its folder and its ``expected.yaml`` (see ``harness``)."""

    name: str
    folder: Path
    spec: Spec

    @classmethod
    def load(cls, folder: Path) -> Case:
        return cls(name=folder.name, folder=folder, spec=Spec.load(folder))

    @property
    def why(self) -> str:
        return self.spec.why

    @property
    def expected(self) -> list[tuple[str, str, int]]:
        """The expected (code, file, line) of each problem, sorted (line 0: none)."""
        return sorted((e.code, e.file, e.line or 0) for e in self.spec.problems)

    @property
    def remove(self) -> list[str]:
        return self.spec.remove

    @property
    def follow_symlinks(self) -> bool:
        return self.spec.follow_symlinks

    @property
    def skip_as_root(self) -> str:
        return self.spec.skip_as_root

    @property
    def quick(self) -> bool:
        """A big case: the CLI runs in one machine format only."""
        return self.spec.quick

    def build(self, tmp: Path) -> Path:
        """The case's data folder in ``tmp``: the base, the case's files over it, minus
        ``remove``, then ``make.py`` if there is one (for what git cannot hold)."""
        data = tmp / "data"
        shutil.copytree(BASE, data)
        for path in sorted(self.folder.rglob("*")):
            if path.is_file() and not is_case_file(path):
                target = data / path.relative_to(self.folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        for name in self.remove:
            (data / name).unlink()
        maker = self.folder / "make.py"
        if maker.exists():
            spec = importlib.util.spec_from_file_location(f"corpus_make_{self.name}", maker)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.make(data, tmp / "outside")
        return data


def all_cases() -> list[Case]:
    return [
        Case.load(folder)
        for folder in sorted(CORPUS.iterdir())
        if folder.is_dir() and not folder.name.startswith("_")
    ]


_GITHUB = re.compile(
    r"::(?P<level>error|warning|notice) file=(?P<file>[^,:\n\r]*)(?:,line=(?P<line>\d+),col=\d+)?"
    r",title=(?P<code>TI\d{3})::(?P<message>[^\n\r]*)"
)


def _gh_unescape(text: str) -> str:
    return (
        text.replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
    )


def machine_problems(fmt: str, out: str) -> list[tuple[str, str, int]]:
    """The (code, file, line) of each problem in a machine report; asserts its shape."""
    if fmt == "json":
        document = json.loads(out)
        assert set(document) == {"valid", "problems", "summary"}
        return [(p["code"], p["file"], p["line"] or 0) for p in document["problems"]]
    if fmt == "gitlab":
        issues = json.loads(out)
        assert isinstance(issues, list)
        keys = {"description", "check_name", "fingerprint", "severity", "location"}
        for issue in issues:
            assert set(issue) == keys
            assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert len({i["fingerprint"] for i in issues}) == len(issues), "fingerprints collide"
        return [(i["check_name"], i["location"]["path"], 0) for i in issues]
    if fmt == "github":
        found = []
        for row in out.splitlines():
            match = _GITHUB.fullmatch(row)
            assert match, f"not a workflow command: {row!r}"
            found.append((match["code"], _gh_unescape(match["file"]), int(match["line"] or 0)))
        assert out == "" or out.endswith("\n")
        return found
    raise AssertionError(fmt)


def assert_clean_run(run: Run) -> None:
    """No traceback, no internal error: the command refused or reported."""
    assert run.code in (0, 1, 2, 3), (run.code, run.err[-2000:])
    assert run.code != EXIT_INTERNAL
    for stream in (run.out, run.err):
        assert "Traceback" not in stream
        assert "Erreur interne" not in stream


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --- every command ------------------------------------------------------------------------

_AMOUNT = re.compile(r"-?[0-9]+\.[0-9]{2}")


def _amount_or_none(value: object) -> None:
    assert value is None or (isinstance(value, str) and _AMOUNT.fullmatch(value)), value


def parse_csv(out: str) -> list[list[str]]:
    """The rows of a CSV output: a header, rows of the same width, and the text is
    exactly what the csv module writes back from them (nothing else on stdout)."""
    rows = list(csv.reader(io.StringIO(out, newline=""), strict=True))
    assert rows and rows[0] and all(rows[0]), "a header row"
    assert all(len(row) == len(rows[0]) for row in rows), "rows as wide as the header"
    ending = "\r\n" if out.endswith("\r\n") else "\n"
    again = io.StringIO()
    csv.writer(again, lineterminator=ending).writerows(rows)
    assert again.getvalue() == out, "the CSV does not round-trip"
    for row in rows[1:]:  # never a formula: only a number may start with - or +
        for cell in row:
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell), ("a formula", cell)
    return rows


def _md_cells(line: str) -> list[str]:
    """The cells of a GFM table row: split on the pipes no backslash escapes."""
    assert line.startswith("|") and line.endswith("|"), line
    cells, cell, escaped = [], "", False
    for char in line[1:]:
        if escaped:
            cell, escaped = cell + char, False
        elif char == "\\":
            cell, escaped = cell + char, True
        elif char == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += char
    return cells


def parse_gfm_table(out: str) -> list[list[str]]:
    """The one GFM table of a Markdown output (prose before and after it, apart)."""
    lines = out.split("\n")
    assert out.endswith("\n") and lines.pop() == ""
    starts = [i for i, line in enumerate(lines) if line.startswith("|")]
    assert starts, "no table"
    first, last = starts[0], starts[-1]
    assert starts == list(range(first, last + 1)), "one table, in one block"
    assert first == 0 or lines[first - 1] == "", "a blank line before the table"
    assert last == len(lines) - 1 or lines[last + 1] == "", "a blank line after the table"
    header = _md_cells(lines[first])
    assert re.fullmatch(r"\|(?::?-{3,}:?\|)+", lines[first + 1]), lines[first + 1]
    assert len(_md_cells(lines[first + 1])) == len(header)
    rows = [_md_cells(line) for line in lines[first + 2 : last + 1]]
    assert all(len(row) == len(header) for row in rows), "rows as wide as the header"
    for line in lines[first : last + 1]:
        assert line.isprintable() or "\u00a0" in line or "\u202f" in line, line
    return [header, *rows]


#: The only lines of ``financing --format md`` outside its table.
MD_PROSE = ("État au ", "En attente : ", "† La fiche ")
FINANCING_KEYS = {
    "as_of", "by", "rows", "totals", "lines", "last_signed_avenant", "pending_avenants",
    "abandoned_fiches", "notes",
}  # fmt: skip
#: The keys of each row of `list` (json) and the header of its csv: the same facts
#: have the same keys in every command (docs/json.md).
LIST_KEYS = {
    "list": ["id", "title", "axis", "pilot", "status", "cost", "committed"],
    "list avenants": ["numero", "title", "state", "signed_on", "signatories", "amount", "delta"],
    "list partenaires": ["id", "name", "type", "piloted", "committed"],
}
AMOUNT_KEYS = (
    "cost", "planned", "committed", "pending", "remaining", "paid", "to_pay", "amount", "delta",
)  # fmt: skip
#: The keys of `suivi` (json), of each of its alerts, and the header of its csv.
SUIVI_KEYS = {"as_of", "alerts", "rows", "totals", "indicators"}
SUIVI_ALERT_KEYS = ["kind", "fiche", "detail", "subject", "since", "committed"]
SUIVI_ROW_KEYS = [
    "id", "title", "status", "start", "end", "late", "committed", "paid", "to_pay",
]  # fmt: skip


def check_machine_output(command: str, fmt: str, out: str) -> object:
    """Parse a command's machine output (``command``: its words, as in
    :class:`entrypoints.Command`); asserts its shape; returns what it holds."""
    kind = command.split(" ")[0]
    if kind == "validate":
        return machine_problems(fmt, out)
    if kind == "diff":
        return check_diff_output(fmt, out)
    if fmt == "csv":
        rows = parse_csv(out)
        if kind == "list":
            assert rows[0] == LIST_KEYS[command]
        if kind == "suivi":
            assert rows[0] == SUIVI_ROW_KEYS
        return rows
    if fmt == "md":
        if kind == "financing":
            table = parse_gfm_table(out)
            prose = [line for line in out.splitlines() if line and not line.startswith("|")]
            assert all(line.startswith(MD_PROSE) for line in prose), prose  # no summary here
            return table
        return parse_markdown(out)
    if fmt != "json":
        raise AssertionError(fmt)
    document = json.loads(out)
    assert isinstance(document, dict)
    if kind == "financing":
        assert set(document) == FINANCING_KEYS
        for row in [*document["rows"], document["totals"], *document["lines"]]:
            for key in AMOUNT_KEYS:
                if key in row:
                    _amount_or_none(row[key])
    elif kind == "list":
        assert all(list(row) == LIST_KEYS[command] for row in document["rows"])
        for row in document["rows"]:
            for key in AMOUNT_KEYS:
                if key in row:
                    _amount_or_none(row[key])
    elif kind == "show":
        assert "as_of" in document
    elif kind == "suivi":
        assert set(document) == SUIVI_KEYS
        assert all(list(alert) == SUIVI_ALERT_KEYS for alert in document["alerts"])
        assert all(list(row) == SUIVI_ROW_KEYS for row in document["rows"])
        for row in [*document["rows"], document["totals"], *document["alerts"]]:
            for key in AMOUNT_KEYS:
                if key in row:
                    _amount_or_none(row[key])
    elif kind == "consolidate":
        assert {"as_of", "by", "territory_counts", "rows", "totals", "left_out"} <= set(document)
        for row in [*document["rows"], document["totals"]]:
            for key in AMOUNT_KEYS:
                if key in row:
                    _amount_or_none(row[key])
    else:
        raise AssertionError(command)
    return document


DIFF_KEYS = {"base", "head", "as_of", "totals", "lines", "fiches", "avenants", "problems"}


def check_diff_output(fmt: str, out: str) -> object:
    """The shape of a `diff` report: its JSON keys, its Markdown tables and cap."""
    if fmt == "json":
        document = json.loads(out)
        assert set(document) == DIFF_KEYS
        for change in document["totals"].values():
            for key in ("base", "head", "delta"):
                _amount_or_none(change[key])
        return document
    if fmt == "md":
        assert out.startswith("<!-- tindustrie-diff -->\n") and len(out) <= 60_000
        block: list[str] = []
        for line in [*out.split("\n"), ""]:
            if line.startswith("|"):
                block.append(line)
            elif block:
                assert all(len(_md_cells(row)) == len(_md_cells(block[0])) for row in block)
                block = []
        return out
    assert fmt == "text", fmt
    assert "\x1b" not in out
    return out


_FOLD = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")


def forbidden_in_html(char: str) -> bool:
    """What the HTML standard forbids in a page's text (controls, noncharacters)."""
    code = ord(char)
    control = (code < 0x20 and char not in "\t\n\r\f") or 0x7F <= code <= 0x9F
    return control or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def check_rendered(outputs: dict[str, str], fiches: list[tuple[str, str]]) -> None:
    """What `render` writes for people, whatever the data: each fiche's heading in the
    Markdown shows its title as written or visibly (markdown-it-py; « Atelier C # »
    keeps its ``#``), and the HTML page holds no character HTML forbids (``\\0``,
    ``\\x85``, ``\\ufffe``…: docs/limites.md, « Échappement, par format de sortie »)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(outputs["protocole.md"])
    headings = [
        "".join(
            c.content for c in tokens[i + 1].children or [] if c.type in ("text", "code_inline")
        )
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    for ident, title in fiches:
        shown = visible(_FOLD.sub(" ", title).strip())
        assert f"Fiche {visible(ident)} : {shown}" in headings, (ident, shown, headings)
    page = outputs["protocole.html"]
    assert not [c for c in page if forbidden_in_html(c)], "a character HTML forbids"


def parse_markdown(out: str) -> list[list[list[str]]]:
    """Every GFM table of a Markdown output, each with rows as wide as its header."""
    from markdown_it import MarkdownIt

    assert out.endswith("\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    tables: list[list[list[str]]] = []
    row: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            row.append(tokens[i + 1].content)
        elif token.type == "tr_close":
            tables[-1].append(row)
    for table in tables:
        assert all(len(r) == len(table[0]) for r in table), table
    return tables


def run_command(
    command: Command, data: Path, tmp: Path, fmt: str | None, follow_symlinks: bool = False
) -> tuple[Run, Path]:
    """Run ``command`` on ``data`` as a user does; returns the run and the data folder
    it ran on (a copy of ``data`` in ``tmp`` for a command that writes into it)."""
    work = Path(tempfile.mkdtemp(dir=tmp))
    if command.on_copy:
        data = copy_data(data, work)
    argv = [word.replace("{out}", str(work)) for word in command.argv]
    if command.data_argument:
        argv.append(str(data))
    elif command.reads_data:
        argv += ["--data", str(data)]
    if follow_symlinks and command.follows_links:
        argv.append("--follow-symlinks")
    if fmt is not None:
        argv += ["--format", fmt]
    return run_cli(argv), data


def expected_codes(command: Command, report: Report) -> set[int]:
    """The exit codes ``command`` may end with, given what ``validate`` found."""
    project = report.valid_project()
    if command.exits == "none":
        return {0}
    if command.exits == "consolidate":
        protocol = any((report.project.root / n).is_file() for n in PROTOCOL_FILES)
        return {0} if protocol else {2}
    if command.exits == "new":
        if report.project.protocole is None:
            return {1}  # nothing to read the axes and partners from
        if project is not None and (
            command.argv[1] == "avenant"
            or (project.protocole.axis(1) is not None and project.protocole.pilotage)
        ):
            return {0}
        return {0, 1, 2}  # a folder still being edited: an axis, a pilot may be missing
    if project is None:
        return {1}
    if command.target:
        kind, ident = command.target
        known = {
            "fiche": [f.id for f in project.fiches],
            "avenant": [str(a.numero) for a in project.avenants],
            "partenaire": [p.id for p in project.protocole.partenaires],
        }[kind]
        return {0} if ident in known else {1}
    return {0}


def check_command(command: Command, fmt: str | None, run: Run, report: Report) -> None:
    """Everything a run of ``command`` on data that ``validate`` reported must hold."""
    assert_clean_run(run)
    codes = expected_codes(command, report)
    assert run.code in codes, (command.name, fmt, run.code, codes, run.err[-2000:])
    machine = fmt is not None and fmt not in ("table", "text")
    # for people (stderr; stdout in table, text, md): nothing hidden, no ESC
    people = fmt in ("table", "text", "md") or (fmt is None and bool(command.formats))
    for stream in (run.out, run.err) if people else (run.err,):
        hidden = [c for c in stream if c != "\n" and visible(c) != c]
        assert not hidden, (command.name, fmt, hidden[:5])
    if command.printed:  # the report, whatever the data
        if fmt is not None and run.code in (0, 1):
            check_machine_output(command.name, fmt, run.out)
        return
    if not machine:
        return
    if run.code == 0:
        check_machine_output(command.name, fmt or "", run.out)
    else:  # refused: the reasons are for a person, on stderr; nothing on stdout
        assert run.out == "", (command.name, fmt, run.out[:500])
