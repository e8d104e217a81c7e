"""Checks on the avenants: numbering, signature dates, who commits."""

from __future__ import annotations

from collections.abc import Iterator

from tindustrie.models import Avenant, Statut
from tindustrie.problems import Severity
from tindustrie.project import Entry, Project
from tindustrie.rules.registry import Finding, at, rule


@rule("TI304", Severity.ERROR, "Avenant en double")
def duplicate_avenants(project: Project) -> Iterator[Finding]:
    """Deux fichiers d'`avenants/` portent le même `numero`."""
    by_number: dict[int, str] = {}
    for entry in project.avenants:
        numero = entry.model.numero
        if numero in by_number:
            yield at(
                entry,
                ("numero",),
                f"avenant {numero} déjà défini dans {by_number[numero]}",
                "Donnez à cet avenant le numéro suivant le dernier avenant.",
            )
        else:
            by_number[numero] = entry.file


@rule("TI502", Severity.ERROR, "Numérotation des avenants discontinue")
def numbering_gap(project: Project) -> Iterator[Finding]:
    """Les avenants sont numérotés 1, 2, 3… sans trou. Le message donne les
    numéros manquants."""
    numbers = {entry.model.numero for entry in project.avenants}
    if not numbers or "avenants" in project.unknown:
        return
    missing, more = _first_missing(sorted(numbers), 20)
    if not missing:
        return
    after = min(n for n in numbers if n > missing[0])
    entry = next(e for e in project.avenants if e.model.numero == after)
    listed = ", ".join(str(n) for n in missing) + (" …" if more else "")
    yield at(
        entry,
        ("numero",),
        f"numéros d'avenant manquants avant l'avenant {after} : {listed}",
        "Renumérotez les avenants 1, 2, 3… sans trou.",
    )


def _first_missing(numbers: list[int], limit: int) -> tuple[list[int], bool]:
    """The first ``limit`` numbers missing from 1..max(numbers), and whether there are more.

    Works on the gaps between the sorted numbers, so that an avenant numbered
    999999 costs nothing."""
    missing: list[int] = []
    previous = 0
    for number in numbers:
        for gap in range(previous + 1, number):
            if len(missing) == limit:
                return missing, True
            missing.append(gap)
        previous = number
    return missing, False


@rule("TI501", Severity.ERROR, "Avenant signé avant le protocole")
def signed_before_protocol(project: Project) -> Iterator[Finding]:
    """Un avenant modifie le protocole : il ne peut pas être signé avant lui."""
    protocol_date = project.protocole.model.date_signature if project.protocole else None
    if protocol_date is None:
        return
    for entry in _by_number(project):
        avenant = entry.model
        signed = avenant.date_signature
        if signed is not None and signed < protocol_date:
            yield at(
                entry,
                ("date_signature",),
                f"avenant {avenant.numero} signé le {signed.isoformat()}, avant le protocole "
                f"({protocol_date.isoformat()})",
                "Vérifiez la date de signature (l'année ?).",
            )


def _by_number(project: Project) -> list[Entry[Avenant]]:
    """One avenant per number (the first file of a duplicate), by number."""
    return sorted(
        {e.model.numero: e for e in reversed(project.avenants)}.values(),
        key=lambda e: e.model.numero,
    )


@rule("TI503", Severity.ERROR, "Avenants signés dans le désordre")
def signature_order(project: Project) -> Iterator[Finding]:
    """L'avenant n+1 ne peut pas être signé avant l'avenant n, ni tant que
    l'avenant n reste un projet : la numérotation suit l'ordre des signatures."""
    previous = None
    for entry in _by_number(project):
        avenant = entry.model
        signed = avenant.date_signature
        if previous is not None and signed is not None:
            before = previous.model
            if before.date_signature is None:
                yield at(
                    entry,
                    ("date_signature",),
                    f"avenant {avenant.numero} signé alors que l'avenant {before.numero} est "
                    "encore un projet",
                    f"Signez d'abord l'avenant {before.numero}, ou échangez leurs numéros.",
                )
            elif signed < before.date_signature:
                yield at(
                    entry,
                    ("date_signature",),
                    f"avenant {avenant.numero} signé le {signed.isoformat()}, avant l'avenant "
                    f"{before.numero} ({before.date_signature.isoformat()})",
                    "Vérifiez les dates, ou échangez les numéros des deux avenants.",
                )
        previous = entry


