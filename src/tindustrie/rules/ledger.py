"""Checks that need the financing ledger: money committed against the cost."""

from __future__ import annotations

from collections.abc import Iterator

from tindustrie.money import euros
from tindustrie.problems import Problem, Rule, Severity
from tindustrie.project import Project
from tindustrie.rules._util import at

COMMITTED_ABOVE_COST = Rule(
    "TI601",
    Severity.ERROR,
    "Engagements signés supérieurs au coût",
    """La somme des engagements en vigueur d'une fiche, une fois tous les
avenants signés pris en compte, dépasse son `cout_previsionnel`. Un avenant ne
peut pas engager plus que le coût de l'action : relevez le coût (dans la fiche)
ou réduisez un engagement (dans un nouvel avenant).""",
)
PROJECTED_ABOVE_COST = Rule(
    "TI602",
    Severity.WARNING,
    "Engagements prévus supérieurs au coût",
    """Avertissement : si tous les avenants, y compris les projets non signés,
étaient signés, les engagements d'une fiche dépasseraient son
`cout_previsionnel`. À corriger avant de signer le projet d'avenant.""",
)
FUNDER_NOT_IN_PLAN = Rule(
    "TI603",
    Severity.WARNING,
    "Financeur absent du plan de financement",
    """Avertissement : un avenant engage un financeur qui n'apparaît pas dans le
`plan_financement` de la fiche. Ajoutez-le au plan prévisionnel de la fiche, ou
vérifiez l'identifiant du financeur.""",
)
RULES = (COMMITTED_ABOVE_COST, PROJECTED_ABOVE_COST, FUNDER_NOT_IN_PLAN)


def check_costs(project: Project) -> Iterator[Problem]:
    if "avenants" in project.unknown:
        return  # an unreadable avenant may change what is in force
    book = project.full_ledger()
    for entry in project.fiches:
        fiche = entry.model
        if fiche.cout_previsionnel is None:
            continue
        amounts = book.fiche_amounts(fiche)
        cost = fiche.cout_previsionnel
        if amounts.committed > cost:
            yield at(
                COMMITTED_ABOVE_COST,
                entry,
                ("cout_previsionnel",),
                f"{euros(amounts.committed)} engagés par les avenants signés pour un coût "
                f"prévisionnel de {euros(cost)}",
                "Relevez `cout_previsionnel` ou réduisez un engagement dans un nouvel avenant.",
            )
        elif amounts.projected > cost:
            yield at(
                PROJECTED_ABOVE_COST,
                entry,
                ("cout_previsionnel",),
                f"{euros(amounts.projected)} engagés si les projets d'avenant sont signés, pour "
                f"un coût prévisionnel de {euros(cost)}",
                "Corrigez le projet d'avenant ou le coût avant signature.",
            )


def check_funders_in_plan(project: Project) -> Iterator[Problem]:
    funders = {
        e.model.id: {line.financeur for line in e.model.plan_financement} for e in project.fiches
    }
    for entry in project.avenants:
        for i, commitment in enumerate(entry.model.engagements):
            planned = funders.get(commitment.fiche)
            if planned is None or commitment.financeur in planned:
                continue
            yield at(
                FUNDER_NOT_IN_PLAN,
                entry,
                ("engagements", i, "financeur"),
                f"« {commitment.financeur} » s'engage sur la fiche « {commitment.fiche} » sans "
                "figurer dans son plan de financement",
                f"Ajoutez une ligne pour « {commitment.financeur} » au `plan_financement` de la "
                "fiche.",
            )


CHECKS = (check_costs, check_funders_in_plan)
