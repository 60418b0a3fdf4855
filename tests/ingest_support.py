"""Sheet import test helpers: a small company with identifiers that pass lafa_core.fields, and
sheets written the way finance fills the templates.

- Depot DEP-01 (Vallejo).
- Drivers DRV-000001 (Ana, LTO) and DRV-000002 (Beto, DaE), real-looking CURP/RFC/phones.
- Vehicles VIN1 (plate MEX-456-B) and VIN2 (plate XYZ-987-A).
- LTO-0000001: Ana's 208-week lease on VIN1 from Monday 5 Jan 2026 at 3,500 MXN a week (first due
  12 Jan), nothing paid yet. DAE-0000002: Beto's employment on VIN2.
"""
from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook
from sqlmodel import Session, select

from lafa_core import fields
from lafa_core.config import LOCAL_TZ
from lafa_core.generate.fingerprint import company_fingerprint
from lafa_core.ledger import lease_schedule
from lafa_core.tables import Contract, Depot, Driver, Installment, Payment, Vehicle
from tests import factories

NOW = datetime(2026, 1, 26, 10, 0, tzinfo=LOCAL_TZ)  # Monday: finance loads last week's payments
START = date(2026, 1, 5)
WEEKLY = 350_000


def curp(first16: str) -> str:
    body = first16 + "0"
    return body + fields.curp_check_digit(body)


def rfc(first12: str) -> str:
    return first12 + fields.rfc_check_digit(first12)


def vin(prefix: str, serial: int) -> str:
    raw = f"{prefix}0R{serial:07d}"
    return raw[:8] + fields.vin_check_digit(raw) + raw[9:]


ANA_CURP, BETO_CURP = curp("MELA900215MDFRPN"), curp("RUGB880730HDFZRT")
ANA_RFC, BETO_RFC = rfc("MELA900215K7"), rfc("RUGB880730L2")
VIN1, VIN2, VIN3 = vin("LJ1EFAUU", 1), vin("LJ1EFAUU", 2), vin("LJ1EFAUU", 3)


def build_book(engine) -> None:
    with Session(engine) as session:
        depot = Depot(code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16, charger_count=4,
                      charger_kw=7.2)
        session.add(depot)
        session.flush()
        ana = Driver(code="DRV-000001", full_name="Ana Mendoza López", curp=ANA_CURP, rfc=ANA_RFC,
                     phone="+525511112222", birth_date=date(1990, 2, 15), product="LTO", status="active",
                     zone="Iztapalapa", home_lat=19.355, home_lon=-99.06, joined_on=date(2025, 12, 1))
        beto = Driver(code="DRV-000002", full_name="Beto Ruiz García", curp=BETO_CURP, rfc=BETO_RFC,
                      phone="+525533334444", birth_date=date(1988, 7, 30), product="DaE", status="active",
                      zone="Coyoacán", home_lat=19.33, home_lon=-99.16, joined_on=date(2025, 12, 1))
        v1 = Vehicle(vin=VIN1, oem="JAC", model="E10X", plate="MEX-456-B", battery_kwh=31.4, status="assigned",
                     depot_id=depot.id, in_service_on=date(2025, 11, 1), acquisition_cost_centavos=40_000_000)
        v2 = Vehicle(vin=VIN2, oem="Geely", model="Geometry C", plate="XYZ-987-A", battery_kwh=53.0,
                     status="assigned", depot_id=depot.id, in_service_on=date(2025, 11, 1),
                     acquisition_cost_centavos=45_000_000)
        session.add_all([ana, beto, v1, v2])
        session.flush()
        lease = Contract(code="LTO-0000001", driver_id=ana.id, vehicle_id=v1.id, product="LTO", kind="lease",
                         start_on=START, term_weeks=208, weekly_rate_centavos=WEEKLY, deposit_centavos=1_500_000,
                         purchase_option_centavos=2_000_000, status="active")
        job = Contract(code="DAE-0000002", driver_id=beto.id, vehicle_id=v2.id, product="DaE", kind="employment",
                       start_on=START, weekly_rate_centavos=250_000, status="active")
        session.add_all([lease, job])
        session.flush()
        session.add_all(Installment(contract_id=lease.id, seq=seq, due_on=due, amount_centavos=amount)
                        for seq, due, amount in lease_schedule(START, 208, WEEKLY))
        session.commit()


def finance(engine, role: str = "finance", at: datetime = NOW):
    return factories.uow(engine, "finanzas.rosa", at, role)


def fingerprint(engine) -> dict[str, str]:
    return company_fingerprint(engine)


def workbook_rows(data: bytes) -> list[list]:
    """The first sheet's rows as values (header included)."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def filled(template: bytes, rows: list[list]) -> bytes:
    """The template with its example row replaced by `rows` (as a person types them)."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def installments(engine, code: str = "LTO-0000001") -> list[Installment]:
    with Session(engine) as session:
        contract = session.exec(select(Contract).where(Contract.code == code)).one()
        return list(session.exec(select(Installment).where(Installment.contract_id == contract.id)
                                 .order_by(Installment.seq)))


def payments(engine) -> list[Payment]:
    with Session(engine) as session:
        return list(session.exec(select(Payment).order_by(Payment.id)))


def one(engine, table, **where):
    with Session(engine) as session:
        statement = select(table)
        for name, value in where.items():
            statement = statement.where(getattr(table, name) == value)
        return session.exec(statement).one()
