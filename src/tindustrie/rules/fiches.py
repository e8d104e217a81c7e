"""Checks on each fiche: duplicates, financing plan against cost, calendar."""

from __future__ import annotations

from collections.abc import Iterator

from tindustrie.models import Fiche, Statut
from tindustrie.money import euros
from tindustrie.problems import Severity
from tindustrie.project import Entry, Project
from tindustrie.rules.registry import Finding, at, rule
from tindustrie.scaffold import next_fiche_id


@rule("TI303", Severity.ERROR, "Fiche en double")
def duplicate_fiches(project: Project) -> Iterator[Finding]:
    """Deux fichiers de `fiches/` portent le même `id`. Le message nomme les deux
    fichiers. Il est signalé sur celui que les avenants signés ne visent pas : celui
    dont le plan de financement ne contient pas les financeurs que ces avenants
    engagent sur la fiche (une copie faite pour une nouvelle fiche, dont on a oublié
    de changer l'`id`), ou, à défaut, le dernier dans l'ordre des noms. C'est cette
    fiche-là qui prend un nouveau numéro : jamais celle que citent les avenants signés."""
    by_id: dict[str, list[Entry[Fiche]]] = {}
    for entry in project.fiches:  # in name order
        by_id.setdefault(entry.model.id, []).append(entry)
    for ident, entries in by_id.items():
        if len(entries) < 2:
            continue
        cited = _cited_pairs(project, ident)
        scores = [len(cited & _plan_pairs(e.model)) for e in entries]
        best = max(scores)
        keep = entries[scores.index(best)] if best else entries[0]
        axis = keep.model.axe
        free = next_fiche_id(axis, project.fiche_ids)
        for entry in entries:
            if entry is keep:
                continue
            if cited:
                hint = (
                    f"Les avenants signés citent la fiche « {ident} » de {keep.file} : c'est "
                    f"celle-ci qui change de numéro, par exemple « {free} » (`id`, nom du "
                    "fichier)."
                )
            else:
                hint = f"Donnez à l'une des deux le prochain numéro libre de l'axe, « {free} »."
            yield at(
                entry,
                ("id",),
                f"fiche « {ident} » en double : {entry.file} et {keep.file} portent le même `id`",
                hint,
            )


def _cited_pairs(project: Project, ident: str) -> set[tuple[str, str]]:
    """(financeur, nature) of every commitment of a signed avenant on the fiche ``ident``."""
    return {
        (c.financeur, c.nature)
        for a in project.avenants
        if a.model.signed
        for c in a.model.engagements
        if c.fiche == ident
    }


def _plan_pairs(fiche: Fiche) -> set[tuple[str, str]]:
    return {(line.financeur, line.nature) for line in fiche.plan_financement}


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
        à `cout_previsionnel`. Le message donne le montant non couvert par le plan (coût −
    plan), à ne pas confondre avec le « reste à engager » de `show` et `financing` (coût −
    engagé)."""
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
            f"{euros(cost - planned)} non couverts par le plan de financement : plan de "
            f"{euros(planned)} pour un coût de {euros(cost)}",
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


@rule("TI405", Severity.WARNING, "Fiche abandonnée avec des engagements en vigueur")
def abandoned_with_commitments(project: Project) -> Iterator[Finding]:
    """Avertissement : une fiche `abandonnee` garde des engagements en vigueur (fixés
    par des avenants signés et jamais ramenés à 0). L'argent reste engagé sur une
    action qui ne se fera pas : un avenant doit y mettre fin (montant 0), ou le statut
    est à corriger."""
    if "avenants" in project.unknown:
        return  # an unreadable avenant may end them
    book = project.full_ledger()
    for entry in project.fiches:
        fiche = entry.model
        if fiche.statut is not Statut.ABANDONNEE:
            continue
        committed = book.fiche_amounts(fiche).committed
        if committed > 0:
            yield at(
                entry,
                ("statut",),
                f"fiche « {fiche.id} » abandonnée, mais {euros(committed)} d'engagements "
                "signés restent en vigueur",
                "Mettez fin aux engagements dans un nouvel avenant (montant 0), ou corrigez "
                "le statut.",
            )


@rule("TI406", Severity.ERROR, "Historique des statuts dans le désordre")
def history_out_of_order(project: Project) -> Iterator[Finding]:
    """Les décisions de `historique` ne sont pas écrites dans l'ordre des dates (de la
    plus ancienne à la plus récente). Le statut d'une fiche à une date se lit dans cet
    historique : il doit être dans l'ordre pour se lire sans ambiguïté."""
    for entry in project.fiches:
        decisions = entry.model.historique
        for i in range(1, len(decisions)):
            if decisions[i].date < decisions[i - 1].date:
                yield at(
                    entry,
                    ("historique", i, "date"),
                    f"décision du {decisions[i].date.isoformat()} écrite après celle du "
                    f"{decisions[i - 1].date.isoformat()}",
                    "Rangez `historique` de la décision la plus ancienne à la plus récente.",
                )


