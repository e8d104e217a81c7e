"""Checks on `protocole.yaml` alone: duplicate partners and axes, the SIREN."""

from __future__ import annotations

from collections.abc import Iterator

from tindustrie.problems import Severity
from tindustrie.project import Project
from tindustrie.rules.registry import Finding, at, rule


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


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum used by SIREN numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren_ok(siren: str) -> bool:
    return len(siren) == 9 and siren.isascii() and siren.isdigit() and luhn_ok(siren)


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
    compact = siren.replace(" ", "").replace("\u00a0", "")
    if siren_ok(compact):
        hint = f'Écrivez-le sans espace : `"{compact}"`.'
    elif len(compact) != 9 or not compact.isdigit():
        hint = (
            "Un SIREN compte exactement 9 chiffres ; recopiez-le depuis l'annuaire des entreprises."
        )
    else:
        hint = "La clé de contrôle (Luhn) est fausse : un chiffre est sans doute mal recopié."
    yield at(entry, ("territoire", "siren"), f"SIREN « {siren} » invalide", hint)
