"""A git repository built from data/, one commit per kind of change, for `tindustrie diff`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
AS_OF = "2024-01-01"

#: The commits, in order: (name, what it does).
STEPS = (
    ("initial", "le contrat de data/"),
    ("sign", "signer le projet d'avenant n° 3"),
    ("raise", "relever un engagement dans un nouveau projet d'avenant n° 4"),
    ("add", "ajouter une fiche 4.3"),
    ("abandon", "abandonner la fiche 1.3"),
    ("lower", "baisser le coût de la fiche 1.2"),
    ("error", "introduire une erreur : un pilote inconnu dans la fiche 4.1"),
)

NEW_AVENANT = """\
numero: 4
titre: "Avenant n° 4 (projet) : renfort du tiers-lieu Level"
signataires:
  - region-pdl
fiches:
  - "2.2"
engagements:
  - fiche: "2.2"
    financeur: region-pdl
    montant: 450000
    nature: investissement
"""

NEW_FICHE = """\
id: "4.3"
titre: "Plateforme des offres d'emploi industrielles"
axe: 4
pilote: laval-economie
themes:
  - simplifier
statut: en_preparation
description: >-
  Une plateforme commune des offres d'emploi des entreprises industrielles.
cout_previsionnel: 100000
plan_financement:
  - financeur: laval-agglo
    montant: 60000
    nature: fonctionnement
  - financeur: region-pdl
    montant: 40000
    nature: fonctionnement
"""


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Équipe projet",
        "GIT_AUTHOR_EMAIL": "projet@example.org",
        "GIT_COMMITTER_NAME": "Équipe projet",
        "GIT_COMMITTER_EMAIL": "projet@example.org",
        "GIT_AUTHOR_DATE": "2024-01-01T12:00:00+01:00",
        "GIT_COMMITTER_DATE": "2024-01-01T12:00:00+01:00",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def apply(step: str, data: Path) -> None:
    """Make the change of ``step`` in the data folder ``data``."""
    fiches, avenants = data / "fiches", data / "avenants"
    if step == "initial":
        shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("*.md"))
    elif step == "sign":
        _edit(
            avenants / "avenant-3.yaml",
            "\nsignataires:",
            "\ndate_signature: 2023-06-01\nsignataires:",
        )
    elif step == "raise":
        (avenants / "avenant-4.yaml").write_text(NEW_AVENANT, "utf-8")
    elif step == "add":
        (fiches / "4.3-plateforme-emploi.yaml").write_text(NEW_FICHE, "utf-8")
    elif step == "abandon":
        _edit(
            fiches / "1.3-promotion-metiers-industriels.yaml",
            "statut: en_preparation",
            "statut: abandonnee",
        )
    elif step == "lower":
        _edit(
            fiches / "1.2-may-usinage.yaml",
            "cout_previsionnel: 450000",
            "cout_previsionnel: 430000",
        )
    elif step == "error":
        _edit(
            fiches / "4.1-guichet-unique-entreprises.yaml",
            "pilote: laval-economie",
            "pilote: inconnu",
        )
    else:  # pragma: no cover
        raise ValueError(step)


def build(repo: Path) -> dict[str, str]:
    """A repository at ``repo`` with one commit per step; the commit of each step."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    commits = {}
    for step, message in STEPS:
        apply(step, repo / "data")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", message)
        commits[step] = git(repo, "rev-parse", "HEAD")
    return commits


def export(repo: Path, commit: str, target: Path) -> Path:
    """The data folder of ``commit``, written to ``target`` (for an independent run)."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "data"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "data"
