"""Shift dispatch rules, pure (no database, no clock): when two shifts collide, what makes an
assignment a conflict, and the suggested pairing of a depot's drivers with its ready vehicles.

* Two shifts collide when they share time: [a, b) and [c, d) overlap when a < d and c < b. A shift
  ending at 14:00 and another starting at 14:00 only touch: the same car or driver may do both.
* A conflict is a planned shift whose driver or vehicle is in another shift sharing time (planned
  beside it, or already on the books), whose vehicle is in the workshop that day or has no
  insurance policy covering the day, or that ends before it starts.
* Ready: a vehicle out of the workshop, insured, free for the shift, and at or above the target
  SOC (business.yaml `charging.target_soc_at_shift_start`, 80 %) at the shift's start per the
  depot's charging plan for the night before.
* The suggestion (greedy, in this order): each free driver whose own vehicle (their employment
  contract's) is ready gets it; the other free drivers — those living in the depot's zone first,
  then by code — get the remaining ready vehicles, fullest battery first (then by plate). Drivers
  left over are named as waiting for a vehicle.
"""
from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable, Mapping, Sequence

from lafa_core.config import LOCAL_TZ

DEFAULT_START = time(6, 0)  # the depot's morning shift
DEFAULT_HOURS = 8


class ConflictKind(str, enum.Enum):
    DRIVER_OVERLAP = "driver_overlap"
    VEHICLE_OVERLAP = "vehicle_overlap"
    MAINTENANCE = "maintenance"
    NO_INSURANCE = "no_insurance"
    BAD_TIMES = "bad_times"


@dataclass(frozen=True)
class Planned:
    """A shift to confirm: who drives which car, from when to when (aware datetimes)."""

    driver_id: int
    vehicle_id: int | None
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Booked:
    """A shift already recorded (confirmed, in progress or worked)."""

    shift_id: int
    driver_id: int
    vehicle_id: int | None
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class VehicleFacts:
    vehicle_id: int
    plate: str
    in_workshop: bool
    insured: bool
    soc_at_start: float | None = None  # fraction 0–1 per the charging plan; None: not in the plan


@dataclass(frozen=True)
class DriverOption:
    driver_id: int
    code: str
    full_name: str
    zone: str
    own_vehicle_id: int | None


@dataclass(frozen=True)
class Conflict:
    """One problem of planned row `row`: `other_row` (another planned row) or `other_shift_id` (a
    shift already recorded) is the shift it collides with."""

    kind: ConflictKind
    row: int
    driver_id: int
    vehicle_id: int | None
    other_row: int | None = None
    other_shift_id: int | None = None


@dataclass(frozen=True)
class Suggestion:
    pairs: tuple[Planned, ...]
    waiting: tuple[int, ...]  # free drivers left without a ready vehicle


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Two half-open spans share time; spans that only touch (one ends when the other starts) do not."""
    return a_start < b_end and b_start < a_end


def shift_span(day: date, starts: time = DEFAULT_START, ends: time | None = None) -> tuple[datetime, datetime]:
    """A shift on `day` from `starts` to `ends` in Mexico City (DEFAULT_HOURS when `ends` is None);
    an end at or before the start is the next day's."""
    starts_at = datetime.combine(day, starts, tzinfo=LOCAL_TZ)
    if ends is None:
        return starts_at, starts_at + timedelta(hours=DEFAULT_HOURS)
    ends_at = datetime.combine(day, ends, tzinfo=LOCAL_TZ)
    return starts_at, ends_at if ends_at > starts_at else ends_at + timedelta(days=1)


def is_ready(facts: VehicleFacts, target_soc: float) -> bool:
    return (not facts.in_workshop and facts.insured and facts.soc_at_start is not None
            and facts.soc_at_start >= target_soc - 1e-6)


def _sweep(rows: list[tuple[datetime, datetime, int]]) -> list[tuple[int, int]]:
    """(later, earlier) index pairs of rows sharing time: each row against the one reaching furthest."""
    found, reach = [], None
    for start, end, index in sorted(rows):
        if reach is not None and start < reach[0]:
            found.append((index, reach[1]))
        if reach is None or end > reach[0]:
            reach = (end, index)
    return found


