"""Checks on `protocole.yaml`: duplicate partners and axes, SIREN and SIRET numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tindustrie.identifiers import compact, luhn_ok, siren_ok, siret_ok
from tindustrie.models.vocabulary import PartnerType
from tindustrie.problems import Severity, quote
from tindustrie.project import Project
from tindustrie.rules.registry import Finding, at, rule

__all__ = ["PUBLIC_TYPES", "luhn_ok", "siren_ok", "siret_ok"]


@rule("TI301", Severity.ERROR, "Partenaire déclaré deux fois")
def duplicate_partners(project: Project) -> Iterator[Finding]:
    """Deux partenaires portent le même `id`. Chaque partenaire a un
    identifiant unique, auquel renvoient les fiches et les avenants."""
    entry = project.protocole
    if entry is None:
        return
    seen: dict[str, int] = {}
    for index, partner in enumerate(entry.model.partenaires):
        if partner.id in seen:
            first_line = entry.doc.at(("partenaires", seen[partner.id], "id"))[0]
            yield at(
                entry,
                ("partenaires", index, "id"),
                f"partenaire « {partner.id} » déclaré deux fois (déjà ligne {first_line})",
                "Gardez une seule déclaration, ou donnez un autre `id` au second partenaire.",
            )
        else:
            seen[partner.id] = index


@rule("TI302", Severity.ERROR, "Axe déclaré deux fois")
def duplicate_axes(project: Project) -> Iterator[Finding]:
    """Deux axes portent le même `numero`. Numérotez les axes 1, 2, 3…"""
    entry = project.protocole
    if entry is None:
        return
    axes: dict[int, int] = {}
    for index, axis in enumerate(entry.model.axes):
        if axis.numero in axes:
            first_line = entry.doc.at(("axes", axes[axis.numero], "numero"))[0]
            yield at(
                entry,
                ("axes", index, "numero"),
                f"axe {axis.numero} déclaré deux fois (déjà ligne {first_line})",
                "Numérotez les axes 1, 2, 3… sans doublon.",
            )
        else:
            axes[axis.numero] = index


def _number_hint(value: str, size: int, what: str, ok: Callable[[str], bool]) -> str:
    """Why a SIREN or SIRET is refused, and how to fix it."""
    spaced = compact(value)
    if ok(spaced):
        return f'Écrivez-le sans espace : `"{spaced}"`.'
    if len(spaced) != size or not spaced.isdigit():
        return (
            f"Un {what} compte exactement {size} chiffres ; recopiez-le depuis l'annuaire "
            "des entreprises."
        )
    return "La clé de contrôle (Luhn) est fausse : un chiffre est sans doute mal recopié."


@rule("TI320", Severity.ERROR, "SIREN invalide")
def invalid_siren(project: Project) -> Iterator[Finding]:
    """Le SIREN du territoire est un texte de 9 chiffres dont la clé de Luhn est
    juste (Laval Agglomération : `"200083392"`). Écrivez-le entre guillemets, sans
    espace."""
    entry = project.protocole
    if entry is None or entry.model.territoire.siren is None:
        return
    siren = entry.model.territoire.siren
    if siren_ok(siren):
        return
    yield at(
        entry,
        ("territoire", "siren"),
        f"SIREN « {quote(siren)} » invalide",
        _number_hint(siren, 9, "SIREN", siren_ok),
    )


@rule("TI321", Severity.ERROR, "SIREN de partenaire invalide")
def invalid_partner_siren(project: Project) -> Iterator[Finding]:
    """Le `siren` d'un partenaire est un texte de 9 chiffres dont la clé de Luhn
    est juste (Région Pays de la Loire : `"234400034"`). C'est par lui qu'un
    financeur est reconnu d'un territoire à l'autre quand une Région consolide
    ses territoires (`tindustrie consolidate`)."""
    entry = project.protocole
    if entry is None:
        return
    for index, partner in enumerate(entry.model.partenaires):
        if partner.siren is not None and not siren_ok(partner.siren):
            yield at(
                entry,
                ("partenaires", index, "siren"),
                f"SIREN « {quote(partner.siren)} » du partenaire « {partner.id} » invalide",
                _number_hint(partner.siren, 9, "SIREN", siren_ok),
            )


@rule("TI322", Severity.ERROR, "SIRET de partenaire invalide")
def invalid_partner_siret(project: Project) -> Iterator[Finding]:
    """Le `siret` d'un partenaire est un texte de 14 chiffres (le SIREN suivi du
    numéro de l'établissement) dont la clé de Luhn est juste ; les
    établissements de La Poste, seule exception, ont des chiffres dont la somme
    est un multiple de 5. Il désigne l'établissement par lequel le partenaire
    agit dans ce territoire ; l'export vers le schéma national des projets en
    fait le SIRET du porteur des fiches qu'il pilote."""
    entry = project.protocole
    if entry is None:
        return
    for index, partner in enumerate(entry.model.partenaires):
        if partner.siret is not None and not siret_ok(partner.siret):
            yield at(
                entry,
                ("partenaires", index, "siret"),
                f"SIRET « {quote(partner.siret)} » du partenaire « {partner.id} » invalide",
                _number_hint(partner.siret, 14, "SIRET", siret_ok),
            )


