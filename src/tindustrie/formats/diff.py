"""A :class:`~tindustrie.views.diff.Diff` as text for the terminal, Markdown for a merge
request, or JSON for a machine.

- ``text``: the ``~ + -`` key, one entry per changed thing, ``+X (old → new)``;
  nothing the user wrote can move the terminal's cursor (:func:`problems.visible`).
- ``md``: a verdict line, a table per level, the full detail in ``<details>``, a
  hidden marker (:data:`MARKER`) by which a CI job finds its own comment, kept
  under :data:`MD_LIMIT` characters (GitHub refuses a comment over 65,536).
- ``json``: the complete result, amounts as decimal strings (``docs/diff.md``).

People's text is French; amounts via :mod:`tindustrie.money`, dates via
:func:`tindustrie.formatting.long_date`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tindustrie.markdown import escape
from tindustrie.models.vocabulary import Statut
from tindustrie.money import euros, plain, signed_euros
from tindustrie.problems import Problem, visible
from tindustrie.reporters import location, problem_dict
from tindustrie.views.diff import (
    MEASURES,
    Change,
    Diff,
    EngagementChange,
    FieldChange,
    GroupChange,
    Kind,
    LineChange,
    Measure,
    MoneyChange,
    Signature,
    Snapshot,
    Value,
)
from tindustrie.wording import plural

#: The hidden line by which a CI job recognises the comment it wrote.
MARKER = "<!-- tindustrie-diff -->"
#: Longest Markdown written (GitHub refuses a comment over 65,536 characters).
MD_LIMIT = 60_000
SYMBOLS: Mapping[Kind, str] = {"changed": "~", "added": "+", "removed": "-"}
KEY_LINE = "Légende : ~ modifié, + ajouté, - supprimé."
MEASURE_LABELS: Mapping[Measure, str] = {
    "committed": "Engagé",
    "pending": "En attente",
    "planned": "Prévu",
}
LONG_LABELS = {
    "contexte": "contexte modifié",
    "description": "description modifiée",
    "objectifs": "objectifs modifiés",
    "indicateurs": "indicateurs modifiés",
    "objet": "objet modifié",
}
WORKTREE_LABEL = "arbre de travail"
NBSP = "\u00a0"


# -- shared pieces ----------------------------------------------------------------------


def _day(day: date) -> str:
    from tindustrie.formatting import long_date

    return long_date(day)


def percent(change: Change) -> str:
    """``+19,6 %``, ``−3,2 %``; ``nouveau`` when the amount before was 0."""
    value = change.percent
    if value is None:
        return "nouveau" if change.head else ""
    rounded = abs(value).quantize(Decimal("0.1"), ROUND_HALF_UP)
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    return f"{sign}{rounded:f}".replace(".", ",") + f"{NBSP}%"


def change_text(change: Change) -> str:
    """``+650 000 € (3 320 000 € → 3 970 000 €, +19,6 %)``; ``3 970 000 € (inchangé)``."""
    if not change.changed:
        return f"{euros(change.head)} (inchangé)"
    parts = f"{euros(change.base)} → {euros(change.head)}"
    rate = percent(change)
    return f"{signed_euros(change.delta)} ({parts}{', ' + rate if rate else ''})"


def side_label(side: Snapshot) -> str:
    """``origin/main (a1b2c3d)``, ``arbre de travail``, ``référence ref.json``."""
    if side.kind == "worktree":
        return WORKTREE_LABEL
    if side.kind == "baseline":
        return f"référence {side.revision}"
    short = (side.commit or "")[:7]
    name = side.revision or short
    return name if not short or name.startswith(short) else f"{name} ({short})"


def verdict(result: Diff) -> str:
    """One line: each amount that changed (committed first), or that none did."""
    parts = [
        f"{MEASURE_LABELS[m]} : {change_text(result.totals.get(m))}"
        for m in MEASURES
        if result.totals.get(m).changed
    ]
    if not parts:
        return f"Montants inchangés : engagé {euros(result.totals.committed.head)}."
    return " · ".join(parts)


def _errors(side: Snapshot) -> str:
    return plural(len(side.errors), "erreur", "erreurs")


def notes(result: Diff) -> list[str]:
    """What the reader must know about the sides, in French sentences."""
    base, head = result.base, result.head
    found = []
    if not base.present:
        folder = base.data or "."
        found.append(
            f"Pas de dossier de données « {folder} » dans {side_label(base)} : premier "
            "contrat, tout est ajouté. Si le dossier a changé de nom, donnez son ancien "
            "chemin avec `--base-data`."
        )
    if base.kind == "baseline":
        found.append(
            "La référence ne contient que les montants : les fiches et les avenants ne sont "
            "pas comparés, et seules les erreurs d'après sont signalées (une référence est "
            "écrite sur des données valides)."
        )
        if base.lines is None:
            found.append(
                "La référence n'a pas le détail par ligne (écrite par une version plus "
                "ancienne de tindustrie) : seuls les totaux sont comparés."
            )
        if base.as_of != result.as_of:
            found.append(
                f"La référence a été calculée au {_day(base.as_of)}, l'après au "
                f"{_day(result.as_of)} : un avenant signé entre ces deux dates déplace de "
                "l'argent sans que les fichiers changent."
            )
    if base.present and base.problems is not None and not base.valid:
        found.append(
            f"Avant : {side_label(base)}, données invalides ({_errors(base)}), comparées "
            "telles qu'elles se chargent."
        )
    if head.errors:
        found.append(
            f"Après : {side_label(head)}, données invalides ({_errors(head)}), comparées "
            "telles qu'elles se chargent : le contrat n'est pas valide en l'état "
            "(`tindustrie validate`)."
        )
    return found


def signature_sentence(signature: Signature, as_of: date) -> str:
    """One sentence per avenant that went from draft to signed."""
    head = (
        f"L'avenant n° {signature.numero} « {signature.titre} » est signé le "
        f"{_day(signature.signed_on)}"
    )
    if not signature.in_force:
        return f"{head}, après le {_day(as_of)} : ses montants restent en attente."
    if signature.moved > 0:
        return f"{head} : {euros(signature.moved)} passent d'« en attente » à « engagé »."
    if signature.moved < 0:
        return f"{head} : l'engagé baisse de {euros(-signature.moved)}."
    return f"{head} : l'engagé ne change pas."


def value_text(name: str, value: Value) -> str:
    """A field's value as people read it."""
    if value is None or value == ():
        return "—"
    if isinstance(value, Decimal):
        return euros(value)
    if isinstance(value, date):
        return _day(value)
    if isinstance(value, tuple):
        return ", ".join(value)
    if name == "statut":
        return Statut.label_of(str(value))
    return str(value)


