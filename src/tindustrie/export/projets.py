"""The fiches of a territory as rows of the national schema « Projets de collectivités ».

One row per fiche, conforming to ``projets-territoire/schema.json`` v0.1.0 (the
copy shipped in ``schemas/``). The mapping, field by field, is documented in
``docs/export.md``; this module is its only implementation. A fiche that lacks
something the schema wants (a description, a cost, a start date, its pilot's
SIRET) is still exported with what it has, and :attr:`ProjetRow.missing` says
what was left empty, so that the command can list it.

Identifiers are UUIDv5 (RFC 4122, name-based, SHA-1) in the namespace
:data:`NAMESPACE`: the same territory and fiche give the same UUID on every run
and every machine, and two territories never share one.

No I/O here except :func:`dates_of`, which asks git for a file's history.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TextIO

from tindustrie.export.history import Dates
from tindustrie.models import Fiche, Protocole, Statut
from tindustrie.project import ValidProject

#: The UUIDv5 namespace of tindustrie's exports, itself a UUIDv5:
#: ``uuid5(NAMESPACE_URL, "tindustrie:export:projets-territoire")``. Never change it:
#: every exported id would change with it.
NAMESPACE = uuid.UUID("3db45132-2e98-5eab-af8f-2c618818ed7e")
NAMESPACE_NAME = "tindustrie:export:projets-territoire"
#: The value of ``programme``.
PROGRAMME = "Territoires d'industrie"

#: The schema's fields, in its order (the CSV header).
FIELDS = (
    "id",
    "createdAt",
    "updatedAt",
    "nom",
    "description",
    "budgetPrevisionnel",
    "dateDebutPrevisionnelle",
    "phase",
    "phaseStatut",
    "programme",
    "porteurCodeSiret",
    "porteurReferentEmail",
    "porteurReferentTelephone",
    "porteurReferentPrenom",
    "porteurReferentNom",
    "porteurReferentFonction",
    "competences",
    "leviers",
    "mecId",
    "tetId",
    "recocoId",
    "collectiviteIds",
)

#: A fiche's status -> (``phase``, ``phaseStatut``) of the schema (``None``: left empty).
#: An abandoned action's phase is not known: only its status is said.
PHASES: Mapping[Statut, tuple[str | None, str]] = {
    Statut.A_PRECISER: ("Idée", "En cours"),
    Statut.EN_PREPARATION: ("Étude", "En cours"),
    Statut.EN_COURS: ("Opération", "En cours"),
    Statut.REALISEE: ("Opération", "Terminé"),
    Statut.ABANDONNEE: (None, "Abandonné"),
}


def territory_key(protocole: Protocole) -> str:
    """What names the territory inside the UUIDs: its SIREN, else its exact name."""
    siren = protocole.territoire.siren
    return f"siren:{siren}" if siren else f"nom:{protocole.territoire.nom}"


def projet_id(protocole: Protocole, fiche_id: str) -> uuid.UUID:
    """``uuid5(NAMESPACE, "siren:200083392/fiche:1.2")``."""
    return uuid.uuid5(NAMESPACE, f"{territory_key(protocole)}/fiche:{fiche_id}")


def collectivite_id(protocole: Protocole) -> uuid.UUID:
    """``uuid5(NAMESPACE, "siren:200083392/collectivite")``: the territory's authority."""
    return uuid.uuid5(NAMESPACE, f"{territory_key(protocole)}/collectivite")


def whole_euros(amount: Decimal) -> int:
    """To the nearest euro, half a euro up (away from zero): 1 234,50 € -> 1 235."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def timestamp(day: date) -> str:
    """Midnight UTC of ``day``, in the schema's pattern: ``2022-06-01T00:00:00Z``."""
    return f"{day.isoformat()}T00:00:00Z"


@dataclass(frozen=True, slots=True)
class ProjetRow:
    """One fiche in the schema's terms (``None`` or an empty tuple: left empty)."""

    id: uuid.UUID
    created_at: str
    updated_at: str
    nom: str
    description: str | None
    budget: int | None
    start: date | None
    phase: str | None
    phase_statut: str
    siret: str | None
    competences: tuple[str, ...]
    leviers: tuple[str, ...]
    collectivites: tuple[uuid.UUID, ...]
    #: the fiche it comes from
    fiche: str
    #: the schema's fields left empty for want of data, each with what would fill it
    #: (French, for the person exporting)
    missing: tuple[str, ...] = ()
    #: whether the dates come from the git history (else from ``--as-of``)
    dated_by_git: bool = False

    def values(self) -> dict[str, str]:
        """The CSV cells, by schema field (arrays as JSON, missing values empty)."""
        return {
            "id": str(self.id),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "nom": self.nom,
            "description": self.description or "",
            "budgetPrevisionnel": "" if self.budget is None else str(self.budget),
            "dateDebutPrevisionnelle": self.start.isoformat() if self.start else "",
            "phase": self.phase or "",
            "phaseStatut": self.phase_statut,
            "programme": PROGRAMME,
            "porteurCodeSiret": self.siret or "",
            "competences": _array(self.competences),
            "leviers": _array(self.leviers),
            "collectiviteIds": _array(str(c) for c in self.collectivites),
        }


