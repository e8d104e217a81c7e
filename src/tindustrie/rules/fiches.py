"""Checks on each fiche: duplicates, financing plan against cost, calendar."""

from __future__ import annotations

from collections.abc import Iterator

from tindustrie.money import euros
from tindustrie.problems import Problem, Rule, Severity
from tindustrie.project import Project
from tindustrie.rules._util import at

DUPLICATE_FICHE = Rule(
    "TI303",
    Severity.ERROR,
    "Fiche en double",
    """Deux fichiers de `fiches/` portent le même `id`. Le message nomme les
deux fichiers : renumérotez l'une des fiches.""",
)
PLAN_ABOVE_COST = Rule(
    "TI401",
    Severity.ERROR,
    "Plan de financement supérieur au coût",
    """La somme des lignes de `plan_financement` dépasse `cout_previsionnel`.
Corrigez un montant ou le coût prévisionnel.""",
)
PLAN_BELOW_COST = Rule(
    "TI402",
    Severity.WARNING,
    "Plan de financement incomplet",
    """Avertissement : la somme des lignes de `plan_financement` est inférieure
à `cout_previsionnel`. Le message donne le montant qui reste à financer.""",
)
CALENDAR_REVERSED = Rule(
    "TI403",
    Severity.ERROR,
    "Calendrier inversé",
    """`calendrier.fin` est antérieure à `calendrier.debut`.""",
)
RULES = (DUPLICATE_FICHE, PLAN_ABOVE_COST, PLAN_BELOW_COST, CALENDAR_REVERSED)


def check_duplicates(project: Project) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for entry in project.fiches:
        ident = entry.model.id
        if ident in first:
            yield at(
                DUPLICATE_FICHE,
                entry,
                ("id",),
                f"fiche « {ident} » déjà définie dans {first[ident]}",
                "Donnez à cette fiche le prochain numéro libre de son axe.",
            )
        else:
            first[ident] = entry.file


def check_plan(project: Project) -> Iterator[Problem]:
    for entry in project.fiches:
        fiche = entry.model
        if fiche.cout_previsionnel is None:
            continue
        planned = fiche.planned
        cost = fiche.cout_previsionnel
        if planned > cost:
            yield at(
                PLAN_ABOVE_COST,
                entry,
                ("plan_financement",),
                f"plan de financement de {euros(planned)} pour un coût prévisionnel de "
                f"{euros(cost)} (dépassement de {euros(planned - cost)})",
                "Réduisez une ligne du plan ou relevez `cout_previsionnel`.",
            )
        elif planned < cost:
            path = ("plan_financement",) if fiche.plan_financement else ("cout_previsionnel",)
            yield at(
                PLAN_BELOW_COST,
                entry,
                path,
                f"reste à financer {euros(cost - planned)} : plan de {euros(planned)} pour un "
                f"coût de {euros(cost)}",
                "Complétez le plan de financement quand les financeurs seront connus.",
            )


def check_calendar(project: Project) -> Iterator[Problem]:
    for entry in project.fiches:
        cal = entry.model.calendrier
        if cal is None or cal.debut is None or cal.fin is None or cal.fin >= cal.debut:
            continue
        yield at(
            CALENDAR_REVERSED,
            entry,
            ("calendrier", "fin"),
            f"fin ({cal.fin.isoformat()}) antérieure au début ({cal.debut.isoformat()})",
            "Vérifiez l'année ou intervertissez `debut` et `fin`.",
        )


CHECKS = (check_duplicates, check_plan, check_calendar)
