"""SQL for the spreadsheet imports: set-wise reads by natural key (IN lists in chunks) and bulk
writes (lafa_core.imports.queries' COPY / executemany); only this module touches the session."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Iterable, Sequence

from sqlalchemy import BigInteger, Date, Integer, bindparam, insert, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lafa_core.imports.queries import _bulk_insert, _chunks
from lafa_core.tables import AuditLog, Contract, Depot, Driver, Installment, Payment, Vehicle

try:  # COPY runs on psycopg's own cursor: its errors are not wrapped by SQLAlchemy
    from psycopg import IntegrityError as _CopyIntegrityError
except ImportError:  # pragma: no cover - SQLite-only installs
    _CopyIntegrityError = IntegrityError
# A row another import wrote meanwhile (a unique natural key taken between the check and the write).
TAKEN_MEANWHILE = (IntegrityError, _CopyIntegrityError)

D, V, C, I, P, A = (Driver.__table__, Vehicle.__table__, Contract.__table__, Installment.__table__,
                    Payment.__table__, AuditLog.__table__)
TABLES = {"drivers": D, "vehicles": V, "contracts": C, "payments": P}


def _known(values: Iterable) -> list:
    """The distinct values of a sheet's column, sorted, without the cells that were refused (None)."""
    return sorted({value for value in values if value is not None})


def rows_by_key(*, session: Session, kind: str, key: str, values: Iterable, columns: Sequence[str]) -> dict:
    """key value → {column: value} of the stored rows whose `key` is one of `values` (plus their id)."""
    table = TABLES[kind]
    picked = [table.c.id, *(table.c[name] for name in columns if name != "id")]
    found = {}
    for chunk in _chunks(_known(values)):
        for row in session.execute(select(*picked).where(table.c[key].in_(chunk))).mappings():
            found[row[key]] = dict(row)
    return found


def ids_by(*, session: Session, kind: str, key: str, values: Iterable) -> dict:
    """key value → id, for the stored rows whose `key` is one of `values`."""
    table = TABLES[kind]
    found = {}
    for chunk in _chunks(_known(values)):
        found.update(session.execute(select(table.c[key], table.c.id).where(table.c[key].in_(chunk))).all())
    return found


def depot_ids(*, session: Session) -> dict[str, int]:
    return {code.strip().upper(): depot_id for depot_id, code in session.execute(select(Depot.id, Depot.code))}


def driver_codes(*, session: Session) -> set[str]:
    return {code.strip().upper() for code in session.execute(select(D.c.code)).scalars()}


def plates_in_use(*, session: Session, plates: Iterable[str]) -> dict[str, str]:
    """plate → the VIN of the vehicle that has it."""
    found = {}
    for chunk in _chunks(_known(plates)):
        found.update(session.execute(select(V.c.plate, V.c.vin).where(V.c.plate.in_(chunk))).all())
    return found


def contracts_for(*, session: Session, codes: Iterable[str]) -> dict[str, tuple[int, str, str]]:
    """contract number → (id, product, status)."""
    found = {}
    for chunk in _chunks(_known(codes)):
        for code, contract_id, product, status in session.execute(
                select(C.c.code, C.c.id, C.c.product, C.c.status).where(C.c.code.in_(chunk))):
            found[code] = (contract_id, product, status)
    return found


def active_contracts_on_vehicles(*, session: Session, vehicle_ids: Iterable[int]) -> dict[int, str]:
    """vehicle id → the number of an active contract on it."""
    found = {}
    for chunk in _chunks(_known(vehicle_ids)):
        found.update(session.execute(select(C.c.vehicle_id, C.c.code).where(
            C.c.vehicle_id.in_(chunk), C.c.status == "active")).all())
    return found


def unpaid_installments(*, session: Session, contract_ids: Iterable[int]) -> list[tuple]:
    """(id, contract_id, seq, amount_centavos, paid_centavos) of the installments not fully paid, by
    contract and seq (ix_installment_unpaid_due)."""
    rows = []
    for chunk in _chunks(sorted(set(contract_ids))):
        rows.extend(tuple(row) for row in session.execute(
            select(I.c.id, I.c.contract_id, I.c.seq, I.c.amount_centavos, I.c.paid_centavos)
            .where(I.c.contract_id.in_(chunk), I.c.paid_on.is_(None))))
    rows.sort(key=lambda row: (row[1], row[2]))
    return rows


def insert_rows(*, session: Session, kind: str, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(TABLES[kind]), rows)


