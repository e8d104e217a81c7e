"""The closed lists of the domain, each word once: its key and its French label.

A key is what the YAML files and the machine formats (json, csv) write
(``chambre_consulaire``); its label is what people read. Each list is a
:class:`Term` enum whose members carry both, so a label is written once, here,
and every command, document and message takes it from here.

:meth:`Term.parse` reads either the key or the label (accents, case and
``_``/space aside), for command-line options: ``--statut`` accepts the key or
the label of a status.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Any, Self

__all__ = [
    "PHASE_YEARS",
    "THEMES_BY_PHASE",
    "AvenantState",
    "ChangeKind",
    "ConsolidateBy",
    "GroupBy",
    "Nature",
    "PartnerType",
    "Statut",
    "Term",
    "Theme",
    "fold",
]


def fold(text: str) -> str:
    """``"Éte"``, ``"ete"`` and ``"été "`` fold to the same text (accents, case, ``_``)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("_", " ").replace("-", " ").split())


class Term(StrEnum):
    """A word of a closed list: the member *is* its key; ``label`` is its French label."""

    label: str

    def __new__(cls, key: str, label: str) -> Self:
        member = str.__new__(cls, key)
        member._value_ = key
        member.label = label
        return member

    @classmethod
    def of(cls, key: str) -> Self:
        """The member whose key is ``key`` (``ValueError`` when there is none)."""
        return cls(key)  # type: ignore[call-arg]  # Enum lookup by value, not __new__

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)

    @classmethod
    def parse(cls, text: str) -> Self | None:
        """The member whose key or label ``text`` is (see :func:`fold`), else ``None``."""
        wanted = fold(text)
        for member in cls:
            if wanted in (fold(member.value), fold(member.label)):
                return member
        return None

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """For the JSON Schemas: the keys, and their labels for the editor's help."""
        return {
            "type": "string",
            "enum": list(cls.keys()),
            "markdownEnumDescriptions": [m.label for m in cls],
        }

    @classmethod
    def lookup(cls, key: str) -> Self | None:
        """The member whose key is ``key``, or ``None``."""
        member = cls._value2member_map_.get(key)
        return member if isinstance(member, cls) else None

    @classmethod
    def label_of(cls, key: str) -> str:
        """The label of ``key``, or ``key`` itself when it is not in the list."""
        member = cls.lookup(key)
        return member.label if member is not None else key

    @classmethod
    def by_label(cls, text: str) -> Self | None:
        """The member whose *label* (not key) ``text`` is: the YAML wants the key."""
        member = cls.parse(text)
        return member if member is not None and text != member.value else None


class Statut(Term):
    """Where an action stands."""

    A_PRECISER = "a_preciser", "à préciser"
    EN_PREPARATION = "en_preparation", "en préparation"
    EN_COURS = "en_cours", "en cours"
    REALISEE = "realisee", "réalisée"
    ABANDONNEE = "abandonnee", "abandonnée"


class Nature(Term):
    """The nature of money: running costs or investment."""

    FONCTIONNEMENT = "fonctionnement", "fonctionnement"
    INVESTISSEMENT = "investissement", "investissement"


class PartnerType(Term):
    """What kind of body a partner is."""

    COLLECTIVITE = "collectivite", "collectivité"
    ETAT = "etat", "État"
    REGION = "region", "Région"
    ENTREPRISE = "entreprise", "entreprise"
    CHAMBRE_CONSULAIRE = "chambre_consulaire", "chambre consulaire"
    OPERATEUR = "operateur", "opérateur"
    ASSOCIATION = "association", "association"
    AUTRE = "autre", "autre"


class Theme(Term):
    """The national themes of the programme (each phase has its own four)."""

    RECRUTER = "recruter", "recruter"
    INNOVER = "innover", "innover"
    ATTIRER = "attirer", "attirer"
    SIMPLIFIER = "simplifier", "simplifier"
    COMPETENCES = "competences", "compétences"
    INNOVATION = "innovation", "innovation"
    TRANSITION_ECOLOGIQUE = "transition_ecologique", "transition écologique"
    FONCIER = "foncier", "foncier"


#: The national themes of each phase of the programme.
THEMES_BY_PHASE: dict[int, tuple[Theme, ...]] = {
    1: (Theme.RECRUTER, Theme.INNOVER, Theme.ATTIRER, Theme.SIMPLIFIER),
    2: (Theme.COMPETENCES, Theme.INNOVATION, Theme.TRANSITION_ECOLOGIQUE, Theme.FONCIER),
}
#: The years of each phase.
PHASE_YEARS: dict[int, str] = {1: "2018-2022", 2: "2023-2027"}


class AvenantState(Term):
    """An avenant seen on a date: in force, signed after that date, or a draft."""

    SIGNE = "signe", "signé"
    SIGNE_APRES = "signe_apres", "non signé à cette date"
    PROJET = "projet", "projet, non signé"


class GroupBy(Term):
    """How a financing table groups its lines (``--by``)."""

    AXE = "axe", "Axe"
    FICHE = "fiche", "Fiche"
    FINANCEUR = "financeur", "Financeur"
    NATURE = "nature", "Nature"


class ChangeKind(Term):
    """What an engagement does to the amount it replaces."""

    NOUVEAU = "nouveau", "nouvel engagement"
    HAUSSE = "hausse", "hausse"
    BAISSE = "baisse", "baisse"
    FIN = "fin", "fin de l'engagement"
    INCHANGE = "inchange", "inchangé"


class ConsolidateBy(Term):
    """How a consolidation across territories groups its lines (``consolidate --by``)."""

    TERRITOIRE = "territoire", "Territoire"
    FINANCEUR = "financeur", "Financeur"
    AXE_THEME = "axe-theme", "Thème national"
    NATURE = "nature", "Nature"


class AlertKind(Term):
    """What the follow-up dashboard (`tindustrie suivi`) warns the comité about, on a date
    (defined in :mod:`tindustrie.views.suivi`). Not a `validate` problem: an alert
    depends on the date it is read on."""

    EN_RETARD = "en_retard", "fiche en retard"
    INDICATEUR_SANS_MESURE = "indicateur_sans_mesure", "indicateur sans mesure récente"
    ENGAGEMENT_SANS_VERSEMENT = "engagement_sans_versement", "engagement sans versement"
    ABANDONNEE_ENGAGEE = "abandonnee_engagee", "fiche abandonnée encore engagée"
