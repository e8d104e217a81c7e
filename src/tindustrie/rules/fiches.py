"""Checks on each fiche: duplicates, financing plan against cost, calendar."""

from __future__ import annotations

from collections.abc import Iterator

from tindustrie.money import euros
from tindustrie.problems import Severity
from tindustrie.project import Project
from tindustrie.rules.registry import Finding, at, rule


@rule("TI303", Severity.ERROR, "Fiche en double")
def duplicate_fiches(project: Project) -> Iterator[Finding]:
    """Deux fichiers de `fiches/` portent le même `id`. Le message nomme les
    deux fichiers : renumérotez l'une des fiches."""
    first: dict[str, str] = {}
    for entry in project.fiches:
        ident = entry.model.id
        if ident in first:
            yield at(
                entry,
                ("id",),
                f"fiche « {ident} » déjà définie dans {first[ident]}",
                "Donnez à cette fiche le prochain numéro libre de son axe.",
            )
        else:
            first[ident] = entry.file


@rule("TI401", Severity.ERROR, "Plan de financement supérieur au coût")
def plan_above_cost(project: Project) -> Iterator[Finding]:
    """La somme des lignes de `plan_financement` dépasse `cout_previsionnel`.
    Corrigez un montant ou le coût prévisionnel."""
    for entry in project.fiches:
        fiche = entry.model
        cost = fiche.cout_previsionnel
        if cost is None or fiche.planned <= cost:
            continue
        planned = fiche.planned
        yield at(
            entry,
            ("plan_financement",),
            f"plan de financement de {euros(planned)} pour un coût prévisionnel de "
            f"{euros(cost)} (dépassement de {euros(planned - cost)})",
            "Réduisez une ligne du plan ou relevez `cout_previsionnel`.",
        )


@rule("TI402", Severity.WARNING, "Plan de financement incomplet")
def plan_below_cost(project: Project) -> Iterator[Finding]:
    """Avertissement : la somme des lignes de `plan_financement` est inférieure
    à `cout_previsionnel`. Le message donne le montant qui reste à financer."""
    for entry in project.fiches:
        fiche = entry.model
        cost = fiche.cout_previsionnel
        if cost is None or fiche.planned >= cost:
            continue
        planned = fiche.planned
        path = ("plan_financement",) if fiche.plan_financement else ("cout_previsionnel",)
        yield at(
            entry,
            path,
            f"reste à financer {euros(cost - planned)} : plan de {euros(planned)} pour un "
            f"coût de {euros(cost)}",
            "Complétez le plan de financement quand les financeurs seront connus.",
        )


@rule("TI403", Severity.ERROR, "Calendrier inversé")
def calendar_reversed(project: Project) -> Iterator[Finding]:
    """`calendrier.fin` est antérieure à `calendrier.debut`."""
    for entry in project.fiches:
        cal = entry.model.calendrier
        if cal is None or cal.debut is None or cal.fin is None or cal.fin >= cal.debut:
            continue
        yield at(
            entry,
            ("calendrier", "fin"),
            f"fin ({cal.fin.isoformat()}) antérieure au début ({cal.debut.isoformat()})",
            "Vérifiez l'année ou intervertissez `debut` et `fin`.",
        )
