"""Files whose lines end with a lone CR (old Mac OS): git would normalise them."""

from __future__ import annotations

from pathlib import Path


def make(data: Path, outside: Path) -> None:
    fiche = data / "fiches" / "1.1-accueil.yaml"
    text = fiche.read_text(encoding="utf-8").replace("statut: en_cours", "statut: en_courss")
    fiche.write_bytes(text.replace("\n", "\r").encode())
    avenant = data / "avenants" / "avenant-1.yaml"
    text = avenant.read_text(encoding="utf-8").replace("titre:", 'titre: "\x01"\nautre:', 1)
    avenant.write_bytes(text.replace("\n", "\r").encode())
    protocole = data / "protocole.yaml"
    raw = protocole.read_bytes().replace(b"\n", b"\r").replace(b"Territoire", b"Territ\xe9", 1)
    protocole.write_bytes(raw)
