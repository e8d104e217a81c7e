"""``protocole.yaml``: the parties, the pair, the pilot, the partners, the axes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from tindustrie.models.base import Model
from tindustrie.models.fields import Day, PartnerTypeKey, PositiveInt, Ref, Slug, Text, integer
from tindustrie.models.vocabulary import THEMES_BY_PHASE, Theme


class Territoire(Model):
    """Le territoire signataire (l'intercommunalité)."""

    nom: Text = Field(description="Nom de l'intercommunalité, par exemple « Laval Agglomération ».")
    siren: Text | None = Field(
        None, description='Numéro SIREN à 9 chiffres, entre guillemets : "200083392".'
    )
    region: Text | None = Field(None, description="Région, par exemple « Pays de la Loire ».")
    departement: Text | None = Field(None, description="Département, par exemple « Mayenne ».")


class Programme(Model):
    """Le programme national Territoires d'industrie."""

    phase: Annotated[Literal[1, 2], BeforeValidator(integer)] = Field(
        description="Phase du programme : 1 (2018-2022) ou 2 (2023-2027)."
    )


class Signataire(Model):
    """Une personne qui signe le protocole au nom d'un partenaire."""

    partenaire: Ref = Field(description="Identifiant du partenaire représenté.")
    nom: Text = Field(description="Prénom et nom du signataire.")
    qualite: Text | None = Field(
        None, description="Fonction, par exemple « Préfet de la Mayenne »."
    )


class Personne(Model):
    """Une personne et sa fonction."""

    nom: Text = Field(description="Prénom et nom.")
    qualite: Text | None = Field(None, description="Fonction.")


class Binome(Model):
    """Le binôme élu–industriel qui anime la démarche."""

    elu: Personne = Field(description="L'élu du binôme.")
    industriel: Personne = Field(description="L'industriel du binôme.")


class Partenaire(Model):
    """Un partenaire du protocole."""

    id: Slug = Field(description="Identifiant court en minuscules, par exemple `laval-economie`.")
    nom: Text = Field(description="Nom du partenaire.")
    type: PartnerTypeKey = Field(description="Nature du partenaire.")
    siren: Text | None = Field(
        None,
        description='Numéro SIREN à 9 chiffres, entre guillemets : "234400034". Il identifie '
        "le partenaire d'un territoire à l'autre (consolidation régionale).",
    )
    siret: Text | None = Field(
        None,
        description="Numéro SIRET à 14 chiffres, entre guillemets : l'établissement par lequel "
        "le partenaire agit dans ce territoire. Ses 9 premiers chiffres sont le SIREN.",
    )

    @property
    def identity(self) -> str | None:
        """The SIREN that identifies the partner across territories: ``siren``, else the
        first 9 digits of ``siret``; ``None`` when neither is a valid number."""
        from tindustrie.identifiers import siren_of

        return siren_of(self.siren, self.siret)


class Axe(Model):
    """Un axe stratégique du protocole."""

    numero: PositiveInt = Field(description="Numéro de l'axe, à partir de 1.")
    titre: Text = Field(description="Titre de l'axe.")
    description: Text | None = Field(None, description="Texte qui précise l'axe.")


class Protocole(Model):
    """Le protocole Territoire d'industrie (fichier `protocole.yaml`)."""

    territoire: Territoire = Field(description="Le territoire signataire.")
    programme: Programme = Field(description="Le programme et sa phase.")
    date_signature: Day = Field(description="Date de signature du protocole (AAAA-MM-JJ).")
    lieu_signature: Text | None = Field(
        None,
        description="Commune où le protocole est signé, pour « Fait à … » (par exemple « Laval »).",
    )
    signataires: list[Signataire] = Field(
        default_factory=list, description="Les signataires du protocole."
    )
    binome: Binome | None = Field(None, description="Le binôme élu–industriel.")
    pilotage: Ref | None = Field(
        None, description="Identifiant du partenaire qui pilote la démarche."
    )
    partenaires: list[Partenaire] = Field(
        default_factory=list, description="Les partenaires du protocole."
    )
    axes: list[Axe] = Field(default_factory=list, description="Les axes stratégiques.")

    @property
    def themes(self) -> tuple[Theme, ...]:
        return THEMES_BY_PHASE[self.programme.phase]

    def partner_name(self, ident: str) -> str:
        for p in self.partenaires:
            if p.id == ident:
                return p.nom
        return ident

    def axis(self, numero: int) -> Axe | None:
        for a in self.axes:
            if a.numero == numero:
                return a
        return None
