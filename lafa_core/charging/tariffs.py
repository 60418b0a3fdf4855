"""The depots' electricity tariff (CFE GDMTH, Región Central), read from data/tariffs.yaml.

Finance edits the YAML; every value there is a list of dated entries (`effective_from`, `source`),
and the tariff of a day takes, for each value, the newest entry in force on that day.

* `load_tariff(day)` → `Tariff`: the prices, demand charge, charging efficiency, hour table and
  holidays in force on `day`. Its methods apply those values to any moment.
* `period_at(moment)`, `price_per_kwh(moment)`: the period ("base" / "intermediate" / "peak", the
  `lafa_core.tables.TariffPeriod` values) and MXN per kWh of a timezone-aware moment. The
  America/Mexico_City local hour and day decide (a holiday takes the Sunday schedule; the season
  and day type are those of the local calendar day); naive datetimes are refused.
* `night_prices(evening)` / `night_periods(evening)`: one value per slot from `start` on `evening`
  through the next morning; slots after midnight take the next day's day type (a Saturday evening
  runs into Sunday's schedule). These are what `lafa_core.charging.optimizer.plan_night` takes.

The module functions pick the tariff in force on each moment's own local day; the `Tariff` methods
apply one tariff's values to whatever moment they are given.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from lafa_core.clock import SystemClock, require_aware
from lafa_core.config import DATA_DIR, LOCAL_TZ
from lafa_core.reference import load_reference
from lafa_core.tables import TariffPeriod

TARIFF_FILE = "tariffs"  # data/tariffs.yaml
PERIODS = tuple(period.value for period in TariffPeriod)  # ("base", "intermediate", "peak")
SEASONS = ("summer", "winter")
DAY_TYPES = ("weekday", "saturday", "sunday_holiday")
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _file_error(key: str, problem: str) -> ValueError:
    return ValueError(f"data/{TARIFF_FILE}.yaml, {key}: {problem}")


@dataclass(frozen=True)
class NthWeekday:
    """"The `nth` `weekday` of `month`" (nth 1–5, or -1 for the last one)."""

    month: int
    weekday: int  # Monday = 0
    nth: int

    def on(self, year: int) -> date:
        days = [day for day in range(1, calendar.monthrange(year, self.month)[1] + 1)
                if date(year, self.month, day).weekday() == self.weekday]
        return date(year, self.month, days[self.nth - 1 if self.nth > 0 else self.nth])


@dataclass(frozen=True)
class HolidayRule:
    """A rest day: a fixed date (`day`) or an nth weekday (`nth_weekday`), optionally only every
    `every_years` years counted from `first_year`."""

    name: str
    month: int
    day: int | None = None
    nth_weekday: NthWeekday | None = None
    every_years: int | None = None
    first_year: int | None = None

    def on(self, year: int) -> date | None:
        if self.every_years is not None and self.first_year is not None:
            if year < self.first_year or (year - self.first_year) % self.every_years:
                return None
        return self.nth_weekday.on(year) if self.nth_weekday else date(year, self.month, self.day)


@dataclass(frozen=True)
class Tariff:
    """The values of data/tariffs.yaml in force on `day`. Prices are MXN per grid kWh (IVA not
    included); `charging_efficiency` is battery kWh per grid kWh."""

    day: date
    energy_mxn_per_kwh: dict[str, Decimal]  # period → MXN/kWh
    demand_charge_mxn_per_kw_month: Decimal
    charging_efficiency: float
    hours: dict[str, dict[str, tuple[str, ...]]]  # season → day type → the period of each hour 0..23
    summer_starts: NthWeekday
    summer_ends_before: NthWeekday
    holiday_rules: tuple[HolidayRule, ...]
    extra_holidays: frozenset[date]
    sources: dict[str, str]  # value name → "source (effective from YYYY-MM-DD)"

    # -- the calendar -------------------------------------------------------------------------
    def holidays(self, year: int) -> frozenset[date]:
        """The year's rest days that take the Sunday schedule."""
        days = {rule.on(year) for rule in self.holiday_rules}
        return frozenset(day for day in days if day is not None) | {d for d in self.extra_holidays if d.year == year}

    def season(self, day: date) -> str:
        """"summer" from the first Sunday of April to the Saturday before the last Sunday of
        October (as the YAML states the rule), else "winter"."""
        return "summer" if self.summer_starts.on(day.year) <= day < self.summer_ends_before.on(day.year) else "winter"

    def day_type(self, day: date) -> str:
        """"sunday_holiday" for Sundays and holidays, "saturday", else "weekday"."""
        if day.weekday() == 6 or day in self.holidays(day.year):
            return "sunday_holiday"
        return "saturday" if day.weekday() == 5 else "weekday"

    def period_on(self, day: date, hour: int) -> str:
        """The period of local hour `hour` (0–23) of local calendar day `day`."""
        return self.hours[self.season(day)][self.day_type(day)][hour]

    # -- moments ------------------------------------------------------------------------------
    def period_at(self, moment: datetime) -> str:
        """The period of a timezone-aware moment (Mexico City local hour decides)."""
        local = require_aware(moment, "moment")
        return self.period_on(local.date(), local.hour)

    def price_per_kwh(self, moment: datetime) -> Decimal:
        """MXN per grid kWh at a timezone-aware moment."""
        return self.energy_mxn_per_kwh[self.period_at(moment)]

    def night_prices(self, evening: date, *, start: str | time = "18:00", slots: int = 96,
                     slot_minutes: int = 15) -> list[Decimal]:
        """MXN/kWh of each slot from `start` on `evening` on (priced at the slot's start)."""
        return [self.price_per_kwh(moment) for moment in night_slots(evening, start=start, slots=slots,
                                                                     slot_minutes=slot_minutes)]

    def night_periods(self, evening: date, *, start: str | time = "18:00", slots: int = 96,
                      slot_minutes: int = 15) -> list[str]:
        """The period of each slot, parallel to `night_prices`."""
        return [self.period_at(moment) for moment in night_slots(evening, start=start, slots=slots,
                                                                 slot_minutes=slot_minutes)]


