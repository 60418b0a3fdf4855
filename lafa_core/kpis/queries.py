"""The KPI capability's reads and its one write (the weekly rollup): every aggregate in SQL."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
from sqlalchemy import and_, delete, func, insert, select, text
from sqlalchemy.orm import Session

from lafa_core.ledger.sql import (
    active_on, active_on_text, date_param_text, days_between_text, in_service_on, insured_on, week_start_text,
)
from lafa_core.tables import Contract, InsurancePolicy, KpiWeek, Product, ShiftStatus, TelemetryDaily, Vehicle

IDLE = "idle"  # vehicle-days in service without a contract


def active_fleet(*, session: Session, day: date, product: str | None = None) -> int:
    """Vehicles in service on `day`; with a product, those on a contract of it running that day."""
    if product is None:
        query = select(func.count()).select_from(Vehicle).where(
            in_service_on(Vehicle.__table__, day))
    else:
        query = select(func.count(func.distinct(Contract.vehicle_id))).where(
            active_on(Contract.__table__, day), Contract.product == product)
    return int(session.execute(query).scalar() or 0)


def _on_product(query, day: date, product: str | None):
    if product is None:
        return query
    return query.join(Contract, and_(Contract.vehicle_id == TelemetryDaily.vehicle_id,
                                     active_on(Contract.__table__, day), Contract.product == product))


def average_soh(*, session: Session, day: date, product: str | None) -> float | None:
    value = session.execute(_on_product(select(func.avg(TelemetryDaily.soh_pct)).where(TelemetryDaily.day == day),
                                        day, product)).scalar()
    return None if value is None else round(float(value), 2)


def vehicles_below_soh(*, session: Session, day: date, product: str | None, threshold_pct: float) -> int:
    query = select(func.count()).select_from(TelemetryDaily).where(TelemetryDaily.day == day,
                                                                   TelemetryDaily.soh_pct < threshold_pct)
    return int(session.execute(_on_product(query, day, product)).scalar() or 0)


def monthly_insurance_centavos(*, session: Session, day: date) -> int:
    premium = session.execute(select(func.avg(InsurancePolicy.premium_centavos)).where(
        insured_on(InsurancePolicy.__table__, day))).scalar()
    return 0 if premium is None else int(round(float(premium) / 12))


def weekly_rows(*, session: Session, start: date, end: date) -> pd.DataFrame:
    K = KpiWeek.__table__
    result = session.execute(select(*K.columns).where(K.c.week_start >= start, K.c.week_start <= end))
    frame = pd.DataFrame(result.mappings().all(), columns=[c.name for c in KpiWeek.__table__.columns])
    frame["week_start"] = pd.to_datetime(frame["week_start"]).dt.date
    return frame


def lto_default_rate(*, session: Session, start: date, end: date) -> Decimal | None:
    """LTO defaults per lease-year from `start` (exclusive) to `end` (inclusive): the defaults in
    the window over the days each lease was running inside it, × 365. The one default rate."""
    dialect = session.get_bind().dialect.name
    end_sql, start_sql = date_param_text("end", dialect), date_param_text("start", dialect)
    stopped = f"COALESCE(defaulted_on, end_on, {end_sql})"
    running_to = f"CASE WHEN {stopped} < {end_sql} THEN {stopped} ELSE {end_sql} END"
    running_from = f"CASE WHEN start_on > {start_sql} THEN start_on ELSE {start_sql} END"
    defaults, exposure_days = session.execute(text(f"""
        SELECT SUM(CASE WHEN defaulted_on > {start_sql} AND defaulted_on <= {end_sql} THEN 1 ELSE 0 END),
               SUM({days_between_text(running_to, running_from, dialect)})
        FROM contract
        WHERE product = :lto AND start_on <= {end_sql} AND {stopped} > {start_sql}
    """), {"end": end, "start": start, "lto": Product.LTO.value}).one()
    return Decimal(defaults) * 365 / Decimal(exposure_days) if exposure_days else None


def _rollup_sql(dialect: str) -> dict[str, str]:
    def week(column: str) -> str:
        return week_start_text(column, dialect)

    def on_contract(alias: str, day: str) -> str:
        return f"c.vehicle_id = {alias}.vehicle_id AND {active_on_text('c', f'{alias}.{day}')}"

    return {
        "telemetry": f"""
            SELECT {week('t.day')} AS week_start, COALESCE(c.product, '{IDLE}') AS product,
                   COUNT(*) AS vehicle_days,
                   SUM(CASE WHEN t.km > 0 AND c.product IS NOT NULL THEN 1 ELSE 0 END) AS driven_days,
                   SUM(t.km) AS km, SUM(t.soh_pct) AS soh_sum, COUNT(t.soh_pct) AS soh_days
            FROM telemetry_daily t LEFT JOIN contract c ON {on_contract('t', 'day')}
            GROUP BY 1, 2""",
        "shifts": f"""
            SELECT {week('work_date')} AS week_start, 'DaE' AS product, COUNT(*) AS shift_count,
                   SUM(hours) AS shift_hours, SUM(billed_centavos) AS billed_centavos
            FROM shift WHERE status = '{ShiftStatus.WORKED.value}' GROUP BY 1""",
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
            FROM maintenance_record m LEFT JOIN contract c ON {on_contract('m', 'opened_on')}
            GROUP BY 1, 2""",
        "defaults": f"""
            SELECT {week('defaulted_on')} AS week_start, 'LTO' AS product, COUNT(*) AS contracts_defaulted
            FROM contract WHERE defaulted_on IS NOT NULL GROUP BY 1""",
    }


def weekly_aggregates(*, session: Session, as_of: date) -> list[pd.DataFrame]:
    """Per (week_start, product): the operational sums the rollup merges."""
    frames = []
    for sql in _rollup_sql(session.get_bind().dialect.name).values():
        result = session.execute(text(sql), {"as_of": as_of})
        frames.append(pd.DataFrame(result.fetchall(), columns=list(result.keys())))
    return frames


def replace_weekly_rollup(*, session: Session, records: list[dict]) -> None:
    session.execute(delete(KpiWeek))
    if records:
        session.execute(insert(KpiWeek), records)

