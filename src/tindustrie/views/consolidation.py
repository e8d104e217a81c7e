"""`tindustrie consolidate`: many territories added up, as a document.

One table per grouping (``--by``): the territories, the financers across
territories, the national themes, the natures. Each ends with the total of the
territories whose data is valid; its label says how many were left out, and
the prose before it names them (people), as ``left_out`` does (json).

Amounts are the ledger's (:class:`~tindustrie.ledger.Amounts`): when the
ledger gains the money paid (follow-up of payments), its keys join
:data:`AMOUNT_KEYS` and :func:`_amounts` here, and every format shows them.
"""

from __future__ import annotations

from typing import Any

from tindustrie.consolidation import NO_THEME, Consolidation, Financer, Group, TerritorySummary
from tindustrie.ledger import Amounts
from tindustrie.models.vocabulary import (
    THEMES_BY_PHASE,
    ConsolidateBy,
    Nature,
    PartnerType,
    Theme,
)
from tindustrie.views.document import Column, Data, Document, Named, Prose, Table, columns
from tindustrie.wording import enumeration, plural

#: The amounts of a group, in order (``paid`` and ``to_pay`` will join here).
AMOUNT_KEYS = ("cost", "planned", "committed", "pending", "remaining")
#: The amounts of a financer or a nature: they have no cost of their own.
FLOW_KEYS = ("planned", "committed", "pending")
NO_THEME_LABEL = "Sans thème"


def _amounts(amounts: Amounts | None, keys: tuple[str, ...] = AMOUNT_KEYS) -> tuple[Any, ...]:
    if amounts is None:
        return (None,) * len(keys)
    values = {
        "cost": amounts.cost,
        "planned": amounts.planned,
        "committed": amounts.committed,
        "pending": amounts.pending,
        "remaining": amounts.remaining,
    }
    return tuple(values[k] for k in keys)


def _territories(n: int) -> str:
    return plural(n, "territoire", "territoires")


def total_label(result: Consolidation) -> str:
    """``Total (183 territoires)``, ``Total (181 territoires ; 2 laissés de côté)``."""
    included, left = len(result.included), len(result.left_out)
    label = f"Total ({_territories(included)}"
    if left:
        label += f" ; {left} laissé{'s' if left > 1 else ''} de côté, données invalides"
    return label + ")"


def status(t: TerritorySummary) -> Named:
    """``valid`` / ``invalid`` for machines; for people, with the problem counts."""
    counts = []
    if t.errors:
        counts.append(plural(t.errors, "erreur", "erreurs"))
    if t.warnings:
        counts.append(plural(t.warnings, "avertissement", "avertissements"))
    if t.infos:
        counts.append(plural(t.infos, "remarque", "remarques"))
    detail = f" ({enumeration(counts)})" if counts else ""
    if t.valid:
        return Named("valid", "valide" + detail)
    return Named("invalid", "invalide, laissé de côté" + detail)


def _state(result: Consolidation) -> Prose:
    from tindustrie.formatting import long_date

    return Prose(
        f"État au {long_date(result.as_of)} : {_territories(len(result.territories))} "
        f"lus, {len(result.included)} consolidés. Engagé = avenants signés à cette date ; "
        "en attente = projets d'avenant et avenants signés après."
    )


def _left_out(result: Consolidation) -> list[Prose]:
    left = result.left_out
    if not left:
        return []
    names = [f"{t.name} ({t.folder} : {plural(t.errors, 'erreur', 'erreurs')})" for t in left]
    return [
        Prose(
            f"Laissé{'s' if len(left) > 1 else ''} de côté, données invalides : "
            + "; ".join(names)
            + ". Leurs montants ne sont dans aucune somme ; détail : "
            "tindustrie validate --data DOSSIER."
        )
    ]


def _left_out_data(result: Consolidation) -> Data:
    return Data(
        "left_out",
        [
            {
                "folder": t.folder,
                "territory": t.name,
                "errors": t.errors,
                "warnings": t.warnings,
                "infos": t.infos,
            }
            for t in result.left_out
        ],
    )


def territory_table(result: Consolidation) -> Table:
    rows = []
    for t in result.territories:
        rows.append(
            (
                t.folder,
                t.name,
                t.siren,
                t.phase,
                status(t),
                t.errors,
                t.warnings,
                t.infos,
                t.fiches,
                *_amounts(t.amounts),
            )
        )
    total = (None, total_label(result), None, None, None, None, None, None, None)
    return Table(
        "rows",
        columns(
            "folder",
            "territory",
            "siren",
            "phase",
            "validation",
            "errors",
            "warnings",
            "infos",
            "fiches",
            *AMOUNT_KEYS,
        ),
        tuple(rows),
        total=(*total, *_amounts(result.totals)),
        noun=("territoire", "territoires"),
        hidden=frozenset({"folder", "siren", "errors", "warnings", "infos", "fiches"}),
    )


