"""SQL for imports: set-wise reads (IN lists in chunks, one array on PostgreSQL) and bulk writes;
only this module touches the session.

Bulk inserts go as lafa_core.generate.bulk loads the demo company: executemany on SQLite, COPY on
PostgreSQL, on the session's own connection (so inside the unit of work's transaction). Each value
first goes through its column type's bind processor, so what is stored is exactly what the ORM would
store (AwareDateTime: UTC). A hundred thousand trips are written in a few seconds rather than the
ORM's per-row parameter handling, and PostgreSQL's per-statement cost, of executemany.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterable, Sequence

from sqlalchemy import String, Table, any_, bindparam, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from lafa_core.tables import Driver, PayrollRun, PayrollRunStatus, Shift, ShiftStatus, Trip

D = Driver.__table__
S = Shift.__table__
T = Trip.__table__
R = PayrollRun.__table__
CHUNK = 5_000  # values per IN list: far below SQLite's and PostgreSQL's bind limits
ARRAY_CHUNK = 50_000  # values per PostgreSQL array parameter


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def driver_ids_by_code(*, session: Session) -> dict[str, int]:
    """Every driver's code (upper case) → id."""
    return {code.strip().upper(): driver_id for driver_id, code in session.execute(select(D.c.id, D.c.code))}


def trips_by_code(*, session: Session, codes: Iterable[str]) -> dict[str, tuple]:
    """trip_code → (driver_id, started_at, ended_at, fare_centavos, tip_centavos) of the trips already stored."""
    found = {}
    postgres = session.get_bind().dialect.name == "postgresql"
    columns = select(T.c.trip_code, T.c.driver_id, T.c.started_at, T.c.ended_at, T.c.fare_centavos, T.c.tip_centavos)
    for chunk in _chunks(sorted(set(codes)), ARRAY_CHUNK if postgres else CHUNK):
        if postgres:
            codes_array = bindparam("codes", chunk, type_=ARRAY(String))
            result = session.execute(columns.where(T.c.trip_code == any_(codes_array)))
        else:
            result = session.execute(columns.where(T.c.trip_code.in_(chunk)))
        for code, *values in result:
            found[code] = tuple(values)
    return found


def closed_payroll_weeks(*, session: Session, mondays: Iterable[date]) -> set[date]:
    """Those of the weeks whose newest payroll version is closed (paid as it stands)."""
    newest: dict[date, tuple[int, str]] = {}
    for chunk in _chunks(sorted(set(mondays))):
        for week_start, version, status in session.execute(
                select(R.c.week_start, R.c.version, R.c.status).where(R.c.week_start.in_(chunk))):
            if week_start not in newest or version > newest[week_start][0]:
                newest[week_start] = (version, status)
    return {week for week, (_, status) in newest.items() if status == PayrollRunStatus.CLOSED.value}


def driver_shifts(*, session: Session, driver_ids: Iterable[int], starts_from: datetime,
                  starts_until: datetime, worked_only: bool = False) -> list[tuple]:
    """(id, driver_id, vehicle_id, starts_at, ends_at, source) of the drivers' shifts starting from
    `starts_from` to `starts_until` (both included), by driver and start (ix_shift_driver_starts);
    `worked_only`: only shifts already worked (a confirmed shift's times are still the plan)."""
    rows = []
    for chunk in _chunks(sorted(set(driver_ids))):
        statement = (select(S.c.id, S.c.driver_id, S.c.vehicle_id, S.c.starts_at, S.c.ends_at, S.c.source)
                     .where(S.c.driver_id.in_(chunk), S.c.starts_at >= starts_from, S.c.starts_at <= starts_until))
        if worked_only:
            statement = statement.where(S.c.status == ShiftStatus.WORKED.value)
        rows.extend(tuple(row) for row in session.execute(statement))
    rows.sort(key=lambda row: (row[1], row[3]))
    return rows


TRIP_COLUMNS = ("trip_code", "shift_id", "driver_id", "vehicle_id", "started_at", "ended_at", "km", "fare_centavos",
                "tip_centavos")
SHIFT_COLUMNS = ("driver_id", "vehicle_id", "depot_id", "work_date", "starts_at", "ends_at", "hours", "trip_count",
                 "billed_centavos", "tips_centavos", "source")


def _bulk_insert(session: Session, table: Table, names: Sequence[str], records: list[tuple]) -> None:
    """executemany on SQLite, COPY on PostgreSQL (see the module's docstring); `records` hold the
    values of the columns `names`, in that order."""
    if not records:
        return
    connection = session.connection()
    dialect = connection.dialect
    values = list(zip(*records))  # column by column
    for index, name in enumerate(names):
        # The type as this dialect stores it: AwareDateTime → UTC → SQLite's text, exactly as the ORM does.
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            values[index] = [process(value) for value in values[index]]
    rows = list(zip(*values))
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    if dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        placeholders = ", ".join("?" for _ in names)
        connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({placeholders})", rows)


def insert_trips(*, session: Session, records: list[tuple]) -> None:
    """Trips as tuples in TRIP_COLUMNS order."""
    _bulk_insert(session, T, TRIP_COLUMNS, records)


def add_to_shift_totals(*, session: Session, totals: list[dict]) -> None:
    """Each {shift_id, trips, fares, tips} added to its shift's trip_count, billed and tips."""
    if totals:
        statement = (update(S).where(S.c.id == bindparam("shift_id"))
                     .values(trip_count=S.c.trip_count + bindparam("trips"),
                             billed_centavos=S.c.billed_centavos + bindparam("fares"),
                             tips_centavos=S.c.tips_centavos + bindparam("tips")))
        session.connection().execute(statement, totals)


def insert_shifts(*, session: Session, records: list[tuple]) -> None:
    """Shifts as tuples in SHIFT_COLUMNS order."""
    _bulk_insert(session, S, SHIFT_COLUMNS, records)
