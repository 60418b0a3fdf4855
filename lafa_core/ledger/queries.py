"""The ledger's reads: the data's last day, the LTO portfolio on a day, and what a promise
needs to be judged. Every aggregate runs in SQL."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from lafa_core.ledger.rules import DPD_BUCKETS, PAR_DAYS, BucketRow, PortfolioSnapshot
from lafa_core.ledger.sql import active_on_text, as_date, bucket_case_text, date_param_text, days_between_text
from lafa_core.tables import ChargingSession, Installment, Payment, Shift, TelemetryDaily


def latest_data_day(*, session: Session, not_after: date) -> date | None:
    """The newest day of the first source that has data, capped at `not_after`: daily telemetry
    (every vehicle in service reports every day), else payments and paid installments, else
    shifts, else charging sessions (a company imported without telemetry)."""
    sources = ((TelemetryDaily.day,), (Payment.paid_on, Installment.paid_on), (Shift.work_date,),
               (ChargingSession.charge_date,))
    for columns in sources:
        days = [session.execute(select(func.max(column)).where(column <= not_after)).scalar() for column in columns]
        days = [as_date(d) for d in days if d is not None]
        if days:
            return max(days)
    return None


def _positions_sql(dialect: str, one_contract: bool = False) -> str:
    """One row per LTO lease running on :as_of with its balance and days past due.

    Balance = every installment of the schedule (restructured ones included) minus what was paid
    toward them by :as_of; a part-payment (paid_centavos on an installment not yet fully paid)
    counts as paid. Days past due = days since the oldest installment due before :as_of and
    unpaid on it (rules.days_past_due).
    """
    as_of = date_param_text("as_of", dialect)
    dpd = days_between_text(as_of, "o.oldest_due", dialect)
    only = "AND contract_id = :contract_id" if one_contract else ""  # one lease: :contract_id
    return f"""
        SELECT c.id AS contract_id,
               COALESCE(s.scheduled, 0) - COALESCE(s.paid, 0) AS balance,
               COALESCE({dpd}, 0) AS dpd
        FROM contract c
        LEFT JOIN (SELECT contract_id, SUM(amount_centavos) AS scheduled,
                          SUM(CASE WHEN paid_on IS NULL OR paid_on <= {as_of} THEN paid_centavos ELSE 0 END) AS paid
                   FROM installment WHERE 1 = 1 {only} GROUP BY contract_id) s ON s.contract_id = c.id
        LEFT JOIN (SELECT contract_id, MIN(due_on) AS oldest_due FROM installment
                   WHERE due_on < {as_of} AND (paid_on IS NULL OR paid_on > {as_of}) {only}
                   GROUP BY contract_id) o ON o.contract_id = c.id
        WHERE c.product = 'LTO' AND {active_on_text('c', as_of)} {"AND c.id = :contract_id" if one_contract else ""}
    """


def lease_days_past_due(*, session, as_of: date, contract_id: int | None = None) -> dict[int, int]:
    """Days past due of every LTO lease running on `as_of` (or of the one asked for), by contract id
    (the same positions the portfolio snapshot buckets)."""
    dialect = session.get_bind().dialect.name if hasattr(session, "get_bind") else session.dialect.name
    params = {"as_of": as_of} if contract_id is None else {"as_of": as_of, "contract_id": contract_id}
    rows = session.execute(text(f"SELECT contract_id, dpd FROM ({_positions_sql(dialect, contract_id is not None)}) "
                                "positions"), params)
    return {int(r[0]): max(int(r[1] or 0), 0) for r in rows}


def portfolio_snapshot(*, session, as_of: date) -> PortfolioSnapshot:
    """The LTO book on `as_of` by DPD bucket. `session` is a Session or a Connection."""
    dialect = session.get_bind().dialect.name if hasattr(session, "get_bind") else session.dialect.name
    rows = session.execute(text(f"""
        SELECT {bucket_case_text('dpd')} AS bucket, COUNT(*) AS contracts, SUM(balance) AS balance,
               SUM(dpd) AS dpd_total, SUM(CASE WHEN dpd >= {PAR_DAYS} THEN balance ELSE 0 END) AS par_balance
        FROM ({_positions_sql(dialect)}) positions
        GROUP BY 1
    """), {"as_of": as_of}).all()
    found = {r.bucket: r for r in rows}
    buckets = [BucketRow(label, int(found[label].contracts), int(found[label].balance or 0),
                         int(found[label].dpd_total or 0)) if label in found else BucketRow(label, 0, 0)
               for label, _, _ in DPD_BUCKETS]
    return PortfolioSnapshot(as_of, buckets, sum(int(r.par_balance or 0) for r in rows))


def bucket_contracts(*, session, as_of: date, bucket: str) -> pd.DataFrame:
    """The leases behind one bucket of `portfolio_snapshot` (same positions, same bucket rule), most
    days past due first: contract, vehicle, start, days past due, balance. No personal data."""
    if bucket not in {label for label, _, _ in DPD_BUCKETS}:
        raise ValueError(f"unknown days-past-due bucket {bucket!r}")
    dialect = session.get_bind().dialect.name if hasattr(session, "get_bind") else session.dialect.name
    rows = session.execute(text(f"""
        SELECT c.code, v.plate, c.start_on, positions.dpd, positions.balance
        FROM ({_positions_sql(dialect)}) positions
        JOIN contract c ON c.id = positions.contract_id JOIN vehicle v ON v.id = c.vehicle_id
        WHERE {bucket_case_text('positions.dpd')} = :bucket
        ORDER BY positions.dpd DESC, positions.balance DESC, c.code
    """), {"as_of": as_of, "bucket": bucket}).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=["contract", "plate", "start_on", "days_past_due",
                                                            "balance_centavos"])
    frame["start_on"] = [as_date(d) for d in frame["start_on"]]
    return frame


def payments_for(*, session: Session, contract_ids, first: date, last: date) -> pd.DataFrame:
    """(contract_id, paid_on, amount_centavos) of the contracts' payments made from `first` to `last`."""
    ids = sorted({int(c) for c in contract_ids})
    if not ids:
        return pd.DataFrame(columns=["contract_id", "paid_on", "amount_centavos"])
    P = Payment.__table__
    rows = session.execute(select(P.c.contract_id, P.c.paid_on, P.c.amount_centavos)
                           .where(P.c.contract_id.in_(ids), P.c.paid_on >= first, P.c.paid_on <= last)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["contract_id", "paid_on", "amount_centavos"])
