"""``avenants/*.yaml``: one amendment per file."""

from __future__ import annotations

from pydantic import Field

from tindustrie.models.base import Model
from tindustrie.models.fields import Amount, Day, FicheId, NatureKey, PositiveInt, Ref, Text


class Engagement(Model):
    """Un engagement financier d'un partenaire sur une fiche."""

    fiche: FicheId = Field(description='Identifiant de la fiche, entre guillemets : "1.2".')
    financeur: Ref = Field(description="Identifiant du partenaire qui s'engage.")
    montant: Amount = Field(
        description="Montant en euros en vigueur à la signature ; 0 met fin à l'engagement."
    )
    nature: NatureKey = Field(description="Fonctionnement ou investissement.")


class Avenant(Model):
    """Un avenant au protocole (un fichier dans `avenants/`)."""

    numero: PositiveInt = Field(description="Numéro de l'avenant, à partir de 1, sans trou.")
    titre: Text = Field(description="Titre de l'avenant.")
    objet: Text | None = Field(None, description="Objet de l'avenant.")
    date_signature: Day | None = Field(
        None, description="Date de signature ; absente tant que l'avenant est un projet."
    )
    lieu_signature: Text | None = Field(
        None,
        description="Commune où l'avenant est signé, pour « Fait à … » ; "
        "celle du protocole si absente.",
    )
    signataires: list[Ref] = Field(
        default_factory=list, description="Identifiants des partenaires signataires."
    )
    fiches: list[FicheId] = Field(
        default_factory=list, description="Fiches adoptées ou modifiées par l'avenant."
    )
    engagements: list[Engagement] = Field(
        default_factory=list, description="Engagements financiers fixés par l'avenant."
    )

    @property
    def signed(self) -> bool:
        return self.date_signature is not None
