"""French company identifiers: SIREN (a body) and SIRET (one of its establishments).

A SIREN is 9 digits, a SIRET 14: the SIREN followed by a 5-digit establishment
number (NIC). Both end with a Luhn check digit. One exception is documented by
INSEE: the establishments of La Poste (SIREN ``356000000``) are too many for
the Luhn key, so their SIRETs are checked by the sum of their digits, a
multiple of 5.
"""

from __future__ import annotations

#: La Poste: its SIRETs follow the « sum of digits multiple of 5 » rule.
LA_POSTE = "356000000"


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum used by SIREN and SIRET numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _digits(text: str, size: int) -> bool:
    return len(text) == size and text.isascii() and text.isdigit()


def siren_ok(siren: str) -> bool:
    """9 ASCII digits with a right Luhn key."""
    return _digits(siren, 9) and luhn_ok(siren)


def siret_ok(siret: str) -> bool:
    """14 ASCII digits with a right Luhn key (La Poste: digits summing to a multiple of 5)."""
    if not _digits(siret, 14):
        return False
    if siret.startswith(LA_POSTE):
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_ok(siret)


def siren_of(siren: str | None, siret: str | None) -> str | None:
    """The SIREN of a body: ``siren`` when valid, else the head of a valid ``siret``."""
    if siren is not None and siren_ok(siren):
        return siren
    if siret is not None and siret_ok(siret) and siren_ok(siret[:9]):
        return siret[:9]
    return None


def compact(text: str) -> str:
    """The number without the spaces people type in it (``234 400 034``)."""
    return text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
