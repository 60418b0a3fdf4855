"""Mexican names and identifiers (CURP, RFC, phone) for synthetic drivers."""
from __future__ import annotations

from datetime import date

import numpy as np

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
_HOMOCLAVE = "0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


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
        yymmdd = birth_date.strftime("%y%m%d")
        consonants = _first_inner(p_s1, False) + _first_inner(p_s2, False) + _first_inner(p_first, False)
        sex = "M" if female else "H"
        for attempt in range(len(_HOMOCLAVE) * 10):
            suffix = _HOMOCLAVE[(attempt + int(rng.integers(0, 35))) % len(_HOMOCLAVE)] + str(attempt % 10)
            curp = f"{stem}{yymmdd}{sex}DF{consonants}{suffix}"
            if curp not in self._curps:
                break
        self._curps.add(curp)
        rfc = f"{stem}{yymmdd}{_HOMOCLAVE[int(rng.integers(0, 35))]}{_HOMOCLAVE[int(rng.integers(0, 35))]}{int(rng.integers(0, 10))}"
        phone = f"+52 55 {int(rng.integers(1000, 9999))} {int(rng.integers(1000, 9999))}"
        return {"full_name": f"{first} {surname1} {surname2}", "curp": curp, "rfc": rfc, "phone": phone,
                "birth_date": birth_date}