# -- the module functions: the tariff in force on each moment's day -----------------------------
def load_tariff(day: date | None = None, data_dir: Path = DATA_DIR) -> Tariff:
    """The tariff in force on `day` (default: today in Mexico City by the system clock).
    ValueError naming the file and value when one has no entry in force that day or is malformed."""
    if day is None:
        day = SystemClock().now().date()
    if isinstance(day, datetime):
        day = require_aware(day, "day").date()
    return _load(day, Path(data_dir))


def period_at(moment: datetime, *, data_dir: Path = DATA_DIR) -> str:
    """The GDMTH period ("base" / "intermediate" / "peak") of a timezone-aware moment."""
    local = require_aware(moment, "moment")
    return load_tariff(local.date(), data_dir).period_at(local)


def price_per_kwh(moment: datetime, *, data_dir: Path = DATA_DIR) -> Decimal:
    """MXN per grid kWh at a timezone-aware moment."""
    local = require_aware(moment, "moment")
    return load_tariff(local.date(), data_dir).price_per_kwh(local)


def night_slots(evening: date, *, start: str | time = "18:00", slots: int = 96,
                slot_minutes: int = 15) -> list[datetime]:
    """The local start of each slot: `start` on `evening`, then every `slot_minutes`."""
    if isinstance(evening, datetime) or not isinstance(evening, date):
        raise ValueError(f"evening: a date is required, got {evening!r}")
    if isinstance(slots, bool) or not isinstance(slots, int) or slots < 1:
        raise ValueError(f"slots: a whole number of slots of at least 1 is required, got {slots!r}")
    if isinstance(slot_minutes, bool) or not isinstance(slot_minutes, int) or slot_minutes < 1:
        raise ValueError(f"slot_minutes: a whole number of minutes of at least 1 is required, got {slot_minutes!r}")
    first = datetime.combine(evening, _start_time(start), tzinfo=LOCAL_TZ)
    step = timedelta(minutes=slot_minutes)
    # Aware arithmetic in one zone moves the wall clock; CDMX keeps no daylight saving time (since 2022).
    return [first + index * step for index in range(slots)]


def night_prices(evening: date, *, start: str | time = "18:00", slots: int = 96, slot_minutes: int = 15,
                 data_dir: Path = DATA_DIR) -> list[Decimal]:
    """MXN/kWh per slot from `start` on `evening` through the next morning; each slot priced at its
    start, with its own local day's day type, season and tariff entry."""
    return [price_per_kwh(moment, data_dir=data_dir)
            for moment in night_slots(evening, start=start, slots=slots, slot_minutes=slot_minutes)]


def night_periods(evening: date, *, start: str | time = "18:00", slots: int = 96, slot_minutes: int = 15,
                  data_dir: Path = DATA_DIR) -> list[str]:
    """The period of each slot, parallel to `night_prices` (plan_night's `periods=`)."""
    return [period_at(moment, data_dir=data_dir)
            for moment in night_slots(evening, start=start, slots=slots, slot_minutes=slot_minutes)]


def _start_time(start: str | time) -> time:
    if isinstance(start, time):
        return start
    try:
        hours, minutes = str(start).split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"start: {start!r} is not a local time of day such as '18:00'") from None


