"""Shift dispatch on SQLite and PostgreSQL (tests/dispatch_support.py): the board read from the
data and the charging plan, confirmations and their refusals, check-in and check-out at the wall
clock feeding payroll hours to the minute (once), closed payroll weeks, and the audit trail."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lafa_core.clock import PayrollWeek
from lafa_core.dispatch.rules import ConflictKind, Planned
from lafa_core.dispatch.service import (
    DispatchConflict, DispatchError, check_in, check_out, confirm_shifts, dispatch_board, dispatch_choices,
)
from lafa_core.ledger.sql import in_workshop_on, insured_on
from lafa_core.payroll.service import close_week, compute_lines
from lafa_core.kpis import refresh_weekly_rollup
from lafa_core.tables import AuditLog, InsurancePolicy, KpiWeek, MaintenanceRecord, Shift, ShiftStatus
from lafa_core.users.roles import PermissionDenied
from tests.dispatch_support import BOARD_AT, DAY, at, build_dispatch_depot
from tests.factories import unit_of_work, uow

WEEK = PayrollWeek(date(2026, 1, 5), date(2026, 1, 11))


@pytest.fixture
def depot(engine):
    build_dispatch_depot(engine)
    return engine


def ops(engine, moment=BOARD_AT):
    return uow(engine, "fleet_ops", at=moment, role="fleet_ops")


def minutes_worked(engine, driver_id: int) -> int:
    with unit_of_work(engine) as session:
        return next(line.minutes_worked for line in compute_lines(session, WEEK) if line.driver_id == driver_id)


def audit_rows(engine, action: str) -> list[dict]:
    with unit_of_work(engine) as session:
        rows = session.execute(select(AuditLog.entity_id, AuditLog.actor, AuditLog.details)
                               .where(AuditLog.action == action).order_by(AuditLog.id)).all()
    return [{"entity_id": r[0], "actor": r[1], **json.loads(r[2])} for r in rows]


def test_the_board_reads_the_depot_and_the_charging_plan(depot):
    assert dispatch_choices(ops(depot)).tomorrow == DAY
    board = dispatch_board(ops(depot), depot_id=1)
    assert board.day == DAY and board.today == DAY - timedelta(days=1)
    assert [d.full_name for d in board.drivers] == ["Conductor 1", "Conductor 2", "Conductor 3", "Conductor 4"]
    facts = {v.plate: (v.in_workshop, v.insured, round(v.soc_at_start, 3)) for v in board.vehicles}
    assert facts == {"DSP-001": (False, True, 0.9), "DSP-002": (False, True, 0.8), "DSP-003": (True, True, 0.8),
                     "DSP-004": (False, False, 0.85), "DSP-005": (False, True, 0.8)}  # DSP-006: leased
    assert [(p.driver_id, p.vehicle_id, p.starts_at, p.ends_at) for p in board.suggestion.pairs] == [
        (1, 1, at(DAY, 6), at(DAY, 14)), (2, 2, at(DAY, 6), at(DAY, 14)), (3, 5, at(DAY, 6), at(DAY, 14))]
    assert board.suggestion.waiting == (4,) and board.conflicts == ()


def test_workshop_and_insurance_on_a_day_at_their_edges(depot):
    """A policy ending on DAY covers the day before, not DAY; a record closed on DAY frees the car that day."""
    with unit_of_work(depot) as session:
        insured = lambda day: session.execute(select(InsurancePolicy.vehicle_id).where(  # noqa: E731
            InsurancePolicy.vehicle_id == 4, insured_on(InsurancePolicy.__table__, day))).all() != []
        assert insured(DAY - timedelta(days=1)) and not insured(DAY)
        session.add(MaintenanceRecord(vehicle_id=5, opened_on=DAY - timedelta(days=3), closed_on=DAY, kind="tires",
                                      description="Llantas", odometer_km=1.0, cost_centavos=1))
        session.flush()
        in_shop = lambda day: session.execute(select(MaintenanceRecord.id).where(  # noqa: E731
            MaintenanceRecord.vehicle_id == 5, in_workshop_on(MaintenanceRecord.__table__, day))).all() != []
        assert in_shop(DAY - timedelta(days=1)) and not in_shop(DAY)


def test_confirm_then_check_in_and_out_feed_payroll_hours_once(depot):
    board = dispatch_board(ops(depot), depot_id=1)
    before = minutes_worked(depot, 1)
    ids = confirm_shifts(ops(depot), depot_id=1, pairs=board.suggestion.pairs)
    assert len(ids) == 3
    assert minutes_worked(depot, 1) == before  # confirmed is not worked
    again = dispatch_board(ops(depot), depot_id=1)
    assert again.suggestion.pairs == () and again.suggestion.waiting == (4,)
    assert [(s.full_name, s.plate, s.status) for s in again.shifts] == [
        ("Conductor 1", "DSP-001", "confirmed"), ("Conductor 2", "DSP-002", "confirmed"),
        ("Conductor 3", "DSP-005", "confirmed")]

    with pytest.raises(DispatchError) as early:
        check_in(ops(depot, at(DAY, 3, 59)), shift_id=ids[0])
    assert early.value.key == "dispatch.error.too_early"
    assert check_in(ops(depot, at(DAY, 5, 52)), shift_id=ids[0]) == at(DAY, 5, 52)
    with pytest.raises(DispatchError) as twice:
        check_in(ops(depot, at(DAY, 5, 53)), shift_id=ids[0])
    assert twice.value.key == "dispatch.error.not_confirmed"
    assert minutes_worked(depot, 1) == before  # checked in is not yet worked
    assert check_out(ops(depot, at(DAY, 14, 10, )), shift_id=ids[0]) == 498
    assert minutes_worked(depot, 1) == before + 498  # 05:52 to 14:10
    with pytest.raises(DispatchError) as out_again:
        check_out(ops(depot, at(DAY, 14, 30)), shift_id=ids[0])
    assert out_again.value.key == "dispatch.error.not_checked_in"
    assert minutes_worked(depot, 1) == before + 498  # counted once
    refresh_weekly_rollup(uow(depot, at=at(DAY, 15)))  # the KPIs count worked shifts only
    with unit_of_work(depot) as session:
        assert session.execute(select(KpiWeek.shift_count, KpiWeek.shift_hours)
                               .where(KpiWeek.week_start == WEEK.start, KpiWeek.product == "DaE")).one() == (
            1, pytest.approx(498 / 60))
    with unit_of_work(depot) as session:
        worked = session.get(Shift, ids[0])
        assert (worked.status, worked.starts_at, worked.ends_at, worked.checked_out_at) == (
            ShiftStatus.WORKED.value, at(DAY, 5, 52), at(DAY, 14, 10), at(DAY, 14, 10))
        assert worked.hours == pytest.approx(498 / 60)

    confirmed = audit_rows(depot, "dispatch.shift_confirmed")
    assert [(r["entity_id"], r["driver_id"], r["vehicle_id"], r["actor"]) for r in confirmed] == [
        (str(ids[0]), 1, 1, "fleet_ops"), (str(ids[1]), 2, 2, "fleet_ops"), (str(ids[2]), 3, 5, "fleet_ops")]
    out = audit_rows(depot, "dispatch.checked_out")[0]
    assert out["before"]["status"] == "checked_in" and out["after"]["status"] == "worked" and out["minutes"] == 498
    assert out["before"]["starts_at"] == at(DAY, 6).isoformat()
    assert audit_rows(depot, "dispatch.checked_in")[0]["after"]["checked_in_at"] == at(DAY, 5, 52).isoformat()
    trail = json.dumps(confirmed + [out])
    assert "Conductor" not in trail and "CURP" not in trail and "+52" not in trail


def test_conflicts_with_what_is_on_record_refuse_the_whole_confirmation(depot):
    confirm_shifts(ops(depot), depot_id=1, pairs=[Planned(1, 1, at(DAY, 6), at(DAY, 14))])
    touching = [Planned(2, 1, at(DAY, 14), at(DAY, 22))]
    overlapping = [Planned(2, 2, at(DAY, 7), at(DAY, 15)), Planned(3, 1, at(DAY, 13, 59), at(DAY, 22)),
                   Planned(4, 4, at(DAY, 6), at(DAY, 14)), Planned(1, 3, at(DAY, 14), at(DAY, 20))]
    with pytest.raises(DispatchConflict) as refused:
        confirm_shifts(ops(depot), depot_id=1, pairs=overlapping)
    assert [(c.kind, c.row) for c in refused.value.conflicts] == [
        (ConflictKind.VEHICLE_OVERLAP, 1), (ConflictKind.NO_INSURANCE, 2), (ConflictKind.MAINTENANCE, 3)]
    assert refused.value.key == "dispatch.error.conflicts"
    with unit_of_work(depot) as session:
        assert session.execute(select(Shift.id)).all().__len__() == 1  # nothing of the refused batch
    assert len(confirm_shifts(ops(depot), depot_id=1, pairs=touching)) == 1  # touching is fine
    with pytest.raises(DispatchConflict) as driver_twice:
        confirm_shifts(ops(depot), depot_id=1, pairs=[Planned(1, 5, at(DAY, 13), at(DAY, 18))])
    assert [c.kind for c in driver_twice.value.conflicts] == [ConflictKind.DRIVER_OVERLAP]


def test_refusals_before_anything_is_written(depot):
    with pytest.raises(PermissionDenied):
        confirm_shifts(uow(depot, "finance", at=BOARD_AT, role="finance"), depot_id=1,
                       pairs=[Planned(1, 1, at(DAY, 6), at(DAY, 14))])
    with pytest.raises(DispatchError) as stranger:  # Conductor 6 leases; no DaE employment
        confirm_shifts(ops(depot), depot_id=1, pairs=[Planned(6, 1, at(DAY, 6), at(DAY, 14))])
    assert stranger.value.key == "dispatch.error.not_employed"
    with pytest.raises(DispatchError) as no_car:
        confirm_shifts(ops(depot), depot_id=1, pairs=[Planned(1, None, at(DAY, 6), at(DAY, 14))])
    assert no_car.value.key == "dispatch.error.no_vehicle"
    with pytest.raises(DispatchError) as unknown:
        check_in(ops(depot), shift_id=999)
    assert unknown.value.key == "dispatch.error.unknown_shift"
    assert audit_rows(depot, "dispatch.shift_confirmed") == []


def test_a_closed_payroll_week_refuses_new_shifts_and_check_ins(depot):
    ids = confirm_shifts(ops(depot), depot_id=1, pairs=[Planned(2, 2, at(DAY, 6), at(DAY, 14))])
    check_in(ops(depot, at(DAY, 6)), shift_id=ids[0])
    close_week(uow(depot, "hr_payroll", at=at(date(2026, 1, 12), 9), role="hr_payroll"), WEEK.start)
    with pytest.raises(DispatchError) as new:
        confirm_shifts(ops(depot), depot_id=1, pairs=[Planned(1, 1, at(DAY + timedelta(days=1), 6),
                                                              at(DAY + timedelta(days=1), 14))])
    assert new.value.key == "dispatch.error.week_closed" and new.value.values["week"] == "05/01/2026"
    with pytest.raises(DispatchError) as out:
        check_out(ops(depot, at(DAY, 14)), shift_id=ids[0])
    assert out.value.key == "dispatch.error.week_closed"
    # The next week is open: a shift there is confirmed.
    monday = date(2026, 1, 12)
    assert len(confirm_shifts(ops(depot), depot_id=1, pairs=[Planned(1, 1, at(monday, 6), at(monday, 14))])) == 1


def test_conflicts_in_words(depot):
    from lafa_core.dispatch import presentation as view

    board = dispatch_board(ops(depot), depot_id=1)
    planned = [Planned(1, 1, at(DAY, 6), at(DAY, 14)), Planned(3, 1, at(DAY, 13), at(DAY, 21)),
               Planned(2, 3, at(DAY, 6), at(DAY, 14)), Planned(4, 4, at(DAY, 6), at(DAY, 14))]
    assert view.conflict_texts(board, planned, board.check(planned), "es") == [
        "DSP-001 está asignado a Conductor 1 (06:00–14:00) y a Conductor 3 (13:00–21:00) a la vez.",
        "DSP-003 (Conductor 2) está en el taller el 8 ene 2026.",
        "DSP-004 (Conductor 4) no tiene póliza de seguro vigente el 8 ene 2026."]
    confirm_shifts(ops(depot), depot_id=1, pairs=planned[:1])
    later = dispatch_board(ops(depot), depot_id=1)
    late = [Planned(1, 5, at(DAY, 13), at(DAY, 22, 30))]
    assert view.conflict_texts(later, late, later.check(late), "en") == [
        "Conductor 1 already has a shift from 06:00 to 14:00 overlapping 13:00–22:30."]


@pytest.mark.parametrize("pairs", [
    (Planned(1, 1, at(DAY, 6), at(DAY, 14)), Planned(2, 1, at(DAY, 10), at(DAY, 18))),  # one car, two drivers
    (Planned(1, 1, at(DAY, 6), at(DAY, 14)), Planned(1, 2, at(DAY, 10), at(DAY, 18))),  # one driver, two cars
], ids=["same car", "same driver"])
def test_two_dispatchers_at_once_on_postgresql_one_wins(postgres_engine, pairs):
    import threading

    build_dispatch_depot(postgres_engine)
    start, results = threading.Barrier(2), []

    def dispatcher(pair):
        start.wait()
        try:
            results.append(confirm_shifts(ops(postgres_engine), depot_id=1, pairs=[pair]))
        except DispatchConflict as refused:
            results.append(refused.conflicts[0].kind)

    threads = [threading.Thread(target=dispatcher, args=(pair,)) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(map(type, results), key=str) == sorted([list, ConflictKind], key=str)
    with unit_of_work(postgres_engine) as session:
        assert len(session.execute(select(Shift.id)).all()) == 1
