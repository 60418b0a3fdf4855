"""Mexican identifiers and spreadsheet fields at their edges: real values in, the normalized value
out, or a refusal that names the field and why, in Spanish and English."""
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from lafa_core import fields
from lafa_core.bounds import InvalidInput
from lafa_core.errors import error_text
from lafa_core.i18n import CATALOG


def refusal(function, value, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as raised:
        function(value, **kwargs)
    return raised.value


# --- CURP ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "HEGG560427MVZRRL04",  # Gloria Hernández García, Veracruz, 1956: RENAPO's own example
    "BEML920313HMCLNS09",  # Luis Raúl Bello Mena, Estado de México
    "BOXW310820HNERXN09",  # born abroad (NE), no inner consonant in the given name (X)
    "AAAA000101HDFCCC09",  # digit at 17: born 1 Jan 1900, not 2000
    "PEGL050909MJCRMSA2",  # letter at 17: born 9 Sep 2005
    "HEGG560427XVZRRL08",  # X: non-binary, since 2023
])
def test_valid_curps_pass_unchanged(value):
    assert fields.curp(value) == value


def test_curp_is_upper_cased_and_stripped():
    assert fields.curp("  hegg560427mvzrrl04 ") == "HEGG560427MVZRRL04"


def test_curp_check_digit_is_renapos():
    assert fields.curp_check_digit("HEGG560427MVZRRL0") == "4"
    assert fields.curp_check_digit("BOXW310820HNERXN0") == "9"


def test_a_wrong_curp_check_digit_names_the_expected_one():
    error = refusal(fields.curp, "HEGG560427MVZRRL03")
    assert error.field == "CURP" and error.values == {"field": "CURP", "expected": "4", "found": "3"}
    assert error_text(error, "es") == "CURP: el dígito verificador debería ser 4, no 3."
    assert error_text(error, "en") == "CURP: the check digit should be 4, not 3."


@pytest.mark.parametrize("value, key", [
    ("HEGG310231MVZRRL04", "field.curp_date"),  # 31 Feb
    ("AAAA000229HDFCCC01", "field.curp_date"),  # 29 Feb 1900 (digit at 17): not a leap year
    ("HEGG561327MVZRRL04", "field.curp_date"),  # month 13
    ("HEGG560427MQQRRL04", "field.curp_state"),
    ("HEGG560427MCXRRL04", "field.curp_state"),
    ("HEGG560427FVZRRL04", "field.curp_sex"),
    ("HGGG560427MVZRRL04", "field.curp_name"),  # the second letter is a vowel or X
    ("HEG1560427MVZRRL04", "field.curp_name"),
    ("HEGG560427MVZRAL04", "field.curp_consonants"),
    ("HEGG560427MVZRRL#4", "field.curp_homoclave"),
    ("BACA560427MVZRRL04", "field.curp_inconvenient"),  # RENAPO would have issued BXCA
    ("HEGG560427MVZRRL0", "field.curp_length"),
    ("HEGG560427MVZRRL044", "field.curp_length"),
])
def test_malformed_curps_are_refused_with_the_reason(value, key):
    assert refusal(fields.curp, value).key == key


def test_29_february_2000_is_a_birth_date_with_a_letter_at_17():
    first17 = "AAAA000229HDFCCCA"
    assert fields.curp(first17 + fields.curp_check_digit(first17)) == first17 + "6"


def test_an_impossible_curp_date_is_shown_as_written():
    error = refusal(fields.curp, "HEGG310231MVZRRL04")
    assert error_text(error, "es") == "CURP: la fecha de nacimiento «310231» (AAMMDD) no existe."


def test_a_missing_curp_is_required():
    assert refusal(fields.curp, None).key == "field.required"
    assert refusal(fields.curp, "  ").key == "field.required"
    assert refusal(fields.curp, 123456789012345678).key == "field.text_required"


