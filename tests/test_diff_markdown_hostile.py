"""`diff --format md` escapes Markdown like `render` (checked with markdown-it-py).

A head whose fiche title, avenant title and financer name hold arbitrary text
(``#``, ``|``, ``*``, ``<script>``, backticks, controls, bidi…): the comment
parses into the same blocks, its inline text holds each text as written or as its
documented visible form (docs/limites.md, « Markdown »), never emphasis, a link,
raw HTML or a broken table.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from hostile_support import ANY, hostile_folder
from tindustrie.formats import diff as diff_formats
from tindustrie.problems import visible
from tindustrie.validation import check_folder
from tindustrie.views import diff

DAY = date(2022, 6, 1)
_MD = MarkdownIt("commonmark").enable("table")
_FOLD = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")
#: The only raw HTML of the comment: its marker and the folded detail.
HTML_BLOCK = re.compile(
    r"<!-- tindustrie-diff -->\n|<details>\n<summary>Détail[^<>]*</summary>\n|</details>\n"
)
INLINE = {"text", "code_inline", "strong_open", "strong_close", "softbreak", "hardbreak"}
SHOWN_FIELDS = ("fiche_titre", "avenant_titre", "partenaire_region")


def _shown(text: str) -> str:
    return visible(_FOLD.sub(" ", text).strip())


def _comment(texts: dict[str, str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        base = hostile_folder(Path(tmp) / "base", {})
        head = hostile_folder(Path(tmp) / "head", texts)
        avenant = head / "avenants" / "avenant-1.yaml"  # the financer's line changes
        avenant.write_text(avenant.read_text("utf-8").replace("montant: 400", "montant: 300"))
        before = diff.snapshot(
            check_folder(base), DAY, "revision", revision="main", commit="0" * 40
        )
        after = diff.snapshot(check_folder(head), DAY, "worktree", data="data")
        return diff_formats.to_markdown(diff.compare(before, after, DAY))


def _inline_texts(tokens: list) -> list[str]:  # type: ignore[type-arg]
    """The text of each inline token (code spans included); asserts no markup."""
    found = []
    for token in tokens:
        if token.type == "html_block":  # the marker, <details>, its fixed <summary>
            assert HTML_BLOCK.fullmatch(token.content), token.content
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            assert child.type in INLINE, (child.type, token.content)
            parts.append(child.content)
        found.append("".join(parts))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(
    {
        "fiche_titre": "Atelier C # | a | b | *gras* <script>alert(1)</script> `code` [l](x)",
        "avenant_titre": "## Titre\n- liste\n> citation ```",
        "partenaire_region": "Région _it_ ~~barré~~ &amp; \\ \x1b[2J \u202e",
    }
)
@given(st.fixed_dictionaries({field: ANY.map(lambda t: "F· " + t) for field in SHOWN_FIELDS}))
def test_hostile_texts_are_text_in_the_comment(texts: dict[str, str]) -> None:
    comment = _comment(texts)
    tokens = _MD.parse(comment)
    inline = _inline_texts(tokens)
    delimiters = [ln for ln in comment.split("\n") if re.fullmatch(r"\|(?::?-+:?\|)+", ln)]
    assert [t.type for t in tokens].count("table_open") == len(delimiters) == 6
    headings = [t.content for t in tokens if t.type == "inline" and t.map and t.level == 1]
    assert sum(1 for t in tokens if t.type == "heading_open") == 8, headings
    for field, text in texts.items():
        shown = _shown(text)
        assert any(shown in line for line in inline), (field, shown)
