"""What a template may use, in French: every variable under ``doc`` and every filter.

:func:`reachable` walks the types the templates receive, from
:class:`~tindustrie.render.context.RenderContext` down; :data:`TYPES` and
:data:`FIELDS` describe each of them. ``docs/gabarits.md`` is generated from
here (``python scripts/gen_gabarits.py``) and a test checks that every field the
code has is described: a field added to a view without its description fails.
The template errors (:mod:`tindustrie.render.errors`) name types with
:data:`TYPES` too, never with a Python class name.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from enum import Enum
from typing import Any

#: Each type a template meets: its French name (« une fiche »).
TYPES: dict[str, str] = {
    "RenderContext": "le document (`doc`)",
    "StateView": "l'état présenté (`doc.state`)",
    "AvenantRef": "un avenant cité à côté d'un montant",
    "Person": "une personne",
    "PartnerView": "un partenaire",
    "AxisView": "un axe",
    "FicheView": "une fiche",
    "Paragraphs": "un texte en paragraphes",
    "Items": "une liste de textes courts",
    "Indicator": "un indicateur",
    "FinancingLine": "une ligne de financement d'une fiche",
    "Amounts": "des montants",
    "AvenantView": "un avenant",
    "Change": "un engagement d'un avenant",
    "SummaryView": "un tableau de synthèse",
    "SummaryRow": "une ligne d'un tableau de synthèse",
    "BarChart": "un graphique en barres",
    "Bar": "une barre d'un graphique",
    "Segment": "un segment d'une barre",
    "Timeline": "le calendrier des fiches",
    "TimelineItem": "une fiche sur le calendrier",
    "Tick": "une graduation du calendrier",
    "SuiviView": "la section « Suivi » (`doc.suivi`)",
    "DashboardTable": "un tableau du tableau de bord, déjà écrit en français",
    "IndicatorFollowUp": "un indicateur suivi (avec ses mesures)",
    "MeasureView": "une mesure d'un indicateur",
    "IndicatorChart": "le graphique d'un indicateur",
    "MeasurePoint": "une mesure sur le graphique",
    "PaymentRow": "les versements d'un financeur",
    "AvenantState": "l'état d'un avenant (clé ; `.label` pour le libellé)",
    "ChangeKind": "la sorte d'un engagement (clé ; `.label` pour le libellé)",
}

_ANCHOR = "ancre HTML (`#…`) de l'élément dans le document"
_SVG = "coordonnée SVG, déjà calculée"

#: Each field (or property, or method) of each type: what it holds.
FIELDS: dict[str, dict[str, str]] = {
    "RenderContext": {
        "territoire": "nom du territoire",
        "siren": "SIREN du territoire, ou vide",
        "region": "région, ou vide",
        "departement": "département, ou vide",
        "phase": "phase du programme (1 ou 2)",
        "phase_years": "années de la phase (« 2018-2022 »)",
        "signed_on": "date de signature du protocole",
        "state": "l'état présenté : date et avenants en vigueur",
        "signataires": "les signataires du protocole (personnes)",
        "binome": "le binôme élu–industriel (deux personnes), ou vide",
        "pilotage": "nom du partenaire qui pilote la démarche, ou vide",
        "partenaires": "les partenaires",
        "axes": "les axes, chacun avec ses fiches",
        "fiches": "toutes les fiches, dans l'ordre naturel (1.2 avant 1.10)",
        "avenants": "les avenants, par numéro",
        "summaries": "les tableaux de synthèse (par axe, par financeur, par nature)",
        "totals": "les montants de tout le protocole",
        "charts": "les graphiques en barres",
        "timeline": "le calendrier des fiches",
        "abandoned_with_money": "les fiches abandonnées qui gardent des engagements en vigueur",
        "generated_on": "date de génération (`SOURCE_DATE_EPOCH`), ou vide",
        "partner_names": "table identifiant de partenaire → nom",
        "suivi": "la section « Suivi » : tableau de bord, indicateurs, versements",
        "partner_name": "`doc.partner_name(id)` : le nom d'un partenaire (l'id s'il est inconnu)",
    },
    "StateView": {
        "as_of": "la date présentée (`--as-of`)",
        "last_signed": "numéro du dernier avenant signé à cette date, ou vide",
        "signed": "les avenants signés à cette date",
        "signed_after": "les avenants signés après cette date",
        "drafts": "les projets d'avenant (non signés)",
        "sentence": "la phrase qui dit ce qui est compté",
    },
    "AvenantRef": {
        "numero": "numéro de l'avenant",
        "anchor": _ANCHOR,
        "state": "signé à la date présentée, signé après, ou projet",
        "signed_on": "date de signature, ou vide",
        "label": "« avenant n° 2 », avec « projet non signé » s'il y a lieu",
    },
    "Person": {
        "nom": "prénom et nom",
        "qualite": "fonction, ou vide",
        "partenaire": "nom du partenaire représenté, ou vide",
    },
    "PartnerView": {
        "id": "identifiant",
        "nom": "nom",
        "type": "type (libellé : « collectivité »…)",
    },
    "AxisView": {
        "numero": "numéro de l'axe",
        "anchor": _ANCHOR,
        "titre": "titre",
        "description": "description, ou vide",
        "fiches": "les fiches de l'axe",
    },
    "FicheView": {
        "id": "identifiant (« 1.2 »)",
        "anchor": _ANCHOR,
        "titre": "titre",
        "axe": "numéro de l'axe",
        "pilote": "nom du partenaire pilote",
        "partenaires": "noms des partenaires associés",
        "themes": "thèmes nationaux (libellés)",
        "statut": "statut (clé : `en_cours`…)",
        "statut_label": "statut (libellé : « en cours »…)",
        "abandoned": "vrai si la fiche est abandonnée",
        "abandoned_with_money": "vrai si elle est abandonnée et garde des engagements",
        "contexte": "le contexte",
        "description": "la description",
        "objectifs": "les objectifs",
        "debut": "date de début prévue, ou vide",
        "fin": "date de fin prévue, ou vide",
        "indicateurs": "les indicateurs de suivi",
        "cost": "coût prévisionnel, ou vide",
        "lines": "le financement, une ligne par financeur et par nature",
        "amounts": "ses montants (prévu, engagé, en attente, reste à engager)",
        "avenants": "les avenants qui la citent",
    },
    "Paragraphs": {
        "text": "le texte tel qu'écrit ; `{% for p in … %}` donne ses paragraphes",
    },
    "Items": {
        "items": "les textes tels qu'écrits ; `{% for i in … %}` les donne un à un",
    },
    "Indicator": {
        "libelle": "ce que l'on mesure",
        "cible": "la valeur visée, ou vide",
        "unite": "l'unité, ou vide",
    },
    "FinancingLine": {
        "financeur": "nom du financeur",
        "nature": "fonctionnement ou investissement",
        "planned": "montant prévu au plan de financement",
        "committed": "montant engagé par les avenants signés à la date présentée",
        "pending": "ce que changeraient les avenants pas encore signés à cette date",
        "projected": "montant si tous les avenants étaient signés",
        "set_by": "l'avenant qui a fixé le montant en vigueur, ou vide",
        "pending_from": "les avenants, pas en vigueur à cette date, qui le changeraient",
    },
    "Amounts": {
        "cost": "coût prévisionnel",
        "planned": "prévu au plan de financement",
        "committed": "engagé par les avenants signés",
        "projected": "engagé si tous les avenants étaient signés",
        "remaining": "reste à engager",
        "paid": "versé à la date présentée",
        "pending": "en attente (projets d'avenant, ou signés après la date présentée)",
        "to_pay": "reste à verser (engagé − versé)",
    },
    "AvenantView": {
        "numero": "numéro",
        "anchor": _ANCHOR,
        "titre": "titre",
        "objet": "objet",
        "ref": "l'avenant cité (numéro, état, date)",
        "signed_on": "date de signature, ou vide",
        "signataires": "noms des signataires",
        "fiches": "les fiches citées : (id, titre, ancre)",
        "changes": "ses engagements, chacun avec le montant qu'il remplace",
        "delta": "variation totale des engagements",
    },
    "Change": {
        "fiche": "identifiant de la fiche",
        "financeur": "identifiant du financeur (`doc.partner_name(…)` pour son nom)",
        "nature": "fonctionnement ou investissement",
        "previous": "montant remplacé, ou vide (nouvel engagement)",
        "amount": "nouveau montant",
        "replaces": "numéro de l'avenant dont le montant est remplacé, ou vide",
        "delta": "variation (nouveau − remplacé)",
        "kind": "nouvel engagement, hausse, baisse, fin ou inchangé",
    },
    "SummaryView": {
        "by": "regroupement : axe, financeur ou nature",
        "anchor": _ANCHOR,
        "title": "titre du tableau",
        "heading": "en-tête de la première colonne",
        "has_cost": "vrai si les lignes ont un coût (par axe)",
        "rows": "les lignes",
        "totals": "la ligne de total",
    },
    "SummaryRow": {
        "key": "clé du groupe (numéro d'axe, identifiant…)",
        "label": "libellé du groupe",
        "anchor": "ancre HTML du groupe, ou vide",
        "cost": "coût, ou vide",
        "planned": "prévu",
        "committed": "engagé",
        "pending": "en attente",
        "remaining": "reste à engager, ou vide",
        "abandoned": "vrai si le groupe est une fiche abandonnée avec engagements",
    },
    "BarChart": {
        "id": "identifiant SVG",
        "title": "titre",
        "desc": "description pour les lecteurs d'écran",
        "width": "largeur SVG",
        "height": "hauteur SVG",
        "bar_height": "hauteur d'une barre",
        "legend": "légende : (sorte, libellé)",
        "bars": "les barres",
    },
    "Bar": {
        "label": "libellé",
        "short_label": "libellé raccourci",
        "y": _SVG,
        "text_y": _SVG,
        "segments": "les segments (engagé, en attente…)",
        "total": "montant total",
        "total_x": _SVG,
        "summary": "phrase qui dit la barre",
    },
    "Segment": {
        "kind": "sorte (`engage`, `attente`…)",
        "label": "libellé",
        "value": "montant",
        "x": _SVG,
        "width": _SVG,
    },
    "Timeline": {
        "id": "identifiant SVG",
        "title": "titre",
        "desc": "description pour les lecteurs d'écran",
        "width": "largeur SVG",
        "height": "hauteur SVG",
        "axis_y": _SVG,
        "items": "les fiches placées",
        "ticks": "les graduations",
        "today_x": "position de la date présentée, ou vide",
        "without": "les fiches sans calendrier : (id, titre, ancre)",
    },
    "TimelineItem": {
        "fiche": "identifiant de la fiche",
        "anchor": _ANCHOR,
        "label": "libellé",
        "short_label": "libellé raccourci",
        "y": _SVG,
        "text_y": _SVG,
        "x": _SVG,
        "width": _SVG,
        "kind": "`periode`, `debut` ou `fin`",
        "summary": "phrase qui dit la période",
        "abandoned": "vrai si la fiche est abandonnée",
    },
    "Tick": {"x": _SVG, "label": "libellé (l'année)"},
    "SuiviView": {
        "as_of": "date présentée",
        "dashboard": "les tableaux du tableau de bord (`tindustrie suivi`), dans l'ordre",
        "indicators": "les indicateurs qui ont au moins une mesure à cette date",
        "payments": "une ligne par financeur qui a engagé ou versé",
        "payments_total": "la ligne de total des versements",
        "payments_chart": "le graphique versé / reste à verser par financeur",
    },
    "DashboardTable": {
        "title": "titre du tableau",
        "headers": "en-têtes des colonnes",
        "numeric": "pour chaque colonne : vrai si elle contient des nombres",
        "rows": "les lignes, chaque cellule déjà écrite en français (texte brut)",
        "total": "la ligne de total, ou vide",
        "empty": "la phrase à montrer quand il n'y a aucune ligne",
        "widths": "pour chaque colonne, sa part de la largeur libre dans le PDF : 0 pour une colonne qui prend la largeur de son contenu",
    },
    "IndicatorFollowUp": {
        "fiche": "identifiant de la fiche",
        "fiche_anchor": _ANCHOR.replace("l'élément", "la fiche"),
        "fiche_titre": "titre de la fiche",
        "anchor": _ANCHOR,
        "libelle": "libellé de l'indicateur",
        "cible": "cible, telle qu'écrite, ou vide",
        "unite": "unité, ou vide",
        "measures": "les mesures datées au plus tard à la date présentée, de la plus ancienne",
        "chart": "le graphique des mesures, ou vide (aucune mesure n'est un nombre)",
    },
    "MeasureView": {
        "date": "date de la mesure",
        "valeur": "valeur, telle qu'écrite",
        "source": "source, ou vide",
        "commentaire": "commentaire, ou vide",
    },
    "IndicatorChart": {
        "id": "identifiant du graphique (pour `aria-labelledby`)",
        "title": "titre",
        "desc": "l'alternative textuelle : chaque mesure et la cible",
        "width": "largeur SVG",
        "height": "hauteur SVG",
        "points": "les mesures qui sont des nombres",
        "polyline": "l'attribut `points` de la ligne qui les relie",
        "target_y": _SVG + " : la ligne de la cible, ou vide",
        "target_label": "« cible 12 élèves », ou vide",
        "left": _SVG + " : bord gauche du tracé",
        "top": _SVG + " : haut du tracé",
        "right": _SVG + " : bord droit du tracé",
        "bottom": _SVG + " : bas du tracé",
        "top_label": "valeur en haut de l'échelle",
        "bottom_label": "valeur en bas de l'échelle",
        "label_x": _SVG + " : où s'écrivent les valeurs de l'échelle",
        "top_text_y": _SVG + " : hauteur de la valeur du haut",
        "ticks": "les mois de la première et de la dernière mesure",
    },
    "MeasurePoint": {
        "x": _SVG,
        "y": _SVG,
        "label_y": _SVG + " : où s'écrit la valeur, au-dessus du point",
        "day": "date de la mesure",
        "value": "valeur, telle qu'écrite",
        "summary": "« 15 septembre 2023 : 11 élèves »",
    },
    "PaymentRow": {
        "financeur": "nom du financeur (« Total » pour la ligne de total)",
        "committed": "engagé",
        "paid": "versé",
        "to_pay": "reste à verser",
        "share": "part versée (« 40 % »), ou vide si rien n'est engagé",
    },
}


def _members(cls: type[Any]) -> list[str]:
    """The names a template can read on ``cls``: fields, properties, public methods."""
    if dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls)]
    else:
        names = list(getattr(cls, "_fields", ()))
    for name, value in vars(cls).items():
        if name.startswith("_") or name in names:
            continue
        if isinstance(value, property) or callable(value):
            names.append(name)
    return names


def _is_view(cls: Any) -> bool:
    return isinstance(cls, type) and (
        dataclasses.is_dataclass(cls) or (issubclass(cls, tuple) and hasattr(cls, "_fields"))
    )


def reachable() -> dict[str, tuple[type[Any], list[str]]]:
    """Every type a template can reach from ``doc``, by name, with its members."""
    from tindustrie.render.context import RenderContext

    found: dict[str, tuple[type[Any], list[str]]] = {}

    def walk(annotation: Any) -> None:
        for arg in typing.get_args(annotation):
            walk(arg)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            found.setdefault(annotation.__name__, (annotation, []))
        if not _is_view(annotation) or annotation.__name__ in found:
            return
        found[annotation.__name__] = (annotation, _members(annotation))
        hints = typing.get_type_hints(annotation)
        for name in found[annotation.__name__][1]:
            if name in hints:
                walk(hints[name])
            else:
                member = getattr(annotation, name)
                target = member.fget if isinstance(member, property) else member
                walk(typing.get_type_hints(target).get("return"))

    walk(RenderContext)
    return found


def describe(type_name: str) -> str:
    """The French name of a template type (« une fiche »), else « une valeur »."""
    return TYPES.get(type_name, "une valeur")


def members_of(type_name: str) -> list[str]:
    """What can be read on a template type, for « Vouliez-vous dire ? » (empty if unknown)."""
    found = reachable().get(type_name)
    return found[1] if found else []


def _filters() -> Iterator[tuple[str, str]]:
    from tindustrie.render.filters import FILTERS

    for name, (_, doc) in sorted(FILTERS.items()):
        yield name, doc


def reference_markdown() -> str:
    """`docs/gabarits.md`: every variable under ``doc`` and every filter."""
    lines = [
        "# Gabarits : variables et filtres",
        "",
        "<!-- Fichier généré par `python scripts/gen_gabarits.py` depuis le code : ne pas "
        "modifier à la main. -->",
        "",
        "`tindustrie render --templates DOSSIER` lit d'abord les gabarits Jinja2 de "
        "`DOSSIER` (`protocole.md.j2`, `protocole.html.j2`, `_styles.css.j2`, "
        "`_macros.md.j2`, `_macros.html.j2`), puis ceux de `templates/` pour ceux qui "
        "manquent. Un gabarit reçoit une seule variable, `doc` ; tout ce qu'il affiche "
        "est déjà calculé. Une variable inconnue est une erreur (jamais un vide "
        "silencieux) : le message donne le fichier, la ligne et les noms possibles.",
        "",
        "Les montants sont des décimaux exacts : affichez-les avec le filtre `money`. "
        "« vide » veut dire `none` (testez-le avec `{% if … %}`).",
        "",
        "## Filtres",
        "",
        "En plus des filtres de Jinja2 (`length`, `join`, `default`, `sort`…) :",
        "",
        "| Filtre | Rôle |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {doc} |" for name, doc in _filters()]
    lines += ["", "## Variables", ""]
    for name, (cls, members) in reachable().items():
        title = TYPES.get(name, name)
        lines += [f"### {title[:1].upper()}{title[1:]}", ""]
        if not members:  # a closed list
            values = ", ".join(f"`{m.value}`" for m in cls)
            lines += [f"Valeurs : {values}.", ""]
            continue
        lines += ["| Nom | Contenu |", "|---|---|"]
        described = FIELDS.get(name, {})
        lines += [f"| `{m}` | {described.get(m, '')} |" for m in members]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
