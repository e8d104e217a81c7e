"""``fiches/*.yaml``: one action sheet per file."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from tindustrie.models.base import Model
from tindustrie.models.fields import (
    Amount,
    Day,
    FicheId,
    NatureKey,
    PositiveInt,
    Ref,
    StatutKey,
    Text,
)
from tindustrie.models.vocabulary import Statut


class Calendrier(Model):
    """Le calendrier prévisionnel de l'action."""

    debut: Day | None = Field(None, description="Date de début (AAAA-MM-JJ).")
    fin: Day | None = Field(None, description="Date de fin (AAAA-MM-JJ).")


class Indicateur(Model):
    """Un indicateur de suivi."""

    libelle: Text = Field(description="Ce que l'on mesure.")
    cible: Text | None = Field(None, description="La valeur visée, telle qu'écrite.")
    unite: Text | None = Field(None, description="L'unité de la cible.")


class LigneFinancement(Model):
    """Une ligne du plan de financement prévisionnel."""

    financeur: Ref = Field(description="Identifiant du partenaire financeur.")
    montant: Amount = Field(description="Montant prévu, en euros.")
    nature: NatureKey = Field(description="Fonctionnement ou investissement.")


class Fiche(Model):
    """Une fiche action (un fichier dans `fiches/`)."""

    id: FicheId = Field(
        description='Identifiant « <axe>.<n> » entre guillemets, par exemple "1.2".'
    )
    titre: Text = Field(description="Titre de l'action.")
    axe: PositiveInt = Field(description="Numéro de l'axe du protocole.")
    pilote: Ref = Field(description="Identifiant du partenaire pilote.")
    partenaires: list[Ref] = Field(
        default_factory=list, description="Identifiants des partenaires associés."
    )
    themes: list[Ref] = Field(
        default_factory=list, description="Thèmes nationaux de la phase du programme."
    )
    statut: StatutKey = Field(Statut.A_PRECISER, description="Avancement de l'action.")
    competences: list[Text] = Field(
        default_factory=list,
        description="Compétences des collectivités mises en œuvre : codes du référentiel "
        "national M57, par exemple « 90-21 » (export vers le schéma « Projets de "
        "collectivités »).",
    )
    leviers: list[Text] = Field(
        default_factory=list,
        description="Leviers de la planification écologique (SGPE), écrits comme dans le "
        "référentiel national, par exemple « Sobriété foncière » (même export).",
    )
    contexte: Text | None = Field(None, description="Le contexte de l'action.")
    description: Text | None = Field(None, description="Le contenu de l'action.")
    objectifs: list[Text] = Field(default_factory=list, description="Les objectifs.")
    calendrier: Calendrier | None = Field(None, description="Début et fin prévus.")
    indicateurs: list[Indicateur] = Field(
        default_factory=list, description="Les indicateurs de suivi."
    )
    cout_previsionnel: Amount | None = Field(None, description="Coût prévisionnel, en euros.")
    plan_financement: list[LigneFinancement] = Field(
        default_factory=list, description="Plan de financement prévisionnel."
    )

    @property
    def cost(self) -> Decimal:
        return self.cout_previsionnel if self.cout_previsionnel is not None else Decimal(0)

    @property
    def planned(self) -> Decimal:
        return sum((line.montant for line in self.plan_financement), Decimal(0))

    @property
    def statut_label(self) -> str:
        return self.statut.label
