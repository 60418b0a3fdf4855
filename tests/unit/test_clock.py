"""The two clocks, periods and the payroll week at their edges."""
from datetime import date, datetime, timezone

import pytest

from lafa_core.clock import FixedClock, NaiveMoment, Period, last_sunday, payroll_week, require_aware
from lafa_core.config import LOCAL_TZ


def local(y, m, d, h=0, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=LOCAL_TZ)


def test_period_of_whole_weeks_ends_on_the_last_sunday():
    period = Period.last_weeks(date(2026, 11, 24), 4)  # a Tuesday
    assert period.end == date(2026, 11, 22) and period.end.weekday() == 6
    assert period.start == date(2026, 10, 26) and period.start.weekday() == 0
    assert period.days == 28
    assert Period.last_weeks(date(2026, 11, 22), 1) == Period(date(2026, 11, 16), date(2026, 11, 22))
    assert last_sunday(date(2026, 11, 22)) == date(2026, 11, 22)


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2026, 1, 2), date(2026, 1, 1))


@pytest.mark.parametrize("moment, monday", [
    (local(2026, 11, 16, 0, 0), date(2026, 11, 16)),  # Monday midnight opens the week
    (local(2026, 11, 22, 19, 59), date(2026, 11, 16)),  # Sunday 19:59 still this week
    (local(2026, 11, 22, 20, 0), date(2026, 11, 23)),  # Sunday 20:00 is next week's
    (local(2026, 11, 22, 23, 59), date(2026, 11, 23)),
    (datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc), date(2026, 11, 23)),  # Sunday 20:00 local, given in UTC
])
def test_payroll_week_closes_sunday_at_20_mexico_city(moment, monday):
    week = payroll_week(moment)
    assert week.start == monday and week.end.weekday() == 6
    assert moment in week
    assert week.closes_at == local(week.end.year, week.end.month, week.end.day, 20)


def test_naive_moments_are_refused_never_guessed():
    with pytest.raises(NaiveMoment, match="time zone"):
        require_aware(datetime(2026, 1, 1, 10))
    with pytest.raises(NaiveMoment):
        FixedClock(datetime(2026, 1, 1, 10))
    assert FixedClock(local(2026, 1, 1, 10)).now() == local(2026, 1, 1, 10)