def update_rows(*, session: Session, kind: str, rows: list[dict]) -> None:
    """Each {id, column: value…} written onto its row (rows of one kind change the same columns)."""
    table = TABLES[kind]
    by_columns: dict[tuple, list[dict]] = {}
    for row in rows:
        by_columns.setdefault(tuple(sorted(k for k in row if k != "id")), []).append(row)
    for names, group in by_columns.items():
        statement = (update(table).where(table.c.id == bindparam("_id"))
                     .values({name: bindparam(f"_{name}") for name in names}))
        session.connection().execute(statement, [{f"_{k}": v for k, v in row.items()} for row in group])


INSTALLMENT_COLUMNS = ("contract_id", "seq", "due_on", "amount_centavos", "paid_centavos", "paid_on")
PAYMENT_COLUMNS = ("contract_id", "paid_at", "paid_on", "amount_centavos", "method", "reference")
AUDIT_COLUMNS = ("occurred_at", "actor", "action", "entity", "entity_id", "details")


def insert_installments(*, session: Session, records: list[tuple]) -> None:
    _bulk_insert(session, I, INSTALLMENT_COLUMNS, records)


def insert_payments(*, session: Session, records: list[tuple]) -> None:
    _bulk_insert(session, P, PAYMENT_COLUMNS, records)


def insert_audit(*, session: Session, occurred_at: datetime, actor: str, records: list[tuple[str, str, str, dict]]) -> None:
    """(action, entity, entity_id, details) records, in one go (one per contract a sheet changed)."""
    _bulk_insert(session, A, AUDIT_COLUMNS, [
        (occurred_at, actor[:60], action, entity, str(entity_id), json.dumps(details, sort_keys=True, default=str))
        for action, entity, entity_id, details in records])


def set_installments_paid(*, session: Session, changes: list[tuple[int, int, date | None]]) -> None:
    """(installment id, paid_centavos, paid_on) written, in one statement per chunk on PostgreSQL."""
    if not changes:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        statement = text("UPDATE installment SET paid_centavos = v.paid, paid_on = v.paid_on "
                         "FROM unnest(:ids, :paid, :paid_on) AS v(id, paid, paid_on) WHERE installment.id = v.id"
                         ).bindparams(bindparam("ids", type_=ARRAY(Integer)), bindparam("paid", type_=ARRAY(BigInteger)),
                                      bindparam("paid_on", type_=ARRAY(Date)))
        for chunk in _chunks(changes, 50_000):
            ids, paid, paid_on = (list(column) for column in zip(*chunk))
            connection.execute(statement, {"ids": ids, "paid": paid, "paid_on": paid_on})
        return
    statement = (update(I).where(I.c.id == bindparam("_id"))
                 .values(paid_centavos=bindparam("_paid"), paid_on=bindparam("_paid_on")))
    connection.execute(statement, [{"_id": i, "_paid": paid, "_paid_on": day} for i, paid, day in changes])




def export_rows(*, session: Session, kind: str) -> list[dict]:
    """Every stored row of a sheet, keyed by the sheet's field names, in natural-key order."""
    Dp = Depot.__table__
    if kind == "drivers":
        statement = select(D.c.curp, D.c.full_name, D.c.rfc, D.c.phone, D.c.birth_date, D.c.product, D.c.status,
                           D.c.zone, D.c.joined_on, D.c.has_valid_licence, D.c.code).order_by(D.c.curp)
    elif kind == "vehicles":
        statement = (select(V.c.vin, V.c.oem, V.c.model, V.c.plate, V.c.battery_kwh, V.c.status,
                            Dp.c.code.label("depot"), V.c.in_service_on, V.c.acquisition_cost_centavos,
                            V.c.odometer_km_at_service_start, V.c.retired_on)
                     .join(Dp, Dp.c.id == V.c.depot_id).order_by(V.c.vin))
    elif kind == "contracts":
        statement = (select(C.c.code, D.c.code.label("driver"), V.c.vin, C.c.product, C.c.start_on, C.c.term_weeks,
                            C.c.weekly_rate_centavos, C.c.deposit_centavos, C.c.purchase_option_centavos, C.c.status,
                            C.c.end_on, C.c.defaulted_on)
                     .join(D, D.c.id == C.c.driver_id).join(V, V.c.id == C.c.vehicle_id).order_by(C.c.code))
    else:
        statement = (select(P.c.reference, C.c.code.label("contract"), P.c.paid_on, P.c.paid_at, P.c.amount_centavos,
                            P.c.method).join(C, C.c.id == P.c.contract_id).order_by(P.c.reference, P.c.id))
    return [dict(row) for row in session.execute(statement).mappings()]