# --- RFC -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, normalized", [
    ("GODE561231GR8", "GODE561231GR8"),  # individual
    ("GODE 561231 GR8", "GODE561231GR8"),  # as printed on the cédula
    ("MAB-930714-8T4", "MAB9307148T4"),  # company, with dashes
    ("AEL7407151YA", "AEL7407151YA"),  # check digit A (11 − r = 10)
    ("CGB000229SW0", "CGB000229SW0"),  # 29 Feb 2000; check digit 0 (r = 0)
    ("&&&030828PX7", "&&&030828PX7"),  # & in a company's name
    ("muñ110218lj6", "MUÑ110218LJ6"),  # Ñ counts 38
    ("GOAJ7101257MA", "GOAJ7101257MA"),
    ("XAXX010101000", "XAXX010101000"),  # SAT's generic RFC for the general public
    ("XEXX010101000", "XEXX010101000"),  # SAT's generic RFC for foreigners
])
def test_valid_rfcs_pass(value, normalized):
    assert fields.rfc(value) == normalized


def test_rfc_check_digit_is_the_sats():
    assert fields.rfc_check_digit("GODE561231GR") == "8"
    assert fields.rfc_check_digit("MAB9307148T") == "4"  # a company's: padded with a space to 13
    assert fields.rfc_check_digit("XEXX01010100") == "0"
    # The general-public generic RFC does not follow the algorithm; it is valid by SAT's rule.
    assert fields.rfc_check_digit("XAXX01010100") == "4"
    with pytest.raises(ValueError):
        fields.rfc_check_digit("GODE561231GR8")  # give it without the check digit


def test_a_wrong_rfc_check_digit_names_the_expected_one():
    error = refusal(fields.rfc, "VACE460910SX6", field="RFC del conductor")
    assert error_text(error, "es") == "RFC del conductor: el dígito verificador debería ser 5, no 6."


@pytest.mark.parametrize("value, key", [
    ("GODE561331GR8", "field.rfc_date"),
    ("GODE560230GR8", "field.rfc_date"),
    ("MAB9302307T4", "field.rfc_date"),
    ("GOD1561231GR8", "field.rfc_name"),
    ("GODE561231G#8", "field.rfc_homoclave"),
    ("GODE561231GRB", "field.rfc_homoclave"),  # the check digit is 0-9 or A
    ("CACA580710NF7", "field.rfc_inconvenient"),
    ("GODE561231", "field.rfc_length"),  # without homoclave: not enough to identify anyone
    ("GODE561231GR88", "field.rfc_length"),
])
def test_malformed_rfcs_are_refused(value, key):
    assert refusal(fields.rfc, value).key == key


# --- Phones --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "5512345678", "55 1234 5678", "55-1234-5678", "(55) 1234-5678", "55.1234.5678", "+52 55 1234 5678",
    "52 55 1234 5678", "+52 1 55 1234 5678", "+521 (55) 1234 5678", "  +525512345678 ", 5512345678, 5512345678.0,
])
def test_mexican_phones_become_e164(value):
    assert fields.phone_mx(value) == "+525512345678"


def test_a_phone_outside_the_capital():
    assert fields.phone_mx("(33) 3614-1234") == "+523336141234"  # Guadalajara
    assert fields.phone_mx("+52 1 81 8123 4567") == "+528181234567"  # Monterrey, old mobile prefix


@pytest.mark.parametrize("value, key", [
    ("+1 212 555 0100", "field.phone_country"),
    ("55 1234 567", "field.phone_length"),
    ("55 1234 56789", "field.phone_length"),
    ("044 55 1234 5678", "field.phone_leading"),  # mobile prefix retired in 2019
    ("01 55 1234 5678", "field.phone_leading"),
    ("1234567890", "field.phone_leading"),
    ("55 1234 5678 ext. 2", "field.phone_characters"),
    ("55/1234/5678", "field.phone_characters"),
    ("", "field.required"),
    (None, "field.required"),
])
def test_wrong_phones_are_refused(value, key):
    error = refusal(fields.phone_mx, value)
    assert error.key == key and error_text(error, "es").startswith("Teléfono: ")


