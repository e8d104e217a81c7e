"""JSON Schemas (draft 2020-12) of the three kinds of file, generated from the models.

They serve editors (VS Code's YAML extension, yaml-language-server: completion,
help on hover, mistakes underlined while typing) and any independent JSON Schema
validator. They check the *shape* only; `tindustrie validate` checks the rest
(references, money, dates in order…). Output is deterministic: sorted keys,
two-space indent, a final newline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tindustrie.models import Avenant, Fiche, Protocole

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: file name -> (model, title, description)
SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "protocole.schema.json": (
        Protocole,
        "Protocole Territoire d'industrie",
        "Le fichier `protocole.yaml` : territoire, programme, signataires, binôme, "
        "partenaires et axes.",
    ),
    "fiche.schema.json": (
        Fiche,
        "Fiche action",
        "Une fiche action, un fichier de `fiches/` (par exemple `fiches/1.2-titre.yaml`).",
    ),
    "avenant.schema.json": (
        Avenant,
        "Avenant",
        "Un avenant au protocole, un fichier de `avenants/` (par exemple "
        "`avenants/avenant-2.yaml`) ; sans `date_signature`, c'est un projet.",
    ),
}

MODEL_TITLES = {
    "Avenant": "Avenant",
    "Axe": "Axe",
    "Binome": "Binôme élu–industriel",
    "Calendrier": "Calendrier",
    "Engagement": "Engagement financier",
    "Fiche": "Fiche action",
    "Indicateur": "Indicateur",
    "LigneFinancement": "Ligne de financement",
    "Partenaire": "Partenaire",
    "Personne": "Personne",
    "Programme": "Programme",
    "Protocole": "Protocole",
    "Signataire": "Signataire",
    "Territoire": "Territoire",
}
FIELD_TITLES = {
    "axe": "Axe",
    "axes": "Axes",
    "binome": "Binôme élu–industriel",
    "calendrier": "Calendrier",
    "cible": "Cible",
    "contexte": "Contexte",
    "cout_previsionnel": "Coût prévisionnel",
    "date_signature": "Date de signature",
    "debut": "Début",
    "departement": "Département",
    "description": "Description",
    "elu": "Élu",
    "engagements": "Engagements",
    "fiche": "Fiche",
    "fiches": "Fiches",
    "fin": "Fin",
    "financeur": "Financeur",
    "id": "Identifiant",
    "indicateurs": "Indicateurs",
    "industriel": "Industriel",
    "libelle": "Libellé",
    "montant": "Montant",
    "nature": "Nature",
    "nom": "Nom",
    "numero": "Numéro",
    "objectifs": "Objectifs",
    "objet": "Objet",
    "partenaire": "Partenaire",
    "partenaires": "Partenaires",
    "phase": "Phase",
    "pilotage": "Pilotage",
    "pilote": "Pilote",
    "plan_financement": "Plan de financement",
    "programme": "Programme",
    "qualite": "Qualité",
    "region": "Région",
    "signataires": "Signataires",
    "siren": "SIREN",
    "statut": "Statut",
    "territoire": "Territoire",
    "themes": "Thèmes",
    "titre": "Titre",
    "type": "Type",
    "unite": "Unité",
}


def _field_title(name: str) -> str:
    return FIELD_TITLES.get(name, name.replace("_", " ").capitalize())


def _frenchify(node: Any) -> None:
    """French titles everywhere (pydantic writes ``"Date Signature"``)."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                if isinstance(prop, dict):
                    prop["title"] = _field_title(name)
        for child in node.values():
            _frenchify(child)
    elif isinstance(node, list):
        for child in node:
            _frenchify(child)


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema written to ``name`` (one of :data:`SCHEMAS`)."""
    model, title, description = SCHEMAS[name]
    schema = model.model_json_schema(mode="validation")
    for key, definition in schema.get("$defs", {}).items():
        definition["title"] = MODEL_TITLES.get(key, key)
    _frenchify(schema)
    schema["$schema"] = DIALECT
    schema["title"] = title
    schema["description"] = description
    return schema


def render(name: str) -> str:
    return json.dumps(schema_of(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (created); unchanged files are not rewritten."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / name
        text = render(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
