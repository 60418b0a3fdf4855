"""DaE payroll use cases: a week's payroll (a live preview while open, the stored payslips once
closed), closing a week (idempotent) and reopening it as a new version with a reason.

Hours worked are the worked shifts' check-in to check-out, to the minute (a shift confirmed on the
dispatch board counts once checked out), for shifts whose check-in falls in the payroll week
(Monday to Sunday 20:00 Mexico City, `clock.payroll_week`); billed and tips are the DiDi trips
starting in that week. The rule and the law are `payroll.rules` and `payroll.law`."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from lafa_core import audit
from lafa_core.bounds import text as bounded_text
from lafa_core.clock import PayrollWeek, payroll_week, week_start
from lafa_core.config import LOCAL_TZ
from lafa_core.errors import LocalizedError
from lafa_core.identity import acting
from lafa_core.payroll import queries
from lafa_core.payroll.law import labor_law_on
from lafa_core.payroll.rules import PayBreakdown, days_employed, weekdays_worked, weekly_pay
from lafa_core.tables import PayrollRun, PayrollRunStatus
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action

CENTS = Decimal(100)
MINUTES = Decimal(60)


class PayrollStateError(LocalizedError, ValueError):
    """Closing or reopening what cannot be (a week not yet over, a week that is not closed)."""


@dataclass(frozen=True)
class PayLine:
    """One driver's week: the facts and what the rule and the law make of them."""

    driver_id: int
    code: str
    full_name: str
    trips: int
    minutes_worked: int
    previous_week_minutes: int | None
    tips_centavos: int
    pay: PayBreakdown

    @property
    def tips(self) -> Decimal:
        return Decimal(self.tips_centavos) / CENTS


@dataclass(frozen=True)
class WeekPayroll:
    week: PayrollWeek
    run: PayrollRun | None  # the newest version; None: never closed
    lines: list[PayLine]
    versions: list[PayrollRun]

    @property
    def closed(self) -> bool:
        return self.run is not None and self.run.status == PayrollRunStatus.CLOSED.value

    @property
    def total(self) -> Decimal:
        return sum((line.pay.total for line in self.lines), Decimal(0))

    @property
    def tips(self) -> Decimal:
        return sum((line.tips for line in self.lines), Decimal(0))


def _detached(run: PayrollRun | None) -> PayrollRun | None:
    """A plain copy the caller keeps after the unit of work ends (its rollback expires the rows)."""
    return None if run is None else PayrollRun(**run.model_dump())


def week_of(monday: date) -> PayrollWeek:
    if monday.weekday() != 0:
        raise PayrollStateError(f"{monday} is not a Monday", key="payroll.error.week_not_monday",
                                day=monday.strftime("%d/%m/%Y"))
    return PayrollWeek(monday, monday + timedelta(days=6))


