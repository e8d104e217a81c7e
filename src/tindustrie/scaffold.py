"""`tindustrie new`: the next free identifiers and the commented YAML skeletons.

No terminal here. The skeletons have every field of the format, commented in
French; they validate as written (warnings at most). Files are created, never
overwritten (:func:`create` opens with ``"x"``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from tindustrie.models.fields import FICHE_ID

#: Where the JSON Schemas live, relative to the data folder (see docs/editeur.md).
SCHEMA_DIR = Path("..") / "schemas"
SCHEMA_FILES = {
    "protocole": "protocole.schema.json",
    "fiche": "fiche.schema.json",
    "avenant": "avenant.schema.json",
}
_AVENANT_FILE = re.compile(r"avenant-([0-9]+)\.ya?ml")
_FICHE_FILE = re.compile(r"([1-9][0-9]*\.[1-9][0-9]*)(?:-.*)?\.ya?ml")


def slugify(text: str, limit: int = 50, fallback: str = "fiche") -> str:
    """``"École de production à Laval"`` → ``ecole-de-production-a-laval``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or fallback


def _names(folder: Path | None) -> list[str]:
    """The file names in ``folder``; none when it is not a readable folder (writing
    into it then fails with a message, and `validate` reports it)."""
    if folder is None or not folder.is_dir():
        return []
    try:
        return os.listdir(folder)
    except OSError:
        return []


def next_fiche_id(axe: int, known_ids: Iterable[str], folder: Path | None = None) -> str:
    """The next free ``<axe>.<n>``, after the ids of the data and the file names of ``folder``."""
    ids = set(known_ids)
    for name in _names(folder):
        match = _FICHE_FILE.fullmatch(name)
        if match:
            ids.add(match.group(1))
    numbers = [
        int(i.split(".")[1]) for i in ids if FICHE_ID.fullmatch(i) and i.split(".")[0] == str(axe)
    ]
    return f"{axe}.{max(numbers, default=0) + 1}"


def next_avenant_number(known: Iterable[int], folder: Path | None = None) -> int:
    numbers = set(known)
    for name in _names(folder):
        match = _AVENANT_FILE.fullmatch(name)
        if match:
            numbers.add(int(match.group(1)))
    return max(numbers, default=0) + 1


def schema_line(kind: str, file_in_data: Path) -> str:
    """The yaml-language-server modeline of a file at ``file_in_data`` (relative to data/)."""
    depth = len(file_in_data.parent.parts)
    target = Path(*([".."] * depth), *SCHEMA_DIR.parts, SCHEMA_FILES[kind])
    return f"# yaml-language-server: $schema={target.as_posix()}\n"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (always valid, whatever the text)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in escaped)
    return f'"{escaped}"'


_SAFE_PLAIN = re.compile(r"[a-z0-9][a-z0-9_-]*")


def identifier(text: str) -> str:
    """An identifier as YAML should hold it: plain (``laval-agglo``) when YAML reads it
    back as that very text, else quoted (``"yes"``, ``"2021-10-28"``, ``"1.10"``)."""
    from tindustrie.yamlio import reads_as_text

    return text if _SAFE_PLAIN.fullmatch(text) and reads_as_text(text) else quoted(text)


