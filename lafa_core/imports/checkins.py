"""HR's check-in sheet → Shift rows (source "checkin_sheet": no vehicle, no depot, no trips yet).

Columns: `Driver ID, Date, Check-in, Check-out` (Spanish headers `ID conductor, Fecha, Entrada,
Salida` are read too) — the driver's code, dd/mm/yyyy, and H:MM / HH:MM / HH:MM:SS in Mexico City time;
a check-out earlier than the check-in is after midnight, the next day. The whole sheet is validated
first; with any problem nothing is imported: an unknown driver, a bad date or time, a shift of no
length or longer than 16 hours, a shift overlapping another row of the same driver or a shift already
recorded for them, a new shift in a payroll week already closed (paid as it stood: reopen it first).
A row identical to a check-in-sheet shift already imported is skipped (importing the same sheet twice
changes nothing), and so is a row identical to an earlier row of the sheet.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from lafa_core import fields
from lafa_core.bounds import InvalidInput
from lafa_core.config import LOCAL_TZ
from lafa_core.identity import acting
from lafa_core.imports import queries
from lafa_core.imports.service import (
    SHIFT_LOOKBACK, DriverShifts, closed_week_problems, code_text, file_id, local_text, payroll_weeks,
    record as _audit, refuse,
)
from lafa_core.imports.sheet import Column, ImportReport, RowProblem, Sheet, SheetError, cached_field, read_sheet
from lafa_core.tables import ShiftSource
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action

DRIVER, DATE, CHECK_IN, CHECK_OUT = "Driver ID", "Date", "Check-in", "Check-out"
COLUMNS = (Column(DRIVER, ("ID conductor", "ID del conductor")), Column(DATE, ("Fecha",)),
           Column(CHECK_IN, ("Entrada", "Hora de entrada")), Column(CHECK_OUT, ("Salida", "Hora de salida")))
MAX_SHIFT_HOURS = 16
_ONE_DAY = timedelta(days=1)

# A parsed row: (row, driver_id, starts_at, ends_at).
ParsedShift = tuple


def _seconds(starts_at: datetime, ends_at: datetime) -> float:
    return ends_at.timestamp() - starts_at.timestamp()  # elapsed time, whatever the offset did


def _parse(sheet: Sheet, drivers: dict[str, int], problems: list[RowProblem]) -> list[ParsedShift]:
    headers = sheet.headers
    driver_column, out_column = headers[DRIVER], headers[CHECK_OUT]
    cells = [(name, headers[name], cached_field(parse, headers[name])) for name, parse in (
        (DATE, fields.date_mx), (CHECK_IN, fields.time_of_day), (CHECK_OUT, fields.time_of_day))]
    shifts = []
    for number, values in sheet.rows:
        bad = False
        raw_driver = values[DRIVER]
        driver_id = drivers.get(code_text(raw_driver).upper())
        if driver_id is None:
            bad = True
            shown = code_text(raw_driver)
            problems.append(RowProblem(number, driver_column, shown, "import.unknown_driver",
                                       {"field": driver_column, "code": shown}) if shown else
                            RowProblem(number, driver_column, "", "field.required", {"field": driver_column}))
        parsed = []
        for name, column, parse in cells:
            result = parse(values[name])
            if isinstance(result, InvalidInput):
                bad = True
                problems.append(RowProblem.from_error(number, column, values[name], result))
            parsed.append(result)
        if bad:
            continue
        day, check_in, check_out = parsed
        starts_at = datetime.combine(day, check_in, LOCAL_TZ)
        ends_at = datetime.combine(day, check_out, LOCAL_TZ)
        if check_out == check_in:
            problems.append(RowProblem(number, out_column, str(values[CHECK_OUT]).strip(), "import.shift_zero_length",
                                       {"field": out_column}))
            continue
        if check_out < check_in:  # checked out after midnight
            ends_at += _ONE_DAY
        hours = _seconds(starts_at, ends_at) / 3600
        if hours > MAX_SHIFT_HOURS:
            problems.append(RowProblem(number, out_column, str(values[CHECK_OUT]).strip(), "import.shift_too_long",
                                       {"field": out_column, "hours": f"{hours:.2f}".rstrip("0").rstrip("."),
                                        "maximum": MAX_SHIFT_HOURS}))
            continue
        shifts.append((number, driver_id, starts_at, ends_at))
    return shifts


def _overlaps_in_file(shifts: list[ParsedShift], column: str) -> list[RowProblem]:
    """A shift sharing time with another row's shift of the same driver: a problem on the later row."""
    by_driver: dict[int, list[ParsedShift]] = defaultdict(list)
    for shift in shifts:
        by_driver[shift[1]].append(shift)
    problems, flagged = [], set()
    for rows in by_driver.values():
        rows.sort(key=lambda s: (s[2], s[0]))
        latest = None  # the row reaching furthest so far
        for shift in rows:
            if latest is not None and shift[2] < latest[3]:
                later, other = (shift, latest) if shift[0] > latest[0] else (latest, shift)
                if later[0] not in flagged:
                    flagged.add(later[0])
                    problems.append(RowProblem(later[0], column, local_text(later[2]), "import.shift_overlaps_row",
                                               {"field": column, "other_row": other[0]}))
            if latest is None or shift[3] > latest[3]:
                latest = shift
    return problems


