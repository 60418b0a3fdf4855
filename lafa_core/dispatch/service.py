"""Shift dispatch use cases: a depot's board for a day, confirming shifts, and checking a driver in
and out at the wall clock (`uow.now()`, Mexico City; the pages pass the business clock, which
honours LAFA_CLOCK).

* The board (`dispatch_board`): the depot's DaE drivers employed that day, its vehicles with their
  SOC at the shift's start from the depot's charging plan for the night before
  (`charging.service.plan_depot_night`: the plan's final SOC; a vehicle the plan cannot charge keeps
  its arrival SOC; one not sleeping at the depot is not ready), the shifts already booked around the
  day, the suggestion and its conflicts (`rules`), the depot's shifts of the day and of today.
* Confirming (`confirm_shifts`) writes one shift per pair, status confirmed, source dispatch, after
  checking the conflicts again against the database (the drivers' and vehicles' rows locked on PostgreSQL);
  any conflict refuses the whole confirmation, as does a shift in a payroll week already closed.
* Check-in (from `CHECK_IN_EARLY` before the planned start) records `checked_in_at`; check-out
  records `checked_out_at` and makes the shift worked, its starts_at/ends_at the check-in and
  check-out: from then on payroll counts it, to the minute, in the week of its check-in — once,
  because only a worked shift counts and a shift is moved on only from the state it was read in.
  Either is refused in a closed payroll week (paid as it stood: reopen it first).
Every change is audited with ids and times (no names)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Sequence

from lafa_core import audit
from lafa_core.charging.service import default_target_soc, plan_depot_night
from lafa_core.clock import day_start, payroll_week, require_aware
from lafa_core.config import LOCAL_TZ
from lafa_core.dispatch import queries
from lafa_core.dispatch.rules import (
    DEFAULT_START, Booked, Conflict, DriverOption, Planned, Suggestion, VehicleFacts, find_conflicts, shift_span,
    suggest,
)
from lafa_core.errors import LocalizedError
from lafa_core.identity import acting
from lafa_core.imports.queries import closed_payroll_weeks
from lafa_core.tables import ShiftSource, ShiftStatus
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action

CHECK_IN_EARLY = timedelta(hours=2)  # a driver may check in this long before the planned start
MAX_SHIFT = timedelta(hours=16)  # the longest shift (as the check-in sheet's): how far back a booking can reach
MAX_PAIRS = 5_000


class DispatchError(LocalizedError, ValueError):
    """A dispatch action that cannot be done (unknown depot or shift, wrong state, closed week); nothing done."""


class DispatchConflict(DispatchError):
    """Confirming would create conflicts (`conflicts`, rows as given); nothing was written."""

    def __init__(self, message: str, conflicts: list[Conflict], **kwargs):
        super().__init__(message, **kwargs)
        self.conflicts = conflicts


@dataclass(frozen=True)
class DepotChoice:
    depot_id: int
    code: str
    name: str
    zone: str


@dataclass(frozen=True)
class DispatchChoices:
    depots: tuple[DepotChoice, ...]
    today: date

    @property
    def tomorrow(self) -> date:
        return self.today + timedelta(days=1)


@dataclass(frozen=True)
class BoardShift:
    """A shift on the books at the depot, as the board lists it (times local)."""

    shift_id: int
    driver_id: int
    full_name: str
    vehicle_id: int | None
    plate: str | None
    starts_at: datetime
    ends_at: datetime
    status: str
    source: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None


@dataclass(frozen=True)
class DispatchBoard:
    depot: DepotChoice
    day: date
    today: date
    starts_at: datetime  # the suggested shift
    ends_at: datetime
    target_soc: float
    drivers: tuple[DriverOption, ...]
    vehicles: tuple[VehicleFacts, ...]
    models: dict[int, str]
    booked: tuple[Booked, ...]
    suggestion: Suggestion
    conflicts: tuple[Conflict, ...]  # of the suggestion (none unless the data changed meanwhile)
    shifts: tuple[BoardShift, ...]  # the depot's shifts of `day`
    today_shifts: tuple[BoardShift, ...]  # the depot's shifts of `today`
    soc_assumed: int  # vehicles whose arrival SOC the charging plan had to assume

    @property
    def facts(self) -> dict[int, VehicleFacts]:
        return {v.vehicle_id: v for v in self.vehicles}

    @property
    def free_drivers(self) -> tuple[DriverOption, ...]:
        busy = {b.driver_id for b in self.booked if b.starts_at < self.ends_at and self.starts_at < b.ends_at}
        return tuple(d for d in self.drivers if d.driver_id not in busy)

    def check(self, planned: Sequence[Planned]) -> list[Conflict]:
        """The conflicts of an edited assignment against what the board read."""
        return find_conflicts(planned, self.booked, self.facts)


def _depot(row: dict) -> DepotChoice:
    return DepotChoice(int(row["id"]), row["code"], row["name"], row["zone"])


def dispatch_choices(uow: UnitOfWork) -> DispatchChoices:
    """The depots, and today by the business clock (the board defaults to tomorrow)."""
    with uow:
        rows = queries.depots(session=uow.session)
    return DispatchChoices(tuple(_depot(r) for r in rows), uow.now().date())


def board_version(uow: UnitOfWork, *, depot_id: int, days: Sequence[date]) -> tuple:
    with uow:
        return queries.version(session=uow.session, depot_id=depot_id, days=days)


def _board_shift(row: dict) -> BoardShift:
    return BoardShift(row["shift_id"], row["driver_id"], row["full_name"], row["vehicle_id"], row["plate"],
                      row["starts_at"], row["ends_at"], row["status"], row["source"], row["checked_in_at"],
                      row["checked_out_at"])


def _booked(rows) -> tuple[Booked, ...]:
    return tuple(Booked(*row) for row in rows)


def dispatch_board(uow: UnitOfWork, *, depot_id: int, day: date | None = None) -> DispatchBoard:
    """The depot's board for `day` (default: tomorrow by the unit of work's clock); see the module."""
    today = uow.now().date()
    day = day or today + timedelta(days=1)
    target = default_target_soc()
    with uow:
        session = uow.session
        row = queries.depot(session=session, depot_id=depot_id)
        if row is None:
            raise DispatchError(f"depot {depot_id!r} does not exist", key="dispatch.error.unknown_depot", depot=depot_id)
        drivers = queries.depot_drivers(session=session, depot_id=depot_id, day=day)
        vehicles = queries.depot_vehicles(session=session, depot_id=depot_id, day=day)
        booked = _booked(queries.booked_shifts(session=session, depot_id=depot_id, since=day_start(day) - MAX_SHIFT,
                                               until=day_start(day + timedelta(days=2))))
        shifts = tuple(_board_shift(r) for r in queries.depot_shifts(session=session, depot_id=depot_id, day=day))
        today_shifts = tuple(_board_shift(r) for r in queries.depot_shifts(session=session, depot_id=depot_id, day=today))
    plan = plan_depot_night(UnitOfWork(uow.engine, actor=uow.actor, clock=uow.clock), depot_id=depot_id,
                            evening=day - timedelta(days=1), target_soc=target)
    soc = {v.vehicle_id: plan.optimized.final_soc.get(v.vehicle_id, v.arrival_soc) for v in plan.vehicles}
    facts = tuple(VehicleFacts(v["vehicle_id"], v["plate"], v["in_workshop"], v["insured"], soc.get(v["vehicle_id"]))
                  for v in vehicles)
    options = tuple(DriverOption(d["driver_id"], d["code"], d["full_name"], d["zone"], d["own_vehicle_id"])
                    for d in drivers)
    starts_at, ends_at = shift_span(day, DEFAULT_START)
    suggestion = suggest(options, facts, booked, starts_at=starts_at, ends_at=ends_at, depot_zone=row["zone"],
                         target_soc=target)
    return DispatchBoard(
        depot=_depot(row), day=day, today=today, starts_at=starts_at, ends_at=ends_at, target_soc=target,
        drivers=options, vehicles=facts, models={v["vehicle_id"]: v["model"] for v in vehicles}, booked=booked,
        suggestion=suggestion, conflicts=tuple(find_conflicts(suggestion.pairs, booked, {f.vehicle_id: f for f in facts})),
        shifts=shifts, today_shifts=today_shifts, soc_assumed=plan.soc_assumed)


def _closed_week(session, moment: datetime) -> date | None:
    monday = payroll_week(moment).start
    return monday if monday in closed_payroll_weeks(session=session, mondays=[monday]) else None


def _week_closed(monday: date) -> DispatchError:
    return DispatchError(f"the payroll week of {monday} is closed", key="dispatch.error.week_closed",
                         week=monday.strftime("%d/%m/%Y"))


def confirm_shifts(uow: UnitOfWork, *, depot_id: int, pairs: Sequence[Planned]) -> list[int]:
    """Write the pairs as confirmed shifts from the depot (module docstring); their ids."""
    acting(uow.actor, Action.DISPATCH)
    pairs = [Planned(int(p.driver_id), None if p.vehicle_id is None else int(p.vehicle_id),
                     require_aware(p.starts_at, "starts_at"), require_aware(p.ends_at, "ends_at")) for p in pairs]
    if not pairs:
        raise DispatchError("nothing to confirm", key="dispatch.error.nothing")
    if len(pairs) > MAX_PAIRS:
        raise DispatchError(f"at most {MAX_PAIRS} shifts at once", key="dispatch.error.too_many", maximum=MAX_PAIRS)
    if missing := [p for p in pairs if p.vehicle_id is None]:
        raise DispatchError(f"{len(missing)} shifts without a vehicle", key="dispatch.error.no_vehicle",
                            count=len(missing))
    with uow:
        session = uow.session
        if queries.depot(session=session, depot_id=depot_id) is None:
            raise DispatchError(f"depot {depot_id!r} does not exist", key="dispatch.error.unknown_depot", depot=depot_id)
        queries.lock_people_and_cars(session=session, driver_ids=[p.driver_id for p in pairs],
                                     vehicle_ids=[p.vehicle_id for p in pairs])
        days = {p.starts_at.date() for p in pairs}
        facts = {}
        for day in sorted(days):  # the workshop and insurance on each shift's own day
            for v in queries.vehicle_facts(session=session, vehicle_ids=[p.vehicle_id for p in pairs
                                                                         if p.starts_at.date() == day], day=day):
                facts[(day, v["vehicle_id"])] = VehicleFacts(v["vehicle_id"], v["plate"], v["in_workshop"], v["insured"])
        employed = {day: queries.employed_drivers(session=session, driver_ids=[p.driver_id for p in pairs], day=day)
                    for day in days}
        if strangers := sorted({p.driver_id for p in pairs if p.driver_id not in employed[p.starts_at.date()]}):
            raise DispatchError(f"drivers {strangers} are not DaE employees that day", key="dispatch.error.not_employed",
                                count=len(strangers))
        booked = _booked(queries.booked_shifts(
            session=session, since=min(p.starts_at for p in pairs) - MAX_SHIFT, until=max(p.ends_at for p in pairs),
            driver_ids=[p.driver_id for p in pairs], vehicle_ids=[p.vehicle_id for p in pairs]))
        conflicts = []
        for day in sorted(days):
            rows = [i for i, p in enumerate(pairs) if p.starts_at.date() == day]
            found = find_conflicts([pairs[i] for i in rows], booked,
                                   {vid: f for (d, vid), f in facts.items() if d == day})
            conflicts += [Conflict(c.kind, rows[c.row], c.driver_id, c.vehicle_id,
                                   None if c.other_row is None else rows[c.other_row], c.other_shift_id) for c in found]
        if len(days) > 1:  # rows of different days may still share time (a night shift)
            conflicts += [c for c in find_conflicts(pairs, (), {}) if c.other_row is not None
                          and pairs[c.row].starts_at.date() != pairs[c.other_row].starts_at.date()]
        if conflicts:
            raise DispatchConflict(f"{len(conflicts)} conflicts", sorted(conflicts, key=lambda c: c.row),
                                   key="dispatch.error.conflicts", count=len(conflicts))
        closed = sorted({payroll_week(p.starts_at).start for p in pairs}
                        & closed_payroll_weeks(session=session, mondays={payroll_week(p.starts_at).start for p in pairs}))
        if closed:
            raise _week_closed(closed[0])
        rows = [{"driver_id": p.driver_id, "vehicle_id": p.vehicle_id, "depot_id": depot_id,
                 "work_date": p.starts_at.astimezone(LOCAL_TZ).date(), "starts_at": p.starts_at, "ends_at": p.ends_at,
                 "hours": (p.ends_at - p.starts_at).total_seconds() / 3600, "trip_count": 0, "billed_centavos": 0,
                 "tips_centavos": 0, "source": ShiftSource.DISPATCH.value, "status": ShiftStatus.CONFIRMED.value}
                for p in pairs]
        ids = queries.add_shifts(session=session, rows=rows)
        for shift_id, p in zip(ids, pairs):
            audit.record(uow, "dispatch.shift_confirmed", "shift", shift_id, driver_id=p.driver_id,
                         vehicle_id=p.vehicle_id, depot_id=depot_id, starts_at=p.starts_at.isoformat(),
                         ends_at=p.ends_at.isoformat())
        uow.commit()
    return ids


def _shift(session, shift_id: int) -> dict:
    found = queries.shift(session=session, shift_id=shift_id)
    if found is None:
        raise DispatchError(f"shift {shift_id!r} does not exist", key="dispatch.error.unknown_shift", shift=shift_id)
    return found


def _moved(moved: bool, shift_id: int) -> None:
    if not moved:
        raise DispatchError(f"shift {shift_id} changed meanwhile", key="dispatch.error.changed", shift=shift_id)


def check_in(uow: UnitOfWork, *, shift_id: int) -> datetime:
    """The driver of a confirmed shift checks in now; returns the moment recorded."""
    acting(uow.actor, Action.DISPATCH)
    now = uow.now()
    with uow:
        session = uow.session
        found = _shift(session, shift_id)
        if found["status"] != ShiftStatus.CONFIRMED.value:
            raise DispatchError(f"shift {shift_id} is {found['status']}, not confirmed",
                                key="dispatch.error.not_confirmed", shift=shift_id)
        if now < found["starts_at"] - CHECK_IN_EARLY:
            opens = (found["starts_at"] - CHECK_IN_EARLY).astimezone(LOCAL_TZ)
            raise DispatchError(f"check-in opens at {opens.isoformat()}", key="dispatch.error.too_early",
                                opens=opens.strftime("%d/%m/%Y %H:%M"))
        if monday := _closed_week(session, now):
            raise _week_closed(monday)
        _moved(queries.move_shift(session=session, shift_id=shift_id, from_status=ShiftStatus.CONFIRMED.value,
                                  status=ShiftStatus.CHECKED_IN.value, checked_in_at=now), shift_id)
        audit.record(uow, "dispatch.checked_in", "shift", shift_id, driver_id=found["driver_id"],
                     vehicle_id=found["vehicle_id"], before={"status": found["status"]},
                     after={"status": ShiftStatus.CHECKED_IN.value, "checked_in_at": now.isoformat()})
        uow.commit()
    return now


def check_out(uow: UnitOfWork, *, shift_id: int) -> int:
    """The driver of a checked-in shift checks out now: the shift is worked from check-in to now.
    Returns the minutes worked (what payroll adds to the driver's week)."""
    acting(uow.actor, Action.DISPATCH)
    now = uow.now()
    with uow:
        session = uow.session
        found = _shift(session, shift_id)
        if found["status"] != ShiftStatus.CHECKED_IN.value:
            raise DispatchError(f"shift {shift_id} is {found['status']}, not checked in",
                                key="dispatch.error.not_checked_in", shift=shift_id)
        checked_in = found["checked_in_at"]
        if now <= checked_in:
            raise DispatchError("check-out before check-in", key="dispatch.error.out_before_in",
                                at=checked_in.astimezone(LOCAL_TZ).strftime("%H:%M"))
        if monday := _closed_week(session, checked_in):
            raise _week_closed(monday)
        _moved(queries.move_shift(
            session=session, shift_id=shift_id, from_status=ShiftStatus.CHECKED_IN.value,
            status=ShiftStatus.WORKED.value, checked_out_at=now, starts_at=checked_in, ends_at=now,
            work_date=checked_in.astimezone(LOCAL_TZ).date(), hours=(now - checked_in).total_seconds() / 3600),
            shift_id)
        minutes = int((now - checked_in).total_seconds() // 60)
        audit.record(uow, "dispatch.checked_out", "shift", shift_id, driver_id=found["driver_id"],
                     vehicle_id=found["vehicle_id"], minutes=minutes,
                     before={"status": found["status"], "starts_at": found["starts_at"].isoformat(),
                             "ends_at": found["ends_at"].isoformat()},
                     after={"status": ShiftStatus.WORKED.value, "starts_at": checked_in.isoformat(),
                            "ends_at": now.isoformat()})
        uow.commit()
    return minutes
