"""Bounds at the domain edge: every service input is checked here before anything is written.

A value is either accepted exactly as given or refused with an `InvalidInput` naming the field;
nothing is truncated, rounded or cut. Messages are English for the command line; `key` and
`values` give the page its translated sentence (lafa_core.i18n.common, `input.*`).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from lafa_core.errors import LocalizedError

# The largest amount any single money input may carry: 100 million pesos. Above it is a typo.
MAX_CENTAVOS = 100_000_000 * 100


class InvalidInput(LocalizedError, ValueError):
    """A value outside its documented bounds; the message names the field and the rule."""

    def __init__(self, field: str, message: str, *, key: str, **values):
        super().__init__(f"{field}: {message}", key=key, field=field, **values)
        self.field = field


def centavos(value, field: str, *, maximum: int = MAX_CENTAVOS) -> int:
    """Pesos (str, Decimal, int or float as typed) → exact integer centavos; positive, at most
    `maximum` centavos, and exact to the centavo (12.70 accepted, 12.705 refused)."""
    if isinstance(value, bool) or value is None:
        raise InvalidInput(field, "an amount in pesos is required", key="input.amount_required")
    try:
        text = str(value).strip().replace(",", "").removeprefix("$").strip()
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise InvalidInput(field, f"{value!r} is not an amount in pesos", key="input.amount_invalid") from None
    if not amount.is_finite():
        raise InvalidInput(field, f"{value!r} is not an amount in pesos", key="input.amount_invalid")
    if amount <= 0:
        raise InvalidInput(field, "the amount must be positive", key="input.amount_positive")
    exact = amount * 100
    if exact != exact.to_integral_value():
        raise InvalidInput(field, f"{value} has more than two decimals (centavos)", key="input.amount_decimals")
    result = int(exact)
    if result > maximum:
        raise InvalidInput(field, f"at most {maximum // 100:,} pesos", key="input.amount_too_large",
                           maximum=maximum // 100)
    return result


def whole_number(value, field: str, *, minimum: int, maximum: int) -> int:
    """An integer within [minimum, maximum]; a bool, a fraction or text is refused."""
    if isinstance(value, bool) or value is None:
        raise InvalidInput(field, "a whole number is required", key="input.number_required")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidInput(field, f"{value} is not a whole number", key="input.number_whole")
        value = int(value)
    if not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            raise InvalidInput(field, f"{value!r} is not a whole number", key="input.number_whole") from None
    if not minimum <= value <= maximum:
        raise InvalidInput(field, f"must be from {minimum} to {maximum}, got {value}", key="input.number_range",
                           minimum=minimum, maximum=maximum)
    return value


def text(value, field: str, *, max_length: int, required: bool = False) -> str:
    """Free text stored exactly as given: refused (never cut) past `max_length` characters, and
    refused when it holds a NUL (PostgreSQL cannot store one; SQLite would, so both refuse)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field, "text is required", key="input.text_required")
    if "\x00" in value:
        raise InvalidInput(field, "holds a NUL character", key="input.text_nul")
    if len(value) > max_length:
        raise InvalidInput(field, f"at most {max_length} characters, got {len(value)}", key="input.text_too_long",
                           maximum=max_length)
    if required and not value.strip():
        raise InvalidInput(field, "is required", key="input.text_required")
    return value


def name(value, field: str, *, max_length: int = 60) -> str:
    """A person's name: required, at most `max_length`, no NUL; surrounding spaces dropped."""
    return text(value, field, max_length=max_length, required=True).strip()


def choice(value, field: str, allowed) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise InvalidInput(field, f"unknown {value!r}; use one of {', '.join(map(str, allowed))}",
                           key="input.choice", allowed=", ".join(map(str, allowed)))
    return value