# -- reading the file ----------------------------------------------------------------------------
@lru_cache(maxsize=512)
def _load(day: date, data_dir: Path) -> Tariff:
    data = load_reference(TARIFF_FILE, data_dir)
    sources: dict[str, str] = {}

    def entry(key: str) -> dict[str, Any]:
        chosen = _in_force(data, key, day)
        sources[key] = f"{chosen.get('source', 'no source given')} (effective from {chosen['effective_from']})"
        return chosen

    energy = entry("energy_mxn_per_kwh")
    prices = {period: _decimal(energy.get(period), f"energy_mxn_per_kwh.{period}") for period in PERIODS}
    demand = _decimal(entry("demand_charge_mxn_per_kw_month").get("value"), "demand_charge_mxn_per_kw_month.value")
    efficiency = float(_decimal(entry("charging_efficiency").get("value"), "charging_efficiency.value"))
    if not 0 < efficiency <= 1:
        raise _file_error("charging_efficiency.value", f"{efficiency} is not a share in (0, 1]")
    schedule = entry("schedule")
    summer = schedule.get("summer") or {}
    holidays = entry("holidays")
    return Tariff(
        day=day, energy_mxn_per_kwh=prices, demand_charge_mxn_per_kw_month=demand,
        charging_efficiency=efficiency, hours=_hour_table(schedule.get("periods")),
        summer_starts=_nth_weekday(summer.get("starts"), "schedule.summer.starts"),
        summer_ends_before=_nth_weekday(summer.get("ends_before"), "schedule.summer.ends_before"),
        holiday_rules=tuple(_holiday_rule(rule, i) for i, rule in enumerate(holidays.get("rules") or [])),
        extra_holidays=frozenset(_date(value, "holidays.extra_days") for value in holidays.get("extra_days") or []),
        sources=sources,
    )


def _in_force(data: dict[str, Any], key: str, day: date) -> dict[str, Any]:
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise _file_error(key, "missing: a list of entries, each with effective_from and source, is required")
    dated = [(_date(item.get("effective_from") if isinstance(item, dict) else None, f"{key}.effective_from"), item)
             for item in entries]
    in_force = [(effective, item) for effective, item in dated if effective <= day]
    if not in_force:
        earliest = min(effective for effective, _ in dated)
        raise _file_error(key, f"no entry is in force on {day} (the earliest takes effect on {earliest})")
    return max(in_force, key=lambda pair: pair[0])[1]


def _date(value: Any, key: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _file_error(key, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _decimal(value: Any, key: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _file_error(key, f"{value!r} is not a number")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise _file_error(key, f"{value!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise _file_error(key, f"{value!r} must be a number of at least 0")
    return number


def _hour_table(periods: Any) -> dict[str, dict[str, tuple[str, ...]]]:
    if not isinstance(periods, dict):
        raise _file_error("schedule.periods", "missing: spans by season and day type are required")
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for season in SEASONS:
        table[season] = {}
        for day_type in DAY_TYPES:
            key = f"schedule.periods.{season}.{day_type}"
            spans = (periods.get(season) or {}).get(day_type)
            if not isinstance(spans, list) or not spans:
                raise _file_error(key, "missing: a list of [from hour, to hour, period] spans is required")
            hours: list[str] = []
            for span in spans:
                if not (isinstance(span, list) and len(span) == 3 and all(isinstance(h, int) for h in span[:2])):
                    raise _file_error(key, f"{span!r} is not [from hour, to hour, period]")
                begin, end, period = span
                if begin != len(hours) or not begin < end <= 24:
                    raise _file_error(key, f"{span!r}: spans must run from 0 to 24 in order, without gaps or overlaps")
                if period not in PERIODS:
                    raise _file_error(key, f"{period!r} is not a period: use {', '.join(PERIODS)}")
                hours.extend([period] * (end - begin))
            if len(hours) != 24:
                raise _file_error(key, f"the spans end at {len(hours)}:00, not 24:00")
            table[season][day_type] = tuple(hours)
    return table


def _nth_weekday(rule: Any, key: str) -> NthWeekday:
    if not isinstance(rule, dict):
        raise _file_error(key, "missing: {month, weekday, nth} is required")
    month, weekday, nth = rule.get("month"), str(rule.get("weekday", "")).lower(), rule.get("nth")
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise _file_error(key, f"month {month!r} is not 1-12")
    if weekday not in WEEKDAY_NAMES:
        raise _file_error(key, f"weekday {rule.get('weekday')!r} is not one of {', '.join(WEEKDAY_NAMES)}")
    if not isinstance(nth, int) or nth not in (1, 2, 3, 4, -1):
        raise _file_error(key, f"nth {nth!r} is not 1, 2, 3, 4 or -1 (the last)")
    return NthWeekday(month, WEEKDAY_NAMES.index(weekday), nth)


def _holiday_rule(rule: Any, index: int) -> HolidayRule:
    key = f"holidays.rules[{index}]"
    if not isinstance(rule, dict):
        raise _file_error(key, f"{rule!r} is not a rule")
    name, month = str(rule.get("name", f"rule {index}")), rule.get("month")
    every, first = rule.get("every_years"), rule.get("first_year")
    if (every is None) != (first is None) or (every is not None and not (isinstance(every, int) and every > 0
                                                                          and isinstance(first, int))):
        raise _file_error(key, "every_years and first_year go together, as whole numbers")
    if "weekday" in rule:
        return HolidayRule(name, month, nth_weekday=_nth_weekday(rule, key), every_years=every, first_year=first)
    day = rule.get("day")
    try:
        date(2024, month, day)  # a leap year: any real month/day passes
    except (TypeError, ValueError):
        raise _file_error(key, f"month {month!r} / day {day!r} is not a calendar date") from None
    return HolidayRule(name, month, day=day, every_years=every, first_year=first)