def field_name(name: str) -> str:
    """``plan_financement.etat.investissement`` → ``plan_financement (etat, investissement)``."""
    if name.startswith("plan_financement."):
        _, financeur, nature = name.split(".", 2)
        return f"plan_financement ({financeur}, {nature})"
    return name


def field_sentence(change: FieldChange) -> str:
    """``statut : en cours → abandonnée``; ``description modifiée``."""
    if change.long:
        return LONG_LABELS.get(change.field, f"{change.field} modifié")
    old = value_text(change.field, change.base)
    new = value_text(change.field, change.head)
    return f"{field_name(change.field)} : {old} → {new}"


def engagement_sentence(change: EngagementChange) -> str:
    old = euros(change.base) if change.base is not None else "—"
    new = euros(change.head) if change.head is not None else "—"
    return f"engagement {change.fiche} · {change.financeur} · {change.nature} : {old} → {new}"


def _date_or_draft(day: date | None) -> str:
    return f"signé le {_day(day)}" if day else "projet"


def _state(problem: Problem, result: Diff) -> str:
    if problem in result.problems.introduced:
        return "introduit"
    if problem in result.problems.fixed:
        return "corrigé"
    return "déjà présent"


def _problem_rows(result: Diff) -> list[tuple[str, Problem]]:
    """Introduced problems, then HEAD's other errors, then the fixed ones."""
    introduced = result.problems.introduced
    still = [p for p in result.problems.head_errors if p not in introduced]
    return [
        *(("+", p) for p in introduced),
        *((" ", p) for p in still),
        *(("-", p) for p in result.problems.fixed),
    ]


