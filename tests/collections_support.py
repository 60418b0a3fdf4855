"""Collections test helpers: a small book of leases whose days past due are set by hand."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlmodel import Session

from lafa_core.collections.model import FEATURES, RollModel
from lafa_core.config import LOCAL_TZ
from lafa_core.users import Role
from tests import factories
from lafa_core.tables import Contract, Depot, Driver, Installment, Payment, PayrollShortfall, TelemetryDaily, Vehicle

# Tuesday 10 March 2026, 10:00 in Mexico City: inside contact hours, mid-week.
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LOCAL_TZ)
TODAY = NOW.date()
WEEKLY = 300_000  # 3,000 MXN a week


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def prior_model() -> RollModel:
    """The roll predictor before there is any history: per-bucket priors, deterministic."""
    return RollModel().fit(pd.DataFrame(columns=FEATURES), [])


def _driver(i: int, product: str, opted_out: bool = False, do_not_contact: bool = False) -> Driver:
    return Driver(id=i, code=f"DRV-{i:06d}", full_name=f"Conductora Número{i} Prueba", curp=f"CURP{i:014d}",
                  rfc=f"RFC{i:010d}", phone=f"+52 55 0000 {i:04d}", birth_date=date(1990, 1, 1), product=product,
                  status="active", zone="Iztapalapa", home_lat=19.35, home_lon=-99.06, joined_on=date(2025, 1, 1),
                  opted_out_of_messages=opted_out, do_not_contact=do_not_contact)


def build_book(engine, days_past_due: list[int], *, weekly: int = WEEKLY, opted_out: set[int] = frozenset(),
               do_not_contact: set[int] = frozenset(), dae_shortfalls: dict[int, int] | None = None,
               today: date = TODAY) -> list[int]:
    """One lease per entry of `days_past_due` (contract ids 1..n, in order): installments due
    weekly, all paid on their due date up to the one due `days_past_due` days before `today`,
    which and all later are unpaid; a negative value means the next installment is due in that
    many days. `dae_shortfalls` adds DaE employees {contract id: shortfall in centavos} whose
    payroll deduction came up short 5 days ago. Returns the lease ids."""
    with Session(engine) as session:
        session.add(Depot(id=1, code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16,
                          charger_count=4, charger_kw=7.2))
        session.flush()
        ids = []
        entries = [(i + 1, dpd, "LTO") for i, dpd in enumerate(days_past_due)]
        entries += [(cid, None, "DaE") for cid in (dae_shortfalls or {})]
        for cid, dpd, product in entries:
            session.add(Vehicle(id=cid, vin=f"VIN{cid:014d}", oem="JAC", model="E10X", plate=f"AAA-{cid:04d}",
                                battery_kwh=31.4, status="assigned", depot_id=1, in_service_on=date(2025, 1, 1),
                                acquisition_cost_centavos=40_000_000))
            session.add(_driver(cid, product, cid in opted_out, cid in do_not_contact))
        session.flush()
        for cid, dpd, product in entries:
            if product == "DaE":
                session.add(Contract(id=cid, code=f"DAE-{cid:04d}", driver_id=cid, vehicle_id=cid, product="DaE",
                                     kind="employment", start_on=date(2025, 6, 2), weekly_rate_centavos=250_000,
                                     status="active"))
                session.flush()
                session.add(PayrollShortfall(contract_id=cid, due_on=today - timedelta(days=5),
                                             due_centavos=250_000 + dae_shortfalls[cid], deducted_centavos=250_000))
                continue
            first_unpaid = today - timedelta(days=dpd)
            start = first_unpaid - timedelta(weeks=11)  # ten installments paid before the first unpaid one
            session.add(Contract(id=cid, code=f"LTO-{cid:04d}", driver_id=cid, vehicle_id=cid, product="LTO",
                                 kind="lease", start_on=start, term_weeks=208, weekly_rate_centavos=weekly,
                                 status="active"))
            session.flush()
            for seq in range(1, 25):
                due = start + timedelta(weeks=seq)
                paid = due < first_unpaid
                session.add(Installment(contract_id=cid, seq=seq, due_on=due, amount_centavos=weekly,
                                        paid_centavos=weekly if paid else 0, paid_on=due if paid else None))
                if paid:
                    session.add(Payment(contract_id=cid, paid_at=at(due, 12), paid_on=due, amount_centavos=weekly,
                                        method="spei"))
            ids.append(cid)
        # The company's telemetry reaches `today`: the data's as-of day (analytics) is today.
        session.add(TelemetryDaily(vehicle_id=entries[0][0], day=today, km=100.0, odometer_km=5000.0, soc_end_pct=60.0,
                                   soh_pct=98.0, max_battery_temp_c=30.0, lat=19.35, lon=-99.16))
        session.commit()
    return ids


def pay(engine, contract_id: int, amount: int, when: datetime) -> None:
    """A payment that arrives (without settling installments: enough for promise matching)."""
    with Session(engine) as session:
        session.add(Payment(contract_id=contract_id, paid_at=when, paid_on=when.date(), amount_centavos=amount,
                            method="spei"))
        session.commit()


def data_through(engine, day: date) -> None:
    """Telemetry for `day`: the company's data (and so the as-of day of its reports) reaches it."""
    with Session(engine) as session:
        session.add(TelemetryDaily(vehicle_id=1, day=day, km=100.0, odometer_km=5100.0, soc_end_pct=60.0, soh_pct=98.0,
                                   max_battery_temp_c=30.0, lat=19.35, lon=-99.16))
        session.commit()


def uow(engine, actor: str | None = None, at: datetime | None = None, role: str = Role.COLLECTIONS_SUPERVISOR.value):
    """A unit of work for collections staff: a supervisor unless `role` says otherwise."""
    return factories.uow(engine, actor, at, role=role)