def _array(items: Iterable[str]) -> str:
    values = list(items)
    return json.dumps(values, ensure_ascii=False) if values else ""


def pilot_siret(protocole: Protocole, pilot: str) -> str | None:
    for partner in protocole.partenaires:
        if partner.id == pilot:
            return partner.siret
    return None


def row(protocole: Protocole, fiche: Fiche, dates: Dates | None, as_of: date) -> ProjetRow:
    """The fiche as a row; what it lacks listed in :attr:`ProjetRow.missing`."""
    missing = []
    if not fiche.description:
        missing.append("description (pas de `description`)")
    if fiche.cout_previsionnel is None:
        missing.append("budgetPrevisionnel (pas de `cout_previsionnel`)")
    start = fiche.calendrier.debut if fiche.calendrier else None
    if start is None:
        missing.append("dateDebutPrevisionnelle (pas de `calendrier.debut`)")
    siret = pilot_siret(protocole, fiche.pilote)
    if siret is None:
        missing.append(f"porteurCodeSiret (pas de `siret` au partenaire « {fiche.pilote} »)")
    phase, status = PHASES[fiche.statut]
    stamp = timestamp(as_of)
    return ProjetRow(
        id=projet_id(protocole, fiche.id),
        created_at=dates.created if dates else stamp,
        updated_at=dates.updated if dates else stamp,
        nom=fiche.titre,
        description=fiche.description,
        budget=None if fiche.cout_previsionnel is None else whole_euros(fiche.cout_previsionnel),
        start=start,
        phase=phase,
        phase_statut=status,
        siret=siret,
        competences=tuple(fiche.competences),
        leviers=tuple(fiche.leviers),
        collectivites=(collectivite_id(protocole),),
        fiche=fiche.id,
        missing=tuple(missing),
        dated_by_git=dates is not None,
    )


def rows(
    project: ValidProject, as_of: date, dates_of: Callable[[Path | None], Dates | None]
) -> list[ProjetRow]:
    """Every fiche of ``project``, in the natural order of their ids.

    ``dates_of`` gives a fiche's dates from its file (:func:`history.file_dates`),
    or ``None``: then ``createdAt`` and ``updatedAt`` are midnight UTC of ``as_of``.
    """
    return [
        row(project.protocole, fiche, dates_of(project.sources.fiches.get(fiche.id)), as_of)
        for fiche in project.fiches
    ]


def git_dates(project: ValidProject) -> Callable[[Path | None], Dates | None]:
    """A ``dates_of`` that asks git, or that always answers ``None`` outside a repository."""
    from tindustrie.export import history

    if not history.in_repository(project.root):
        return lambda _file: None
    return lambda file: history.file_dates(file) if file is not None else None


def write_csv(projets: Iterable[ProjetRow], out: TextIO) -> None:
    """RFC 4180 (comma, CRLF, quotes when needed), UTF-8, header = the schema's fields.

    Cells are written as the data holds them: no apostrophe before a text that
    a spreadsheet would take for a formula (the file is for machines that
    validate it against the schema; ``docs/export.md`` says how to open it).
    """
    writer = csv.DictWriter(out, FIELDS, lineterminator="\r\n", restval="")
    writer.writeheader()
    for projet in projets:
        writer.writerow(projet.values())


# --- the companion table: the territory's authority -------------------------------

#: The fields of ``collectivites/schema.json``, in its order.
COLLECTIVITE_FIELDS = (
    "id",
    "nom",
    "type",
    "codeInsee",
    "codeDepartements",
    "codeRegions",
    "codeEpci",
    "siren",
    "createdAt",
    "updatedAt",
)


def write_collectivites(
    protocole: Protocole, dates: Dates | None, as_of: date, out: TextIO
) -> list[str]:
    """The one row of the territory's authority (an EPCI), that ``collectiviteIds``
    points to; returns what is missing (its SIREN, which is also its EPCI code)."""
    siren = protocole.territoire.siren
    stamp = timestamp(as_of)
    writer = csv.DictWriter(out, COLLECTIVITE_FIELDS, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerow(
        {
            "id": str(collectivite_id(protocole)),
            "nom": protocole.territoire.nom,
            "type": "EPCI",
            "codeEpci": siren or "",
            "siren": siren or "",
            "createdAt": dates.created if dates else stamp,
            "updatedAt": dates.updated if dates else stamp,
        }
    )
    return [] if siren else ["siren et codeEpci (pas de `territoire.siren`)"]
