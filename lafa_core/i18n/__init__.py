"""The one translation layer. es-MX is the default; English is available.

Each capability keeps its strings in a module of this package defining
`STRINGS = {key: (spanish, english)}`; they are merged here once. Driver-facing
text (messages, statements) is written in Spanish only and does not live here.
"""
from __future__ import annotations

import importlib
import pkgutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

LANGUAGES = {"es": "Español (México)", "en": "English"}
DEFAULT_LANGUAGE = "es"
_SPANISH_MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
_ENGLISH_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _load_catalog() -> dict[str, tuple[str, str]]:
    catalog: dict[str, tuple[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for key, texts in getattr(module, "STRINGS", {}).items():
            if key in catalog:
                raise ValueError(f"translation key {key!r} defined twice ({module_info.name})")
            catalog[key] = texts
    return catalog


CATALOG = _load_catalog()


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled."""
    texts = CATALOG.get(key)
    if texts is None:
        return key  # visible in the UI and caught by the catalogue test
    text = texts[1] if lang == "en" else texts[0]
    return text.format(**values) if values else text


def _as_pesos(amount: int | Decimal, *, centavos: bool) -> Decimal:
    return Decimal(amount) / 100 if centavos else Decimal(amount)


def format_mxn(amount: int | Decimal | None, *, centavos: bool = True, decimals: int = 0) -> str:
    """`$12,345` (es-MX and en use the same separators). Money in, exact Decimal math."""
    if amount is None:
        return "—"
    pesos = _as_pesos(amount, centavos=centavos)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = pesos.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    return f"{sign}${abs(rounded):,.{decimals}f}"


def format_mxn_millions(amount: int | Decimal, *, centavos: bool = True) -> str:
    """`$2.3 M` for roadmap-sized sums."""
    pesos = _as_pesos(amount, centavos=centavos)
    millions = (pesos / Decimal(1_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"${millions:,} M"


def format_number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def format_percent(share: float | None, decimals: int = 1) -> str:
    """A share (0.123) as `12.3 %`."""
    if share is None:
        return "—"
    return f"{share * 100:.{decimals}f} %"


def format_date(day: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if day is None:
        return "—"
    months = _ENGLISH_MONTHS if lang == "en" else _SPANISH_MONTHS
    return f"{day.day} {months[day.month - 1]} {day.year}"


def milestone_name(fleet: int, name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A growth milestone's name in `lang` (data/roadmap.yaml holds the strategy's English name)."""
    key = f"strategy.milestone.{fleet}"
    return t(key, lang) if key in CATALOG else name


def format_short_date(day: date, lang: str = DEFAULT_LANGUAGE) -> str:
    """`23 nov` / `23 Nov`: a chart's tick (the year is in the caption)."""
    months = _ENGLISH_MONTHS if lang == "en" else _SPANISH_MONTHS
    return f"{day.day} {months[day.month - 1]}"


def format_bucket(label: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A days-past-due bucket as people read it: "Al corriente", "1-7 días"."""
    if label == "current":
        return t("home.bucket.current", lang)
    return t("bucket.days", lang, range=label.replace("+", " o más" if lang != "en" else "+"))