# --- VIN -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1M8GDM9AXKP042788", "1HGCM82633A004352", "11111111111111111"])
def test_vins_with_a_good_check_digit_pass_without_warnings(value):
    assert fields.vin(value) == (value, [])
    assert fields.vin_check_digit(value) == value[8]


def test_a_vin_is_upper_cased():
    assert fields.vin(" 1m8gdm9axkp042788 ") == ("1M8GDM9AXKP042788", [])


def test_a_wrong_vin_check_digit_is_a_warning_not_an_error():
    value, warnings = fields.vin("1M8GDM9A1KP042788", field="VIN de la unidad")
    assert value == "1M8GDM9A1KP042788"
    assert warnings == [fields.FieldWarning("VIN de la unidad", "field.vin_check_digit",
                                            {"expected": "X", "found": "1"})]
    assert warnings[0].text("es") == ("VIN de la unidad: el dígito verificador (posición 9) debería ser X, no 1; "
                                      "revisa que el VIN esté bien copiado.")
    assert warnings[0].text("en").startswith("VIN de la unidad: the check digit (position 9) should be X, not 1")
    # European VINs do not use position 9 as a check digit: still accepted.
    assert fields.vin("WP0ZZZ99ZTS392124")[1][0].key == "field.vin_check_digit"


def test_warnings_are_frozen_and_hashable():
    warning = fields.FieldWarning("VIN", "field.vin_check_digit", {"expected": "X", "found": "1"})
    with pytest.raises(AttributeError):
        warning.key = "other"  # type: ignore[misc]
    assert hash(warning) == hash(fields.FieldWarning("VIN", "field.vin_check_digit", {}))


@pytest.mark.parametrize("value, key", [
    ("1M8GDM9AXKP04278O", "field.vin_forbidden_letters"),  # O for zero
    ("IM8GDM9AXKP042788", "field.vin_forbidden_letters"),  # I for one
    ("1M8GDM9AXKQ042788", "field.vin_forbidden_letters"),
    ("1M8GDM9AXKP04278", "field.vin_length"),
    ("1M8GDM9AXKP0427888", "field.vin_length"),
    ("1M8GDM9AXKP-42788", "field.vin_characters"),
    ("1M8GDM9AXKP0427Ñ8", "field.vin_characters"),
])
def test_malformed_vins_are_refused(value, key):
    assert refusal(fields.vin, value).key == key


def test_forbidden_vin_letters_are_named():
    error = refusal(fields.vin, "IM8GDM9AXKP04278O")
    assert error_text(error, "es").endswith("se encontró I, O.")


# --- Plates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, normalized", [
    ("ABC-123-D", "ABC-123-D"), ("abc 123 d", "ABC-123-D"), ("A12-BCD", "A12-BCD"), ("123ABC", "123ABC"),
    (" mxa-12-34 ", "MXA-12-34"), ("12345", "12345"), ("ABCD-1234", "ABCD-1234"),
])
def test_plates_are_upper_cased_with_dashes(value, normalized):
    assert fields.plate_mx(value) == normalized


@pytest.mark.parametrize("value, key", [
    ("AB-12", "field.plate_length"), ("ABCDE-12345", "field.plate_length"), ("ABC*123", "field.plate_characters"),
    ("ÑAB-123", "field.plate_characters"), ("ABC-DEF", "field.plate_digit"), ("", "field.required"),
])
def test_wrong_plates_are_refused(value, key):
    assert refusal(fields.plate_mx, value).key == key


# --- Dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("13/02/2026", date(2026, 2, 13)), ("1/2/2026", date(2026, 2, 1)), ("13-02-2026", date(2026, 2, 13)),
    ("13.02.2026", date(2026, 2, 13)), ("2026-02-13", date(2026, 2, 13)), (" 29/02/2024 ", date(2024, 2, 29)),
    (date(2026, 2, 13), date(2026, 2, 13)), (datetime(2026, 2, 13, 0, 0), date(2026, 2, 13)),  # openpyxl
    (45292, date(2024, 1, 1)), (45292.0, date(2024, 1, 1)), (45292.75, date(2024, 1, 1)),
    (61, date(1900, 3, 1)), (59, date(1900, 2, 28)), (1, date(1900, 1, 1)),
])
def test_dates_as_mexico_and_excel_write_them(value, expected):
    assert fields.date_mx(value) == expected


