"""Checks that need the financing ledger: money committed against the cost."""

from __future__ import annotations

from collections.abc import Iterator

from tindustrie.money import euros
from tindustrie.problems import Severity
from tindustrie.project import Project
from tindustrie.rules.registry import Finding, at, rule


@rule("TI601", Severity.ERROR, "Engagements signés supérieurs au coût")
def committed_above_cost(project: Project) -> Iterator[Finding]:
    """La somme des engagements en vigueur d'une fiche, une fois tous les
    avenants signés pris en compte, dépasse son `cout_previsionnel`. Un avenant ne
    peut pas engager plus que le coût de l'action : relevez le coût (dans la fiche)
    ou réduisez un engagement (dans un nouvel avenant)."""
    if "avenants" in project.unknown:
        return  # an unreadable avenant may change what is in force
    book = project.full_ledger()
    for entry in project.fiches:
        cost = entry.model.cout_previsionnel
        committed = book.fiche_amounts(entry.model).committed
        if cost is not None and committed > cost:
            yield at(
                entry,
                ("cout_previsionnel",),
                f"{euros(committed)} engagés par les avenants signés pour un coût "
                f"prévisionnel de {euros(cost)}",
                "Relevez `cout_previsionnel` ou réduisez un engagement dans un nouvel avenant.",
            )


@rule("TI602", Severity.WARNING, "Engagements prévus supérieurs au coût")
def projected_above_cost(project: Project) -> Iterator[Finding]:
    """Avertissement : si tous les avenants, y compris les projets non signés,
    étaient signés, les engagements d'une fiche dépasseraient son
    `cout_previsionnel`. À corriger avant de signer le projet d'avenant."""
    if "avenants" in project.unknown:
        return
    book = project.full_ledger()
    for entry in project.fiches:
        cost = entry.model.cout_previsionnel
        amounts = book.fiche_amounts(entry.model)
        if cost is not None and amounts.committed <= cost < amounts.projected:
            yield at(
                entry,
                ("cout_previsionnel",),
                f"{euros(amounts.projected)} engagés si les projets d'avenant sont signés, pour "
                f"un coût prévisionnel de {euros(cost)}",
                "Corrigez le projet d'avenant ou le coût avant signature.",
            )


@rule("TI603", Severity.WARNING, "Financeur absent du plan de financement")
def funder_not_in_plan(project: Project) -> Iterator[Finding]:
    """Avertissement : un avenant engage un financeur qui n'apparaît pas dans le
    `plan_financement` de la fiche. Ajoutez-le au plan prévisionnel de la fiche, ou
    vérifiez l'identifiant du financeur."""
    funders = {
        e.model.id: {line.financeur for line in e.model.plan_financement} for e in project.fiches
    }
    for entry in project.avenants:
        for i, commitment in enumerate(entry.model.engagements):
            planned = funders.get(commitment.fiche)
            if planned is None or commitment.financeur in planned:
                continue
            yield at(
                entry,
                ("engagements", i, "financeur"),
                f"« {commitment.financeur} » s'engage sur la fiche « {commitment.fiche} » sans "
                "figurer dans son plan de financement",
                f"Ajoutez une ligne pour « {commitment.financeur} » au `plan_financement` de la "
                "fiche.",
            )
