"""Checks that need the financing ledger: money committed against the cost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from tindustrie.ledger import Step, Triple, in_force
from tindustrie.models import Versement
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


def _histories(project: Project) -> dict[Triple, tuple[Step, ...]]:
    """Each triple's steps, from the ledger the checks share (built once)."""
    return {(ln.fiche, ln.financeur, ln.nature): ln.history for ln in project.full_ledger().lines}


def _payments(project: Project) -> Iterator[tuple[Any, int, Versement]]:
    for entry in project.fiches:
        for i, payment in enumerate(entry.model.versements):
            yield entry, i, payment


@rule("TI604", Severity.ERROR, "Versement sans engagement en vigueur")
def payment_without_commitment(project: Project) -> Iterator[Finding]:
    """Un versement (`versements`) est daté d'un jour où aucun engagement n'est en
    vigueur pour la même fiche, le même financeur et la même nature : l'argent ne
    peut pas être versé avant la signature de l'avenant qui l'engage (ni après un
    avenant qui ramène l'engagement à 0). Vérifiez la date du versement, le
    financeur, la nature, ou la date de signature de l'avenant."""
    if "avenants" in project.unknown:
        return  # an unreadable avenant may commit it
    payments = list(_payments(project))
    if not payments:
        return
    history = _histories(project)
    amount_on: dict[tuple[str, str, str], Callable[[date], Decimal]] = {}
    for entry, i, payment in payments:
        triple = (entry.model.id, payment.financeur, payment.nature)
        if triple not in amount_on:
            amount_on[triple] = in_force(history.get(triple, ()))
        if amount_on[triple](payment.date) == 0:
            yield at(
                entry,
                ("versements", i),
                f"versement de {euros(payment.montant)} le {payment.date.isoformat()} par "
                f"« {payment.financeur} » ({payment.nature.label}) sans engagement en vigueur "
                "à cette date",
                "Un versement suit la signature de l'avenant qui engage cet argent : vérifiez "
                "la date, le financeur et la nature.",
            )


@rule("TI605", Severity.ERROR, "Versements supérieurs à l'engagement")
def payments_above_commitment(project: Project) -> Iterator[Finding]:
    """Les versements d'une fiche pour un même financeur et une même nature,
    additionnés dans l'ordre des dates, dépassent l'engagement en vigueur à la date
    du versement qui franchit le montant engagé. On ne verse pas plus que ce qu'un
    avenant signé engage : corrigez le montant, ou relevez l'engagement par un
    nouvel avenant signé avant ce versement."""
    if "avenants" in project.unknown:
        return
    by_triple: dict[tuple[str, str, str], list[tuple[Any, int, Versement]]] = {}
    for entry, i, payment in _payments(project):
        key = (entry.model.id, payment.financeur, payment.nature)
        by_triple.setdefault(key, []).append((entry, i, payment))
    if not by_triple:
        return
    history = _histories(project)
    for triple, payments in by_triple.items():
        amount_on = in_force(history.get(triple, ()))
        paid = Decimal(0)
        for entry, i, payment in sorted(payments, key=lambda p: (p[2].date, p[1])):
            paid += payment.montant
            committed = amount_on(payment.date)
            if 0 < committed < paid:
                yield at(
                    entry,
                    ("versements", i, "montant"),
                    f"{euros(paid)} versés au {payment.date.isoformat()} par "
                    f"« {payment.financeur} » ({payment.nature.label}) pour "
                    f"{euros(committed)} engagés à cette date",
                    "Corrigez le montant, ou relevez l'engagement par un avenant signé avant "
                    "ce versement.",
                )


@rule("TI606", Severity.WARNING, "Versement après l'abandon de la fiche")
def payment_after_abandonment(project: Project) -> Iterator[Finding]:
    """Avertissement : un versement est daté après la décision d'abandon de la fiche
    (la date de l'entrée `abandonnee` de son `historique`). Sans historique, la date
    de l'abandon n'est pas connue et rien n'est signalé."""
    for entry in project.fiches:
        abandoned = entry.model.abandoned_on()
        if abandoned is None:
            continue
        for i, payment in enumerate(entry.model.versements):
            if payment.date > abandoned:
                yield at(
                    entry,
                    ("versements", i, "date"),
                    f"versement de {euros(payment.montant)} le {payment.date.isoformat()}, "
                    f"après l'abandon de la fiche le {abandoned.isoformat()}",
                    "Vérifiez la date du versement ou celle de l'abandon dans `historique`.",
                )
