"""Checks on the avenants: numbering, signature dates, who commits."""

from __future__ import annotations

from collections.abc import Iterator

from tindustrie.problems import Problem, Rule, Severity
from tindustrie.project import Project
from tindustrie.rules._util import at

DUPLICATE_AVENANT = Rule(
    "TI304",
    Severity.ERROR,
    "Avenant en double",
    """Deux fichiers d'`avenants/` portent le même `numero`.""",
)
SIGNED_BEFORE_PROTOCOL = Rule(
    "TI501",
    Severity.ERROR,
    "Avenant signé avant le protocole",
    """Un avenant modifie le protocole : il ne peut pas être signé avant lui.""",
)
NUMBERING_GAP = Rule(
    "TI502",
    Severity.ERROR,
    "Numérotation des avenants discontinue",
    """Les avenants sont numérotés 1, 2, 3… sans trou. Le message donne les
numéros manquants.""",
)
SIGNATURE_ORDER = Rule(
    "TI503",
    Severity.ERROR,
    "Avenants signés dans le désordre",
    """L'avenant n+1 ne peut pas être signé avant l'avenant n, ni tant que
l'avenant n reste un projet : la numérotation suit l'ordre des signatures.""",
)
FUNDER_NOT_SIGNATORY = Rule(
    "TI504",
    Severity.ERROR,
    "Financeur non signataire",
    """Dans un avenant signé, chaque `financeur` d'un engagement doit figurer
parmi ses `signataires` : une partie ne s'engage qu'en signant.""",
)
UNFINANCED_ACTIVE_FICHE = Rule(
    "TI404",
    Severity.WARNING,
    "Fiche en cours sans financement signé",
    """Avertissement : une fiche `en_cours` ou `realisee` n'est financée par
aucun avenant signé (aucun engagement en vigueur non nul).""",
)
DUPLICATE_COMMITMENT = Rule(
    "TI505",
    Severity.ERROR,
    "Engagement en double dans un avenant",
    """Un même avenant fixe deux fois le montant d'un même financeur, sur la même
fiche et pour la même nature. Le montant fixé par un avenant est unique : gardez
une seule ligne, avec le montant total.""",
)
RULES = (
    DUPLICATE_COMMITMENT,
    DUPLICATE_AVENANT,
    SIGNED_BEFORE_PROTOCOL,
    NUMBERING_GAP,
    SIGNATURE_ORDER,
    FUNDER_NOT_SIGNATORY,
    UNFINANCED_ACTIVE_FICHE,
)


def check_numbering(project: Project) -> Iterator[Problem]:
    by_number: dict[int, str] = {}
    for entry in project.avenants:
        numero = entry.model.numero
        if numero in by_number:
            yield at(
                DUPLICATE_AVENANT,
                entry,
                ("numero",),
                f"avenant {numero} déjà défini dans {by_number[numero]}",
                "Donnez à cet avenant le numéro suivant le dernier avenant.",
            )
        else:
            by_number[numero] = entry.file
    if not by_number or "avenants" in project.unknown:
        return
    missing, more = _first_missing(sorted(by_number), 20)
    if not missing:
        return
    after = min(n for n in by_number if n > missing[0])
    entry = next(e for e in project.avenants if e.model.numero == after)
    listed = ", ".join(str(n) for n in missing) + (" …" if more else "")
    yield at(
        NUMBERING_GAP,
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


def check_dates(project: Project) -> Iterator[Problem]:
    protocol_date = project.protocole.model.date_signature if project.protocole else None
    ordered = sorted(
        {e.model.numero: e for e in reversed(project.avenants)}.values(),
        key=lambda e: e.model.numero,
    )
    previous = None
    for entry in ordered:
        avenant = entry.model
        signed = avenant.date_signature
        if signed is not None and protocol_date is not None and signed < protocol_date:
            yield at(
                SIGNED_BEFORE_PROTOCOL,
                entry,
                ("date_signature",),
                f"avenant {avenant.numero} signé le {signed.isoformat()}, avant le protocole "
                f"({protocol_date.isoformat()})",
                "Vérifiez la date de signature (l'année ?).",
            )
        if previous is not None and signed is not None:
            before = previous.model
            if before.date_signature is None:
                yield at(
                    SIGNATURE_ORDER,
                    entry,
                    ("date_signature",),
                    f"avenant {avenant.numero} signé alors que l'avenant {before.numero} est "
                    "encore un projet",
                    f"Signez d'abord l'avenant {before.numero}, ou échangez leurs numéros.",
                )
            elif signed < before.date_signature:
                yield at(
                    SIGNATURE_ORDER,
                    entry,
                    ("date_signature",),
                    f"avenant {avenant.numero} signé le {signed.isoformat()}, avant l'avenant "
                    f"{before.numero} ({before.date_signature.isoformat()})",
                    "Vérifiez les dates, ou échangez les numéros des deux avenants.",
                )
        previous = entry


def check_signatories(project: Project) -> Iterator[Problem]:
    for entry in project.avenants:
        avenant = entry.model
        if avenant.date_signature is None:
            continue
        signers = set(avenant.signataires)
        for i, commitment in enumerate(avenant.engagements):
            if commitment.financeur not in signers:
                yield at(
                    FUNDER_NOT_SIGNATORY,
                    entry,
                    ("engagements", i, "financeur"),
                    f"« {commitment.financeur} » s'engage dans l'avenant {avenant.numero} sans "
                    "le signer",
                    f"Ajoutez « {commitment.financeur} » aux `signataires` de l'avenant, ou "
                    "retirez l'engagement.",
                )


def check_active_fiches_financed(project: Project) -> Iterator[Problem]:
    if "avenants" in project.unknown:
        return  # an unreadable avenant may finance the fiche
    book = project.full_ledger()
    financed = {line.fiche for line in book.lines if line.committed > 0}
    for entry in project.fiches:
        fiche = entry.model
        if fiche.statut in ("en_cours", "realisee") and fiche.id not in financed:
            yield at(
                UNFINANCED_ACTIVE_FICHE,
                entry,
                ("statut",),
                f"fiche « {fiche.id} » {fiche.statut_label} sans engagement signé",
                "Ajoutez ses engagements dans un avenant signé, ou corrigez son statut.",
            )


def check_duplicate_commitments(project: Project) -> Iterator[Problem]:
    for entry in project.avenants:
        seen: dict[tuple[str, str, str], int] = {}
        for i, c in enumerate(entry.model.engagements):
            triple = (c.fiche, c.financeur, c.nature)
            if triple in seen:
                first_line = entry.doc.at(("engagements", seen[triple]))[0]
                yield at(
                    DUPLICATE_COMMITMENT,
                    entry,
                    ("engagements", i),
                    f"engagement de « {c.financeur} » sur la fiche « {c.fiche} » en {c.nature} "
                    f"déjà fixé ligne {first_line}",
                    "Gardez une seule ligne, avec le montant total.",
                )
            else:
                seen[triple] = i


CHECKS = (
    check_duplicate_commitments,
    check_numbering,
    check_dates,
    check_signatories,
    check_active_fiches_financed,
)
