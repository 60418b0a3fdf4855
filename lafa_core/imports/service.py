"""What every import does around its own rows: the file's fingerprint, the audit record (ids and
counts only), a refusal that writes nothing but its record, and the shifts that may hold a moment."""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from datetime import date, datetime, timedelta

from lafa_core import audit
from lafa_core.clock import PAYROLL_CLOSES_AT, payroll_week
from lafa_core.config import LOCAL_TZ
from lafa_core.imports import queries
from lafa_core.imports.sheet import ImportReport, RowProblem
from lafa_core.uow import UnitOfWork

# No shift lasts longer (the check-in sheet refuses more than 16 hours): how far before a moment a
# shift holding it may have started.
SHIFT_LOOKBACK = timedelta(days=2)


def file_id(data: bytes) -> str:
    """The file's fingerprint in the audit trail: the same file imported twice shows the same id."""
    return hashlib.sha256(data).hexdigest()[:16]


def record(uow: UnitOfWork, entity: str, action: str, entity_id: str, **details) -> None:
    audit.record(uow, action, entity, entity_id, **details)


_audit = record  # the name tests/app look for when checking every audited action is translated


def refuse(uow: UnitOfWork, report: ImportReport, data: bytes) -> ImportReport:
    """Nothing of the file is written: only the record that it was refused, and why in figures."""
    report.problems.sort(key=lambda p: p.row)
    report.written = report.skipped_identical = report.skipped_repeated = report.shifts_updated = 0
    report.weeks = []
    report.warnings = []
    _audit(uow, "import", "payroll.import_refused", file_id(data), kind=report.kind, filename=report.filename,
           rows_read=report.read, problems=len(report.problems),
           rows_with_problems=len({p.row for p in report.problems}))
    uow.commit()
    return report


class PayrollWeeks:
    """The payroll week (its Monday) of many moments, computed once per day and side of Sunday 20:00."""

    def __init__(self):
        self._known: dict[tuple[date, bool], date] = {}

    def __call__(self, moment: datetime) -> date:
        local = moment.astimezone(LOCAL_TZ)
        key = (local.date(), local.time() >= PAYROLL_CLOSES_AT)
        monday = self._known.get(key)
        if monday is None:
            monday = self._known[key] = payroll_week(local).start
        return monday


def payroll_weeks(moments) -> list[date]:
    """The Mondays of the payroll weeks the moments fall in (a Sunday from 20:00 is next week's)."""
    week_of = PayrollWeeks()
    return sorted({week_of(moment) for moment in moments})


def closed_week_problems(session, items, column: str) -> list[RowProblem]:
    """`items` (row, moment) falling in a payroll week already closed: a problem each, on `column`.
    A closed week was paid as it stood; adding to it needs the week reopened first (with a reason)."""
    week_of = PayrollWeeks()
    weeks = [(row, moment, week_of(moment)) for row, moment in items]
    closed = queries.closed_payroll_weeks(session=session, mondays={week for _, _, week in weeks})
    return [RowProblem(row, column, moment.astimezone(LOCAL_TZ).strftime("%d/%m/%Y"), "import.week_closed",
                       {"field": column, "week": week.strftime("%d/%m/%Y")})
            for row, moment, week in weeks if week in closed]


class DriverShifts:
    """A driver's shifts by start, to find the one holding a moment or those overlapping a span."""

    def __init__(self, rows: list[tuple]):
        """`rows`: (id, driver_id, vehicle_id, starts_at, ends_at, source), sorted by driver and start."""
        self._by_driver: dict[int, tuple[list[datetime], list[tuple]]] = {}
        for row in rows:
            starts, shifts = self._by_driver.setdefault(row[1], ([], []))
            starts.append(row[3])
            shifts.append(row)

    def holding(self, driver_id: int, moment: datetime) -> tuple | None:
        """The shift with starts_at <= moment < ends_at (the latest-starting one, if several)."""
        found = self._by_driver.get(driver_id)
        if found is None:
            return None
        starts, shifts = found
        index = bisect_right(starts, moment) - 1
        earliest = moment - SHIFT_LOOKBACK
        while index >= 0 and starts[index] >= earliest:
            if moment < shifts[index][4]:
                return shifts[index]
            index -= 1
        return None

    def overlapping(self, driver_id: int, starts_at: datetime, ends_at: datetime) -> list[tuple]:
        """The shifts sharing some time with [starts_at, ends_at)."""
        found = self._by_driver.get(driver_id)
        if found is None:
            return []
        starts, shifts = found
        index = bisect_right(starts, ends_at) - 1
        earliest = starts_at - SHIFT_LOOKBACK
        hits = []
        while index >= 0 and starts[index] >= earliest:
            shift = shifts[index]
            if shift[3] < ends_at and starts_at < shift[4]:
                hits.append(shift)
            index -= 1
        return hits[::-1]


def local_text(moment: datetime) -> str:
    """dd/mm/yyyy HH:MM in Mexico City, as the sheets write it."""
    return moment.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def code_text(value) -> str:
    """An identifier cell as text: a whole number read from Excel loses its `.0`; spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
