"""A payroll week on both engines: the figures of tests/payroll_support.py paid by hand, the
Sunday 20:00 cut, closing once (idempotent), reopening as a new version with a reason, and the
audit trail; refused before anything when the role or the moment is wrong."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from lafa_core.audit import queries as audit_queries  # noqa: F401 - the table is read directly below
from lafa_core.bounds import InvalidInput
from lafa_core.payroll.service import PayrollStateError, close_week, reopen_week, week_payroll
from lafa_core.tables import AuditLog, Payslip, PayrollRun
from lafa_core.users.roles import PermissionDenied
from tests.factories import uow
from tests.payroll_support import AFTER_CLOSE, MONDAY, SUNDAY, build_payroll_week


@pytest.fixture
def week(engine):
    build_payroll_week(engine)
    return engine


def hr(engine, at=AFTER_CLOSE):
    return uow(engine, "rh.ana", at, role="hr_payroll")


def test_each_driver_is_paid_as_computed_by_hand(week):
    lines = {line.code: line for line in week_payroll(hr(week), MONDAY).lines}
    assert sorted(lines) == ["DRV-000001", "DRV-000002", "DRV-000003"]  # the LTO driver is not an employee

    one = lines["DRV-000001"]
    assert (one.minutes_worked, one.previous_week_minutes, one.trips, one.tips_centavos) == (44 * 60, 40 * 60, 4, 31_000)
    assert (one.pay.base, one.pay.bonus, one.pay.overtime, one.pay.total) == (2500, 500, 200, Decimal("3200.00"))
    assert one.pay.minimum_wage_topup == 0

    two = lines["DRV-000002"]
    assert (two.pay.weekdays_worked, two.pay.days_employed, two.previous_week_minutes) == (3, 5, None)
    assert (two.pay.hours_goal, two.pay.billed_goal, two.pay.goal_met, two.pay.total) == (24, 3600, True, 2500)

    three = lines["DRV-000003"]
    assert three.minutes_worked == 32 * 60  # the Sunday shift checked in at 19:00
    assert three.pay.billed == Decimal("4000.00")  # the 19:59 trip counts; the 20:00 one is next week's
    assert (three.pay.goal_met, three.pay.support, three.pay.minimum_wage_topup, three.pay.total) == (
        False, 1000, Decimal("1205.28"), Decimal("2205.28"))
    next_week = {line.code: line for line in week_payroll(hr(week), MONDAY + timedelta(days=7)).lines}
    assert next_week["DRV-000003"].pay.billed == Decimal("999.00")


def test_closing_writes_the_payslips_once_and_a_second_close_changes_nothing(week):
    run = close_week(hr(week), MONDAY)
    assert (run.version, run.status, run.drivers, run.total_centavos) == (1, "closed", 3, 320_000 + 250_000 + 220_528)
    again = close_week(hr(week), MONDAY)
    assert again.id == run.id
    with Session(week) as session:
        assert session.scalar(select(func.count()).select_from(Payslip)) == 3
        assert session.scalar(select(func.count()).select_from(AuditLog)
                              .where(AuditLog.action == "payroll.week_closed")) == 1
    closed = week_payroll(hr(week), MONDAY)
    assert closed.closed and closed.total == Decimal("7905.28")
    assert [line.pay.total for line in closed.lines] == [Decimal("3200.00"), Decimal("2500.00"), Decimal("2205.28")]


def test_reopening_starts_a_new_version_and_the_paid_one_stays_as_it_was(week):
    close_week(hr(week), MONDAY)
    with pytest.raises(InvalidInput):
        reopen_week(hr(week), MONDAY, reason="   ")
    reopened = reopen_week(hr(week), MONDAY, reason="Faltaban viajes del jueves")
    assert (reopened.version, reopened.status, reopened.reason) == (2, "open", "Faltaban viajes del jueves")
    preview = week_payroll(hr(week), MONDAY)
    assert not preview.closed and [run.version for run in preview.versions] == [2, 1]
    second = close_week(hr(week), MONDAY)
    assert (second.version, second.total_centavos) == (2, 790_528)
    with Session(week) as session:
        per_run = dict(session.execute(select(Payslip.run_id, func.count()).group_by(Payslip.run_id)).all())
        runs = session.execute(select(PayrollRun.version, PayrollRun.status).order_by(PayrollRun.version)).all()
        trail = session.execute(select(AuditLog.action, AuditLog.details).where(AuditLog.action.like("payroll.%"))
                                .order_by(AuditLog.id)).all()
    assert sorted(per_run.values()) == [3, 3] and [tuple(r) for r in runs] == [(1, "closed"), (2, "closed")]
    assert [action for action, _ in trail] == ["payroll.week_closed", "payroll.week_reopened", "payroll.week_closed"]
    assert all("Conductora" not in details and "CURP" not in details for _, details in trail)


def test_a_week_not_over_cannot_close_and_an_open_week_cannot_reopen(week):
    with pytest.raises(PayrollStateError) as early:
        close_week(hr(week, at=AFTER_CLOSE - timedelta(hours=13, minutes=1)), MONDAY)  # Sunday 19:59
    assert early.value.key == "payroll.error.not_over"
    with pytest.raises(PayrollStateError) as not_closed:
        reopen_week(hr(week), MONDAY, reason="x")
    assert not_closed.value.key == "payroll.error.not_closed"
    with pytest.raises(PayrollStateError):
        week_payroll(hr(week), SUNDAY)  # not a Monday
    assert close_week(hr(week, at=AFTER_CLOSE - timedelta(hours=13)), MONDAY).version == 1  # Sunday 20:00 sharp


@pytest.mark.parametrize("role", ["finance", "fleet_ops", "collections_agent"])
def test_only_hr_closes_or_reopens(week, role):
    with pytest.raises(PermissionDenied):
        close_week(uow(week, "alguien", AFTER_CLOSE, role=role), MONDAY)
    with Session(week) as session:
        assert session.scalar(select(func.count()).select_from(PayrollRun)) == 0
