"""``fiches/*.yaml``: one action sheet per file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol, TypeVar

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


class Mesure(Model):
    """Un résultat constaté d'un indicateur, à une date."""

    date: Day = Field(description="Date du constat (AAAA-MM-JJ), au plus tard aujourd'hui.")
    valeur: Text = Field(description="La valeur constatée, telle qu'écrite (comme `cible`).")
    source: Text | None = Field(None, description="D'où vient le chiffre (rapport, outil…).")
    commentaire: Text | None = Field(None, description="Un commentaire sur ce résultat.")


class _Dated(Protocol):
    @property
    def date(self) -> date: ...


_D = TypeVar("_D", bound=_Dated)


def known_on(records: Sequence[_D], day: date) -> list[_D]:
    """The records (measures, payments, decisions) dated on or before ``day``, oldest
    first; records of one day keep the order they are written in."""
    return sorted((r for r in records if r.date <= day), key=lambda r: r.date)


class Indicateur(Model):
    """Un indicateur de suivi."""

    libelle: Text = Field(description="Ce que l'on mesure.")
    cible: Text | None = Field(None, description="La valeur visée, telle qu'écrite.")
    unite: Text | None = Field(None, description="L'unité de la cible.")
    mesures: list[Mesure] = Field(
        default_factory=list, description="Les résultats constatés, du plus ancien au plus récent."
    )


class LigneFinancement(Model):
    """Une ligne du plan de financement prévisionnel."""

    financeur: Ref = Field(description="Identifiant du partenaire financeur.")
    montant: Amount = Field(description="Montant prévu, en euros.")
    nature: NatureKey = Field(description="Fonctionnement ou investissement.")


class Versement(Model):
    """De l'argent effectivement versé par un financeur (une ligne par paiement)."""

    date: Day = Field(description="Date du versement (AAAA-MM-JJ), au plus tard aujourd'hui.")
    financeur: Ref = Field(description="Identifiant du partenaire qui a versé.")
    nature: NatureKey = Field(description="Fonctionnement ou investissement.")
    montant: Amount = Field(description="Montant versé, en euros.")
    reference: Text | None = Field(None, description="Référence du paiement (mandat…).")


class Decision(Model):
    """Une décision datée sur l'avancement de l'action."""

    date: Day = Field(description="Date de la décision (AAAA-MM-JJ).")
    statut: StatutKey = Field(description="Le statut décidé ce jour-là.")
    decision: Text | None = Field(None, description="Qui a décidé, où (comité…).")


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
    versements: list[Versement] = Field(
        default_factory=list,
        description="L'argent effectivement versé, un paiement par ligne. Les versements "
        "prévus n'y ont pas leur place : ils s'engagent dans un avenant.",
    )
    historique: list[Decision] = Field(
        default_factory=list,
        description="Les décisions sur le statut, de la plus ancienne à la plus récente ; "
        "la dernière donne `statut`.",
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

    def statut_on(self, day: date) -> Statut:
        """The status in force on ``day``: the latest decision of ``historique`` taken on
        or before it (« à préciser » before the first one); ``statut`` without a history."""
        if not self.historique:
            return self.statut
        taken = known_on(self.historique, day)
        return taken[-1].statut if taken else Statut.A_PRECISER

    def abandoned_on(self) -> date | None:
        """The date of the decision that abandoned the action (``None``: not abandoned,
        or abandoned with no dated history)."""
        if self.statut != Statut.ABANDONNEE or not self.historique:
            return None
        found = None
        for decision in self.historique:
            if decision.statut == Statut.ABANDONNEE:
                if found is None:
                    found = decision.date
            else:
                found = None
        return found
