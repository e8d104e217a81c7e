"""The pydantic models of the three kinds of file."""

from tindustrie.models.avenant import Avenant, Engagement
from tindustrie.models.fiche import STATUTS, Fiche, LigneFinancement
from tindustrie.models.protocole import PHASE_YEARS, THEMES_BY_PHASE, Partenaire, Protocole

__all__ = [
    "PHASE_YEARS",
    "STATUTS",
    "THEMES_BY_PHASE",
    "Avenant",
    "Engagement",
    "Fiche",
    "LigneFinancement",
    "Partenaire",
    "Protocole",
]
