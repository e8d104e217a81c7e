"""Generate a synthetic, valid Territoire d'industrie data folder for the benchmark.

Deterministic: the same ``--fiches``, ``--avenants`` and ``--seed`` give the same
bytes. The folder is valid for ``tindustrie validate`` (exit 0, a few warnings
at most): fiches spread over four axes with multi-line texts, 3 to 6 objectives,
1 to 4 indicators and 1 to 6 financing lines; avenants that adopt fiches and
raise, lower and end commitments, the last few left as unsigned drafts.

    python benchmarks/generate.py OUT --fiches 5000 --avenants 200 [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tindustrie.models import THEMES_BY_PHASE, Nature, PartnerType

#: Bump when the generated files change, so that cached folders are rebuilt.
VERSION = 2

AXES = (
    "Répondre aux besoins de recrutement des entreprises",
    "Attirer des entreprises industrielles et conforter leur présence",
    "Accompagner les transitions environnementales et numériques",
    "Simplifier les démarches et rendre lisibles les services",
)
THEMES = THEMES_BY_PHASE[2]
STATUTS_FREE = ("a_preciser", "en_preparation")
STATUTS_FINANCED = ("en_preparation", "en_cours", "en_cours", "realisee")
NATURES: tuple[str, ...] = Nature.keys()
PARTNER_TYPES: tuple[str, ...] = PartnerType.keys()
WORDS = [
    "industrie",
    "atelier",
    "usinage",
    "formation",
    "apprentissage",
    "compétences",
    "recrutement",
    "emploi",
    "entreprises",
    "territoire",
    "foncier",
    "friche",
    "réhabilitation",
    "énergie",
    "chaleur",
    "décarbonation",
    "numérique",
    "robotique",
    "diagnostic",
    "accompagnement",
    "mutualisation",
    "filière",
    "sous-traitance",
    "métallurgie",
    "agroalimentaire",
    "plasturgie",
    "logistique",
    "mobilité",
    "salariés",
    "jeunes",
    "alternance",
    "innovation",
    "prototype",
    "laboratoire",
    "plateforme",
    "services",
    "guichet",
    "simplification",
    "procédures",
    "investissement",
    "équipement",
    "machines-outils",
    "modernisation",
    "performance",
    "sobriété",
    "eau",
    "déchets",
    "recyclage",
    "circularité",
    "zone",
    "d'activités",
    "parc",
    "aménagement",
    "réseau",
    "partenaires",
    "collectivités",
    "chambres",
    "consulaires",
    "opérateurs",
    "région",
    "département",
    "agglomération",
]
TITLE_HEADS = (
    "Programme",
    "Plateforme",
    "Appui",
    "Diagnostic",
    "Réhabilitation",
    "Création",
    "Accompagnement",
    "Mutualisation",
    "Observatoire",
    "Campagne",
)
UNITS = ("entreprises", "emplois", "élèves", "%", "hectares", "MWh", "jours", "actions")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class PlanLine:
    financeur: str
    montant: int
    nature: str


@dataclass
class FicheSpec:
    ident: str
    axe: int
    plan: list[PlanLine]
    statut: str = "a_preciser"
    file_text: str = ""


@dataclass
class Territory:
    rng: random.Random
    partners: list[str] = field(default_factory=list)
    #: share of financed fiches whose plan leaves part of the cost unfunded (TI402)
    gap_share: float = 0.05
    #: a second random stream for the national options (national references on
    #: fiches), so that the default output keeps its bytes
    extra: random.Random | None = None

    def sentence(self, low: int, high: int) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence(8, 18) for _ in range(sentences))


def folded(text: str, indent: str = "  ", width: int = 76) -> str:
    """A ``>-`` block scalar, wrapped at ``width``."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return ">-\n" + "\n".join(indent + line for line in lines)


#: A partner: id, name, type, and optionally its SIREN and SIRET.
PartnerSpec = tuple[str, str, str] | tuple[str, str, str, str | None, str | None]


