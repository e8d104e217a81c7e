"""The pydantic models of the three kinds of file, and the domain's closed lists."""

from tindustrie.models.avenant import Avenant, Engagement
from tindustrie.models.fiche import (
    Decision,
    Fiche,
    Indicateur,
    LigneFinancement,
    Mesure,
    Versement,
    known_on,
)
from tindustrie.models.protocole import Partenaire, Protocole
from tindustrie.models.vocabulary import (
    PHASE_YEARS,
    THEMES_BY_PHASE,
    AlertKind,
    AvenantState,
    ChangeKind,
    ConsolidateBy,
    GroupBy,
    Nature,
    PartnerType,
    Statut,
    Theme,
)

__all__ = [
    "PHASE_YEARS",
    "THEMES_BY_PHASE",
    "AlertKind",
    "Avenant",
    "AvenantState",
    "ChangeKind",
    "ConsolidateBy",
    "Decision",
    "Engagement",
    "Fiche",
    "GroupBy",
    "Indicateur",
    "LigneFinancement",
    "Mesure",
    "Nature",
    "Partenaire",
    "PartnerType",
    "Protocole",
    "Statut",
    "Theme",
    "Versement",
    "known_on",
]