def test_month_first_is_refused_by_the_day_first_rule():
    error = refusal(fields.date_mx, "02/13/2026", field="Fecha de pago")
    assert error.key == "field.date_order"
    assert error_text(error, "es") == ("Fecha de pago: no existe el mes 13; escribe la fecha como dd/mm/aaaa "
                                       "(primero el día).")


@pytest.mark.parametrize("value, key", [
    ("31/02/2026", "field.date_impossible"), ("29/02/2025", "field.date_impossible"),
    ("00/01/2026", "field.date_impossible"),
    ("13/02/26", "field.date_format"), ("13 feb 2026", "field.date_format"), ("2026/02/13", "field.date_format"),
    ("13/02-2026", "field.date_format"), ("01/01/1850", "field.date_year"), (date(2206, 1, 1), "field.date_year"),
    (60, "field.date_serial_leap_bug"), (0, "field.date_serial"), (-5, "field.date_serial"),
    (float("nan"), "field.required"), (True, "field.text_required"), (None, "field.required"),
])
def test_wrong_dates_are_refused(value, key):
    assert refusal(fields.date_mx, value).key == key


# --- Times ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("8:30", time(8, 30)), ("08:30", time(8, 30)), ("17:45:10", time(17, 45, 10)), ("0:00", time(0, 0)),
    (time(7, 5), time(7, 5)), (0, time(0, 0)), (0.5, time(12, 0)),
    (0.3541666666666667, time(8, 30)),  # how Excel stores 08:30
    (0.999988425925926, time(23, 59, 59)),
])
def test_times_of_day(value, expected):
    assert fields.time_of_day(value) == expected


@pytest.mark.parametrize("value, key", [
    ("24:00", "field.time_range"), ("12:60", "field.time_range"), ("8.30", "field.time_format"),
    ("8:30 pm", "field.time_format"), ("830", "field.time_format"), (1, "field.time_fraction"),
    (1.25, "field.time_fraction"), (-0.1, "field.time_fraction"), (datetime(2026, 1, 5, 8, 30), "field.time_format"),
    (None, "field.required"),
])
def test_wrong_times_are_refused(value, key):
    assert refusal(fields.time_of_day, value).key == key


# --- Amounts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, centavos", [
    ("$1,234.50", 123_450), ("1234.5", 123_450), (" $ 1,234 ", 123_400), ("1,234,567.89", 123_456_789),
    (".5", 50), ("$0.01", 1), (1234, 123_400), (Decimal("12.70"), 1270), (1234.5, 123_450), (19.99, 1999),
    (0.1, 10), ("12.700", 1270), ("0", 0), (0, 0),
])
def test_amounts_become_exact_centavos(value, centavos):
    assert fields.amount_mxn(value) == centavos


def test_floats_that_are_not_exact_to_the_centavo_are_refused_not_rounded():
    assert refusal(fields.amount_mxn, 0.1 + 0.2).key == "input.amount_decimals"
    assert refusal(fields.amount_mxn, 1234.505).key == "input.amount_decimals"


@pytest.mark.parametrize("value, key", [
    ("1,234.567", "input.amount_decimals"), ("1.234,50", "field.amount_format"), ("1,23.4", "field.amount_format"),
    ("1234,5", "field.amount_format"), ("12abc", "input.amount_invalid"), ("MXN 100", "input.amount_invalid"),
    ("$", "input.amount_invalid"), ("--5", "input.amount_invalid"), ("-5", "field.amount_negative"),
    ("-$1,000.10", "field.amount_negative"), ("", "input.amount_required"), (None, "input.amount_required"),
    (True, "input.amount_required"), (float("nan"), "input.amount_invalid"), (float("inf"), "input.amount_invalid"),
    ("100000001", "input.amount_too_large"),
])
def test_wrong_amounts_are_refused(value, key):
    error = refusal(fields.amount_mxn, value)
    assert error.key == key and error.field == "Monto"


