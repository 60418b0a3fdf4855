"""Benchmark rows of shift dispatch (called by `python -m lafa_core.bench`).

Budget: the dispatch board for 2,000 vehicles under 1 s warm in the browser
(`board_2000_vehicles_s`). Warm, the page reads its board from the cache; what it does again on
every rerun is the pure work timed here on a synthetic depot of 2,000 vehicles and 1,600 drivers
(a fixed seed: 85 % of the cars ready, some in the workshop or uninsured, a tenth of the drivers
already on a shift): the suggestion, the editable table and its vehicle options, the edited table
read back, its conflicts, the metrics and the vehicles' table. `board_service_s` times the board
service itself (charging plan included, cold) on the built company's depot with the most vehicles."""
from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np

from lafa_core.db import make_engine
from lafa_core.dispatch import presentation as view
from lafa_core.dispatch.rules import (
    Booked, DriverOption, VehicleFacts, find_conflicts, shift_span, suggest,
)
from lafa_core.dispatch.service import DepotChoice, DispatchBoard
from lafa_core.uow import UnitOfWork

VEHICLES, DRIVERS = 2_000, 1_600
BENCH_DAY = date(2026, 1, 8)


def synthetic_board(vehicles: int = VEHICLES, drivers: int = DRIVERS, seed: int = 7) -> DispatchBoard:
    rng = np.random.default_rng(seed)
    starts_at, ends_at = shift_span(BENCH_DAY)
    soc = rng.uniform(0.5, 1.0, vehicles)
    soc[rng.random(vehicles) < 0.85] = rng.uniform(0.8, 1.0)
    facts = tuple(VehicleFacts(i, f"BEN-{i:04d}", bool(rng.random() < 0.03), bool(rng.random() > 0.02), float(soc[i]))
                  for i in range(vehicles))
    zones = ("Azcapotzalco", "Iztapalapa", "Tlalpan", "Coyoacán")
    options = tuple(DriverOption(i, f"DRV-{i:06d}", f"Conductor {i}", zones[i % 4], i if i % 3 else None)
                    for i in range(drivers))
    booked = tuple(Booked(i, i * 10, (i * 10 + 5) % vehicles, starts_at - timedelta(hours=3), starts_at + timedelta(hours=1))
                   for i in range(drivers // 100))
    suggestion = suggest(options, facts, booked, starts_at=starts_at, ends_at=ends_at, depot_zone="Azcapotzalco",
                         target_soc=0.8)
    return DispatchBoard(
        depot=DepotChoice(1, "DEP-01", "Vallejo", "Azcapotzalco"), day=BENCH_DAY, today=BENCH_DAY - timedelta(days=1),
        starts_at=starts_at, ends_at=ends_at, target_soc=0.8, drivers=options, vehicles=facts,
        models={i: "JAC E40X" for i in range(vehicles)}, booked=booked, suggestion=suggestion,
        conflicts=tuple(find_conflicts(suggestion.pairs, booked, {f.vehicle_id: f for f in facts})),
        shifts=(), today_shifts=(), soc_assumed=0)


def time_board_rerun(board: DispatchBoard, lang: str = "es") -> float:
    started = time.perf_counter()
    suggest(board.drivers, board.vehicles, board.booked, starts_at=board.starts_at, ends_at=board.ends_at,
            depot_zone=board.depot.zone, target_soc=board.target_soc)
    frame = view.assignment_frame(board, lang)
    view.vehicle_options(board, lang)
    planned = view.assignments_from(board, frame, lang)
    conflicts = board.check(planned)
    view.conflict_texts(board, planned, conflicts, lang)
    view.low_charge(board, planned)
    view.metrics(board, lang)
    view.vehicles_table(board, lang)
    return time.perf_counter() - started


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    from lafa_core.dispatch import queries
    from lafa_core.dispatch.service import dispatch_board

    figures = {"board_2000_vehicles_s": round(time_board_rerun(synthetic_board()), 3)}
    engine = make_engine(database_url)
    try:
        uow = UnitOfWork(engine)
        with uow:
            day = uow.as_of()
            depots = queries.depots(session=uow.session)
            sizes = {d["id"]: len(queries.depot_vehicles(session=uow.session, depot_id=d["id"], day=day or BENCH_DAY))
                     for d in depots}
        if depots and day is not None:
            busiest = max(sizes, key=sizes.get)
            started = time.perf_counter()
            dispatch_board(UnitOfWork(engine), depot_id=busiest, day=day)
            figures["board_service_s"] = round(time.perf_counter() - started, 3)
            figures["board_service_vehicles"] = float(sizes[busiest])
    finally:
        engine.dispose()
    return figures


if __name__ == "__main__":
    print(f"dispatch board rerun, {VEHICLES} vehicles: {time_board_rerun(synthetic_board()):.3f} s")