def _money_parts(money: MoneyChange) -> list[str]:
    """``engagé +50 000 € (… → …, +13,5 %)`` for each amount that changed."""
    return [
        f"{MEASURE_LABELS[m].lower()} {change_text(money.get(m))}"
        for m in MEASURES
        if money.get(m).changed
    ]


# -- text -------------------------------------------------------------------------------


def to_text(result: Diff) -> str:
    out = [
        f"Comparaison : {side_label(result.base)} → {side_label(result.head)}, "
        f"{_folders(result)}, état au {_day(result.as_of)}.",
        KEY_LINE,
    ]
    out += [visible(n) for n in notes(result)]
    out.append("")
    if not result.changed and result.head.valid:
        out.append("Aucun changement : ni montant, ni fiche, ni avenant, ni problème.")
        return "\n".join(out) + "\n"
    rows = _problem_rows(result)
    if rows:
        out.append(_problem_title(result))
        for symbol, p in rows:
            state = _state(p, result)
            label = p.severity.label
            out.append(f"  {symbol} {location(p)}  {p.code} {label} ({state})  {p.message}")
            if p.hint and symbol != "-":
                out.append(f"      → {p.hint}")
        out.append("")
    out.append("Montants")
    width = max(len(v) for v in MEASURE_LABELS.values())
    for m in MEASURES:
        change = result.totals.get(m)
        symbol = "~" if change.changed else " "
        out.append(f"  {symbol} {MEASURE_LABELS[m]:<{width}}  {change_text(change)}")
    out.append("")
    avenants = result.avenants
    if avenants:
        out.append("Avenants")
        for s in avenants.signed:
            out.append(f"  ~ {visible(signature_sentence(s, result.as_of))}")
        for a in avenants.added:
            out.append(
                f"  + avenant n° {a.numero} « {visible(a.titre)} » ({_date_or_draft(a.signed_on)})"
            )
        for a in avenants.removed:
            out.append(
                f"  - avenant n° {a.numero} « {visible(a.titre)} » ({_date_or_draft(a.signed_on)})"
            )
        for c in avenants.changed:
            out.append(f"  ~ avenant n° {c.numero} « {visible(c.titre)} »")
            out += [f"      {visible(field_sentence(f))}" for f in c.fields]
            out += [f"      {visible(engagement_sentence(e))}" for e in c.engagements]
        out.append("")
    if result.by_fiche:
        out.append("Fiches")
        changes = {c.id: c for c in result.fiches.changed} if result.fiches else {}
        for g in result.by_fiche:
            title = f" « {visible(g.label)} »" if g.label else ""
            out.append(f"  {SYMBOLS[g.kind]} {visible(g.key)}{title}")
            out += [f"      {part}" for part in _money_parts(g.money)]
            if g.key in changes:
                out += [f"      {visible(field_sentence(f))}" for f in changes[g.key].fields]
        out.append("")
    if result.by_financeur:
        out.append("Financeurs")
        for g in result.by_financeur:
            name = visible(g.label) + (f" ({visible(g.key)})" if g.label != g.key else "")
            out.append(f"  {SYMBOLS[g.kind]} {name}")
            out += [f"      {part}" for part in _money_parts(g.money)]
        out.append("")
    if result.lines is not None:
        out.append(
            f"Lignes (fiche · financeur · nature) : {plural(len(result.lines), 'modifiée', 'modifiées')}, "
            f"{plural(result.unchanged_lines, 'inchangée', 'inchangées')}"
        )
        for line in result.lines:
            out.append(
                f"  {SYMBOLS[line.kind]} {visible(line.fiche)} · {visible(line.financeur)} · "
                f"{line.nature}"
            )
            out += [f"      {part}" for part in _money_parts(line.money)]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _problem_title(result: Diff) -> str:
    p = result.problems
    parts = [
        plural(len(p.introduced), "introduit", "introduits"),
        plural(len(p.fixed), "corrigé", "corrigés"),
    ]
    title = "Problèmes : " + ", ".join(parts)
    if result.head.errors:
        title += f" ; après : {_errors(result.head)}, code de sortie 1"
    return title