@dataclass(frozen=True)
class Place:
    """Who the territory is: its name, SIREN, Région and Département."""

    nom: str = "Territoire synthétique"
    siren: str = "200083392"
    region: str = "Pays de la Loire"
    departement: str = "Mayenne"


def protocol_text(partners: list[PartnerSpec], place: Place = Place()) -> str:
    out = [
        "# Territoire synthétique pour le banc d'essai de tindustrie (benchmarks/generate.py).",
        "territoire:",
        f"  nom: {quoted(place.nom)}",
        f"  siren: {quoted(place.siren)}",
        f"  region: {quoted(place.region)}",
        f"  departement: {quoted(place.departement)}",
        "programme:",
        "  phase: 2",
        "date_signature: 2023-03-15",
        "signataires:",
    ]
    for ident, name, *_ in partners[:4]:
        out += [f"  - partenaire: {ident}", f"    nom: {quoted('Signataire ' + name)}"]
        out.append(f"    qualite: {quoted('Représentant de ' + name)}")
    out += [
        "binome:",
        "  elu:",
        '    nom: "Camille Martin"',
        '    qualite: "Vice-présidente"',
        "  industriel:",
        '    nom: "Dominique Bernard"',
        '    qualite: "Dirigeant industriel"',
        f"pilotage: {partners[1][0]}",
        "partenaires:",
    ]
    for ident, name, kind, *numbers in partners:
        out += [f"  - id: {ident}", f"    nom: {quoted(name)}", f"    type: {kind}"]
        siren, siret = [*numbers, None, None][:2]
        if siren:
            out.append(f"    siren: {quoted(siren)}")
        if siret:
            out.append(f"    siret: {quoted(siret)}")
    out.append("axes:")
    for number, title in enumerate(AXES, start=1):
        out += [f"  - numero: {number}", f"    titre: {quoted(title)}"]
        out.append(f"    description: {quoted('Axe ' + str(number) + ' du territoire.')}")
    return "\n".join(out) + "\n"


#: A few codes of the national references, for the export (valid in the shipped lists).
COMPETENCES = ("90-25", "90-61", "90-632", "90-67", "90-751")
LEVIERS = ("Industrie diffuse", "Top 50 sites industriels", "Réseaux de chaleur décarbonés")


def national_references(t: Territory) -> list[str]:
    """``competences`` and ``leviers`` on about one fiche in four (national mode only)."""
    if t.extra is None or t.extra.random() >= 0.25:
        return []
    picked = t.extra.sample(COMPETENCES, k=t.extra.randint(1, 2))
    out = ["competences:", *(f"  - {quoted(c)}" for c in picked)]
    if t.extra.random() < 0.5:
        out += ["leviers:", f"  - {quoted(t.extra.choice(LEVIERS))}"]
    return out


