"""Amounts in words as a pagaré writes them, at their edges."""
import pytest

from lafa_core.finance.words import amount_in_words, number_in_words


@pytest.mark.parametrize("centavos, words", [
    (1, "cero pesos 01/100 M.N."),
    (100, "un peso 00/100 M.N."),
    (2_100, "veintiún pesos 00/100 M.N."),
    (10_000, "cien pesos 00/100 M.N."),
    (10_100, "ciento un pesos 00/100 M.N."),
    (100_000, "mil pesos 00/100 M.N."),
    (2_100_000, "veintiún mil pesos 00/100 M.N."),
    (1_234_567, "doce mil trescientos cuarenta y cinco pesos 67/100 M.N."),
    (100_000_000, "un millón de pesos 00/100 M.N."),
    (250_000_000, "dos millones quinientos mil pesos 00/100 M.N."),
    (300_000_000, "tres millones de pesos 00/100 M.N."),
    (62_400_000, "seiscientos veinticuatro mil pesos 00/100 M.N."),
])
def test_amounts_in_words(centavos, words):
    assert amount_in_words(centavos) == words


def test_tens_units_and_hundreds():
    assert [number_in_words(n) for n in (16, 22, 30, 31, 99, 115, 500, 999)] == [
        "dieciséis", "veintidós", "treinta", "treinta y un", "noventa y nueve", "ciento quince", "quinientos",
        "novecientos noventa y nueve"]


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        amount_in_words(-1)