def _folders(result: Diff) -> str:
    base, head = result.base.data, result.head.data
    if base is not None and head is not None and base != head:
        return f"dossier {base or '.'} → {head or '.'}"
    return f"dossier {(head if head is not None else base) or '.'}"


# -- Markdown ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Table:
    """A Markdown table whose rows may be cut to keep the comment under the limit."""

    #: the table's title, for the line that says what was cut
    what: str
    head: list[str]
    rows: list[str] = field(default_factory=list)


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_header(titles: list[str], align: str) -> list[str]:
    marks = {"l": ":--", "r": "--:", "c": ":-:"}
    return [_md_row(titles), "|" + "|".join(marks[a] for a in align) + "|"]


def _code(text: str) -> str:
    """Text in a code span, on one line, that no backtick inside can close and no
    ``|`` can split (GitHub and GitLab tables)."""
    clean = " ".join(text.split()).replace("|", "\\|")
    ticks = "`"
    while ticks in clean:
        ticks += "`"
    pad = " " if clean.startswith("`") or clean.endswith("`") else ""
    return f"{ticks}{pad}{clean}{pad}{ticks}"


def _sym(symbol: str) -> str:
    return _code(symbol)


def _md_money(change: Change) -> str:
    if not change.changed:
        return "inchangé"
    return escape(change_text(change))


def to_markdown(result: Diff, limit: int = MD_LIMIT) -> str:
    """The merge-request comment: verdict, tables, detail; under ``limit`` characters."""
    parts: list[str | _Table] = [
        MARKER,
        "### Contrat : ce que change cette demande de fusion",
        "",
        f"**{escape(verdict(result))}**",
        "",
        f"Avant : {_code(side_label(result.base))} · après : {_code(side_label(result.head))}"
        f" · {escape(_folders(result))} · état au {escape(_day(result.as_of))}.  ",
        "Légende : `~` modifié, `+` ajouté, `-` supprimé.",
        "",
    ]
    if not result.changed:
        parts += ["Aucun changement : ni montant, ni fiche, ni avenant, ni problème.", ""]
    for note in notes(result):
        parts += [f"> {escape(note)}", ""]
    rows = _problem_rows(result)
    if rows:
        table = _Table(
            "Problèmes",
            [
                f"#### {escape(_problem_title(result))}",
                "",
                *_md_header(["", "État", "Position", "Code", "Message"], "lllll"),
            ],
        )
        for symbol, p in rows:
            message = escape(p.message) + (f" — {escape(p.hint)}" if p.hint else "")
            table.rows.append(
                _md_row(
                    [
                        _sym(symbol) if symbol.strip() else "",
                        _state(p, result),
                        _code(location(p)),
                        f"{p.code} {p.severity.label}",
                        message,
                    ]
                )
            )
        parts += [table, ""]
    parts += [
        "#### Montants",
        "",
        *_md_header(["", "Avant", "Après", "Écart", "%"], "lrrrr"),
    ]
    for m in MEASURES:
        c = result.totals.get(m)
        parts.append(
            _md_row(
                [
                    MEASURE_LABELS[m],
                    escape(euros(c.base)),
                    escape(euros(c.head)),
                    escape(signed_euros(c.delta)),
                    escape(percent(c)) if c.changed else "",
                ]
            )
        )
    parts.append("")
    if result.avenants:
        table = _Table("Avenants", ["#### Avenants", ""])
        avenants = result.avenants
        for s in avenants.signed:
            table.rows.append(f"- {_sym('~')} {escape(signature_sentence(s, result.as_of))}")
        for symbol, refs in (("+", avenants.added), ("-", avenants.removed)):
            for a in refs:
                table.rows.append(
                    f"- {_sym(symbol)} avenant n° {a.numero} « {escape(a.titre)} » "
                    f"({escape(_date_or_draft(a.signed_on))})"
                )
        for a_change in avenants.changed:
            what = ", ".join(
                [escape(field_name(f.field)) for f in a_change.fields]
                + (["engagements"] if a_change.engagements else [])
            )
            table.rows.append(
                f"- {_sym('~')} avenant n° {a_change.numero} « {escape(a_change.titre)} » : {what} "
                "(détail ci-dessous)"
            )
        parts += [table, ""]
    if result.by_financeur:
        table = _Table(
            "Par financeur",
            ["#### Par financeur", "", *_md_header(["", "Financeur", *_MEASURE_TITLES], "llrrr")],
        )
        for g in result.by_financeur:
            name = escape(g.label) + (f" ({_code(g.key)})" if g.label != g.key else "")
            table.rows.append(_md_row([_sym(SYMBOLS[g.kind]), name, *_md_measures(g.money)]))
        parts += [table, ""]
    if result.by_fiche:
        table = _Table(
            "Par fiche",
            [
                "#### Par fiche",
                "",
                *_md_header(["", "Fiche", *_MEASURE_TITLES, "Champs modifiés"], "llrrrl"),
            ],
        )
        for g in result.by_fiche:
            table.rows.append(
                _md_row(
                    [
                        _sym(SYMBOLS[g.kind]),
                        _fiche_cell(g),
                        *_md_measures(g.money),
                        escape(", ".join(field_name(f) for f in g.fields)),
                    ]
                )
            )
        parts += [table, ""]
    detail = _detail(result)
    if detail:
        summary = "Détail"
        if result.lines is not None:
            summary += (
                f" : {plural(len(result.lines), 'ligne modifiée', 'lignes modifiées')}, "
                f"{plural(result.unchanged_lines, 'inchangée', 'inchangées')}"
            )
        parts += [
            "<details>",
            f"<summary>{html.escape(summary)}</summary>",
            "",
            *detail,
            "</details>",
        ]
    return _fit(parts, limit)


