"""What the user asks for: filters of ``list`` and the target of ``show``.

Values the data does not know are :class:`~tindustrie.errors.TindustrieError`
values with the nearest known ones: an unknown filter value is a usage error
(exit 2), an unknown identifier in ``show`` is « introuvable » (exit 1).

A fiche matches ``--financeur X`` when X appears in its plan or in an
engagement of any avenant, signed or not. ``--statut`` accepts the key or the
label people read (:meth:`~tindustrie.models.vocabulary.Term.parse`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tindustrie.errors import InvalidData, UsageError
from tindustrie.models import Avenant, Fiche, Statut
from tindustrie.models.fields import FICHE_ID
from tindustrie.project import ValidProject
from tindustrie.wording import closest

KINDS = ("fiches", "avenants", "partenaires")
#: The filters each kind accepts (the others are usage errors).
FILTERS: dict[str, tuple[str, ...]] = {
    "fiches": ("axe", "pilote", "statut", "financeur"),
    "avenants": ("financeur",),
    "partenaires": (),
}


@dataclass(frozen=True, slots=True)
class Filters:
    axe: str | None = None
    pilote: str | None = None
    statut: str | None = None
    financeur: str | None = None

    def given(self) -> tuple[str, ...]:
        return tuple(name for name in FILTERS["fiches"] if getattr(self, name) is not None)

    def check_kind(self, kind: str) -> None:
        """Refuse a filter that does not apply to the list of ``kind``."""
        refused = [name for name in self.given() if name not in FILTERS[kind]]
        if refused:
            allowed = FILTERS[kind]
            raise UsageError(
                f"--{refused[0]} ne s'applique pas à la liste des {kind}",
                "Filtres possibles ici : " + ", ".join(f"--{n}" for n in allowed) + "."
                if allowed
                else "Cette liste n'a pas de filtre.",
            )


def known_values(project: ValidProject, name: str) -> tuple[str, ...]:
    """The values a filter accepts, in a stable order."""
    if name == "axe":
        return tuple(str(a.numero) for a in sorted(project.protocole.axes, key=lambda a: a.numero))
    if name == "statut":
        return Statut.keys()
    return tuple(sorted(p.id for p in project.protocole.partenaires))


def _unknown(option: str, value: str, known: Sequence[str]) -> UsageError:
    close = closest(value, known)
    hint = "Valeurs connues : " + (", ".join(known) if known else "aucune") + "."
    if close:
        hint = "Vouliez-vous dire " + " ou ".join(f"« {c} »" for c in close) + " ? " + hint
    return UsageError(f"valeur « {value} » inconnue pour {option}", hint)


def resolved(project: ValidProject, filters: Filters) -> Filters:
    """The filters with each value checked, the status given as its key."""
    for name in filters.given():
        value = getattr(filters, name)
        if name == "statut":
            member = Statut.parse(value)
            if member is None:
                raise _unknown("--statut", value, Statut.keys())
            filters = Filters(filters.axe, filters.pilote, member.value, filters.financeur)
        elif value not in known_values(project, name):
            raise _unknown(f"--{name}", value, known_values(project, name))
    return filters


def fiche_financers(fiche: Fiche, avenants: Iterable[Avenant]) -> set[str]:
    found = {line.financeur for line in fiche.plan_financement}
    for avenant in avenants:
        found.update(e.financeur for e in avenant.engagements if e.fiche == fiche.id)
    return found


def select_fiches(
    project: ValidProject,
    filters: Filters,
    statut_of: Callable[[Fiche], Statut] = lambda fiche: fiche.statut,
) -> tuple[Fiche, ...]:
    """The fiches that match every filter given, in natural id order."""
    filters = resolved(project, filters)
    financed: dict[str, set[str]] = {}
    if filters.financeur is not None:
        for avenant in project.avenants:
            for e in avenant.engagements:
                financed.setdefault(e.fiche, set()).add(e.financeur)
    chosen = []
    for fiche in project.fiches:
        if filters.axe is not None and str(fiche.axe) != filters.axe:
            continue
        if filters.pilote is not None and fiche.pilote != filters.pilote:
            continue
        if filters.statut is not None and statut_of(fiche) != filters.statut:
            continue
        if filters.financeur is not None:
            funders = {line.financeur for line in fiche.plan_financement}
            if filters.financeur not in funders | financed.get(fiche.id, set()):
                continue
        chosen.append(fiche)
    return tuple(chosen)


# --- show -----------------------------------------------------------------------------

_AVENANT_REF = re.compile(r"(?:avenant)?[-_ ]?([0-9]+)", re.IGNORECASE)
TARGET_KINDS = ("fiche", "avenant", "partenaire")


@dataclass(frozen=True, slots=True)
class Target:
    """What `show` was asked for."""

    kind: str  # "fiche", "avenant" or "partenaire"
    ident: str


def check_words(words: Sequence[str]) -> None:
    """One or two words: an identifier, or a kind and an identifier."""
    if not 1 <= len(words) <= 2:
        raise UsageError(
            "trop d'arguments : " + " ".join(words) if words else "que faut-il montrer ?",
            "Exemples : `tindustrie show 1.2`, `tindustrie show avenant 2`.",
        )


def resolve(project: ValidProject, words: Sequence[str]) -> Target:
    """Turn the words after `show` into a target that exists.

    Accepted: ``1.2`` (a fiche), ``fiche 1.2``, ``avenant 2``, ``avenant-2``,
    ``partenaire ID`` and a bare partner id.
    """
    check_words(words)
    fiche_ids = [f.id for f in project.fiches]
    avenant_ids = [str(a.numero) for a in project.avenants]
    partner_ids = [p.id for p in project.protocole.partenaires]
    if len(words) == 2:
        kind, ident = words[0].lower(), words[1]
        if kind == "fiche":
            return _found("fiche", ident, fiche_ids)
        if kind == "avenant":
            match = _AVENANT_REF.fullmatch(ident)
            return _found("avenant", match.group(1) if match else ident, avenant_ids)
        if kind == "partenaire":
            return _found("partenaire", ident, partner_ids)
        raise UsageError(
            f"type « {words[0]} » inconnu",
            "Écrivez `fiche`, `avenant` ou `partenaire` avant l'identifiant.",
        )
    word = words[0]
    if FICHE_ID.fullmatch(word):
        return _found("fiche", word, fiche_ids)
    if word.lower().startswith("avenant"):
        match = _AVENANT_REF.fullmatch(word)
        return _found("avenant", match.group(1) if match else word, avenant_ids)
    if word in partner_ids:
        return Target("partenaire", word)
    everything = fiche_ids + [f"avenant-{n}" for n in avenant_ids] + partner_ids
    raise _not_found("identifiant", word, everything)


def _found(kind: str, ident: str, known: Sequence[str]) -> Target:
    if ident in known:
        return Target(kind, ident)
    raise _not_found(kind, ident, known)


def _not_found(what: str, value: str, known: Sequence[str]) -> InvalidData:
    close = closest(value, known) or tuple(known[:3])
    hint = ("Vouliez-vous dire : " + ", ".join(close) + " ?") if close else ""
    return InvalidData(f"{what} « {value} » introuvable", hint)
