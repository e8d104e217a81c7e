"""References between files: axes, partners, fiches and themes that must exist."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tindustrie.models import THEMES_BY_PHASE, Avenant
from tindustrie.problems import Severity, quote
from tindustrie.project import Entry, Project
from tindustrie.rules.registry import Finding, at, rule
from tindustrie.wording import Matcher, did_you_mean
from tindustrie.yamlio import Path_


def partner_refs(project: Project) -> Iterator[tuple[Entry[Any], Path_, str, str]]:
    """(entry, path, partner id, role) for every partner reference."""
    if project.protocole is not None:
        proto = project.protocole
        for i, signer in enumerate(proto.model.signataires):
            yield proto, ("signataires", i, "partenaire"), signer.partenaire, "signataire"
        if proto.model.pilotage is not None:
            yield proto, ("pilotage",), proto.model.pilotage, "structure de pilotage"
    for fiche in project.fiches:
        yield fiche, ("pilote",), fiche.model.pilote, "pilote"
        for i, ident in enumerate(fiche.model.partenaires):
            yield fiche, ("partenaires", i), ident, "partenaire"
        for i, line in enumerate(fiche.model.plan_financement):
            yield fiche, ("plan_financement", i, "financeur"), line.financeur, "financeur"
        for i, payment in enumerate(fiche.model.versements):
            yield fiche, ("versements", i, "financeur"), payment.financeur, "financeur"
    for avenant in project.avenants:
        for i, ident in enumerate(avenant.model.signataires):
            yield avenant, ("signataires", i), ident, "signataire"
        for i, commitment in enumerate(avenant.model.engagements):
            yield avenant, ("engagements", i, "financeur"), commitment.financeur, "financeur"


@rule("TI312", Severity.ERROR, "Partenaire inconnu")
def unknown_partners(project: Project) -> Iterator[Finding]:
    """Un identifiant de partenaire (dans `pilote`, `partenaires`, `financeur` — d'un
    plan de financement, d'un engagement ou d'un versement —,
    `signataires`, `pilotage` ou `signataires[].partenaire`) n'est pas déclaré dans
    la liste `partenaires` du protocole. Le message propose l'identifiant connu le
    plus proche."""
    known = project.partner_ids
    if known is None:
        return
    matcher: Matcher | None = None
    for entry, path, ident, role in partner_refs(project):
        if ident not in known:
            matcher = matcher or Matcher(known, "partenaire")
            yield at(
                entry,
                path,
                f"{role} « {ident} » : partenaire inconnu",
                matcher.hint(ident) + " Les partenaires sont déclarés dans protocole.yaml.",
            )


@rule("TI311", Severity.ERROR, "Axe inconnu")
def unknown_axes(project: Project) -> Iterator[Finding]:
    """Le champ `axe` d'une fiche renvoie à un numéro d'axe qui n'est pas
    déclaré dans `protocole.yaml`."""
    known = project.axis_numbers
    if known is None:
        return
    for entry in project.fiches:
        fiche = entry.model
        if fiche.axe not in known:
            listed = ", ".join(str(n) for n in sorted(known)) or "aucun"
            yield at(
                entry,
                ("axe",),
                f"axe {fiche.axe} inconnu",
                f"Axes déclarés dans protocole.yaml : {listed}.",
            )


@rule("TI315", Severity.ERROR, "Identifiant de fiche et axe discordants")
def id_axis_mismatch(project: Project) -> Iterator[Finding]:
    """La première partie de l'identifiant d'une fiche est le numéro de son axe :
    la fiche `"2.3"` appartient à l'axe 2. Corrigez l'`id` ou l'`axe`."""
    for entry in project.fiches:
        fiche = entry.model
        prefix = fiche.id.split(".", 1)[0]
        if prefix != str(fiche.axe):
            yield at(
                entry,
                ("id",),
                f"la fiche « {fiche.id} » est rangée dans l'axe {fiche.axe}",
                f"Son identifiant doit commencer par « {fiche.axe}. », ou son axe être {prefix}.",
            )


