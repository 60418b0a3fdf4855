"""Rebuild `kpi_week` from the operational tables. Every aggregate runs in SQL
(GROUP BY week and product); Python only merges a few hundred result rows.

Call after anything bulk-loads operational data (the generator, importers).
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, text

from lafa_core.kpis.portfolio import portfolio_snapshot
from lafa_core.sql_dates import week_start_sql
from lafa_core.tables import KpiWeek, TelemetryDaily

IDLE = "idle"  # vehicle-days in service without a contract


def _queries(dialect: str) -> dict[str, str]:
    def week(column: str) -> str:
        return week_start_sql(column, dialect)

    on_contract = ("c.vehicle_id = {t}.vehicle_id AND c.start_on <= {t}.{d} "
                   "AND (c.end_on IS NULL OR c.end_on > {t}.{d})")
    return {
        "telemetry": f"""
            SELECT {week('t.day')} AS week_start, COALESCE(c.product, '{IDLE}') AS product,
                   COUNT(*) AS vehicle_days,
                   SUM(CASE WHEN t.km > 0 AND c.product IS NOT NULL THEN 1 ELSE 0 END) AS driven_days,
                   SUM(t.km) AS km, SUM(t.soh_pct) AS soh_sum, COUNT(t.soh_pct) AS soh_days
            FROM telemetry_daily t LEFT JOIN contract c ON {on_contract.format(t='t', d='day')}
            GROUP BY 1, 2""",
        "shifts": f"""
            SELECT {week('work_date')} AS week_start, 'DaE' AS product, COUNT(*) AS shift_count,
                   SUM(hours) AS shift_hours, SUM(billed_centavos) AS billed_centavos
            FROM shift GROUP BY 1""",
        "payments": f"""
            SELECT {week('p.paid_on')} AS week_start, c.product AS product,
                   SUM(p.amount_centavos) AS lease_collected_centavos
            FROM payment p JOIN contract c ON c.id = p.contract_id GROUP BY 1, 2""",
        "installments": f"""
            SELECT {week('due_on')} AS week_start, 'LTO' AS product, COUNT(*) AS installments_due,
                   SUM(CASE WHEN paid_on IS NOT NULL AND paid_on <= due_on THEN 1 ELSE 0 END) AS installments_on_time
            FROM installment WHERE due_on <= :as_of GROUP BY 1""",
        "charging": f"""
            SELECT {week('charge_date')} AS week_start, product, SUM(energy_kwh) AS charging_energy_kwh,
                   SUM(cost_centavos) AS charging_cost_centavos, SUM(price_centavos) AS charging_price_centavos
            FROM charging_session GROUP BY 1, 2""",
        "maintenance": f"""
            SELECT {week('m.opened_on')} AS week_start, COALESCE(c.product, '{IDLE}') AS product,
                   SUM(m.cost_centavos) AS maintenance_cost_centavos
            FROM maintenance_record m LEFT JOIN contract c ON {on_contract.format(t='m', d='opened_on')}
            GROUP BY 1, 2""",
        "defaults": f"""
            SELECT {week('defaulted_on')} AS week_start, 'LTO' AS product, COUNT(*) AS contracts_defaulted
            FROM contract WHERE defaulted_on IS NOT NULL GROUP BY 1""",
    }


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def refresh_weekly_rollup(engine: Engine) -> int:
    """Replace `kpi_week` with fresh aggregates; returns the number of rows written."""
    with engine.begin() as conn:
        as_of = conn.execute(select(func.max(TelemetryDaily.day))).scalar()
        conn.execute(delete(KpiWeek))
        if as_of is None:
            return 0
        as_of = _as_date(as_of)
        frames = []
        for sql in _queries(conn.dialect.name).values():
            result = conn.execute(text(sql), {"as_of": as_of})
            frames.append(pd.DataFrame(result.fetchall(), columns=list(result.keys())))
        merged = None
        for frame in frames:
            if frame.empty:
                continue
            frame["week_start"] = frame["week_start"].map(_as_date)
            merged = frame if merged is None else merged.merge(frame, on=["week_start", "product"], how="outer")
        if merged is None:
            return 0
        first_week = min(merged["week_start"])
        # LTO portfolio at each week's close (Sunday), capped at the data's last day.
        week_ends = [first_week + timedelta(days=7 * i + 6) for i in range((as_of - first_week).days // 7 + 1)]
        rows = []
        for end in week_ends:
            snapshot = portfolio_snapshot(conn, min(end, as_of))
            rows.append({"week_start": end - timedelta(days=6), "product": "LTO",
                         "active_contracts": snapshot.active_contracts,
                         "portfolio_balance_centavos": snapshot.balance_centavos,
                         "par30_balance_centavos": snapshot.par30_balance_centavos})
        portfolio = pd.DataFrame(rows)
        merged = merged.merge(portfolio, on=["week_start", "product"], how="outer")
        merged = merged[merged["week_start"] <= as_of]
        columns = [c.name for c in KpiWeek.__table__.columns]
        merged = merged.reindex(columns=columns).fillna(0)
        integer_columns = [c.name for c in KpiWeek.__table__.columns
                           if c.type.python_type is int and c.name not in ("week_start", "product")]
        merged[integer_columns] = merged[integer_columns].astype("int64")
        records = [{k: (int(v) if k in integer_columns else float(v) if k not in ("week_start", "product") else v)
                    for k, v in row.items()} for row in merged.to_dict("records")]
        if records:
            conn.execute(insert(KpiWeek), records)
        return len(records)