def test_negatives_and_zero_only_when_allowed():
    assert fields.amount_mxn("-$1,000.10", allow_negative=True) == -100_010
    assert fields.amount_mxn("$-80", allow_negative=True) == -8000
    assert refusal(fields.amount_mxn, "0", allow_zero=False).key == "input.amount_positive"
    assert fields.amount_mxn("1,000", maximum=100_000) == 100_000
    assert refusal(fields.amount_mxn, "1,000.01", maximum=100_000).key == "input.amount_too_large"


def test_amount_format_message_in_both_languages():
    error = refusal(fields.amount_mxn, "1.234,50", field="Pago semanal")
    assert error_text(error, "es") == ("Pago semanal: escribe el monto con punto decimal y comas de miles, "
                                       "por ejemplo $1,234.50.")
    assert error_text(error, "en").startswith("Pago semanal: write the amount with a decimal point")


# --- Every refusal reads in both languages ----------------------------------------------------------

REFUSALS = [
    (fields.curp, "HEGG560427MVZRRL03"), (fields.curp, "HEGG310231MVZRRL04"), (fields.curp, "X"),
    (fields.curp, "HEGG560427MQQRRL04"), (fields.curp, "HEGG560427FVZRRL04"), (fields.curp, "HGGG560427MVZRRL04"),
    (fields.curp, "HEGG560427MVZRAL04"), (fields.curp, "HEGG560427MVZRRL#4"), (fields.curp, "BACA560427MVZRRL04"),
    (fields.rfc, "VACE460910SX6"), (fields.rfc, "X"), (fields.rfc, "GOD1561231GR8"), (fields.rfc, "GODE561331GR8"),
    (fields.rfc, "GODE561231G#8"), (fields.rfc, "CACA580710NF7"),
    (fields.phone_mx, "+1 212 555 0100"), (fields.phone_mx, "5512"), (fields.phone_mx, "044 55 1234 5678"),
    (fields.phone_mx, "55/1234/5678"), (fields.phone_mx, None), (fields.phone_mx, 12.5),
    (fields.vin, "X"), (fields.vin, "1M8GDM9AXKP04278O"), (fields.vin, "1M8GDM9AXKP-42788"),
    (fields.plate_mx, "AB"), (fields.plate_mx, "AB*123"), (fields.plate_mx, "ABCDEF"),
    (fields.date_mx, "x"), (fields.date_mx, "02/13/2026"), (fields.date_mx, "31/02/2026"), (fields.date_mx, "1/1/1850"),
    (fields.date_mx, 0), (fields.date_mx, 60),
    (fields.time_of_day, "x"), (fields.time_of_day, "25:00"), (fields.time_of_day, 2),
    (fields.amount_mxn, "1.234,50"), (fields.amount_mxn, "-5"), (fields.amount_mxn, "x"), (fields.amount_mxn, ""),
    (fields.amount_mxn, "1.001"), (fields.amount_mxn, "999999999"),
]


@pytest.mark.parametrize("function, value", REFUSALS)
def test_every_refusal_names_the_field_in_spanish_and_english(function, value):
    error = refusal(function, value, field="Campo")
    assert error.key in CATALOG, error.key
    spanish, english = error_text(error, "es"), error_text(error, "en")
    assert spanish.startswith("Campo: ") and english.startswith("Campo: ") and spanish != english
    assert str(error).startswith("Campo: ")


def test_every_field_message_is_used():
    keys = {key for key in CATALOG if key.startswith("field.")}
    used = {refusal(function, value, field="Campo").key for function, value in REFUSALS} | {"field.vin_check_digit"}
    assert keys - used == set()
