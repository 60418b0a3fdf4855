"""Benchmark rows of the roadmap capability, run by `python -m lafa_core.bench`
against an already-built company database."""
from __future__ import annotations

from time import perf_counter

from lafa_core.db import make_engine
from lafa_core.uow import UnitOfWork
from lafa_core.roadmap import load_strategy, measure_assumptions, roadmap_overview, roi_workbook


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    engine = make_engine(database_url)
    try:
        started = perf_counter()
        measure_assumptions(UnitOfWork(engine))
        measured = perf_counter() - started

        started = perf_counter()
        overview = roadmap_overview(UnitOfWork(engine), fleet=vehicles)
        overview_seconds = perf_counter() - started

        started = perf_counter()
        workbook = roi_workbook(load_strategy(), overview.measured_roi or overview.roi)
        workbook_seconds = perf_counter() - started
    finally:
        engine.dispose()
    return {
        "roadmap_measurements_s": round(measured, 4),
        "roadmap_page_data_s": round(overview_seconds, 4),
        "roadmap_workbook_s": round(workbook_seconds, 4),
        "roadmap_workbook_kb": round(len(workbook) / 1024, 1),
    }