def fiche_yaml(ident: str, titre: str, axe: int, pilote: str, themes: Iterable[str],
               partners: Iterable[str]) -> str:  # fmt: skip
    """A new fiche: every field, commented, valid as written."""
    path = Path("fiches") / f"{ident}-x.yaml"
    return f"""{schema_line("fiche", path)}\
# Fiche action {ident}. Chaque champ est décrit par le commentaire qui le précède.
# Les champs vides (null ou []) peuvent être remplis plus tard ; `tindustrie validate`
# vérifie le fichier. Format complet : docs/format.md.

# Identifiant « <axe>.<n> », toujours entre guillemets.
id: {quoted(ident)}
# Titre de l'action.
titre: {quoted(titre)}
# Numéro de l'axe du protocole.
axe: {axe}
# Identifiant du partenaire pilote (liste dans protocole.yaml, `partenaires`).
pilote: {identifier(pilote)}
# Identifiants des partenaires associés, un par ligne :
#   partenaires:
#     - laval-agglo
# Partenaires déclarés : {", ".join(partners)}.
partenaires: []
# Thèmes nationaux de la phase du programme : {", ".join(themes)}.
themes: []
# Avancement : a_preciser, en_preparation, en_cours, realisee ou abandonnee.
statut: a_preciser
# Compétences des collectivités (référentiel national M57), par exemple "90-632" ;
# reprises par `tindustrie export projets-territoire`.
competences: []
# Leviers de la planification écologique (référentiel SGPE), écrits comme dans le
# référentiel, par exemple "Industrie diffuse".
leviers: []
# Le contexte de l'action (texte ; pour plusieurs lignes, écrire `>-` puis le texte indenté).
contexte: null
# Le contenu de l'action.
description: null
# Les objectifs, un par ligne :
#   objectifs:
#     - "Premier objectif"
objectifs: []
# Début et fin prévus (AAAA-MM-JJ), par exemple debut: 2025-01-01.
calendrier:
  debut: null
  fin: null
# Les indicateurs de suivi :
#   indicateurs:
#     - libelle: "Entreprises accompagnées"
#       cible: 20
#       unite: "entreprises"
#       mesures:                 # les résultats constatés, du plus ancien au plus récent
#         - date: 2025-06-30
#           valeur: 8
#           source: "Bilan semestriel"
indicateurs: []
# Coût prévisionnel en euros, en chiffres sans espace ni symbole (par exemple 150000).
cout_previsionnel: null
# Plan de financement prévisionnel, une ligne par financeur et par nature :
#   plan_financement:
#     - financeur: laval-agglo
#       montant: 50000
#       nature: fonctionnement   # ou investissement
plan_financement: []
# L'argent effectivement versé, un paiement par ligne (un versement prévu s'inscrit
# dans un avenant, pas ici) :
#   versements:
#     - date: 2025-03-15
#       financeur: laval-agglo
#       nature: fonctionnement
#       montant: 25000
#       reference: "Mandat 2025-00412"
versements: []
# Les décisions sur le statut, de la plus ancienne à la plus récente ; la dernière
# donne `statut` :
#   historique:
#     - date: 2025-01-15
#       statut: en_cours
#       decision: "Comité de pilotage du 15 janvier 2025"
historique: []
"""


def avenant_yaml(numero: int, titre: str) -> str:
    """A new draft avenant (no ``date_signature``): every field, commented, valid as written."""
    path = Path("avenants") / f"avenant-{numero}.yaml"
    return f"""{schema_line("avenant", path)}\
# Avenant n° {numero}, en projet tant que `date_signature` est absente.
# Chaque champ est décrit par le commentaire qui le précède. Format : docs/format.md.

# Numéro de l'avenant (1, 2, 3… sans trou).
numero: {numero}
# Titre de l'avenant.
titre: {quoted(titre)}
# Objet de l'avenant (texte ; pour plusieurs lignes, écrire `>-` puis le texte indenté).
objet: null
# Date de signature (AAAA-MM-JJ) : à ajouter seulement une fois l'avenant signé.
# date_signature: 2025-01-31
# Commune de signature, pour « Fait à … » dans le PDF (celle du protocole si absente).
# lieu_signature: "Laval"
# Identifiants des partenaires signataires, un par ligne :
#   signataires:
#     - laval-agglo
signataires: []
# Fiches adoptées ou modifiées par l'avenant, entre guillemets :
#   fiches:
#     - "1.2"
fiches: []
# Engagements financiers fixés par l'avenant ; le montant remplace celui d'un avenant
# précédent pour la même fiche, le même financeur et la même nature (0 y met fin) :
#   engagements:
#     - fiche: "1.2"
#       financeur: laval-agglo
#       montant: 50000
#       nature: investissement   # ou fonctionnement
engagements: []
"""