def _minutes(spans) -> dict[int, int]:
    worked: dict[int, int] = defaultdict(int)
    for driver_id, starts_at, ends_at in spans:
        worked[driver_id] += int((ends_at - starts_at).total_seconds() // 60)  # to the minute
    return worked


def compute_lines(session, week: PayrollWeek) -> list[PayLine]:
    """Every employee's pay for the week, from the shifts and trips now in the database."""
    employees = queries.employees(session=session, monday=week.start, sunday=week.end)
    this_week = _minutes(queries.shift_spans(session=session, opens_at=week.opens_at, closes_at=week.closes_at))
    last_week = _minutes(queries.shift_spans(session=session, opens_at=week.opens_at - timedelta(weeks=1),
                                             closes_at=week.opens_at))
    trips = queries.trip_totals(session=session, opens_at=week.opens_at, closes_at=week.closes_at)
    law = labor_law_on(week.start)
    lines = []
    for person in employees:
        driver_id, since = person["driver_id"], person["employed_since"]
        first_week = since >= week.start
        count, billed, tips = trips.get(driver_id, (0, 0, 0))
        minutes = this_week.get(driver_id, 0)
        previous = None if first_week else last_week.get(driver_id, 0)
        pay = weekly_pay(Decimal(minutes) / MINUTES, Decimal(billed) / CENTS,
                         None if previous is None else Decimal(previous) / MINUTES,
                         weekdays_worked(since, week.start), law=law, days_employed=days_employed(since, week.start))
        lines.append(PayLine(driver_id, person["code"], person["full_name"], count, minutes, previous, tips, pay))
    return lines


def _centavos(amount: Decimal) -> int:
    return int(amount * CENTS)


def _minutes_of(hours: Decimal) -> int:
    return int(hours * MINUTES)


def _payslip_row(line: PayLine) -> dict:
    p = line.pay
    return {"driver_id": line.driver_id, "trips": line.trips, "minutes_worked": line.minutes_worked,
            "previous_week_minutes": line.previous_week_minutes, "weekdays_worked": p.weekdays_worked,
            "days_employed": p.days_employed, "billed_centavos": _centavos(p.billed),
            "tips_centavos": line.tips_centavos, "goal_met": p.goal_met, "support_centavos": _centavos(p.support),
            "base_centavos": _centavos(p.base), "bonus_centavos": _centavos(p.bonus),
            "overtime_minutes": _minutes_of(p.overtime_hours), "overtime_centavos": _centavos(p.overtime),
            "rule_total_centavos": _centavos(p.rule_total),
            "minimum_wage_topup_centavos": _centavos(p.minimum_wage_topup), "total_centavos": _centavos(p.total),
            "minutes_over_legal_limit": _minutes_of(p.hours_over_legal_limit)}


def _stored_lines(session, run: PayrollRun, week: PayrollWeek) -> list[PayLine]:
    """A closed version's payslips as they were paid, re-explained by the same rule (and checked)."""
    law = labor_law_on(week.start)
    lines = []
    for slip in queries.payslips(session=session, run_id=run.id):
        previous = slip["previous_week_minutes"]
        pay = weekly_pay(Decimal(slip["minutes_worked"]) / MINUTES, Decimal(slip["billed_centavos"]) / CENTS,
                         None if previous is None else Decimal(previous) / MINUTES, slip["weekdays_worked"],
                         law=law, days_employed=slip["days_employed"])
        if _centavos(pay.total) != slip["total_centavos"]:
            raise PayrollStateError(f"payslip of driver {slip['driver_id']} in {run.week_start} v{run.version} "
                                    f"does not match the rule", key="payroll.error.stored_mismatch",
                                    code=slip["code"], version=run.version)
        lines.append(PayLine(slip["driver_id"], slip["code"], slip["full_name"], slip["trips"],
                             slip["minutes_worked"], previous, slip["tips_centavos"], pay))
    return lines


def week_payroll(uow: UnitOfWork, monday: date) -> WeekPayroll:
    """The week's payroll: the newest closed version's payslips, or a live preview while open."""
    week = week_of(monday)
    with uow:
        versions = [_detached(run) for run in queries.runs(session=uow.session, monday=monday)]
        run = versions[0] if versions else None
        closed = run is not None and run.status == PayrollRunStatus.CLOSED.value
        lines = _stored_lines(uow.session, run, week) if closed else compute_lines(uow.session, week)
    return WeekPayroll(week, run, lines, versions)


def recent_weeks(uow: UnitOfWork, count: int = 8) -> list[tuple[date, PayrollRun | None]]:
    """The newest `count` payroll weeks up to the one holding the newest trip, newest first, each
    with its newest run (None: never closed)."""
    with uow:
        newest = queries.latest_trip_start(session=uow.session)
        if newest is None:
            return []
        last = payroll_week(newest).start
        runs = {}
        for run in queries.runs(session=uow.session):
            runs.setdefault(run.week_start, _detached(run))
    return [(monday, runs.get(monday)) for monday in (last - timedelta(weeks=i) for i in range(count))]


def closed_weeks(uow: UnitOfWork, count: int = 8) -> list[tuple[date, PayrollRun]]:
    """The recent weeks whose newest version is closed (what finance may take out), newest first."""
    return [(monday, run) for monday, run in recent_weeks(uow, count)
            if run is not None and run.status == PayrollRunStatus.CLOSED.value]


def close_week(uow: UnitOfWork, monday: date) -> PayrollRun:
    """Close the week's newest version (creating version 1): its payslips are written once and
    never change. Closing a closed week changes nothing and returns it. The week must be over."""
    actor = acting(uow.actor, Action.PAYROLL_CLOSE)
    week = week_of(monday)
    now = uow.now()
    if now < week.closes_at:
        raise PayrollStateError(f"the week of {monday} closes on {week.closes_at.isoformat()}",
                                key="payroll.error.not_over", closes=week.closes_at.astimezone(LOCAL_TZ)
                                .strftime("%d/%m/%Y %H:%M"))
    with uow:
        run = queries.latest_run(session=uow.session, monday=monday, lock=True)
        if run is not None and run.status == PayrollRunStatus.CLOSED.value:
            return _detached(run)
        if run is None:
            run = queries.add_run(session=uow.session, week_start=monday, version=1,
                                  status=PayrollRunStatus.OPEN.value, reason="", opened_at=now, opened_by=actor.name)
        lines = compute_lines(uow.session, week)
        rows = [_payslip_row(line) for line in lines]
        queries.add_payslips(session=uow.session, run_id=run.id, rows=rows)
        total = sum(row["total_centavos"] for row in rows)
        queries.close_run(session=uow.session, run=run, closed_at=now, closed_by=actor.name, drivers=len(rows),
                          total_centavos=total)
        audit.record(uow, "payroll.week_closed", "payroll_run", run.id, week=monday.isoformat(), version=run.version,
                     drivers=len(rows), total_centavos=total,
                     tips_centavos=sum(row["tips_centavos"] for row in rows))
        uow.commit()
        return _detached(run)


def reopen_week(uow: UnitOfWork, monday: date, *, reason: str) -> PayrollRun:
    """Start the next version of a closed week, with the reason (the closed one stays as paid)."""
    actor = acting(uow.actor, Action.PAYROLL_CLOSE)
    week_of(monday)
    reason = bounded_text(reason, "reason", max_length=500, required=True)  # the page names the field
    with uow:
        run = queries.latest_run(session=uow.session, monday=monday, lock=True)
        if run is None or run.status != PayrollRunStatus.CLOSED.value:
            raise PayrollStateError(f"the week of {monday} is not closed", key="payroll.error.not_closed",
                                    week=monday.strftime("%d/%m/%Y"))
        reopened = queries.add_run(session=uow.session, week_start=monday, version=run.version + 1,
                                   status=PayrollRunStatus.OPEN.value, reason=reason, opened_at=uow.now(),
                                   opened_by=actor.name)
        audit.record(uow, "payroll.week_reopened", "payroll_run", reopened.id, week=monday.isoformat(),
                     version=reopened.version, replaces_version=run.version)
        uow.commit()
        return _detached(reopened)


def current_week_start(moment: datetime) -> date:
    return week_start(moment.astimezone(LOCAL_TZ).date())
