"""Rebuild `kpi_week` from the operational tables. Every aggregate runs in SQL
(GROUP BY week and product); Python only merges a few hundred result rows.

Call after anything bulk-loads operational data (the generator, importers).
"""
from __future__ import annotations

from datetime import timedelta

import pandas as pd

from lafa_core.clock import data_as_of
from lafa_core.kpis import queries
from lafa_core.ledger import queries as ledger
from lafa_core.ledger.sql import as_date
from lafa_core.tables import KpiWeek
from lafa_core.uow import UnitOfWork


def refresh_weekly_rollup(uow: UnitOfWork) -> int:
    """Replace `kpi_week` with fresh aggregates up to the data's as-of day; returns the rows written."""
    with uow:
        as_of = data_as_of(session=uow.session, wall_clock=uow.clock)
        records = [] if as_of is None else _records(uow, as_of)
        queries.replace_weekly_rollup(session=uow.session, records=records)
        uow.commit()
    return len(records)


def _records(uow: UnitOfWork, as_of) -> list[dict]:
    merged = None
    for frame in queries.weekly_aggregates(session=uow.session, as_of=as_of):
        if frame.empty:
            continue
        frame["week_start"] = frame["week_start"].map(as_date)
        merged = frame if merged is None else merged.merge(frame, on=["week_start", "product"], how="outer")
    if merged is None:
        return []
    first_week = min(merged["week_start"])
    # LTO portfolio at each week's close (Sunday), capped at the data's last day.
    rows = []
    for start in pd.date_range(first_week, as_of, freq="7D").date:
        snapshot = ledger.portfolio_snapshot(session=uow.session, as_of=min(start + timedelta(days=6), as_of))
        rows.append({"week_start": start, "product": "LTO", "active_contracts": snapshot.active_contracts,
                     "portfolio_balance_centavos": snapshot.balance_centavos,
                     "par30_balance_centavos": snapshot.par30_balance_centavos})
    merged = merged.merge(pd.DataFrame(rows), on=["week_start", "product"], how="outer")
    merged = merged[merged["week_start"] <= as_of]
    columns = [c.name for c in KpiWeek.__table__.columns]
    merged = merged.reindex(columns=columns).fillna(0)
    integer_columns = [c.name for c in KpiWeek.__table__.columns
                       if c.type.python_type is int and c.name not in ("week_start", "product")]
    merged[integer_columns] = merged[integer_columns].astype("int64")
    return [{k: (int(v) if k in integer_columns else float(v) if k not in ("week_start", "product") else v)
             for k, v in row.items()} for row in merged.to_dict("records")]
