"""Mexican names and identifiers (CURP, RFC, phone) for synthetic drivers.

Every identifier passes lafa_core.fields: CURP and RFC carry their check digits and follow the
name and birth date; phones are E.164, the form `fields.phone_mx` stores."""
from __future__ import annotations

from datetime import date

import numpy as np

from lafa_core.fields import CURP_INCONVENIENT_WORDS, RFC_INCONVENIENT_WORDS, curp_check_digit, rfc_check_digit

MALE_NAMES = ["José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Alejandro", "Francisco", "Javier",
              "Ricardo", "Fernando", "Eduardo", "Roberto", "Daniel", "Sergio", "Arturo", "Raúl", "Manuel",
              "Óscar", "Héctor", "Víctor", "Mario", "Alberto", "Pedro", "Antonio", "Jesús", "Rafael", "Iván"]
FEMALE_NAMES = ["María", "Guadalupe", "Verónica", "Alejandra", "Patricia", "Gabriela", "Adriana", "Claudia",
                "Leticia", "Mónica", "Laura", "Elizabeth", "Rosa", "Ana", "Karla", "Daniela", "Sandra", "Diana"]
SURNAMES = ["Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
            "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
            "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero",
            "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera", "Medina",
            "Castro", "Vargas", "Guzmán", "Velázquez", "Rojas"]

_PLAIN = str.maketrans("ÁÉÍÓÚÑÜáéíóúñü", "AEIOUXUaeiouxu")
_VOWELS = set("AEIOU")
_HOMOCLAVE = "0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"  # the RFC's two homoclave characters
# CURP character 17: a digit for people born before 2000, a letter from 2000 on (RENAPO).
_CURP_DIFFERENTIATOR = {True: "0123456789", False: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
# Drivers are mostly born in Mexico City; when its differentiators run out for one name and birth
# date (never in practice), the person is born next door.
_BIRTH_STATES = ("DF", "MC", "HG", "PL", "MS", "TL", "GR", "VZ", "OC", "MN", "GT", "QT")


def _plain(word: str) -> str:
    return word.translate(_PLAIN).upper()


def _first_inner(word: str, wanted_vowel: bool) -> str:
    for ch in word[1:]:
        if (ch in _VOWELS) == wanted_vowel:
            return ch
    return "X"


class PeopleFactory:
    """Draws people with unique CURPs from a seeded generator."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self._curps: set[str] = set()

    def person(self, birth_date: date) -> dict:
        rng = self.rng
        female = rng.random() < 0.12  # ride-hailing drivers in CDMX are mostly men
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        surname1, surname2 = rng.choice(SURNAMES, size=2)
        p_first, p_s1, p_s2 = _plain(first), _plain(surname1), _plain(surname2)
        stem = p_s1[0] + _first_inner(p_s1, True) + p_s2[0] + p_first[0]
        curp_stem = stem[0] + "X" + stem[2:] if stem in CURP_INCONVENIENT_WORDS else stem  # RENAPO's rule
        rfc_stem = stem[:3] + "X" if stem in RFC_INCONVENIENT_WORDS else stem  # the SAT's rule
        yymmdd = birth_date.strftime("%y%m%d")
        consonants = _first_inner(p_s1, False) + _first_inner(p_s2, False) + _first_inner(p_first, False)
        sex = "M" if female else "H"
        pool = _CURP_DIFFERENTIATOR[birth_date.year < 2000]
        start = int(rng.integers(0, len(pool)))
        candidates = (f"{curp_stem}{yymmdd}{sex}{state}{consonants}{pool[(start + k) % len(pool)]}"
                      for state in _BIRTH_STATES for k in range(len(pool)))
        first17 = next((c for c in candidates if c not in self._curps), None)
        if first17 is None:
            raise RuntimeError(f"no CURP left for {curp_stem}{yymmdd}")
        self._curps.add(first17)
        curp = first17 + curp_check_digit(first17)
        rfc_body = f"{rfc_stem}{yymmdd}{_HOMOCLAVE[int(rng.integers(0, 35))]}{_HOMOCLAVE[int(rng.integers(0, 35))]}"
        rfc = rfc_body + rfc_check_digit(rfc_body)
        phone = f"+5255{int(rng.integers(1000, 9999))}{int(rng.integers(1000, 9999))}"
        return {"full_name": f"{first} {surname1} {surname2}", "curp": curp, "rfc": rfc, "phone": phone,
                "birth_date": birth_date}
