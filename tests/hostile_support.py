"""A valid data folder whose free-text fields hold hostile text, for the output tests.

Every text is written as a YAML double-quoted scalar with escapes (``\\x1b``,
``\\u202e``, ``\\U0001fffe``), as a user can: raw control characters are refused
by ``validate`` (TI102), escaped ones are accepted and reach every output.
The folder is the corpus's ``_base`` (one fiche ``1.1``, one signed avenant),
each free text replaced: territory, both partners, the signatory, the first
axis, the fiche's title, context and description, the avenant's title and object,
and the follow-up's texts (an indicator and its measure, a payment's reference,
a status decision).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from hypothesis import strategies as st

from corpus_support import BASE

#: The free-text fields :func:`hostile_folder` fills, each with its own text.
FIELDS = (
    "territoire",
    "partenaire_agglo",
    "partenaire_region",
    "signataire",
    "axe",
    "fiche_titre",
    "fiche_contexte",
    "fiche_description",
    "avenant_titre",
    "avenant_objet",
    *(
        "indicateur_libelle",
        "indicateur_cible",
        "indicateur_unite",
        "mesure_valeur",
        "mesure_source",
        "mesure_commentaire",
        "versement_reference",
        "historique_decision",
    ),
)

#: Typst, Markdown, HTML, rich and spreadsheet markup, quotes and backslashes.
MARKUP = [
    *"#$*_@<>[]\\\"'`~{}/%=+-|&;:!().",
    *("#sys.exit()", "$x^2$", "*gras*", "@ref", "<a>", "[lien]", "<script>", "&amp;"),
    *("=1+1", "@SUM(A1)", "+33 6", "-x", "[bold]", ":warning:", "#strong(x)", " #"),
]
#: Control, C1, format (bidi, zero-width), separator characters and noncharacters.
INVISIBLE = [
    *("\x00", "\x07", "\x1b", "\x1b[2J", "\x7f", "\x85", "\x9b", "\r", "\t", "\n", "\x0b"),
    *("\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad"),
    *("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"),
    *("\u2028", "\u2029", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"),
]
#: Characters every font of the PDF draws.
DRAWN = [*"abcXYZ019 éàçœ«»€", "\u00a0", "\u202f", "Atelier", "🎉"]

#: Hostile text made of pieces every output must take as text.
HOSTILE = st.lists(st.sampled_from([*MARKUP, *INVISIBLE, *DRAWN]), max_size=12).map("".join)
#: Any Unicode text (no surrogate: a YAML file is UTF-8), biased towards hostile pieces.
ANY = st.one_of(HOSTILE, st.text(st.characters(codec="utf-8"), max_size=30))


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: every character that is not plainly
    printable is an escape, so the file holds no raw control character."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def hostile_folder(root: Path, texts: Mapping[str, str]) -> Path:
    """A valid data folder in ``root/data`` with ``texts[field]`` in each of :data:`FIELDS`
    (a field not given keeps a plain text)."""
    value = {field: quoted(texts.get(field, field)) for field in FIELDS}
    data = root / "data"
    shutil.copytree(BASE, data)
    (data / "protocole.yaml").write_text(
        f"""territoire:
  nom: {value["territoire"]}
programme:
  phase: 1
date_signature: 2021-10-28
signataires:
  - partenaire: agglo
    nom: {value["signataire"]}
partenaires:
  - id: agglo
    nom: {value["partenaire_agglo"]}
    type: collectivite
    siren: "200083392"
  - id: region
    nom: {value["partenaire_region"]}
    type: region
    siren: "234400034"
axes:
  - numero: 1
    titre: {value["axe"]}
  - numero: 2
    titre: "Innover"
""",
        "utf-8",
    )
    (data / "fiches" / "1.1-accueil.yaml").write_text(
        f"""id: "1.1"
titre: {value["fiche_titre"]}
contexte: {value["fiche_contexte"]}
description: {value["fiche_description"]}
axe: 1
pilote: agglo
themes:
  - recruter
statut: en_cours
calendrier:
  debut: 2022-01-01
  fin: 2022-12-31
cout_previsionnel: 1000
plan_financement:
  - financeur: agglo
    montant: 600
    nature: fonctionnement
  - financeur: region
    montant: 400
    nature: investissement
indicateurs:
  - libelle: {value["indicateur_libelle"]}
    cible: {value["indicateur_cible"]}
    unite: {value["indicateur_unite"]}
    mesures:
      - date: 2022-05-01
        valeur: {value["mesure_valeur"]}
        source: {value["mesure_source"]}
        commentaire: {value["mesure_commentaire"]}
versements:
  - date: 2022-04-01
    financeur: agglo
    nature: fonctionnement
    montant: 100
    reference: {value["versement_reference"]}
historique:
  - date: 2022-01-01
    statut: en_cours
    decision: {value["historique_decision"]}
""",
        "utf-8",
    )
    (data / "avenants" / "avenant-1.yaml").write_text(
        f"""numero: 1
titre: {value["avenant_titre"]}
objet: {value["avenant_objet"]}
date_signature: 2022-03-01
signataires:
  - agglo
  - region
fiches:
  - "1.1"
engagements:
  - fiche: "1.1"
    financeur: agglo
    montant: 600
    nature: fonctionnement
  - fiche: "1.1"
    financeur: region
    montant: 400
    nature: investissement
""",
        "utf-8",
    )
    return data


def texts_strategy(pieces: st.SearchStrategy[str] = ANY) -> st.SearchStrategy[dict[str, str]]:
    """One text per field, each starting with its own marker (``F3·``) so that every
    field is non-empty and can be found in an output."""
    return st.tuples(*(pieces for _ in FIELDS)).map(
        lambda values: {
            f: f"F{i}· {v}" for i, (f, v) in enumerate(zip(FIELDS, values, strict=True))
        }
    )
