"""Benchmark rows of fleet operations (called by `python -m lafa_core.bench`).

Budgets at 10,000 vehicles: the map's query — every vehicle in service with its latest telemetry
(one statement) — under 1 s (`map_query_s`), and the whole map service (positions, contracts,
recent km, work orders, leases' days past due, service due, incidents) under 5 s cold
(`map_service_s`; the page caches it per data day and fleet writes). `maintenance_service_s`
times the maintenance page's service on the same company."""
from __future__ import annotations

import time

from lafa_core.db import make_engine
from lafa_core.fleet import queries
from lafa_core.fleet.service import fleet_map, maintenance_overview
from lafa_core.identity import Actor
from lafa_core.uow import UnitOfWork


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    engine = make_engine(database_url)
    actor = Actor("bench", "fleet_ops")
    try:
        with UnitOfWork(engine) as uow:
            day = uow.as_of()
            if day is None:
                return {}
            started = time.perf_counter()
            found = queries.latest_telemetry(session=uow.session, day=day)
            queries.fleet(session=uow.session, day=day)
            figures = {"map_query_s": round(time.perf_counter() - started, 3), "map_vehicles": float(len(found))}
        started = time.perf_counter()
        fleet_map(UnitOfWork(engine, actor=actor))
        figures["map_service_s"] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()
        maintenance_overview(UnitOfWork(engine, actor=actor))
        figures["maintenance_service_s"] = round(time.perf_counter() - started, 3)
    finally:
        engine.dispose()
    return figures