@rule("TI407", Severity.ERROR, "Statut différent de la dernière décision")
def history_disagrees(project: Project) -> Iterator[Finding]:
    """Le `statut` d'une fiche n'est pas celui de la dernière décision de son
    `historique`. Quand un historique est tenu, sa dernière entrée est le statut
    actuel : ajoutez la décision qui manque, ou corrigez `statut`."""
    for entry in project.fiches:
        fiche = entry.model
        if not fiche.historique:
            continue
        last = fiche.historique[-1]
        if last.statut != fiche.statut:
            yield at(
                entry,
                ("statut",),
                f"statut « {fiche.statut.label} », mais la dernière décision de l'historique "
                f"({last.date.isoformat()}) est « {last.statut.label} »",
                "Ajoutez à `historique` la décision qui a donné ce statut, ou corrigez `statut`.",
            )


@rule("TI408", Severity.ERROR, "Deux mesures d'un indicateur le même jour")
def measures_same_day(project: Project) -> Iterator[Finding]:
    """Un indicateur a deux `mesures` à la même date : laquelle est la bonne ? Gardez-en
    une, ou corrigez la date de l'autre."""
    for entry in project.fiches:
        for i, indicator in enumerate(entry.model.indicateurs):
            seen: dict[object, int] = {}
            for j, measure in enumerate(indicator.mesures):
                if measure.date in seen:
                    yield at(
                        entry,
                        ("indicateurs", i, "mesures", j, "date"),
                        f"deux mesures le {measure.date.isoformat()} pour l'indicateur "
                        f"« {indicator.libelle} » (déjà mesure n° {seen[measure.date] + 1})",
                        "Gardez une seule mesure par date.",
                    )
                else:
                    seen[measure.date] = j


@rule("TI409", Severity.ERROR, "Mesure ou versement dans le futur")
def dated_in_the_future(project: Project) -> Iterator[Finding]:
    """Une mesure d'indicateur ou un versement est daté après le jour de la
    vérification. Un résultat constaté et un versement effectué sont des faits passés :
    les versements prévus s'inscrivent dans un avenant (ses engagements), pas dans
    `versements`."""
    today = project.today
    for entry in project.fiches:
        for i, payment in enumerate(entry.model.versements):
            if payment.date > today:
                yield at(
                    entry,
                    ("versements", i, "date"),
                    f"versement daté du {payment.date.isoformat()}, après aujourd'hui "
                    f"({today.isoformat()})",
                    "Un versement prévu s'inscrit dans un avenant, pas dans `versements` : "
                    "n'y notez que l'argent effectivement versé.",
                )
        for i, indicator in enumerate(entry.model.indicateurs):
            for j, measure in enumerate(indicator.mesures):
                if measure.date > today:
                    yield at(
                        entry,
                        ("indicateurs", i, "mesures", j, "date"),
                        f"mesure datée du {measure.date.isoformat()}, après aujourd'hui "
                        f"({today.isoformat()})",
                        "Une mesure est un résultat constaté : notez-la une fois le résultat "
                        "connu ; la valeur visée est `cible`.",
                    )
