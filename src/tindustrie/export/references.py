"""The national schema shipped with the package, and its reference lists.

The « Projets de collectivités » schema v0.1.0 (Licence Ouverte 2.0, see
``schemas/ORIGINE.md``) is kept unmodified in
``schemas/projets-collectivites-0.1.0/``. Its two reference lists are read here:
the competences of local authorities (nomenclature M57, by code) and the levers
of the ecological planning (SGPE, by name). They are read only when a fiche
uses them, so that ``validate`` pays nothing for data that does not.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

#: The shipped copy of the national schema.
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "projets-collectivites-0.1.0"
PROJETS_SCHEMA = SCHEMA_DIR / "projets-territoire" / "schema.json"
COLLECTIVITES_SCHEMA = SCHEMA_DIR / "collectivites" / "schema.json"
COMPETENCES_CSV = SCHEMA_DIR / "reference-data" / "référentiel_competences_M57_2025.csv"
LEVIERS_CSV = SCHEMA_DIR / "reference-data" / "50_leviers_SGPE_03_2025.csv"
#: The version of the schema, as its ``version`` field writes it.
SCHEMA_VERSION = "v0.1.0"


@cache
def _column(path: Path, key: str, label: str) -> Mapping[str, str]:
    """A shipped list, read once per process (read-only: the files never change)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return MappingProxyType({row[key]: row[label] for row in csv.DictReader(handle)})


def competences() -> Mapping[str, str]:
    """The M57 competences: code (``90-21``) -> French label."""
    return _column(COMPETENCES_CSV, "code", "competence-sous-competence")


def leviers() -> Mapping[str, str]:
    """The SGPE levers: name -> French description."""
    return _column(LEVIERS_CSV, "levier", "description")