def import_checkins(uow: UnitOfWork, data: bytes, *, filename: str) -> ImportReport:
    """Import HR's check-in sheet (see the module's docstring). Returns what was done; with problems,
    nothing is imported and the report lists them (row, column, value, reason)."""
    acting(uow.actor, Action.PAYROLL_IMPORT)
    report = ImportReport(kind="checkins", filename=filename)
    with uow:
        session = uow.session
        try:
            sheet = read_sheet(data, COLUMNS, filename=filename)
        except SheetError as error:
            report.problems.extend(error.problems)
            return refuse(uow, report, data)
        report.read = len(sheet.rows)
        in_column = sheet.headers[CHECK_IN]
        problems: list[RowProblem] = []
        parsed = _parse(sheet, queries.driver_ids_by_code(session=session), problems)

        seen: set[tuple] = set()
        distinct = []
        for shift in parsed:
            if shift[1:] in seen:
                report.skipped_repeated += 1
            else:
                seen.add(shift[1:])
                distinct.append(shift)
        problems.extend(_overlaps_in_file(distinct, in_column))

        new = []
        if distinct:
            stored = DriverShifts(queries.driver_shifts(
                session=session, driver_ids={s[1] for s in distinct},
                starts_from=min(s[2] for s in distinct) - SHIFT_LOOKBACK, starts_until=max(s[3] for s in distinct)))
            for shift in distinct:
                number, driver_id, starts_at, ends_at = shift
                overlapping = stored.overlapping(driver_id, starts_at, ends_at)
                if any(s[3] == starts_at and s[4] == ends_at and s[5] == ShiftSource.CHECKIN_SHEET.value
                       for s in overlapping):
                    report.skipped_identical += 1
                elif overlapping:
                    first = overlapping[0]
                    problems.append(RowProblem(
                        number, in_column, local_text(starts_at), "import.shift_overlaps_existing",
                        {"field": in_column, "start": local_text(first[3]), "end": local_text(first[4])}))
                else:
                    new.append(shift)
        problems.extend(closed_week_problems(session, ((s[0], s[2]) for s in new), sheet.headers[DATE]))
        if problems:
            report.problems = problems
            return refuse(uow, report, data)

        rows = [(driver_id, None, None, starts_at.astimezone(LOCAL_TZ).date(), starts_at, ends_at,
                 _seconds(starts_at, ends_at) / 3600, 0, 0, 0, ShiftSource.CHECKIN_SHEET.value)  # SHIFT_COLUMNS
                for _, driver_id, starts_at, ends_at in new]
        queries.insert_shifts(session=session, records=rows)
        report.written = len(rows)
        report.weeks = payroll_weeks(starts_at for _, _, starts_at, _ in new)
        _audit(uow, "import", "payroll.checkins_imported", file_id(data), filename=filename, rows_read=report.read,
               written=report.written, skipped=report.skipped, weeks=[week.isoformat() for week in report.weeks])
        uow.commit()
    return report