def fiche_text(t: Territory, spec: FicheSpec) -> str:
    rng = t.rng
    title = f"{rng.choice(TITLE_HEADS)} {rng.choice(WORDS)} et {rng.choice(WORDS)}"
    funders = {line.financeur for line in spec.plan}
    others = [p for p in t.partners if p not in funders]
    partners = rng.sample(others, k=min(len(others), rng.randint(0, 4)))
    pilot = rng.choice(t.partners)
    start = date(2023, 1, 1) + timedelta(days=rng.randint(0, 900))
    end = start + timedelta(days=rng.randint(90, 1500))
    planned = sum(line.montant for line in spec.plan)
    cost = planned + (rng.choice((5000, 20000)) if planned and rng.random() < t.gap_share else 0)
    out = [
        f"# Fiche {spec.ident} (générée).",
        f"id: {quoted(spec.ident)}",
        f"titre: {quoted(title)}",
        f"axe: {spec.axe}",
        f"pilote: {pilot}",
        "partenaires:" if partners else "partenaires: []",
        *(f"  - {p}" for p in partners),
        "themes:",
        *(f"  - {th}" for th in rng.sample(THEMES, k=rng.randint(1, 2))),
        f"statut: {spec.statut}",
        *national_references(t),
        "contexte: " + folded(t.paragraph(rng.randint(2, 4))),
        "description: " + folded(t.paragraph(rng.randint(3, 7))),
        "objectifs:",
        *(f"  - {quoted(t.sentence(5, 12))}" for _ in range(rng.randint(3, 6))),
        "calendrier:",
        f"  debut: {start.isoformat()}",
        f"  fin: {end.isoformat()}",
        "indicateurs:",
    ]
    for _ in range(rng.randint(1, 4)):
        out.append(f"  - libelle: {quoted(t.sentence(3, 8))}")
        out.append(f"    cible: {rng.randint(1, 500)}")
        out.append(f"    unite: {quoted(rng.choice(UNITS))}")
    out.append(f"cout_previsionnel: {cost}")
    out.append("plan_financement:")
    for line in spec.plan:
        out += [
            f"  - financeur: {line.financeur}",
            f"    montant: {line.montant}",
            f"    nature: {line.nature}",
        ]
    return "\n".join(out) + "\n"


@dataclass
class Commitment:
    fiche: str
    financeur: str
    nature: str
    montant: int


def avenant_text(
    numero: int,
    signed: date | None,
    signers: list[str],
    fiches: list[str],
    engagements: list[Commitment],
) -> str:
    out = [
        f"# Avenant {numero} (généré)" + (" : projet non signé." if signed is None else "."),
        f"numero: {numero}",
        f"titre: {quoted(f'Avenant n° {numero}')}",
        "objet: >-",
        f"  Adopter {len(fiches)} fiches et ajuster {len(engagements)} engagements financiers.",
    ]
    if signed is not None:
        out.append(f"date_signature: {signed.isoformat()}")
    out.append("signataires:")
    out += [f"  - {s}" for s in signers]
    out.append("fiches:" if fiches else "fiches: []")
    out += [f"  - {quoted(f)}" for f in fiches]
    out.append("engagements:" if engagements else "engagements: []")
    for c in engagements:
        out += [
            f"  - fiche: {quoted(c.fiche)}",
            f"    financeur: {c.financeur}",
            f"    montant: {c.montant}",
            f"    nature: {c.nature}",
        ]
    return "\n".join(out) + "\n"


