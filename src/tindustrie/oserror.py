"""Why the operating system refused to read or write, in French.

Python's ``OSError.strerror`` is in English; users read French.
"""

from __future__ import annotations

_OS_REASONS = {
    "ELOOP": "lien symbolique en boucle",
    "EACCES": "permission refusée",
    "ENOENT": "fichier introuvable ou lien symbolique cassé",
    "EPERM": "opération non permise",
    "ENOTDIR": "ce n'est pas un dossier",
    "EISDIR": "c'est un dossier",
    "ENAMETOOLONG": "nom trop long",
    "EIO": "erreur d'entrée-sortie du disque",
    "EMFILE": "trop de fichiers ouverts",
    "ENFILE": "trop de fichiers ouverts",
    "ENXIO": "périphérique absent",
    "EINVAL": "fichier spécial illisible",
    "EEXIST": "un fichier porte déjà ce nom",
    "ENOSPC": "disque plein",
    "EDQUOT": "quota de disque dépassé",
    "EROFS": "système de fichiers en lecture seule",
    "EBUSY": "fichier occupé",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in French (``exc.strerror`` is in English)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name, f"erreur système {name}" if name else "erreur système")