@rule("TI504", Severity.ERROR, "Financeur non signataire")
def funder_not_signatory(project: Project) -> Iterator[Finding]:
    """Dans un avenant signé, chaque `financeur` d'un engagement doit figurer
    parmi ses `signataires` : une partie ne s'engage qu'en signant."""
    for entry in project.avenants:
        avenant = entry.model
        if avenant.date_signature is None:
            continue
        signers = set(avenant.signataires)
        for i, commitment in enumerate(avenant.engagements):
            if commitment.financeur not in signers:
                yield at(
                    entry,
                    ("engagements", i, "financeur"),
                    f"« {commitment.financeur} » s'engage dans l'avenant {avenant.numero} sans "
                    "le signer",
                    f"Ajoutez « {commitment.financeur} » aux `signataires` de l'avenant, ou "
                    "retirez l'engagement.",
                )


@rule("TI404", Severity.WARNING, f"Fiche {Statut.EN_COURS.label} sans financement signé")
def unfinanced_active_fiche(project: Project) -> Iterator[Finding]:
    """Avertissement : une fiche `en_cours` ou `realisee` n'est financée par
    aucun avenant signé (aucun engagement en vigueur non nul)."""
    if "avenants" in project.unknown:
        return  # an unreadable avenant may finance the fiche
    book = project.full_ledger()
    financed = {line.fiche for line in book.lines if line.committed > 0}
    for entry in project.fiches:
        fiche = entry.model
        if fiche.statut in (Statut.EN_COURS, Statut.REALISEE) and fiche.id not in financed:
            yield at(
                entry,
                ("statut",),
                f"fiche « {fiche.id} » {fiche.statut_label} sans engagement signé",
                "Ajoutez ses engagements dans un avenant signé, ou corrigez son statut.",
            )


@rule("TI505", Severity.ERROR, "Engagement en double dans un avenant")
def duplicate_commitments(project: Project) -> Iterator[Finding]:
    """Un même avenant fixe deux fois le montant d'un même financeur, sur la même
    fiche et pour la même nature. Le montant fixé par un avenant est unique : gardez
    une seule ligne, avec le montant total."""
    for entry in project.avenants:
        seen: dict[tuple[str, str, str], int] = {}
        for i, c in enumerate(entry.model.engagements):
            triple = (c.fiche, c.financeur, c.nature)
            if triple in seen:
                first_line = entry.doc.at(("engagements", seen[triple]))[0]
                yield at(
                    entry,
                    ("engagements", i),
                    f"engagement de « {c.financeur} » sur la fiche « {c.fiche} » en {c.nature} "
                    f"déjà fixé ligne {first_line}",
                    "Gardez une seule ligne, avec le montant total.",
                )
            else:
                seen[triple] = i


@rule("TI506", Severity.WARNING, "Avenant signé à une date future")
def signed_in_the_future(project: Project) -> Iterator[Finding]:
    """Avertissement : la `date_signature` d'un avenant est postérieure au jour de la
    vérification. Une signature est un fait : tant que l'avenant n'est pas signé,
    n'écrivez pas de `date_signature` (il reste un projet, en attente) ; une date
    prévue s'écrit dans le `titre` ou l'`objet`. Le jour de la vérification est la
    date de l'ordinateur, ou celle de la variable `TINDUSTRIE_TODAY` (AAAA-MM-JJ),
    qui sert aux tests et à rejouer une vérification à une date donnée."""
    today = project.today
    for entry in project.avenants:
        signed = entry.model.date_signature
        if signed is not None and signed > today:
            yield at(
                entry,
                ("date_signature",),
                f"avenant {entry.model.numero} signé le {signed.isoformat()}, après aujourd'hui "
                f"({today.isoformat()})",
                "Retirez `date_signature` tant que l'avenant n'est pas signé ; écrivez la date "
                "prévue dans l'`objet`.",
            )


@rule("TI507", Severity.ERROR, "Engagement sur une fiche que l'avenant ne cite pas")
def commitment_outside_listed_fiches(project: Project) -> Iterator[Finding]:
    """Un engagement porte sur une fiche qui n'est pas dans la liste `fiches` de son
    avenant. Cette liste dit quelles fiches l'avenant adopte ou modifie : une fiche
    dont l'avenant change le financement en fait partie. Ajoutez la fiche à `fiches`,
    ou corrigez l'identifiant de l'engagement. (Une fiche qui n'existe pas est
    signalée par TI313.)"""
    for entry in project.avenants:
        avenant = entry.model
        listed = set(avenant.fiches)
        for i, commitment in enumerate(avenant.engagements):
            if commitment.fiche not in listed and commitment.fiche in project.fiche_ids:
                yield at(
                    entry,
                    ("engagements", i, "fiche"),
                    f"engagement sur la fiche « {commitment.fiche} », absente de la liste "
                    f"`fiches` de l'avenant {avenant.numero}",
                    f'Ajoutez "{commitment.fiche}" à `fiches`, ou corrigez la fiche de '
                    "l'engagement.",
                )
