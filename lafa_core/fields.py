"""One validation module for Mexican identifiers and spreadsheet fields.

Importers, page forms and onboarding call these. Each function takes the raw value (as typed, or as
openpyxl/pandas read it from a workbook) and the field's name in the user's words, and returns the
normalized value or raises `bounds.InvalidInput` naming the field and why. Nothing is rounded,
cut or guessed. A doubt that must not block the value (a VIN's check digit) is returned as a
`FieldWarning`, never raised.

Messages: English in the exception (command line, logs); `key` + `values` give the translated
sentence (lafa_core.i18n.fields, and input.* from lafa_core.i18n.inputs for amounts).
"""
from __future__ import annotations

import numbers
import re
from dataclasses import dataclass, field as dataclass_field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from lafa_core import bounds
from lafa_core.bounds import InvalidInput


@dataclass(frozen=True)
class FieldWarning:
    """A value accepted with a doubt worth showing: `t(key, lang, field=field, **values)`."""

    field: str
    key: str
    values: dict = dataclass_field(default_factory=dict, hash=False)

    def text(self, lang: str = "es") -> str:
        from lafa_core.i18n import t

        return t(self.key, lang, field=self.field, **self.values)


def _required_text(value, field: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(field, "is required", key="field.required")
    if not isinstance(value, str):
        raise InvalidInput(field, "text is required", key="field.text_required")
    return value


def _compact(value, field: str) -> str:
    """Upper case without spaces or dashes (identifiers are often printed as `GODE 561231 GR8`)."""
    return re.sub(r"[\s\-]", "", _required_text(value, field)).upper()


def _yymmdd(digits: str, century: int) -> date | None:
    try:
        return date(century + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None


# --- CURP (RENAPO) -------------------------------------------------------------------------------

CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
# Entidad de nacimiento (RENAPO); NE = nacido en el extranjero. Ciudad de México keeps DF.
CURP_STATES = frozenset("AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ "
                        "YN ZS NE".split())
# Words RENAPO never issues: it replaces the second letter with X (BUEY → BXEY).
CURP_INCONVENIENT_WORDS = frozenset("""
    BACA BAKA BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COGI COJA COJE COJI COJO COLA CULO FALO FETO GETA
    GUEI GUEY JETA JOTO KACA KACO KAGA KAGO KAKA KAKO KOGE KOGI KOJA KOJE KOJI KOJO KOLA KULO LILO LOCA LOCO
    LOKA LOKO MAME MAMO MEAR MEAS MEON MIAR MION MOCO MOKO MULA MULO NACA NACO PEDA PEDO PENE PIPI PITO POPO
    PUTA PUTO QULO RATA ROBA ROBE ROBO RUIN SENO TETA VACA VAGA VAGO VAKA VUEI VUEY WUEI WUEY""".split())
_CURP_CONSONANTS = set("BCDFGHJKLMNPQRSTVWXYZ")


def curp_check_digit(first17: str) -> str:
    """RENAPO's check digit over the first 17 characters: Σ value×(18−i), digit = (10 − Σ mod 10) mod 10."""
    total = sum(CURP_ALPHABET.index(ch) * (18 - i) for i, ch in enumerate(first17[:17]))
    return str((10 - total % 10) % 10)


def curp_birth_date(value: str) -> date | None:
    """The birth date a well-formed CURP encodes (century from character 17), or None."""
    return _yymmdd(value[4:10], 1900 if value[16].isdigit() else 2000) if len(value) == 18 else None


def curp(value, field: str = "CURP") -> str:
    """An 18-character CURP, upper case, every part and the check digit verified."""
    text = _compact(value, field)
    if len(text) != 18:
        raise InvalidInput(field, f"a CURP has 18 characters, got {len(text)}", key="field.curp_length",
                           length=len(text))
    name_part = text[:4]
    if not re.fullmatch(r"[A-Z][AEIOUX][A-Z]{2}", name_part):
        raise InvalidInput(field, f"the first 4 characters must be letters from the name, got {name_part!r}",
                           key="field.curp_name", part=name_part)
    homoclave = text[16]
    if not re.fullmatch(r"[0-9A-Z]", homoclave):
        raise InvalidInput(field, f"character 17 must be a digit or a letter, got {homoclave!r}",
                           key="field.curp_homoclave", part=homoclave)
    if not text[4:10].isdigit() or curp_birth_date(text) is None:
        raise InvalidInput(field, f"the birth date {text[4:10]!r} (YYMMDD) does not exist", key="field.curp_date",
                           part=text[4:10])
    if text[10] not in "HMX":
        raise InvalidInput(field, f"character 11 must be H, M or X, got {text[10]!r}", key="field.curp_sex",
                           part=text[10])
    if text[11:13] not in CURP_STATES:
        raise InvalidInput(field, f"{text[11:13]!r} is not a birth-state code", key="field.curp_state",
                           part=text[11:13])
    if not all(ch in _CURP_CONSONANTS for ch in text[13:16]):
        raise InvalidInput(field, f"characters 14 to 16 must be consonants, got {text[13:16]!r}",
                           key="field.curp_consonants", part=text[13:16])
    if name_part in CURP_INCONVENIENT_WORDS:
        raise InvalidInput(field, f"RENAPO never issues {name_part!r}", key="field.curp_inconvenient", part=name_part)
    expected = curp_check_digit(text[:17])
    if text[17] != expected:
        raise InvalidInput(field, f"the check digit should be {expected}, not {text[17]}",
                           key="field.curp_check_digit", expected=expected, found=text[17])
    return text


# --- RFC (SAT) -----------------------------------------------------------------------------------

RFC_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"  # values 0..38: & = 24, space = 37, Ñ = 38
# SAT's generic RFCs: general public (its check digit does not follow the algorithm) and foreigners.
RFC_GENERIC = frozenset({"XAXX010101000", "XEXX010101000"})
# Words the SAT never issues for individuals: it replaces the last letter with X (BUEY → BUEX).
RFC_INCONVENIENT_WORDS = frozenset("""
    BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COJA COJE COJI COJO CULO FETO GUEY JOTO KACA KACO KAGA KAGO
    KAKA KOGE KOJO KULO MAME MAMO MEAR MEAS MEON MION MOCO MULA PEDA PEDO PENE PUTA PUTO QULO RATA RUIN""".split())


def rfc_check_digit(body: str) -> str:
    """SAT's check digit for an RFC given without it: 12 characters (individual) or 11 (company).

    A company's RFC is padded on the left with a space to 13; Σ value×(13−i) over the first 12;
    r = Σ mod 11; the digit is 0 when r = 0, A when 11 − r = 10, else 11 − r."""
    if len(body) not in (11, 12):
        raise ValueError(f"an RFC without its check digit has 11 or 12 characters, got {len(body)}")
    total = sum(RFC_ALPHABET.index(ch) * (13 - i) for i, ch in enumerate(body.rjust(12)))
    remainder = total % 11
    if remainder == 0:
        return "0"
    return "A" if 11 - remainder == 10 else str(11 - remainder)


def rfc(value, field: str = "RFC") -> str:
    """An RFC: 13 characters for an individual (4 letters), 12 for a company (3 letters), then
    YYMMDD, a two-character homoclave and SAT's check digit."""
    text = _compact(value, field)
    if text in RFC_GENERIC:
        return text
    if len(text) not in (12, 13):
        raise InvalidInput(field, f"an RFC has 13 characters (individual) or 12 (company), got {len(text)}",
                           key="field.rfc_length", length=len(text))
    letters = len(text) - 9
    name_part, digits, homoclave = text[:letters], text[letters:letters + 6], text[letters + 6:]
    if not re.fullmatch(r"[A-ZÑ&]+", name_part):
        raise InvalidInput(field, f"the first {letters} characters must be letters, got {name_part!r}",
                           key="field.rfc_name", count=letters, part=name_part)
    # The RFC does not say the century: the date must exist in one of them (000229 is 29 Feb 2000).
    if not digits.isdigit() or (_yymmdd(digits, 1900) is None and _yymmdd(digits, 2000) is None):
        raise InvalidInput(field, f"the date {digits!r} (YYMMDD) does not exist", key="field.rfc_date", part=digits)
    if not re.fullmatch(r"[0-9A-Z]{2}[0-9A]", homoclave):
        raise InvalidInput(field, f"the homoclave {homoclave!r} holds only letters and digits",
                           key="field.rfc_homoclave", part=homoclave)
    if letters == 4 and name_part in RFC_INCONVENIENT_WORDS:
        raise InvalidInput(field, f"the SAT never issues {name_part!r}", key="field.rfc_inconvenient", part=name_part)
    expected = rfc_check_digit(text[:-1])
    if text[-1] != expected:
        raise InvalidInput(field, f"the check digit should be {expected}, not {text[-1]}",
                           key="field.rfc_check_digit", expected=expected, found=text[-1])
    return text


# --- Phone ---------------------------------------------------------------------------------------

def phone_mx(value, field: str = "Teléfono") -> str:
    """A Mexican phone number in E.164, `+52XXXXXXXXXX`: 10 national digits, with or without +52 / 52
    and the old mobile 1 after it (+52 1 55…); spaces, dashes, dots and parentheses are ignored."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = str(int(value))  # a spreadsheet cell holding the number itself
    elif isinstance(value, float) and value.is_integer():
        value = str(int(value))
    text = _required_text(value, field).strip()
    plus = text.startswith("+")
    digits = re.sub(r"[\s\-.()]", "", text[1:] if plus else text)
    if not digits.isdigit():
        raise InvalidInput(field, "only digits, spaces, dashes, dots, parentheses and +52",
                           key="field.phone_characters")
    if plus and not digits.startswith("52"):
        raise InvalidInput(field, "only Mexican numbers (+52)", key="field.phone_country")
    if len(digits) == 12 and digits.startswith("52"):
        digits = digits[2:]
    elif len(digits) == 13 and digits.startswith("521"):
        digits = digits[3:]
    elif plus:
        digits = digits[2:]
    if digits[:1] in ("0", "1"):  # 01, 044, 045: long-distance and mobile prefixes retired in 2019
        raise InvalidInput(field, "a Mexican number does not start with 0 or 1", key="field.phone_leading")
    if len(digits) != 10:
        raise InvalidInput(field, f"a Mexican number has 10 digits, got {len(digits)}", key="field.phone_length",
                           digits=len(digits))
    return f"+52{digits}"


# --- VIN (ISO 3779) ------------------------------------------------------------------------------

_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10)))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(value: str) -> str:
    """The position-9 check digit of a 17-character VIN (North American transliteration and weights;
    position 9 itself weighs 0, so any placeholder there will do). 10 is written X."""
    remainder = sum(_VIN_VALUES[ch] * w for ch, w in zip(value, _VIN_WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def vin(value, field: str = "VIN") -> tuple[str, list[FieldWarning]]:
    """A 17-character VIN, upper case, without I, O or Q. A wrong check digit is a warning, not an
    error: not every market requires it (Europe does not)."""
    text = re.sub(r"\s", "", _required_text(value, field)).upper()
    if not text.isascii() or not text.isalnum():
        raise InvalidInput(field, "only letters and digits", key="field.vin_characters")
    if len(text) != 17:
        raise InvalidInput(field, f"a VIN has 17 characters, got {len(text)}", key="field.vin_length",
                           length=len(text))
    forbidden = sorted(set(text) & set("IOQ"))
    if forbidden:
        letters = ", ".join(forbidden)
        raise InvalidInput(field, f"a VIN never holds I, O or Q; found {letters}", key="field.vin_forbidden_letters",
                           letters=letters)
    expected = vin_check_digit(text)
    warnings = [] if text[8] == expected else [
        FieldWarning(field, "field.vin_check_digit", {"expected": expected, "found": text[8]})]
    return text, warnings


# --- Plate ---------------------------------------------------------------------------------------

def plate_mx(value, field: str = "Placa") -> str:
    """A Mexican plate, upper case, its groups joined by dashes (`abc 123 d` → `ABC-123-D`): 5 to 8
    letters and digits with at least one digit; anything else (symbols, accents) is refused."""
    text = _required_text(value, field).strip().upper()
    if not re.fullmatch(r"[A-Z0-9\s\-]+", text):
        raise InvalidInput(field, "only letters, digits and dashes", key="field.plate_characters")
    groups = [g for g in re.split(r"[\s\-]+", text) if g]
    length = sum(map(len, groups))
    if not 5 <= length <= 8:
        raise InvalidInput(field, f"5 to 8 letters and digits, got {length}", key="field.plate_length", length=length)
    if not any(ch.isdigit() for g in groups for ch in g):
        raise InvalidInput(field, "a plate holds at least one digit", key="field.plate_digit")
    return "-".join(groups)


# --- Dates and times -----------------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 1900, 2100
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 = 1 Mar 1900, past Excel's phantom 29 Feb 1900 (serial 60)
_MAX_EXCEL_SERIAL = (date(9999, 12, 31) - _EXCEL_EPOCH).days
_DAY_FIRST = re.compile(r"(\d{1,2})([/\-.])(\d{1,2})\2(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _excel_date(serial, field: str) -> date:
    if isinstance(serial, float) and not serial == serial:  # NaN: an empty cell read by pandas
        raise InvalidInput(field, "is required", key="field.required")
    if not 1 <= serial <= _MAX_EXCEL_SERIAL:
        raise InvalidInput(field, f"{serial} is not a valid Excel date number", key="field.date_serial",
                           serial=serial)
    whole = int(serial)  # a fraction is the time of day: the date is the day it falls on
    if whole == 60:
        raise InvalidInput(field, "Excel's 60 is 29 Feb 1900, which never existed", key="field.date_serial_leap_bug")
    return _EXCEL_EPOCH + timedelta(days=whole) if whole > 60 else date(1899, 12, 31) + timedelta(days=whole)


def _in_range(day: date, field: str) -> date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidInput(field, f"the year {day.year} is out of range ({MIN_YEAR} to {MAX_YEAR})",
                           key="field.date_year", year=day.year, minimum=MIN_YEAR, maximum=MAX_YEAR)
    return day


def date_mx(value, field: str = "Fecha") -> date:
    """A date as Mexico writes it: dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or ISO
    yyyy-mm-dd; a `date`/`datetime` from a workbook; or an Excel serial number (1900 system).
    A month above 12 is refused with the dd/mm/aaaa rule: 02/13/2026 is not read as 13 February."""
    if isinstance(value, datetime):
        return _in_range(value.date(), field)
    if isinstance(value, date):
        return _in_range(value, field)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return _in_range(_excel_date(value, field), field)
    text = _required_text(value, field).strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    else:
        raise InvalidInput(field, "write the date as dd/mm/yyyy", key="field.date_format")
    if not 1 <= month <= 12:
        raise InvalidInput(field, f"there is no month {month}; write the date as dd/mm/yyyy", key="field.date_order",
                           month=month)
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise InvalidInput(field, f"the date {text} does not exist", key="field.date_impossible", text=text) from None
    return _in_range(parsed, field)


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def time_of_day(value, field: str = "Hora") -> time:
    """A time of day: H:MM, HH:MM or HH:MM:SS (24-hour clock), a `datetime.time`, or an Excel
    fraction of a day (0 ≤ x < 1, to the nearest second)."""
    if isinstance(value, time):
        return value
    if isinstance(value, datetime):  # a date and a time: which part was meant is not ours to guess
        raise InvalidInput(field, "write the time as HH:MM (24-hour clock)", key="field.time_format")
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        fraction = Decimal(str(value))
        if not fraction.is_finite() or not 0 <= fraction < 1:
            raise InvalidInput(field, f"an Excel time is a fraction of a day from 0 to below 1, got {value}",
                               key="field.time_fraction", value=value)
        seconds = int((fraction * 86400).to_integral_value())  # Excel stores whole seconds as binary fractions
        if seconds >= 86400:
            raise InvalidInput(field, f"an Excel time is a fraction of a day from 0 to below 1, got {value}",
                               key="field.time_fraction", value=value)
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    text = _required_text(value, field).strip()
    match = _CLOCK.fullmatch(text)
    if not match:
        raise InvalidInput(field, "write the time as HH:MM (24-hour clock)", key="field.time_format")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidInput(field, f"the time {text} does not exist", key="field.time_range", text=text)
    return time(hour, minute, second)


# --- Money ---------------------------------------------------------------------------------------

_AMOUNT = re.compile(r"(?P<sign1>-?)\s*\$?\s*(?P<sign2>-?)\s*"
                     r"(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)")


def amount_mxn(value, field: str = "Monto", *, allow_zero: bool = True, allow_negative: bool = False,
               maximum: int = bounds.MAX_CENTAVOS) -> int:
    """Pesos → exact integer centavos. Text as Mexico writes it ("$1,234.50", "1234.5", " $ 1,234 ",
    "-$80"), int, Decimal, or a float only when it is exact to the centavo (openpyxl's 1234.5;
    0.1 + 0.2 is refused). Commas only as thousands separators; never rounded."""
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(field, "an amount in pesos is required", key="input.amount_required")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, numbers.Integral):
        amount = Decimal(int(value))
    elif isinstance(value, float):
        amount = Decimal(str(value))  # the shortest repr: 1234.5 stays 1234.5, 0.1 + 0.2 shows its tail
    elif isinstance(value, str):
        match = _AMOUNT.fullmatch(value.strip())
        if not match:
            if re.search(r"[A-Za-z]", value) or not re.search(r"\d", value):
                raise InvalidInput(field, f"{value!r} is not an amount in pesos", key="input.amount_invalid")
            raise InvalidInput(field, f"{value!r}: use a decimal point and thousands commas (1,234.50)",
                               key="field.amount_format")
        if match["sign1"] and match["sign2"]:
            raise InvalidInput(field, f"{value!r} is not an amount in pesos", key="input.amount_invalid")
        amount = Decimal(match["number"].replace(",", ""))
        if match["sign1"] or match["sign2"]:
            amount = -amount
    else:
        raise InvalidInput(field, f"{value!r} is not an amount in pesos", key="input.amount_invalid")
    if not amount.is_finite():
        raise InvalidInput(field, f"{value!r} is not an amount in pesos", key="input.amount_invalid")
    if amount == 0:
        if not allow_zero:
            raise InvalidInput(field, "the amount must be positive", key="input.amount_positive")
        return 0
    if amount < 0 and not allow_negative:
        raise InvalidInput(field, "the amount cannot be negative", key="field.amount_negative")
    # The exactness (no rounding) and the ceiling are bounds.centavos' rules, on the magnitude.
    magnitude = bounds.centavos(abs(amount), field, maximum=maximum)
    return -magnitude if amount < 0 else magnitude
