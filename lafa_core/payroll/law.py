"""The labor law beside the company's pay rule: the legal minimum daily wage and the legal weekly
hours limit in force on a given day, read from data/labor_law.yaml (dated and sourced values that
finance / HR maintain).

Callers pass `labor_law_on(week_monday)` to `rules.weekly_pay`, so each payroll week is checked
against the law of its own time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lafa_core.config import DATA_DIR
from lafa_core.errors import LocalizedError
from lafa_core.reference import load_reference

ZONES = ("general", "frontera_norte")
DEFAULT_ZONE = "general"  # Mexico City is in the general minimum-wage area


class LaborLawError(LocalizedError, ValueError):
    """No law value in force on a day, or data/labor_law.yaml is malformed."""


@dataclass(frozen=True)
class LaborLaw:
    """The law in force on a day: pesos per day, hours per week, from when, and why."""

    minimum_daily_wage: Decimal
    weekly_hours_limit: Decimal
    effective_from: date  # the day this combination of values started to apply
    source: str
    zone: str = DEFAULT_ZONE

    def __post_init__(self) -> None:
        for name in ("minimum_daily_wage", "weekly_hours_limit"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
                raise LaborLawError(f"labor law: {name} must be a positive Decimal, got {value!r}",
                                    key="payroll.error.law_value", field=name, value=value)


def _decimal(raw, where: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value <= 0:
        raise LaborLawError(f"labor_law.yaml: {where} is {raw!r}, not a positive number",
                            key="payroll.error.law_file", where=where)
    return value


def _rows(data: dict, section: str) -> list[dict]:
    rows = (data or {}).get(section)
    if not isinstance(rows, list) or not rows:
        raise LaborLawError(f"labor_law.yaml: section {section!r} is missing or empty",
                            key="payroll.error.law_file", where=section)
    seen = set()
    for index, row in enumerate(rows):
        where = f"{section}[{index}]"
        if not isinstance(row, dict) or not isinstance(row.get("effective_from"), date) \
                or isinstance(row.get("effective_from"), datetime):
            raise LaborLawError(f"labor_law.yaml: {where} needs an effective_from date (YYYY-MM-DD)",
                                key="payroll.error.law_file", where=where)
        if not str(row.get("source") or "").strip():
            raise LaborLawError(f"labor_law.yaml: {where} needs a source",
                                key="payroll.error.law_file", where=where)
        if row["effective_from"] in seen:
            raise LaborLawError(f"labor_law.yaml: {section} has two values effective {row['effective_from']}",
                                key="payroll.error.law_file", where=where)
        seen.add(row["effective_from"])
    return sorted(rows, key=lambda row: row["effective_from"])


def _in_force(rows: list[dict], day: date, section: str) -> dict:
    effective = [row for row in rows if row["effective_from"] <= day]
    if not effective:
        first = rows[0]["effective_from"]
        raise LaborLawError(f"labor law: no {section} in force on {day} (the first is effective {first})",
                            key="payroll.error.no_law", section=section, day=day.isoformat(),
                            first=first.isoformat())
    return effective[-1]


def labor_law_on(day: date, data_dir: Path = DATA_DIR, *, zone: str = DEFAULT_ZONE) -> LaborLaw:
    """The latest minimum wage and weekly hours limit effective on `day` (pass the payroll week's
    Monday); LaborLawError when the file has no value in force yet on that day."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise LaborLawError(f"labor law: a date is required, got {day!r}", key="payroll.error.not_a_date",
                            field="day")
    if zone not in ZONES:
        raise LaborLawError(f"labor law: unknown zone {zone!r}; use one of {', '.join(ZONES)}",
                            key="payroll.error.zone", zone=zone, allowed=", ".join(ZONES))
    data = load_reference("labor_law", Path(data_dir))
    wage = _in_force(_rows(data, "minimum_daily_wage"), day, "minimum_daily_wage")
    hours = _in_force(_rows(data, "weekly_hours_limit"), day, "weekly_hours_limit")
    wage_where = f"minimum_daily_wage {wage['effective_from']} {zone}"
    return LaborLaw(
        minimum_daily_wage=_decimal(wage.get(zone), wage_where),
        weekly_hours_limit=_decimal(hours.get("hours"), f"weekly_hours_limit {hours['effective_from']} hours"),
        effective_from=max(wage["effective_from"], hours["effective_from"]),
        source=f"{str(wage['source']).strip()}; {str(hours['source']).strip()}",
        zone=zone,
    )


def latest_effective_day(data_dir: Path = DATA_DIR) -> date:
    """The newest effective_from in the file: the law `weekly_pay` uses when none is given."""
    data = load_reference("labor_law", Path(data_dir))
    return max(rows[-1]["effective_from"] for rows in (_rows(data, "minimum_daily_wage"),
                                                       _rows(data, "weekly_hours_limit")))


def latest_labor_law(data_dir: Path = DATA_DIR, *, zone: str = DEFAULT_ZONE) -> LaborLaw:
    """The law in force on the newest effective date in the file."""
    return labor_law_on(latest_effective_day(data_dir), data_dir, zone=zone)
