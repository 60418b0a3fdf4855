"""What each importable sheet holds: its columns in order, how each cell is read (lafa_core.fields),
which are required, the allowed values of the list columns, and an example row that passes.

A column's header is written in the user's language in the template (`ingest.<kind>.<field>`), and
either language's header is accepted on import. A list column accepts the stored code or its label
in either language ("Vigente", "Active", "active"); yes/no columns accept Sí/No/Yes/No.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Callable

from lafa_core import bounds, fields
from lafa_core.bounds import InvalidInput
from lafa_core.generate.geography import ZONES
from lafa_core.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from lafa_core.imports.sheet import Column, header_key
from lafa_core.tables import ContractStatus, DriverStatus, PaymentMethod, Product, VehicleStatus

KINDS = ("drivers", "vehicles", "contracts", "payments")
NATURAL_KEY = {"drivers": "curp", "vehicles": "vin", "contracts": "code", "payments": "reference"}
OEMS = ("Geely", "JAC", "GAC")
ALCALDIAS = tuple(name for name, *_ in ZONES)
LTO_TERM_WEEKS = 208  # 48 months of weekly payments


class UnknownKind(ValueError):
    pass


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise UnknownKind(f"unknown sheet {kind!r}: use one of {', '.join(KINDS)}")
    return kind


# --- cell readers: (value, column as written) → stored value, or InvalidInput -----------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    return str(value).strip()


def text(max_length: int, *, upper: bool = False) -> Callable:
    def read(value, field: str) -> str:
        result = bounds.text(_text(value), field, max_length=max_length, required=True).strip()
        return result.upper() if upper else result
    return read


def number(minimum: float, maximum: float) -> Callable:
    """A decimal number (kWh, km), exact as written: 31.4 stays 31.4."""
    def read(value, field: str) -> float:
        if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
            raise InvalidInput(field, "is required", key="field.required")
        try:
            amount = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise InvalidInput(field, f"{value!r} is not a number", key="ingest.not_a_number") from None
        if not amount.is_finite() or not minimum <= amount <= maximum:
            raise InvalidInput(field, f"must be from {minimum:g} to {maximum:g}", key="ingest.number_range",
                               minimum=f"{minimum:g}", maximum=f"{maximum:g}")
        return float(amount)
    return read


def whole(minimum: int, maximum: int) -> Callable:
    def read(value, field: str) -> int:
        if isinstance(value, str) and not value.strip():
            raise InvalidInput(field, "is required", key="field.required")
        return bounds.whole_number(value, field, minimum=minimum, maximum=maximum)
    return read


def pesos(*, positive: bool) -> Callable:
    def read(value, field: str) -> int:
        return fields.amount_mxn(value, field, allow_zero=not positive)
    return read


def vin(value, field: str):
    return fields.vin(value, field)  # (vin, warnings): the check digit is a warning


@dataclass(frozen=True)
class Choices:
    group: str  # i18n: ingest.choice.<group>.<code>
    codes: tuple[str, ...]
    translated: bool = True  # False: the code is its own label in both languages (alcaldías)

    def label(self, code: str, lang: str) -> str:
        return t(f"ingest.choice.{self.group}.{code}", lang) if self.translated else code

    def labels(self, lang: str) -> list[str]:
        return [self.label(code, lang) for code in self.codes]

    def reader(self) -> Callable:
        known = {}
        for code in self.codes:
            for spelling in (code, *(self.label(code, lang) for lang in LANGUAGES)):
                known.setdefault(header_key(spelling), code)

        def read(value, field: str):
            written = _text(value)
            if not written:
                raise InvalidInput(field, "is required", key="field.required")
            code = known.get(header_key(written))
            if code is None:
                raise InvalidInput(field, f"{written!r} is not one of the list", key="ingest.not_in_list",
                                   allowed=", ".join(self.labels("es")))
            return code
        return read


PRODUCT = Choices("product", tuple(p.value for p in Product))
DRIVER_STATUS = Choices("driver_status", tuple(s.value for s in DriverStatus))
VEHICLE_STATUS = Choices("vehicle_status", tuple(s.value for s in VehicleStatus))
CONTRACT_STATUS = Choices("contract_status", tuple(s.value for s in ContractStatus))
METHOD = Choices("method", tuple(m.value for m in PaymentMethod))
OEM = Choices("oem", OEMS)
ZONE = Choices("zone", ALCALDIAS, translated=False)
YES_NO = Choices("yes_no", ("yes", "no"))


@dataclass(frozen=True)
class Field:
    name: str  # the attribute; the header is t(f"ingest.{kind}.{name}")
    read: Callable  # (value, column as written) → value; raises InvalidInput
    required: bool
    excel: str  # text / date / time / whole / decimal / pesos / list: the template's validation and format
    example: object
    choices: Choices | None = None
    minimum: float | None = None
    maximum: float | None = None


def _field(name, read, required, excel, example, **options) -> Field:
    return Field(name, read, required, excel, example, **options)


def _list(name, choices: Choices, required, example) -> Field:
    return Field(name, choices.reader(), required, "list", example, choices=choices)


FIELDS: dict[str, tuple[Field, ...]] = {
    "drivers": (
        _field("curp", fields.curp, True, "text", "PEOG900101MDFXRD00"),
        _field("full_name", text(120), True, "text", "Guadalupe Peñón Ortiz"),
        _field("rfc", fields.rfc, True, "text", "PEOG900101E39"),
        _field("phone", fields.phone_mx, True, "text", "55 1234 5678"),
        _field("birth_date", fields.date_mx, False, "date", date(1990, 1, 1)),
        _list("product", PRODUCT, True, "LTO"),
        _list("status", DRIVER_STATUS, True, "active"),
        _list("zone", ZONE, True, "Iztapalapa"),
        _field("joined_on", fields.date_mx, True, "date", date(2026, 1, 12)),
        _list("has_valid_licence", YES_NO, False, "yes"),
        _field("code", text(16, upper=True), False, "text", "DRV-000101"),
    ),
    "vehicles": (
        _field("vin", vin, True, "text", "LGXCE4CB7R0000001"),
        _list("oem", OEM, True, "JAC"),
        _field("model", text(40), True, "text", "E10X"),
        _field("plate", fields.plate_mx, True, "text", "ABC-123-D"),
        _field("battery_kwh", number(1, 300), True, "decimal", 31.4, minimum=1, maximum=300),
        _list("status", VEHICLE_STATUS, True, "available"),
        _field("depot", text(16, upper=True), True, "text", "DEP-01"),
        _field("in_service_on", fields.date_mx, True, "date", date(2026, 1, 5)),
        _field("acquisition_cost_centavos", pesos(positive=True), True, "pesos", Decimal("400000.00")),
        _field("odometer_km_at_service_start", number(0, 2_000_000), False, "decimal", 0, minimum=0,
               maximum=2_000_000),
        _field("retired_on", fields.date_mx, False, "date", None),
    ),
    "contracts": (
        _field("code", text(20, upper=True), True, "text", "LTO-0000101"),
        _field("driver", text(16, upper=True), True, "text", "DRV-000101"),
        _field("vin", text(17, upper=True), True, "text", "LGXCE4CB7R0000001"),
        _list("product", PRODUCT, True, "LTO"),
        _field("start_on", fields.date_mx, True, "date", date(2026, 1, 12)),
        _field("term_weeks", whole(1, 520), False, "whole", LTO_TERM_WEEKS, minimum=1, maximum=520),
        _field("weekly_rate_centavos", pesos(positive=True), True, "pesos", Decimal("3500.00")),
        _field("deposit_centavos", pesos(positive=False), False, "pesos", Decimal("15000.00")),
        _field("purchase_option_centavos", pesos(positive=False), False, "pesos", Decimal("20000.00")),
        _list("status", CONTRACT_STATUS, True, "active"),
        _field("end_on", fields.date_mx, False, "date", None),
        _field("defaulted_on", fields.date_mx, False, "date", None),
    ),
    "payments": (
        _field("reference", text(40, upper=True), True, "text", "SPEI-2026011900123"),
        _field("contract", text(20, upper=True), True, "text", "LTO-0000101"),
        _field("paid_on", fields.date_mx, True, "date", date(2026, 1, 19)),
        _field("paid_time", fields.time_of_day, False, "time", None),
        _field("amount_centavos", pesos(positive=True), True, "pesos", Decimal("3500.00")),
        _list("method", METHOD, True, "spei"),
    ),
}


def header(kind: str, name: str, lang: str) -> str:
    return t(f"ingest.{kind}.{name}", lang)


def columns(kind: str) -> tuple[Column, ...]:
    """The sheet's columns for read_sheet: named by their header in the default language, the other
    languages' headers (and the stored name) accepted for it."""
    return tuple(Column(header(kind, f.name, DEFAULT_LANGUAGE),
                        (*(header(kind, f.name, lang) for lang in LANGUAGES if lang != DEFAULT_LANGUAGE), f.name),
                        f.required) for f in FIELDS[kind])


def field_of(kind: str) -> dict[str, Field]:
    """Spanish header (the key read_sheet returns rows by) → the field."""
    return {header(kind, f.name, "es"): f for f in FIELDS[kind]}


def example_cell(field: Field, lang: str):
    """The example row's cell as a person would type it (a list column shows its label)."""
    if field.choices is not None:
        return field.choices.label(field.example, lang)
    return field.example


def shown_cell(field: Field, value, lang: str):
    """A stored value written back into the sheet (exports): labels for lists, pesos for centavos."""
    if value is None:
        return None
    if field.choices is not None:
        return field.choices.label(value, lang)
    if field.excel == "pesos":
        return Decimal(int(value)) / 100
    if field.name == "phone" and isinstance(value, str) and value.startswith("+52"):
        return value[3:]  # 10 digits: a leading + would be taken for a formula
    return value