_MEASURE_TITLES = [MEASURE_LABELS[m] for m in MEASURES]


def _md_measures(money: MoneyChange) -> list[str]:
    return [_md_money(money.get(m)) for m in MEASURES]


def _fiche_cell(group: GroupChange) -> str:
    return _code(group.key) + (f" {escape(group.label)}" if group.label else "")


def _detail(result: Diff) -> list[str | _Table]:
    found: list[str | _Table] = []
    if result.lines:
        table = _Table(
            "Lignes",
            [
                "#### Lignes (fiche, financeur, nature)",
                "",
                *_md_header(["", "Fiche", "Financeur", "Nature", *_MEASURE_TITLES], "llllrrr"),
            ],
        )
        for line in result.lines:
            table.rows.append(_line_row(line))
        found += [table, ""]
    changes = result.fiches.changed if result.fiches else ()
    if changes:
        table = _Table(
            "Champs des fiches",
            [
                "#### Champs des fiches",
                "",
                *_md_header(["Fiche", "Champ", "Avant", "Après"], "llll"),
            ],
        )
        for c in changes:
            for f in c.fields:
                old, new = (
                    ("", "modifié")
                    if f.long
                    else (value_text(f.field, f.base), value_text(f.field, f.head))
                )
                table.rows.append(
                    _md_row([_code(c.id), escape(field_name(f.field)), escape(old), escape(new)])
                )
        found += [table, ""]
    avenant_changes = result.avenants.changed if result.avenants else ()
    if avenant_changes:
        table = _Table(
            "Changements des avenants",
            [
                "#### Changements des avenants",
                "",
                *_md_header(["Avenant", "Changement"], "ll"),
            ],
        )
        for a in avenant_changes:
            for sentence in [
                *(field_sentence(f) for f in a.fields),
                *(engagement_sentence(e) for e in a.engagements),
            ]:
                table.rows.append(_md_row([f"n° {a.numero}", escape(sentence)]))
        found += [table, ""]
    return found


def _line_row(line: LineChange) -> str:
    return _md_row(
        [
            _sym(SYMBOLS[line.kind]),
            _code(line.fiche),
            _code(line.financeur),
            escape(line.nature),
            *_md_measures(line.money),
        ]
    )


#: Room kept for the lines that say what was cut, and for the closing tags.
_RESERVE = 400