@rule("TI323", Severity.ERROR, "SIRET d'un autre SIREN")
def siret_of_another_siren(project: Project) -> Iterator[Finding]:
    """Les 9 premiers chiffres d'un SIRET sont le SIREN de l'organisme : quand un
    partenaire a les deux, ils doivent concorder, sinon l'un des deux désigne
    un autre organisme."""
    entry = project.protocole
    if entry is None:
        return
    for index, partner in enumerate(entry.model.partenaires):
        siren, siret = partner.siren, partner.siret
        if siren is None or siret is None or not siren_ok(siren) or not siret_ok(siret):
            continue
        if siret[:9] != siren:
            yield at(
                entry,
                ("partenaires", index, "siret"),
                f"le SIRET « {siret} » du partenaire « {partner.id} » commence par "
                f"« {siret[:9]} », pas par son SIREN « {siren} »",
                "Vérifiez les deux numéros dans l'annuaire des entreprises : le SIRET est le "
                "SIREN suivi des 5 chiffres de l'établissement.",
            )


#: The partner types that are public bodies: their SIREN is public knowledge.
PUBLIC_TYPES = frozenset(
    (PartnerType.ETAT, PartnerType.REGION, PartnerType.COLLECTIVITE, PartnerType.OPERATEUR)
)


@rule("TI330", Severity.INFO, "Financeur public sans SIREN")
def public_financer_without_siren(project: Project) -> Iterator[Finding]:
    """Un financeur public (partenaire de type `etat`, `region`, `collectivite`
    ou `operateur` qui finance au moins une fiche, dans un plan de financement
    ou un avenant) n'a ni `siren` ni `siret`. C'est une **remarque** : elle ne
    fait jamais échouer la validation, même avec `--strict`. Mais sans SIREN,
    la consolidation régionale ne reconnaît ce financeur d'un territoire à
    l'autre que par son nom exact. Le SIREN d'un organisme public se trouve
    sur l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr)."""
    entry = project.protocole
    if entry is None:
        return
    financers = {line.financeur for f in project.fiches for line in f.model.plan_financement}
    financers.update(c.financeur for a in project.avenants for c in a.model.engagements)
    for index, partner in enumerate(entry.model.partenaires):
        if (
            partner.type in PUBLIC_TYPES
            and partner.id in financers
            and partner.siren is None
            and partner.siret is None
        ):
            yield at(
                entry,
                ("partenaires", index, "id"),
                f"le financeur public « {quote(partner.nom)} » n'a pas de SIREN",
                'Ajoutez `siren: "…"` (9 chiffres, sur l\'annuaire des entreprises) : la '
                "consolidation régionale le reconnaîtra d'un territoire à l'autre.",
            )