def find_conflicts(planned: Sequence[Planned], booked: Iterable[Booked],
                   vehicles: Mapping[int, VehicleFacts]) -> list[Conflict]:
    """Every conflict of the planned shifts (module docstring), by row then kind. A vehicle without
    facts is one the depot does not know: treated as uninsured."""
    conflicts: list[Conflict] = []
    by_driver: dict[int, list[Booked]] = defaultdict(list)
    by_vehicle: dict[int, list[Booked]] = defaultdict(list)
    for shift in booked:
        by_driver[shift.driver_id].append(shift)
        if shift.vehicle_id is not None:
            by_vehicle[shift.vehicle_id].append(shift)
    driver_rows: dict[int, list] = defaultdict(list)
    vehicle_rows: dict[int, list] = defaultdict(list)
    for row, shift in enumerate(planned):
        if shift.ends_at <= shift.starts_at:
            conflicts.append(Conflict(ConflictKind.BAD_TIMES, row, shift.driver_id, shift.vehicle_id))
            continue
        driver_rows[shift.driver_id].append((shift.starts_at, shift.ends_at, row))
        for other in by_driver.get(shift.driver_id, ()):
            if overlaps(shift.starts_at, shift.ends_at, other.starts_at, other.ends_at):
                conflicts.append(Conflict(ConflictKind.DRIVER_OVERLAP, row, shift.driver_id, shift.vehicle_id,
                                          other_shift_id=other.shift_id))
        if shift.vehicle_id is None:
            continue
        vehicle_rows[shift.vehicle_id].append((shift.starts_at, shift.ends_at, row))
        for other in by_vehicle.get(shift.vehicle_id, ()):
            if overlaps(shift.starts_at, shift.ends_at, other.starts_at, other.ends_at):
                conflicts.append(Conflict(ConflictKind.VEHICLE_OVERLAP, row, shift.driver_id, shift.vehicle_id,
                                          other_shift_id=other.shift_id))
        facts = vehicles.get(shift.vehicle_id)
        if facts is not None and facts.in_workshop:
            conflicts.append(Conflict(ConflictKind.MAINTENANCE, row, shift.driver_id, shift.vehicle_id))
        if facts is None or not facts.insured:
            conflicts.append(Conflict(ConflictKind.NO_INSURANCE, row, shift.driver_id, shift.vehicle_id))
    for kind, groups in ((ConflictKind.DRIVER_OVERLAP, driver_rows), (ConflictKind.VEHICLE_OVERLAP, vehicle_rows)):
        for rows in groups.values():
            for later, earlier in _sweep(rows):
                shift = planned[later]
                conflicts.append(Conflict(kind, later, shift.driver_id, shift.vehicle_id, other_row=earlier))
    order = list(ConflictKind)
    return sorted(conflicts, key=lambda c: (c.row, order.index(c.kind)))


def suggest(drivers: Sequence[DriverOption], vehicles: Sequence[VehicleFacts], booked: Iterable[Booked], *,
            starts_at: datetime, ends_at: datetime, depot_zone: str, target_soc: float) -> Suggestion:
    """The suggested pairs for one shift from `starts_at` to `ends_at` (module docstring)."""
    booked = list(booked)
    busy_drivers = {b.driver_id for b in booked if overlaps(starts_at, ends_at, b.starts_at, b.ends_at)}
    busy_vehicles = {b.vehicle_id for b in booked if b.vehicle_id is not None
                     and overlaps(starts_at, ends_at, b.starts_at, b.ends_at)}
    ready = {v.vehicle_id: v for v in vehicles if v.vehicle_id not in busy_vehicles and is_ready(v, target_soc)}
    free = [d for d in drivers if d.driver_id not in busy_drivers]
    pairs: list[Planned] = []
    rest = []
    for driver in sorted(free, key=lambda d: d.code):
        if driver.own_vehicle_id in ready:
            ready.pop(driver.own_vehicle_id)
            pairs.append(Planned(driver.driver_id, driver.own_vehicle_id, starts_at, ends_at))
        else:
            rest.append(driver)
    cars = sorted(ready.values(), key=lambda v: (-(v.soc_at_start or 0.0), v.plate))
    waiting = []
    for driver in sorted(rest, key=lambda d: (d.zone != depot_zone, d.code)):
        if cars:
            pairs.append(Planned(driver.driver_id, cars.pop(0).vehicle_id, starts_at, ends_at))
        else:
            waiting.append(driver.driver_id)
    return Suggestion(tuple(pairs), tuple(waiting))
