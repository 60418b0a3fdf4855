"""The LTO portfolio as of a day: each active lease's balance and days past due,
aggregated in SQL into DPD buckets. Used live by the home page and per week by
the rollup."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, text

from lafa_core.kpis.definitions import DPD_BUCKETS, PAR_DAYS
from lafa_core.sql_dates import date_param_sql, days_between_sql


@dataclass(frozen=True)
class BucketRow:
    bucket: str
    contracts: int
    balance_centavos: int
    days_past_due_total: int = 0  # sum of the contracts' days past due


@dataclass(frozen=True)
class PortfolioSnapshot:
    as_of: date
    buckets: list[BucketRow]  # every bucket, in order, zeros included
    par30_balance_centavos: int

    @property
    def active_contracts(self) -> int:
        return sum(b.contracts for b in self.buckets)

    @property
    def balance_centavos(self) -> int:
        return sum(b.balance_centavos for b in self.buckets)

    @property
    def contracts_behind(self) -> int:
        return sum(b.contracts for b in self.buckets if b.bucket != DPD_BUCKETS[0][0])

    @property
    def days_past_due_total(self) -> int:
        """Summed over the leases that are behind: ÷ contracts_behind is their average DPD."""
        return sum(b.days_past_due_total for b in self.buckets)

    @property
    def par30(self) -> float | None:
        return self.par30_balance_centavos / self.balance_centavos if self.balance_centavos else None


def _positions_sql(dialect: str) -> str:
    """One row per LTO lease active on :as_of with its balance and days past due.

    Balance = the whole schedule (weekly rate × term) minus what was paid by :as_of.
    Days past due = days since the oldest installment due before :as_of and unpaid on it.
    """
    as_of = date_param_sql("as_of", dialect)
    dpd = days_between_sql(as_of, "o.oldest_due", dialect)
    return f"""
        SELECT c.id AS contract_id,
               c.weekly_rate_centavos * c.term_weeks - COALESCE(p.paid, 0) AS balance,
               COALESCE({dpd}, 0) AS dpd
        FROM contract c
        LEFT JOIN (SELECT contract_id, SUM(paid_centavos) AS paid FROM installment
                   WHERE paid_on <= {as_of} GROUP BY contract_id) p ON p.contract_id = c.id
        LEFT JOIN (SELECT contract_id, MIN(due_on) AS oldest_due FROM installment
                   WHERE due_on < {as_of} AND (paid_on IS NULL OR paid_on > {as_of})
                   GROUP BY contract_id) o ON o.contract_id = c.id
        WHERE c.product = 'LTO' AND c.start_on <= {as_of}
          AND (c.defaulted_on IS NULL OR c.defaulted_on > {as_of})
          AND (c.end_on IS NULL OR c.end_on > {as_of})
    """


def portfolio_snapshot(conn: Connection, as_of: date) -> PortfolioSnapshot:
    dialect = conn.dialect.name
    cases = " ".join(
        f"WHEN dpd BETWEEN {low} AND {high} THEN '{label}'" if high is not None else f"WHEN dpd >= {low} THEN '{label}'"
        for label, low, high in DPD_BUCKETS
    )
    rows = conn.execute(text(f"""
        SELECT CASE {cases} END AS bucket, COUNT(*) AS contracts, SUM(balance) AS balance, SUM(dpd) AS dpd_total,
               SUM(CASE WHEN dpd >= {PAR_DAYS} THEN balance ELSE 0 END) AS par_balance
        FROM ({_positions_sql(dialect)}) positions
        GROUP BY 1
    """), {"as_of": as_of}).all()
    found = {r.bucket: r for r in rows}
    buckets = [BucketRow(label, int(found[label].contracts), int(found[label].balance or 0),
                         int(found[label].dpd_total or 0)) if label in found else BucketRow(label, 0, 0)
               for label, _, _ in DPD_BUCKETS]
    return PortfolioSnapshot(as_of, buckets, sum(int(r.par_balance or 0) for r in rows))
