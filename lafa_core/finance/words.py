"""Amounts in words as Mexican documents write them: "doce mil trescientos cuarenta y cinco pesos
67/100 M.N." (pagarés and contracts state the amount in figures and in words). Pure, no I/O."""
from __future__ import annotations

_UNITS = ("cero", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
          "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve",
          "veinte", "veintiún", "veintidós", "veintitrés", "veinticuatro", "veinticinco", "veintiséis",
          "veintisiete", "veintiocho", "veintinueve")
_TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta", 9: "noventa"}
_HUNDREDS = {1: "ciento", 2: "doscientos", 3: "trescientos", 4: "cuatrocientos", 5: "quinientos",
             6: "seiscientos", 7: "setecientos", 8: "ochocientos", 9: "novecientos"}


def _below_thousand(n: int) -> str:
    """1–999 in words, with the apocopated "un"/"veintiún" (as before a noun: "veintiún pesos")."""
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append("cien" if hundreds == 1 and rest == 0 else _HUNDREDS[hundreds])
    if rest:
        if rest < 30:
            words.append(_UNITS[rest])
        else:
            tens, units = divmod(rest, 10)
            words.append(_TENS[tens] + (f" y {_UNITS[units]}" if units else ""))
    return " ".join(words)


def number_in_words(n: int) -> str:
    """A whole number (0 to 999,999,999,999) in Spanish words, before a noun ("un", "veintiún")."""
    if not 0 <= n < 10**12:
        raise ValueError(f"{n} is outside 0 to 999,999,999,999")
    if n == 0:
        return "cero"
    millions, below_million = divmod(n, 10**6)
    thousands, units = divmod(below_million, 1000)
    words = []
    if millions:
        words.append("un millón" if millions == 1 else f"{number_in_words(millions)} millones")
    if thousands:
        words.append("mil" if thousands == 1 else f"{_below_thousand(thousands)} mil")
    if units:
        words.append(_below_thousand(units))
    return " ".join(words)


def amount_in_words(centavos: int) -> str:
    """An amount in pesos, in words with the centavos as a fraction: "un millón de pesos 00/100 M.N."."""
    if centavos < 0:
        raise ValueError("an amount in words cannot be negative")
    pesos, cents = divmod(int(centavos), 100)
    words = number_in_words(pesos)
    # "un millón de pesos", "dos millones de pesos" — but "un millón doscientos mil pesos".
    noun = "peso" if pesos == 1 else ("de pesos" if pesos and pesos % 10**6 == 0 else "pesos")
    return f"{words} {noun} {cents:02d}/100 M.N."
