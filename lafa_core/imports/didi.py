"""DiDi's trip export → Trip rows, each matched to the driver's shift covering its start.

Columns: `Driver ID, Date, Trip ID, Initial time, Final time, Cost, Tip` — the driver's code
(DRV-000123), dd/mm/yyyy, H:MM / HH:MM / HH:MM:SS in Mexico City time (a final time earlier than the
initial one is after midnight, the next day), pesos with or without `$` and thousands commas (an empty
Tip is no tip). The whole file is validated first; with any problem nothing is imported.

A row identical to a trip already imported (same Trip ID, driver, start, end, cost and tip) is
skipped — DiDi's exports overlap, so importing the same file twice changes nothing — and so is a row
identical to an earlier row of the file. A Trip ID met again with other values is a problem, and so
is a new trip in a payroll week already closed (it was paid as it stood: reopen it first). A new
trip takes its shift (and the shift's vehicle) from the driver's shift with starts_at <= start <
ends_at, and adds itself to that shift's trip count, billing and tips; a trip outside every shift is
imported without them and listed as a warning.
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
from lafa_core.imports.sheet import (
    Column, ImportReport, RowProblem, RowWarning, Sheet, SheetError, cached_field, read_sheet,
)
from lafa_core.tables import Trip
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action

DRIVER, DATE, TRIP, INITIAL, FINAL, COST, TIP = (
    "Driver ID", "Date", "Trip ID", "Initial time", "Final time", "Cost", "Tip")
COLUMNS = tuple(Column(name) for name in (DRIVER, DATE, TRIP, INITIAL, FINAL, COST, TIP))
TRIP_CODE_LENGTH = Trip.__table__.c.trip_code.type.length  # 24
_ONE_DAY = timedelta(days=1)

# A parsed row: (row, trip_code, driver_id, started_at, ended_at, fare_centavos, tip_centavos).
ParsedTrip = tuple


def _tip(value, field: str):
    """An empty Tip cell is no tip."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    return fields.amount_mxn(value, field)


def _parse(sheet: Sheet, drivers: dict[str, int], problems: list[RowProblem]) -> list[ParsedTrip]:
    headers = sheet.headers
    driver_column, trip_column = headers[DRIVER], headers[TRIP]
    cells = [(name, headers[name], cached_field(parse, headers[name])) for name, parse in (
        (DATE, fields.date_mx), (INITIAL, fields.time_of_day), (FINAL, fields.time_of_day),
        (COST, fields.amount_mxn), (TIP, _tip))]
    combine = datetime.combine
    trips = []
    for number, values in sheet.rows:
        bad = False
        raw_driver = values[DRIVER]
        code = code_text(raw_driver).upper()
        driver_id = drivers.get(code)
        if driver_id is None:
            bad = True
            if code:
                problems.append(RowProblem(number, driver_column, code_text(raw_driver), "import.unknown_driver",
                                           {"field": driver_column, "code": code_text(raw_driver)}))
            else:
                problems.append(RowProblem(number, driver_column, "", "field.required", {"field": driver_column}))
        trip_code = code_text(values[TRIP])
        if not trip_code:
            bad = True
            problems.append(RowProblem(number, trip_column, "", "field.required", {"field": trip_column}))
        elif len(trip_code) > TRIP_CODE_LENGTH:
            bad = True
            problems.append(RowProblem.from_error(number, trip_column, trip_code, InvalidInput(
                trip_column, f"at most {TRIP_CODE_LENGTH} characters", key="import.id_too_long",
                maximum=TRIP_CODE_LENGTH, length=len(trip_code))))
        parsed = []
        for name, column, parse in cells:
            result = parse(values[name])
            if isinstance(result, InvalidInput):
                bad = True
                problems.append(RowProblem.from_error(number, column, values[name], result))
            parsed.append(result)
        if bad:
            continue
        day, initial, final, fare, tip = parsed
        started_at = combine(day, initial, LOCAL_TZ)
        ended_at = combine(day, final, LOCAL_TZ)
        if final < initial:  # ended after midnight
            ended_at += _ONE_DAY
        trips.append((number, trip_code, driver_id, started_at, ended_at, fare, tip))
    return trips


def _differences(a: tuple, b: tuple, headers: dict[str, str]) -> str:
    """The columns in which two versions of a trip (driver, start, end, fare, tip) differ."""
    names = []
    if a[0] != b[0]:
        names.append(DRIVER)
    start_a, start_b = a[1].astimezone(LOCAL_TZ), b[1].astimezone(LOCAL_TZ)
    end_a, end_b = a[2].astimezone(LOCAL_TZ), b[2].astimezone(LOCAL_TZ)
    if start_a.date() != start_b.date():
        names.append(DATE)
    if start_a.time() != start_b.time():
        names.append(INITIAL)
    if end_a.time() != end_b.time() or (end_a != end_b and DATE not in names):
        names.append(FINAL)
    if a[3] != b[3]:
        names.append(COST)
    if a[4] != b[4]:
        names.append(TIP)
    return ", ".join(headers[name] for name in names)


