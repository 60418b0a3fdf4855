"""Build a whole synthetic company into an empty database, deterministically."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select
from sqlmodel import SQLModel

from lafa_core.db import migrate
from lafa_core.generate import assets, ledger
from lafa_core.generate.activity import ActivitySimulator
from lafa_core.generate.bulk import BulkWriter
from lafa_core.generate.contracts import Calendar, ContractSimulator
from lafa_core.clock import SystemClock, last_sunday
from lafa_core.kpis.rollup import refresh_weekly_rollup
from lafa_core.uow import UnitOfWork
from lafa_core.users import create_demo_accounts
from lafa_core.tables import Vehicle

Progress = Callable[[str, float], None]
TELEMETRY_BLOCK_DAYS = 28


class InvalidCompanySpec(ValueError):
    """The size, length or end date asked for cannot make a company."""


class DatabaseNotEmpty(RuntimeError):
    """The generator only fills an empty database; it never mixes with real data."""


@dataclass(frozen=True)
class CompanySpec:
    vehicles: int
    weeks: int
    seed: int
    end: date  # the last day of data: a Sunday

    def __post_init__(self):
        if not 1 <= self.vehicles <= 50_000:
            raise InvalidCompanySpec(f"vehicles must be between 1 and 50,000, got {self.vehicles}")
        if not 4 <= self.weeks <= 260:
            raise InvalidCompanySpec(f"weeks must be between 4 and 260, got {self.weeks}")


def last_complete_week_end(today: date | None = None) -> date:
    """The most recent Sunday strictly before today (Mexico City): a closed week."""
    today = today or SystemClock().now().date()
    return last_sunday(today - timedelta(days=1))


def _table(name: str):
    return SQLModel.metadata.tables[name]


def build_company(engine: Engine, vehicles: int, weeks: int, seed: int, end: date | None = None,
                  progress: Progress | None = None) -> dict[str, int]:
    """Migrate `engine`'s database and fill it with a company. Returns rows written per table.

    Same (vehicles, weeks, seed, end) → the same database. `end` defaults to the last
    complete week, so a demo built today ends last Sunday.
    """
    end = end or last_complete_week_end()
    if end.weekday() != 6:
        raise InvalidCompanySpec(f"end must be a Sunday (the payroll week closes on Sunday), got {end:%A %Y-%m-%d}")
    CompanySpec(vehicles, weeks, seed, end)  # refuses impossible inputs before anything is written
    report = progress or (lambda stage, fraction: None)
    migrate(engine)
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(Vehicle)).scalar():
            raise DatabaseNotEmpty("the database already holds vehicles; build into an empty database")

    report("Simulating contracts, applications and payments", 0.02)
    calendar = Calendar(start=end - timedelta(days=7 * weeks - 1), end=end)
    book = ContractSimulator(vehicles, calendar, seed).run()
    sim = ActivitySimulator(book, seed)
    in_service, spell_index = sim.occupancy()
    report("Simulating shifts and trips", 0.10)
    shifts = sim.shifts(spell_index)
    trips = sim.trips(shifts)
    fleet = sim.fleet_days(in_service, spell_index, shifts)
    report("Simulating charging, maintenance, incidents and insurance", 0.18)
    charging = sim.charging(shifts, fleet)
    maintenance = assets.maintenance(book, fleet, seed)
    incidents = assets.incidents(book, fleet, seed)
    policies, claims = assets.insurance(book, incidents, seed)
    installments, payments = ledger.installments_and_payments(book, seed)
    contacts = ledger.collection_contacts(book, seed)
    shortfalls = ledger.payroll_shortfalls(book, incidents, seed)
    open_maintenance = set(maintenance.loc[maintenance["closed_on"].isna(), "vehicle_id"].tolist())

    counts: dict[str, int] = {}
    plan: list[tuple[str, pd.DataFrame]] = [
        ("depot", ledger.depots_frame(book)),
        ("vehicle", ledger.vehicles_frame(book, open_maintenance)),
        ("driver", ledger.drivers_frame(book)),
        ("credit_application", ledger.applications_frame(book)),
        ("contract", ledger.contracts_frame(book)),
        ("installment", installments),
        ("payment", payments),
        ("shift", shifts.drop(columns=["_vehicle", "_day", "_km"])),
        ("trip", trips),
        ("charging_session", charging),
        ("maintenance_record", maintenance),
        ("incident", incidents.drop(columns=["_day", "_spell"])),
        ("insurance_policy", policies),
        ("insurance_claim", claims),
        ("collection_contact", contacts),
        ("payroll_shortfall", shortfalls),
    ]
    with engine.connect() as conn:
        writer = BulkWriter(conn)
        for i, (name, frame) in enumerate(plan):
            report(f"Writing {name} ({len(frame):,} rows)", 0.25 + 0.35 * i / len(plan))
            writer.write(_table(name), frame)
            counts[name] = len(frame)
            writer.commit()
        telemetry_rows = 0
        blocks = range(0, calendar.days, TELEMETRY_BLOCK_DAYS)
        for i, first in enumerate(blocks):
            report(f"Writing telemetry_daily ({telemetry_rows:,} rows so far)", 0.60 + 0.38 * i / len(blocks))
            frame = sim.telemetry(fleet, range(first, min(first + TELEMETRY_BLOCK_DAYS, calendar.days)))
            writer.write(_table("telemetry_daily"), frame)
            telemetry_rows += len(frame)
            writer.commit()
        counts["telemetry_daily"] = telemetry_rows
        writer.reset_sequences([_table(name) for name, _ in plan])
        audit = pd.DataFrame([{
            # Stamped at the close of the simulated window (Monday 00:00 local), not the wall clock,
            # so the same inputs give the same database.
            "id": 1, "occurred_at": np.datetime64(f"{end + timedelta(days=1)}T06:00:00"),
            "actor": "generator", "action": "company.generated", "entity": "company", "entity_id": None,
            "details": json.dumps({"vehicles": vehicles, "weeks": weeks, "seed": seed, "end": end.isoformat(),
                                   "rows": counts}, sort_keys=True),
        }])
        writer.write(_table("audit_log"), audit)
        writer.reset_sequences([_table("audit_log")])
        writer.commit()
    report("Updating planner statistics", 0.985)
    with engine.connect() as conn:  # fresh statistics after a bulk load, or the planner guesses badly
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    report("Computing weekly KPI rollup", 0.99)
    counts["kpi_week"] = refresh_weekly_rollup(UnitOfWork(engine))
    report("Creating one demo account per role", 0.995)
    counts["app_user"] = create_demo_accounts(UnitOfWork(engine))
    report("Done", 1.0)
    return counts
