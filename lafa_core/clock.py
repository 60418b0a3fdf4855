"""The two clocks of the app, and the calendar rules every capability shares.

* The **data's as-of day** is the one "today" of analytics (pages, KPIs, exports, the collections
  queue): the last day the data describes. The demo's data ends last Sunday, whatever the wall
  clock says. `data_as_of` is its only definition.
* The **wall clock** stamps actions (a contact's time, a decision's time, session expiry). Services
  read it from their unit of work (`uow.now()`), so tests inject a `FixedClock`.

Also here: `Period` (whole Monday–Sunday weeks) and the payroll week (Monday–Sunday, closing
Sunday 20:00 America/Mexico_City).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from lafa_core.config import LOCAL_TZ
from lafa_core.errors import LocalizedError

PAYROLL_CLOSES_AT = time(20)  # Sunday 20:00 local: a trip starting then or later is next week's
# How far the payroll week's close sits before midnight: shifting a moment by this much makes
# "Sunday 20:00 or later" fall on the next Monday.
_PAYROLL_SHIFT = timedelta(hours=24) - timedelta(hours=PAYROLL_CLOSES_AT.hour, minutes=PAYROLL_CLOSES_AT.minute)


class NaiveMoment(LocalizedError, ValueError):
    """A moment without a time zone: refused, a wall-clock time means nothing without one."""


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real wall clock, in Mexico City."""

    def now(self) -> datetime:
        return datetime.now(LOCAL_TZ)


@dataclass(frozen=True)
class FixedClock:
    """A stopped clock for tests and for replaying a moment."""

    moment: datetime

    def __post_init__(self) -> None:
        require_aware(self.moment)

    def now(self) -> datetime:
        return self.moment.astimezone(LOCAL_TZ)


def require_aware(moment: datetime, field: str = "now") -> datetime:
    """The moment in Mexico City time; a naive datetime is refused, never guessed."""
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveMoment(f"{field}: a datetime with a time zone is required (America/Mexico_City)",
                          key="input.naive_datetime", field=field)
    return moment.astimezone(LOCAL_TZ)


def local_date(moment: datetime) -> date:
    """The calendar day in Mexico City on which `moment` falls (how an agent reads it)."""
    return require_aware(moment, "moment").date()


def day_start(day: date) -> datetime:
    """Local midnight that opens `day`."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb)."""
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def last_sunday(day: date) -> date:
    """The last Sunday on or before `day`: where whole weeks of data end."""
    return day - timedelta(days=(day.weekday() + 1) % 7)


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included; analytics periods are whole Monday–Sunday weeks."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period: ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def last_weeks(cls, as_of: date, weeks: int) -> "Period":
        """`weeks` whole weeks ending on the last Sunday on or before `as_of`."""
        end = last_sunday(as_of)
        return cls(end - timedelta(days=7 * weeks - 1), end)


@dataclass(frozen=True)
class PayrollWeek:
    """Monday to Sunday; it closes on Sunday at 20:00 Mexico City time."""

    start: date  # Monday
    end: date  # Sunday

    @property
    def closes_at(self) -> datetime:
        return datetime.combine(self.end, PAYROLL_CLOSES_AT, tzinfo=LOCAL_TZ)

    @property
    def opens_at(self) -> datetime:
        return self.closes_at - timedelta(weeks=1)

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def __contains__(self, moment: datetime) -> bool:
        return self.opens_at <= require_aware(moment, "moment") < self.closes_at


def payroll_week(moment: datetime) -> PayrollWeek:
    """The payroll week a moment belongs to: a trip starting Sunday 20:00 or later is next week's."""
    shifted = require_aware(moment, "moment") + _PAYROLL_SHIFT
    monday = week_start(shifted.date())
    return PayrollWeek(monday, monday + timedelta(days=6))


def data_as_of(*, session, wall_clock: Clock | None = None) -> date | None:
    """The data's as-of day: the newest telemetry day (else payments, else shifts, else charging;
    see ledger.queries.latest_data_day), never after the wall clock's today. None for an empty database."""
    from lafa_core.ledger import queries

    today = (wall_clock or SystemClock()).now().date()
    return queries.latest_data_day(session=session, not_after=today)