def _identified(f: Financer) -> Named:
    return Named("nom", "nom exact (sans SIREN)") if f.by_name else Named("siren", "SIREN")


def financer_table(result: Consolidation) -> Table:
    rows = []
    for f in result.financers:
        kind = PartnerType.parse(f.type) if f.type else None
        rows.append(
            (
                f.key,
                f.name,
                f.siren,
                _identified(f),
                kind,
                tuple(n for n in f.names if n != f.name),
                len(f.territories),
                f.territories,
                *_amounts(f.amounts, FLOW_KEYS),
            )
        )
    total = (None, total_label(result), None, None, None, None, None, None)
    return Table(
        "rows",
        (
            *columns("key"),
            Column("label", "Financeur"),
            *columns("siren", "identified_by", "type", "names", "territory_count", "territories"),
            *columns(*FLOW_KEYS),
        ),
        tuple(rows),
        total=(*total, *_amounts(result.totals, FLOW_KEYS)),
        noun=("financeur", "financeurs"),
        hidden=frozenset({"key", "siren", "type", "names", "territories"}),
    )


def theme_label(key: str) -> str:
    """« compétences (phase 2) »; « Sans thème »."""
    if key == NO_THEME:
        return NO_THEME_LABEL
    theme = Theme.parse(key)
    if theme is None:
        return key
    phases = [str(p) for p, themes in sorted(THEMES_BY_PHASE.items()) if theme in themes]
    return f"{theme.label} (phase {' et '.join(phases)})" if phases else theme.label


def _group_rows(groups: tuple[Group, ...], label: Any, keys: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(
        (g.key or None, label(g.key), g.territories, *_amounts(g.amounts, keys)) for g in groups
    )


def theme_table(result: Consolidation) -> Table:
    total = (None, total_label(result), None)
    return Table(
        "rows",
        (
            *columns("key"),
            Column("label", "Thème national (principal)"),
            *columns("territory_count", *AMOUNT_KEYS),
        ),
        _group_rows(result.themes, theme_label, AMOUNT_KEYS),
        total=(*total, *_amounts(result.totals)),
        hidden=frozenset({"key"}),
    )


def nature_table(result: Consolidation) -> Table:
    total = (None, total_label(result), None)
    return Table(
        "rows",
        (*columns("key"), Column("label", "Nature"), *columns("territory_count", *FLOW_KEYS)),
        _group_rows(result.natures, lambda k: Nature.label_of(k).capitalize(), FLOW_KEYS),
        total=(*total, *_amounts(result.totals, FLOW_KEYS)),
        hidden=frozenset({"key"}),
    )


TABLES = {
    ConsolidateBy.TERRITOIRE: territory_table,
    ConsolidateBy.FINANCEUR: financer_table,
    ConsolidateBy.AXE_THEME: theme_table,
    ConsolidateBy.NATURE: nature_table,
}


def notes(result: Consolidation, by: ConsolidateBy) -> list[Prose]:
    notes = []
    if by == ConsolidateBy.FINANCEUR:
        named = [f.name for f in result.financers if f.by_name]
        if named:
            notes.append(
                Prose(
                    "Reconnus d'un territoire à l'autre par leur nom exact, faute de SIREN : "
                    + enumeration([f"« {n} »" for n in named[:12]])
                    + (f" et {len(named) - 12} autres" if len(named) > 12 else "")
                    + ". Un même organisme écrit autrement ailleurs y est compté à part : "
                    "ajoutez son `siren` dans chaque protocole (remarque TI330)."
                )
            )
    if by == ConsolidateBy.AXE_THEME:
        notes.append(
            Prose(
                "Les axes sont propres à chaque territoire : ils sont regroupés ici par thème "
                "national. Une fiche compte pour son thème principal, le premier de sa liste "
                "`themes`, pour qu'aucun montant ne soit compté deux fois."
            )
        )
    if by in (ConsolidateBy.FINANCEUR, ConsolidateBy.NATURE):
        notes.append(
            Prose(
                "Un financeur ou une nature n'a pas de coût propre : le coût total et le reste "
                "à engager sont dans la vue par territoire."
            )
        )
    return notes


def document(result: Consolidation, by: ConsolidateBy | str) -> Document:
    """The consolidation grouped ``by``: prose, the table and its total, machine data."""
    grouping = ConsolidateBy.of(by)
    return Document(
        (
            Data("as_of", result.as_of),
            Data("by", grouping),
            Data(
                "territory_counts",
                {
                    "read": len(result.territories),
                    "included": len(result.included),
                    "left_out": len(result.left_out),
                },
            ),
            _state(result),
            *_left_out(result),
            TABLES[grouping](result),
            _left_out_data(result),
            *notes(result, grouping),
        ),
        title=f"Consolidation par {grouping.label.lower()}",
        kind="consolidation",
    )