def _fit(parts: list[str | _Table], limit: int) -> str:
    """Join the parts; when too long, cut the tables' rows, in order, with a note each.

    The text outside the tables is always kept; a table whose title and first row
    no longer fit is left out whole, its note saying so. The result stays under
    ``limit`` as long as that text and :data:`_RESERVE` per table fit in it.
    """
    tables = [p for p in parts if isinstance(p, _Table)]
    fixed = sum(len(p) + 1 for p in parts if isinstance(p, str))
    budget = limit - fixed - _RESERVE * len(tables) - 1
    out: list[str] = []
    full = True
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        head = sum(len(h) + 1 for h in part.head)
        first = len(part.rows[0]) + 1 if part.rows else 0
        kept = 0
        if full and head + first <= budget:
            out += part.head
            budget -= head
            for row in part.rows:
                if len(row) + 1 > budget:
                    break
                out.append(row)
                budget -= len(row) + 1
                kept += 1
        if kept < len(part.rows):
            full = False
            out += ["", _cut_note(part.what, len(part.rows) - kept, kept == 0, limit)]
    return "\n".join(out).rstrip("\n") + "\n"


def _cut_note(title: str, left: int, whole: bool, limit: int) -> str:
    lines = plural(left, "ligne", "lignes")
    where = f"« {title} » : {lines}" if whole else f"… {lines} de plus dans « {title} »"
    shown = f"{limit:,}".replace(",", "\u202f")
    return (
        f"*{where}, {'non affichée' if left < 2 else 'non affichées'} : le commentaire est "
        f"limité à {shown} caractères. Le détail complet : `tindustrie diff --format text` ou "
        "`--format json`.*"
    )


# -- JSON -------------------------------------------------------------------------------


def _json_value(value: Value) -> Any:
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _json_change(change: Change) -> dict[str, str]:
    return {"base": plain(change.base), "head": plain(change.head), "delta": plain(change.delta)}


def _json_money(money: MoneyChange) -> dict[str, dict[str, str]]:
    return {m: _json_change(money.get(m)) for m in MEASURES}


def _json_side(side: Snapshot) -> dict[str, Any]:
    known = side.problems is not None
    return {
        "kind": side.kind,
        "revision": side.revision if side.kind == "revision" else None,
        "commit": side.commit,
        "file": side.revision if side.kind == "baseline" else None,
        "data": side.data,
        "present": side.present,
        "as_of": side.as_of.isoformat(),
        "valid": side.valid,
        "errors": len(side.errors) if known else None,
        "warnings": len(side.warnings) if known else None,
    }


def to_dict(result: Diff) -> dict[str, Any]:
    """The JSON document (every key in ``docs/diff.md``)."""
    fiches = result.fiches
    avenants = result.avenants
    return {
        "base": _json_side(result.base),
        "head": _json_side(result.head),
        "as_of": result.as_of.isoformat(),
        "totals": _json_money(result.totals),
        "lines": None
        if result.lines is None
        else [
            {
                "fiche": line.fiche,
                "financeur": line.financeur,
                "nature": line.nature,
                **_json_money(line.money),
            }
            for line in result.lines
        ],
        "fiches": None
        if fiches is None
        else {
            "added": [f.id for f in fiches.added],
            "removed": [f.id for f in fiches.removed],
            "changed": [
                {
                    "id": c.id,
                    "fields": [
                        {
                            "field": f.field,
                            "base": _json_value(f.base),
                            "head": _json_value(f.head),
                        }
                        for f in c.fields
                    ],
                }
                for c in fiches.changed
            ],
        },
        "avenants": None
        if avenants is None
        else {
            "added": [a.numero for a in avenants.added],
            "removed": [a.numero for a in avenants.removed],
            "signed": [s.numero for s in avenants.signed],
            "changed": [c.numero for c in avenants.changed],
        },
        "problems": {
            "introduced": [problem_dict(p) for p in result.problems.introduced],
            "fixed": [problem_dict(p) for p in result.problems.fixed],
        },
    }


def to_json(result: Diff) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"


#: The ``--format`` choices of ``tindustrie diff``.
FORMATTERS: Mapping[str, Callable[[Diff], str]] = {
    "text": to_text,
    "md": to_markdown,
    "json": to_json,
}
