"""Dispatch conflicts at their edges (touching shifts are fine, a one-minute overlap is a conflict;
a vehicle in the workshop or without insurance that day) and the suggestion's order."""
from datetime import date, datetime, time, timedelta

import pytest

from lafa_core.config import LOCAL_TZ
from lafa_core.dispatch.rules import (
    Booked, ConflictKind, DriverOption, Planned, VehicleFacts, find_conflicts, overlaps, shift_span, suggest,
)

DAY = date(2026, 1, 8)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


CARS = {1: VehicleFacts(1, "AAA-001", False, True, 0.9), 2: VehicleFacts(2, "AAA-002", False, True, 0.85)}


def kinds(conflicts):
    return [(c.kind, c.row, c.other_row, c.other_shift_id) for c in conflicts]


def test_touching_spans_do_not_overlap_and_a_minute_does():
    assert not overlaps(at(6), at(14), at(14), at(22))
    assert not overlaps(at(14), at(22), at(6), at(14))
    assert overlaps(at(6), at(14, 1), at(14), at(22))
    assert overlaps(at(14), at(22), at(6), at(14, 1))
    assert overlaps(at(6), at(22), at(10), at(11))  # one inside the other


@pytest.mark.parametrize("ends, conflict", [(at(14), False), (at(14, 1), True), (at(13, 59), False)])
def test_the_same_vehicle_back_to_back_with_a_booked_shift(ends, conflict):
    booked = [Booked(70, driver_id=9, vehicle_id=1, starts_at=at(6), ends_at=ends)]
    found = find_conflicts([Planned(1, 1, at(14), at(22))], booked, CARS)
    assert kinds(found) == ([(ConflictKind.VEHICLE_OVERLAP, 0, None, 70)] if conflict else [])


@pytest.mark.parametrize("second_starts, conflict", [(at(14), False), (at(13, 59), True)])
def test_the_same_driver_in_two_planned_rows(second_starts, conflict):
    planned = [Planned(1, 1, at(6), at(14)), Planned(1, 2, second_starts, at(22))]
    found = find_conflicts(planned, [], CARS)
    assert kinds(found) == ([(ConflictKind.DRIVER_OVERLAP, 1, 0, None)] if conflict else [])


def test_one_vehicle_for_two_drivers_at_once_is_named_on_the_later_row():
    planned = [Planned(2, 1, at(7), at(15)), Planned(1, 1, at(6), at(14))]
    assert kinds(find_conflicts(planned, [], CARS)) == [(ConflictKind.VEHICLE_OVERLAP, 0, 1, None)]


def test_a_driver_booked_overnight_into_the_morning():
    booked = [Booked(71, driver_id=1, vehicle_id=2, starts_at=at(22, day=DAY - timedelta(days=1)), ends_at=at(6, 1))]
    found = find_conflicts([Planned(1, 1, at(6), at(14))], booked, CARS)
    assert kinds(found) == [(ConflictKind.DRIVER_OVERLAP, 0, None, 71)]


def test_workshop_insurance_and_times():
    cars = {3: VehicleFacts(3, "AAA-003", True, True, 0.9), 4: VehicleFacts(4, "AAA-004", False, False, 0.9),
            5: VehicleFacts(5, "AAA-005", True, False, 0.9)}
    planned = [Planned(1, 3, at(6), at(14)), Planned(2, 4, at(6), at(14)), Planned(3, 5, at(6), at(14)),
               Planned(4, 1, at(14), at(14)), Planned(5, 99, at(6), at(14))]
    assert kinds(find_conflicts(planned, [], {**CARS, **cars})) == [
        (ConflictKind.MAINTENANCE, 0, None, None), (ConflictKind.NO_INSURANCE, 1, None, None),
        (ConflictKind.MAINTENANCE, 2, None, None), (ConflictKind.NO_INSURANCE, 2, None, None),
        (ConflictKind.BAD_TIMES, 3, None, None),
        (ConflictKind.NO_INSURANCE, 4, None, None),  # a vehicle the depot does not know
    ]


def test_a_shift_past_midnight_ends_the_next_day():
    assert shift_span(DAY, time(22), time(6)) == (at(22), at(6, day=DAY + timedelta(days=1)))
    assert shift_span(DAY) == (at(6), at(14))


def test_the_suggestion_gives_own_cars_first_then_the_depots_zone_the_fullest_car():
    drivers = [DriverOption(1, "D1", "Uno", "Tlalpan", own_vehicle_id=1),
               DriverOption(2, "D2", "Dos", "Tlalpan", own_vehicle_id=9),  # own car in the workshop
               DriverOption(3, "D3", "Tres", "Azcapotzalco", own_vehicle_id=None),
               DriverOption(4, "D4", "Cuatro", "Azcapotzalco", own_vehicle_id=None),  # already on a shift
               DriverOption(5, "D5", "Cinco", "Coyoacán", own_vehicle_id=None)]
    cars = [VehicleFacts(1, "C-1", False, True, 0.80), VehicleFacts(2, "C-2", False, True, 0.95),
            VehicleFacts(3, "C-3", False, True, 0.79), VehicleFacts(9, "C-9", True, True, 1.0),
            VehicleFacts(6, "C-6", False, False, 1.0), VehicleFacts(7, "C-7", False, True, 0.90),
            VehicleFacts(8, "C-8", False, True, None)]
    # Car 2 (the fullest) is out with driver 4 until 06:01; car 7's next shift only touches this one.
    booked = [Booked(1, 4, 2, at(5), at(6, 1)), Booked(2, 8, 7, at(14), at(22))]
    result = suggest(drivers, cars, booked, starts_at=at(6), ends_at=at(14), depot_zone="Azcapotzalco",
                     target_soc=0.80)
    assert [(p.driver_id, p.vehicle_id) for p in result.pairs] == [(1, 1), (3, 7)]
    assert result.waiting == (2, 5)  # the depot's zone went first; then by code