def create(path: Path, text: str) -> None:
    """Write a new file; ``FileExistsError`` if it already exists (never overwrites)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


#: What `init` writes where only the user knows the value; `validate` reports each
#: one left (rule TI208), with what to write instead.
PLACEHOLDER = "À compléter"


#: Longest partner identifier `init` makes from the territory's name.
_ID_LIMIT = 30


def partner_id(name: str) -> str:
    """A partner identifier made from a name: ``"Laval Agglomération"`` →
    ``laval-agglomeration``; ``territoire`` when the name makes no short identifier
    (`tindustrie rename partenaire` changes it at any time)."""
    slug = slugify(name, limit=1000, fallback="territoire")
    return slug if len(slug) <= _ID_LIMIT else "territoire"


def _comment(text: str) -> str:
    """``text`` made safe inside a YAML comment: one line, printable characters only."""
    return " ".join("".join(c for c in text if c.isprintable()).split())


def protocole_yaml(territoire: str, siren: str | None, phase: int) -> str:
    """A new protocol: every key, commented; the values only the territory knows are
    :data:`PLACEHOLDER` (``validate`` fails until they are written)."""
    from tindustrie.models.vocabulary import PHASE_YEARS, THEMES_BY_PHASE, PartnerType

    todo = quoted(PLACEHOLDER)
    ident = identifier(partner_id(territoire))
    siren_line = f"siren: {quoted(siren)}" if siren else '# siren: "200083392"'
    themes = THEMES_BY_PHASE[phase]
    phases = " ou ".join(f"{n} ({years})" for n, years in PHASE_YEARS.items())
    axes = "".join(
        f"  - numero: {n}\n"
        f"    titre: {quoted(f'{PLACEHOLDER} (thème national : {theme.label})')}\n"
        "    description: null\n"
        for n, theme in enumerate(themes, start=1)
    )
    return f"""{schema_line("protocole", Path("protocole.yaml"))}\
# Protocole « Territoire d'industrie » de {_comment(territoire)}.
# Écrit par `tindustrie init`. Remplacez chaque {todo} par la valeur voulue (un
# texte garde ses guillemets, une date s'écrit sans), puis vérifiez avec
# `tindustrie validate` : il signale chaque valeur qui reste à compléter.
# Format complet : docs/format.md.

# Le territoire signataire (l'intercommunalité).
territoire:
  nom: {quoted(territoire)}
  # Numéro SIREN à 9 chiffres, entre guillemets.
  {siren_line}
  # Région et département, par exemple "Pays de la Loire" (facultatifs).
  region: null
  departement: null

# Le programme national : phase {phases}.
programme:
  phase: {phase}

# Date de signature du protocole, au format AAAA-MM-JJ, sans guillemets
# (par exemple 2024-03-15).
date_signature: {todo}

# Les signataires : le partenaire représenté (son identifiant, déclaré plus bas),
# le prénom et le nom, la fonction. Un bloc « - partenaire: … » par signataire.
signataires:
  - partenaire: {ident}
    nom: {todo}
    qualite: {todo}

# Le binôme élu–industriel qui anime la démarche.
binome:
  elu:
    nom: {todo}
    qualite: {todo}
  industriel:
    nom: {todo}
    qualite: {todo}

# Le partenaire qui pilote la démarche (son identifiant).
pilotage: {ident}

# Les partenaires : identifiant court (minuscules, chiffres, tirets), nom, type
# ({", ".join(PartnerType.keys())}).
# Les fiches et les avenants les citent par leur identifiant ; pour en changer
# partout : tindustrie rename partenaire ANCIEN NOUVEAU.
partenaires:
  - id: {ident}
    nom: {quoted(territoire)}
    type: collectivite

# Les axes stratégiques du protocole, un par thème national de la phase {phase} pour
# commencer : renommez-les, ajoutez-en ou retirez-en selon votre protocole.
axes:
{axes}"""
