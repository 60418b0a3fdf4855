"""The one translation layer. es-MX is the default; English is available.

Every text the UI shows lives in one catalog per language, `locales/<code>.toml`: a `[language]`
table (its name, gettext's Plural-Forms rule, month abbreviations) and `[messages]`, key → text with
`{name}` placeholders, or a list of plural forms chosen by the `count` value. Adding a language is
adding one file with the same keys. Driver-facing text (messages, statements) is written in Spanish
only and does not live here.
"""
from __future__ import annotations

import gettext
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Callable

LOCALES = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "es"


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    plural: Callable[[int], int]  # count → index of the plural form
    months: tuple[str, ...]
    messages: dict[str, str | list[str]]


def _load(path: Path) -> Language:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    head = data["language"]
    rule = head["plural_forms"].split("plural=", 1)[1].rstrip("; ")
    return Language(code=path.stem, name=head["name"], plural=gettext.c2py(rule), months=tuple(head["months"]),
                    messages=data["messages"])


_LANGUAGES = {language.code: language for language in map(_load, sorted(LOCALES.glob("*.toml")))}
# The default language first, then the others by code: the language menu's order.
LANGUAGES = {code: _LANGUAGES[code].name for code in sorted(_LANGUAGES, key=lambda c: (c != DEFAULT_LANGUAGE, c))}
CATALOGS = {code: language.messages for code, language in _LANGUAGES.items()}
CATALOG = CATALOGS[DEFAULT_LANGUAGE]  # every key the code may ask for (the catalogue test holds the others to it)


def _language(lang: str) -> Language:
    return _LANGUAGES.get(lang) or _LANGUAGES[DEFAULT_LANGUAGE]


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled; a plural text takes the form
    that `count` asks for in that language."""
    language = _language(lang)
    text = language.messages.get(key)
    if text is None:
        return key  # visible in the UI and caught by the catalogue test
    if isinstance(text, list):
        # `count` may come formatted for display ("1,234"): its digits choose the form.
        count = values["count"] if isinstance(values["count"], int) else int(str(values["count"]).replace(",", ""))
        text = text[min(language.plural(count), len(text) - 1)]
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
    """A share (0.123) as `12.3 %`; thousands separated (`1,319 %`)."""
    if share is None:
        return "—"
    return f"{share * 100:,.{decimals}f} %"


def format_date(day: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if day is None:
        return "—"
    return f"{day.day} {_language(lang).months[day.month - 1]} {day.year}"


def milestone_name(fleet: int, name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A growth milestone's name in `lang` (data/roadmap.yaml holds the strategy's English name)."""
    key = f"strategy.milestone.{fleet}"
    return t(key, lang) if key in CATALOG else name


def project_text(project, field: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A roadmap project's `name`, `user` or `note` in `lang` (data/roadmap.yaml holds the English source)."""
    source = {"name": project.name, "user": project.primary_user, "note": project.impact_note}[field]
    key = f"strategy.project.{project.id}.{field}"
    return t(key, lang) if key in CATALOG else source


def term_slug(text: str) -> str:
    """A key-safe name for a term of the strategy's data: "buy then build" → "buy_then_build"."""
    return "_".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def strategy_term(text, lang: str = DEFAULT_LANGUAGE) -> str:
    """A term of the strategy's scaling data (data/scaling.yaml holds the English source) in `lang`;
    the source as it is when no catalog holds it (a code name such as "P0.2")."""
    if not isinstance(text, str) or not text:
        return text
    key = f"strategy.term.{term_slug(text)}"
    return t(key, lang) if key in CATALOG else text


def unit_text(unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A strategy assumption's unit ("share per year") in `lang`."""
    key = "roadmap.unit." + unit.lower().replace(" ", "_")
    return t(key, lang) if key in CATALOG else unit


def format_short_date(day: date, lang: str = DEFAULT_LANGUAGE) -> str:
    """`23 nov` / `23 Nov`: a chart's tick (the year is in the caption)."""
    return f"{day.day} {_language(lang).months[day.month - 1]}"


def format_bucket(label: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A days-past-due bucket as people read it: "Al corriente", "1-7 días"."""
    if label == "current":
        return t("home.bucket.current", lang)
    if label.endswith("+"):
        return t("bucket.days_or_more", lang, start=label.removesuffix("+"))
    return t("bucket.days", lang, range=label)