def _conflict(trip: ParsedTrip, other: tuple, key: str, headers: dict[str, str], **values) -> RowProblem:
    column = headers[TRIP]
    return RowProblem(trip[0], column, trip[1], key, {"field": column, "code": trip[1],
                                                      "columns": _differences(trip[2:], other, headers), **values})


def import_didi_trips(uow: UnitOfWork, data: bytes, *, filename: str) -> ImportReport:
    """Import DiDi's trip file (see the module's docstring). Returns what was done; with problems,
    nothing is imported and the report lists them (row, column, value, reason)."""
    acting(uow.actor, Action.PAYROLL_IMPORT)
    report = ImportReport(kind="didi_trips", filename=filename)
    with uow:
        session = uow.session
        try:
            sheet = read_sheet(data, COLUMNS, filename=filename)
        except SheetError as error:
            report.problems.extend(error.problems)
            return refuse(uow, report, data)
        report.read = len(sheet.rows)
        problems: list[RowProblem] = []
        trips = _parse(sheet, queries.driver_ids_by_code(session=session), problems)

        first_seen: dict[str, ParsedTrip] = {}
        distinct = []
        for trip in trips:
            earlier = first_seen.get(trip[1])
            if earlier is None:
                first_seen[trip[1]] = trip
                distinct.append(trip)
            elif earlier[2:] == trip[2:]:
                report.skipped_repeated += 1
            else:
                problems.append(_conflict(trip, earlier[2:], "import.trip_conflict_in_file", sheet.headers,
                                          first_row=earlier[0]))

        stored = queries.trips_by_code(session=session, codes=first_seen)
        new = []
        for trip in distinct:
            existing = stored.get(trip[1])
            if existing is None:
                new.append(trip)
            elif existing == trip[2:]:
                report.skipped_identical += 1
            else:
                problems.append(_conflict(trip, existing, "import.trip_conflict_existing", sheet.headers))
        problems.extend(closed_week_problems(session, ((trip[0], trip[3]) for trip in new), sheet.headers[DATE]))
        if problems:
            report.problems = problems
            return refuse(uow, report, data)

        rows, totals, warnings = _matched(session, new, sheet.headers)
        queries.insert_trips(session=session, records=rows)
        queries.add_to_shift_totals(session=session, totals=totals)
        report.written, report.shifts_updated, report.warnings = len(rows), len(totals), warnings
        report.weeks = payroll_weeks(trip[3] for trip in new)
        _audit(uow, "import", "payroll.trips_imported", file_id(data), filename=filename, rows_read=report.read,
               written=report.written, skipped=report.skipped, warnings=len(warnings),
               shifts_updated=report.shifts_updated, weeks=[week.isoformat() for week in report.weeks])
        uow.commit()
    return report


def _matched(session, new: list[ParsedTrip], headers: dict[str, str]) -> tuple[list[tuple], list[dict], list]:
    """The trips' rows (queries.TRIP_COLUMNS) with their shift and vehicle, each shift's added totals,
    and the warnings."""
    if not new:
        return [], [], []
    starts = [trip[3] for trip in new]
    shifts = DriverShifts(queries.driver_shifts(session=session, driver_ids={trip[2] for trip in new},
                                                starts_from=min(starts) - SHIFT_LOOKBACK, starts_until=max(starts),
                                                worked_only=True))
    rows, warnings = [], []
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    trip_column = headers[TRIP]
    for number, trip_code, driver_id, started_at, ended_at, fare, tip in new:
        shift = shifts.holding(driver_id, started_at)
        if shift is None:
            shift_id = vehicle_id = None
            warnings.append(RowWarning(number, trip_column, trip_code, "import.trip_outside_shift",
                                       {"field": trip_column, "code": trip_code, "start": local_text(started_at)}))
        else:
            shift_id, vehicle_id = shift[0], shift[2]
            total = totals[shift_id]
            total[0] += 1
            total[1] += fare
            total[2] += tip
        rows.append((trip_code, shift_id, driver_id, vehicle_id, started_at, ended_at, None, fare, tip))  # TRIP_COLUMNS
    shift_totals = [{"shift_id": shift_id, "trips": n, "fares": fares, "tips": tips}
                    for shift_id, (n, fares, tips) in sorted(totals.items())]
    return rows, shift_totals, warnings
