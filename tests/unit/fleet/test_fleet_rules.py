"""Fleet rules by hand: a service is due by km or by date, whichever first, with the forecast
from the average daily km; downtime, vehicle-months, earned premium, loss ratio, masking."""
from datetime import date, datetime, timedelta

import pytest

from lafa_core.config import LOCAL_TZ
from lafa_core.fleet import reference
from lafa_core.fleet.rules import (
    BY_DATE, BY_KM, DUE_SOON, OK, OVERDUE, DueSoon, Interval, Zone, band_position, downtime_days, earned_premium,
    loss_ratio, masked_name, nearest_zone, per_vehicle_month, resolution_hours, service_days, service_due,
    status_after_contract,
)

TODAY = date(2026, 1, 11)
EVERY = Interval(km=15_000, months=12)


def due(**kwargs):
    values = dict(last_km=15_000.0, last_on=date(2025, 10, 1), odometer=20_000.0, daily_km=200.0, today=TODAY,
                  interval=EVERY)
    return service_due(**(values | kwargs))


def test_the_km_limit_comes_first_for_a_busy_car():
    found = due()  # 10,000 km left at 200 km a day: 50 days, before 1 Oct 2026
    assert (found.due_km, found.km_left, found.due_by_date) == (30_000.0, 10_000.0, date(2026, 10, 1))
    assert found.forecast_km_on == TODAY + timedelta(days=50) == found.due_on
    assert (found.by, found.days_left, found.status) == (BY_KM, 50, OK)


def test_the_date_limit_comes_first_for_a_quiet_car():
    found = due(daily_km=10.0)  # 1,000 days of driving left; the year runs out first
    assert (found.by, found.due_on, found.days_left, found.status) == (BY_DATE, date(2026, 10, 1), 263, OK)


def test_a_car_not_driven_is_due_by_date_only():
    found = due(daily_km=0.0)
    assert found.forecast_km_on is None and found.by == BY_DATE and found.due_on == date(2026, 10, 1)


def test_within_500_km_is_due_soon_and_the_forecast_rounds_up():
    found = due(odometer=29_700.0, daily_km=120.0)  # 300 km left: 2.5 days → the third day
    assert (found.km_left, found.status, found.due_on, found.days_left) == (300.0, DUE_SOON, TODAY + timedelta(days=3), 3)
    assert due(odometer=29_499.0, daily_km=10.0).status == OK  # 501 km left, 51 days away


def test_within_14_days_by_date_is_due_soon():
    found = due(last_on=date(2025, 1, 20), daily_km=10.0)
    assert (found.by, found.days_left, found.status) == (BY_DATE, 9, DUE_SOON)
    assert due(last_on=date(2025, 1, 20), daily_km=10.0, soon=DueSoon(km=500, days=7)).status == OK


@pytest.mark.parametrize("odometer, last_on, expected_by", [
    (30_000.0, date(2025, 10, 1), BY_KM),  # exactly at the km limit
    (31_000.0, date(2025, 10, 1), BY_KM),  # past it
    (20_000.0, date(2025, 1, 11), BY_DATE),  # exactly twelve months: due today
    (20_000.0, date(2024, 6, 1), BY_DATE),  # long past the date
])
def test_reaching_either_limit_is_overdue(odometer, last_on, expected_by):
    found = due(odometer=odometer, last_on=last_on, daily_km=1.0)
    assert found.status == OVERDUE and found.by == expected_by and found.days_left <= 0


def test_the_months_follow_the_calendar():
    assert due(last_on=date(2025, 2, 28), interval=Interval(15_000, 1)).due_by_date == date(2025, 3, 28)
    assert due(last_on=date(2025, 1, 31), interval=Interval(15_000, 1)).due_by_date == date(2025, 2, 28)


def test_downtime_and_service_days_count_the_days_inside_the_period():
    first, last = date(2025, 10, 13), TODAY
    assert downtime_days(date(2025, 12, 1), date(2025, 12, 4), first, last) == 3  # back on the 4th
    assert downtime_days(date(2026, 1, 9), None, first, last) == 3  # still open: to the period's end
    assert downtime_days(date(2025, 10, 1), date(2025, 10, 15), first, last) == 2
    assert downtime_days(date(2025, 9, 1), date(2025, 9, 5), first, last) == 0
    assert downtime_days(date(2026, 1, 5), date(2026, 1, 5), first, last) == 0  # in and out the same day
    assert service_days(date(2025, 1, 1), None, first, last) == 91
    assert service_days(date(2026, 1, 10), None, first, last) == 2
    assert service_days(date(2025, 1, 1), date(2025, 10, 14), first, last) == 1


def test_cost_per_vehicle_month_and_the_band():
    assert per_vehicle_month(300_000, 364) == 25_086  # 3,000 MXN over 364 vehicle-days
    assert per_vehicle_month(100, 0) is None
    assert [band_position(v, 500, 1_000) for v in (499.99, 500, 1_000, 1_000.01, None)] == [
        "below", "within", "within", "above", "none"]


def test_premium_earned_evenly_and_the_loss_ratio():
    earned = earned_premium(2_400_000, date(2025, 6, 1), date(2026, 6, 1), date(2025, 1, 12), TODAY)
    assert earned == round(2_400_000 * 225 / 365)
    assert earned_premium(3_650_000, date(2025, 1, 1), date(2026, 1, 1), date(2025, 1, 1), date(2025, 12, 31)) == 3_650_000
    assert loss_ratio(1_140_000, earned) == pytest.approx(1_140_000 / 1_479_452)
    assert loss_ratio(1, 0) is None


def test_resolution_time_and_masking():
    start = datetime(2025, 12, 20, 10, tzinfo=LOCAL_TZ)
    assert resolution_hours(start, start + timedelta(hours=26, minutes=30)) == 26.5
    assert resolution_hours(start, None) is None
    assert masked_name("Beto Ruiz Soto") == "Beto R." and masked_name("Cher") == "Cher" and masked_name(None) == "—"
    zones = [Zone("Iztapalapa", 19.355, -99.06), Zone("Cuauhtémoc", 19.433, -99.15)]
    assert nearest_zone(19.36, -99.07, zones).name == "Iztapalapa"


def test_the_reference_files():
    assert reference.interval_for("JAC", "E10X") == Interval(15_000, 12)
    assert reference.interval_for("Geely", "Geometry E") == Interval(20_000, 12)
    assert reference.interval_for("Nuevo", "X1") == Interval(15_000, 12)  # the default
    assert reference.due_soon() == DueSoon(500, 14)
    assert reference.maintenance_band_mxn() == (500, 1_000) and reference.premium_band_mxn() == (20_000, 40_000)
    city = reference.city()
    assert len(city["zones"]) == 16 and city["outline"][0] == city["outline"][-1]


@pytest.mark.parametrize("contract, current, expected", [
    ("active", "available", "assigned"), ("active", "recovery", "assigned"),  # refurbished, then leased again
    ("defaulted", "assigned", "recovery"), ("terminated", "assigned", "available"),
    ("completed", "assigned", "available"),
    ("active", "maintenance", None), ("terminated", "maintenance", None), ("defaulted", "retired", None),
])
def test_a_vehicle_follows_its_contract_except_in_the_workshop_or_retired(contract, current, expected):
    assert status_after_contract(contract, current) == expected


def test_every_contract_status_leads_to_a_vehicle_status():
    from lafa_core.tables import ContractStatus, VehicleStatus

    assert {status_after_contract(s.value) for s in ContractStatus} <= {v.value for v in VehicleStatus}
    assert None not in {status_after_contract(s.value) for s in ContractStatus}