def fiche_refs(project: Project) -> Iterator[tuple[Entry[Avenant], Path_, str]]:
    """(avenant entry, path, fiche id) for every reference to a fiche."""
    for entry in project.avenants:
        avenant = entry.model
        for i, ident in enumerate(avenant.fiches):
            yield entry, ("fiches", i), ident
        for i, commitment in enumerate(avenant.engagements):
            yield entry, ("engagements", i, "fiche"), commitment.fiche


@rule("TI313", Severity.ERROR, "Fiche inconnue")
def unknown_fiches(project: Project) -> Iterator[Finding]:
    """Un avenant nomme une fiche (dans `fiches` ou `engagements[].fiche`) qui
    n'existe pas dans `fiches/`. Les identifiants s'écrivent entre guillemets :
    `"1.10"`."""
    known = project.fiche_ids
    if "fiches" in project.unknown:
        return  # a fiche file could not be read: its id is unknown, stay silent
    matcher: Matcher | None = None  # built once, at the first unknown fiche
    for entry, path, ident in fiche_refs(project):
        if ident not in known:
            matcher = matcher or Matcher(known, "fiche")
            yield at(entry, path, f"fiche « {ident} » inconnue", matcher.hint(ident))


@rule("TI314", Severity.ERROR, "Thème inconnu pour la phase")
def unknown_themes(project: Project) -> Iterator[Finding]:
    """Les thèmes d'une fiche sont ceux de la phase du programme : phase 1
    `recruter`, `innover`, `attirer`, `simplifier` ; phase 2 `competences`,
    `innovation`, `transition_ecologique`, `foncier`."""
    if project.protocole is None:
        return
    phase = project.protocole.model.programme.phase
    allowed = THEMES_BY_PHASE[phase]
    for entry in project.fiches:
        for i, theme in enumerate(entry.model.themes):
            if theme not in allowed:
                yield at(
                    entry,
                    ("themes", i),
                    f"thème « {theme} » inconnu en phase {phase}",
                    f"Thèmes de la phase {phase} : " + ", ".join(allowed) + ".",
                )


#: Where the reference lists are published (they are also inside the package).
REFERENCE_HINT = (
    " Référentiels complets : dossier reference-data de "
    "github.com/betagouv/schema-projet-collectivites-transition-ecologique."
)


@rule("TI316", Severity.ERROR, "Compétence inconnue du référentiel M57")
def unknown_competences(project: Project) -> Iterator[Finding]:
    """Les `competences` d'une fiche sont des codes du référentiel national des
    compétences des collectivités (nomenclature M57, livré avec tindustrie),
    par exemple `"90-632"` (Action économique, industrie, commerce et
    artisanat). L'export vers le schéma « Projets de collectivités » les
    reprend tels quels : un code absent du référentiel y serait refusé."""
    used = [(e, i, c) for e in project.fiches for i, c in enumerate(e.model.competences)]
    if not used:
        return
    from tindustrie.export.references import competences

    known = competences()
    for entry, index, code in used:
        if code not in known:
            yield at(
                entry,
                ("competences", index),
                f"compétence « {quote(code)} » absente du référentiel M57",
                did_you_mean(code, known, "compétence") + REFERENCE_HINT,
            )


@rule("TI317", Severity.ERROR, "Levier inconnu du référentiel SGPE")
def unknown_levers(project: Project) -> Iterator[Finding]:
    """Les `leviers` d'une fiche s'écrivent exactement comme dans le référentiel
    national des leviers de la planification écologique (SGPE, livré avec
    tindustrie), par exemple `"Industrie diffuse"` ou `"Réseaux de chaleur
    décarbonés"`. L'export vers le schéma « Projets de collectivités » les
    reprend tels quels."""
    used = [(e, i, lv) for e in project.fiches for i, lv in enumerate(e.model.leviers)]
    if not used:
        return
    from tindustrie.export.references import leviers

    known = leviers()
    for entry, index, lever in used:
        if lever not in known:
            yield at(
                entry,
                ("leviers", index),
                f"levier « {quote(lever)} » absent du référentiel SGPE",
                did_you_mean(lever, known, "levier") + REFERENCE_HINT,
            )