def generate(
    out: Path,
    fiches: int = 5000,
    avenants: int = 200,
    seed: int = 7,
    *,
    place: Place | None = None,
    partners: list[PartnerSpec] | None = None,
    gap_share: float = 0.05,
    references: bool = False,
) -> Path:
    """Write a data folder with ``fiches`` fiches and ``avenants`` avenants into ``out``.

    The keyword options serve the national case (:func:`generate_national`): who
    the territory is, its partners (with their SIREN and SIRET), the share of
    fiches with an unfunded gap (a TI402 warning each), national references on
    some fiches. Left to their defaults, the bytes are those of earlier versions.
    """
    if fiches < 1 or avenants < 1:
        raise ValueError("il faut au moins une fiche et un avenant")
    rng = random.Random(f"tindustrie-bench-{seed}")
    partner_specs: list[PartnerSpec] = partners or [
        (f"partenaire-{i:02d}", f"Partenaire n° {i}", PARTNER_TYPES[i % len(PARTNER_TYPES)])
        for i in range(1, 41)
    ]
    extra = random.Random(f"tindustrie-national-{seed}") if references else None
    t = Territory(rng, [p[0] for p in partner_specs], gap_share, extra)
    # national mode: the public financers and a few local partners fund the fiches
    funders = t.partners[:FUNDERS_NATIONAL] if references else t.partners
    if out.exists():
        shutil.rmtree(out)
    (out / "fiches").mkdir(parents=True)
    (out / "avenants").mkdir()
    protocol = protocol_text(partner_specs, place or Place())
    (out / "protocole.yaml").write_text(protocol, encoding="utf-8")

    # Fiches: spread over the four axes (uneven, like real protocols).
    counters = [0, 0, 0, 0]
    specs: list[FicheSpec] = []
    for _ in range(fiches):
        axe = rng.choices((1, 2, 3, 4), weights=(4, 3, 3, 2))[0]
        counters[axe - 1] += 1
        pairs = rng.sample([(p, n) for p in funders for n in NATURES], k=rng.randint(1, 6))
        plan = [
            PlanLine(p, rng.randint(2, 400) * 1000 if rng.random() < 0.95 else 0, n)
            for p, n in pairs
        ]
        specs.append(FicheSpec(f"{axe}.{counters[axe - 1]}", axe, plan))

    # Avenants: each adopts a slice of the fiches, commits on some plan lines, and
    # raises, lowers or ends earlier commitments. The last few stay drafts.
    drafts = max(1, min(3, avenants // 10))
    order = list(range(fiches))
    rng.shuffle(order)
    in_force: dict[tuple[str, str, str], tuple[int, int]] = {}  # triple -> (amount, cap)
    financed: set[str] = set()
    signed_on = date(2023, 4, 1)
    for numero in range(1, avenants + 1):
        draft = numero > avenants - drafts
        start, stop = (numero - 1) * fiches // avenants, numero * fiches // avenants
        adopted = [specs[i] for i in order[start:stop]]
        engagements: list[Commitment] = []
        for spec in adopted:
            lines = [ln for ln in spec.plan if ln.montant > 0]
            for line in rng.sample(lines, k=min(len(lines), rng.randint(1, 3))):
                amount = line.montant if rng.random() < 0.5 else line.montant // 2
                key = (spec.ident, line.financeur, line.nature)
                engagements.append(Commitment(*key, amount))
                in_force[key] = (amount, line.montant)
                if not draft:
                    financed.add(spec.ident)
        taken = {(c.fiche, c.financeur, c.nature) for c in engagements}
        earlier = sorted(k for k in in_force if k not in taken)
        for key in rng.sample(earlier, k=min(len(earlier), 6)):
            amount, cap = in_force[key]
            move = rng.choice(("raise", "lower", "end"))
            if move == "raise":
                amount = min(cap, amount + max(1000, cap // 4))
            elif move == "lower":
                amount = amount // 2
            else:
                amount = 0
            engagements.append(Commitment(*key, amount))
            in_force[key] = (amount, cap)
        signers = sorted({c.financeur for c in engagements} | set(t.partners[:2]))
        signed: date | None = None
        if not draft:
            signed_on += timedelta(days=rng.randint(1, 12))
            signed = signed_on
        cited = [s.ident for s in adopted]  # every fiche the avenant commits on is cited
        cited += sorted({c.fiche for c in engagements} - set(cited))
        text = avenant_text(numero, signed, signers, cited, engagements)
        (out / "avenants" / f"avenant-{numero:04d}.yaml").write_text(text, encoding="utf-8")

    for spec in specs:
        statuses = STATUTS_FINANCED if spec.ident in financed else STATUTS_FREE
        spec.statut = rng.choice(statuses)
        text = fiche_text(t, spec)
        name = f"{spec.ident}-{slugify(text.splitlines()[2][8:-1])}.yaml"
        (out / "fiches" / name).write_text(text, encoding="utf-8")
    return out


def luhn_complete(body: str) -> str:
    """``body`` followed by the digit that makes it pass the Luhn check (SIREN, SIRET)."""
    for digit in "0123456789":
        number = body + digit
        total = 0
        for index, char in enumerate(reversed(number)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return number
    raise AssertionError(body)  # pragma: no cover - one digit always fits


#: Public financers present in every territory: (name, type, SIREN or None). The
#: Banque des Territoires (Caisse des dépôts) and the ADEME carry their real SIREN;
#: the État has none (it is matched by its exact name, as consolidation says).
NATIONAL_FINANCERS = (
    ("État", "etat", None),
    ("Banque des Territoires", "operateur", "180020026"),
    ("ADEME", "operateur", "385290309"),
)
REGIONS = 13
#: National mode: the partners that fund fiches (the 5 public ones and 7 local ones).
FUNDERS_NATIONAL = 12


def national_partners(index: int, rng: random.Random) -> list[PartnerSpec]:
    """The partners of territory ``index``: the national financers, its Région and
    Département (synthetic SIRENs, local ids and names that differ from one
    territory to the next, as in real folders), then 24 local partners, half of
    them with a synthetic SIREN and SIRET."""
    region = index % REGIONS + 1
    departement = index % 96 + 1
    region_siren = luhn_complete(f"230000{region:02d}")
    departement_siren = luhn_complete(f"2200{departement:04d}")
    specs: list[PartnerSpec] = [
        (rng.choice(("etat", "prefecture", "etat-sgar")), name, kind, siren, None)
        for name, kind, siren in NATIONAL_FINANCERS[:1]
    ]
    specs += [
        (rng.choice((f"fin-{i}", f"financeur-{i}")), name, kind, siren, None)
        for i, (name, kind, siren) in enumerate(NATIONAL_FINANCERS[1:], start=1)
    ]
    specs.append(
        (
            rng.choice(("region", f"region-{region:02d}", "conseil-regional")),
            rng.choice((f"Région n° {region}", f"Conseil régional n° {region}")),
            "region",
            region_siren,
            None,
        )
    )
    specs.append(
        (
            f"departement-{departement:02d}",
            f"Département n° {departement}",
            "collectivite",
            departement_siren,
            None,
        )
    )
    for i in range(1, 25):
        kind = PARTNER_TYPES[i % len(PARTNER_TYPES)]
        siren = siret = None
        if i % 2 == 0:
            siren = luhn_complete(f"{400 + index:03d}{i:05d}")
            siret = luhn_complete(siren + "0001")
        specs.append(
            (f"partenaire-{i:02d}", f"Partenaire n° {i} du territoire {index}", kind, siren, siret)
        )
    return specs


def generate_national(
    out: Path,
    territories: int = 183,
    mean_fiches: int = 50,
    seed: int = 7,
    gap_share: float = 1 / 3,
) -> list[Path]:
    """``territories`` data folders ``out/territoire-NNN`` of varied sizes (from a fifth
    to nearly twice ``mean_fiches``), a third of their fiches with a warning."""
    rng = random.Random(f"tindustrie-national-{seed}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    low = max(1, mean_fiches // 5)
    folders = []
    for index in range(1, territories + 1):
        fiches = rng.randint(low, 2 * mean_fiches - low)
        place = Place(
            nom=f"Territoire d'industrie n° {index}",
            siren=luhn_complete(f"2{index:07d}"),
            region=f"Région n° {index % REGIONS + 1}",
            departement=f"Département n° {index % 96 + 1}",
        )
        folder = generate(
            out / f"territoire-{index:03d}",
            fiches=fiches,
            avenants=max(2, fiches // 6),
            seed=seed * 1000 + index,
            place=place,
            partners=national_partners(index, rng),
            gap_share=gap_share,
            references=True,
        )
        folders.append(folder)
    return folders


# --- « jeune protocole » case: a third of the fiches carry a warning ------------

#: Share of fiches whose plan leaves part of the cost unfunded in the « jeune
#: protocole » case; about a third of the fiches then carry a TI402 warning.
JEUNE_GAP_SHARE = 0.33


def generate_jeune(out: Path, fiches: int = 5000, avenants: int = 200, seed: int = 7) -> Path:
    """A young protocol: the same territory as :func:`generate`, but about a third of
    the fiches have an incomplete plan (a TI402 warning each, with its position)."""
    return generate(out, fiches, avenants, seed, gap_share=JEUNE_GAP_SHARE)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="dossier à (ré)écrire")
    parser.add_argument("--fiches", type=int, default=5000, help="nombre de fiches (5000)")
    parser.add_argument("--avenants", type=int, default=200, help="nombre d'avenants (200)")
    parser.add_argument("--seed", type=int, default=7, help="graine (7)")
    parser.add_argument(
        "--national",
        type=int,
        metavar="N",
        help="écrire N territoires OUT/territoire-NNN (cas national : 183), de tailles "
        "variées autour de --fiches-moyen, un tiers des fiches avec un avertissement",
    )
    parser.add_argument(
        "--fiches-moyen", type=int, default=50, help="taille moyenne d'un territoire (50)"
    )
    parser.add_argument(
        "--jeune",
        action="store_true",
        help="jeune protocole : un tiers des fiches avec un plan incomplet (avertissement)",
    )
    args = parser.parse_args(argv)
    if args.jeune:
        generate_jeune(args.out, args.fiches, args.avenants, args.seed)
        print(f"{args.out} : {args.fiches} fiches (jeune protocole), {args.avenants} avenants")
        return
    if args.national:
        folders = generate_national(args.out, args.national, args.fiches_moyen, args.seed)
        total = sum(len(list((f / "fiches").iterdir())) for f in folders)
        print(f"{args.out} : {len(folders)} territoires, {total} fiches")
        return
    generate(args.out, args.fiches, args.avenants, args.seed)
    print(f"{args.out} : {args.fiches} fiches, {args.avenants} avenants")


if __name__ == "__main__":
    main()


# --- hostile shapes (issue 16): each one a separate function ----------------------------


def generate_unknown_references(out: Path, fiches: int = 3000, unknown: int = 10_000) -> Path:
    """``fiches`` fiches and one draft avenant naming ``unknown`` fiches that do not
    exist: every reference asks « Vouliez-vous dire ? »; the work must stay linear."""
    generate(out, fiches, 1)
    lines = [
        "numero: 2",
        'titre: "Avenant aux références inconnues"',
        "signataires: []",
        "fiches:",
        *(f'  - "{1 + i % 4}.{100_000 + i}"' for i in range(unknown)),
        "engagements: []",
    ]
    (out / "avenants" / "avenant-2.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def generate_one_line_many_avenants(out: Path, avenants: int = 4000) -> Path:
    """``avenants`` signed avenants, each changing the same (fiche, financeur, nature):
    the ledger of one line with thousands of changes must stay linear."""
    generate(out, 4, 1)
    fiche = sorted((out / "fiches").glob("1.1-*.yaml"))[0]
    import yaml

    doc = yaml.safe_load(fiche.read_text(encoding="utf-8"))
    line = doc["plan_financement"][0]
    cost = int(doc["cout_previsionnel"])
    for old in (out / "avenants").glob("*.yaml"):
        old.unlink()  # the generated one may be a draft: these are numbered from 1
    protocol = yaml.safe_load((out / "protocole.yaml").read_text(encoding="utf-8"))
    signed = date.fromisoformat(str(protocol["date_signature"]))
    for n in range(1, avenants + 1):
        amount = 1 + (n * 7919) % max(cost // 2, 1)
        text = "\n".join([
            f"numero: {n}",
            f'titre: "Avenant {n}"',
            f"date_signature: {signed + timedelta(days=n // 10)}",
            f"signataires: [{line['financeur']}]",
            f'fiches: ["{doc["id"]}"]',
            "engagements:",
            f'  - fiche: "{doc["id"]}"',
            f"    financeur: {line['financeur']}",
            f"    montant: {amount}",
            f"    nature: {line['nature']}",
        ])  # fmt: skip
        (out / "avenants" / f"avenant-{n}.yaml").write_text(text + "\n", encoding="utf-8")
    return out
