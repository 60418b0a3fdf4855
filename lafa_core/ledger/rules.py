"""The ledger's rules, pure: DPD buckets, the balance still owed, average days past due, and
whether a promise to pay was kept. The rules that only ever run in the database (active on a
day, days past due, PAR-n) are spelled once in `lafa_core.ledger.sql` / `queries`.

Every capability (KPIs, collections, credit, roadmap, exports, the generator) calls these.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from lafa_core.clock import local_date

# Days-past-due buckets for weekly loans: (label, lowest DPD, highest DPD or None).
DPD_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("current", 0, 0), ("1-7", 1, 7), ("8-14", 8, 14), ("15-30", 15, 30), ("31-60", 31, 60), ("61+", 61, None),
)
BUCKET_ORDER = tuple(label for label, _, _ in DPD_BUCKETS)
CURRENT = BUCKET_ORDER[0]
PAR_DAYS = 30  # the headline portfolio-at-risk threshold (PAR30)
_BUCKET_STARTS = np.array([low for _, low, _ in DPD_BUCKETS[1:]])


def days_from_due(oldest_due, day: date) -> np.ndarray:
    """Signed days from each oldest unpaid due date to `day`: positive once late (days past due),
    negative while still to come (the collections queue looks a few days ahead)."""
    return (pd.Timestamp(day) - pd.to_datetime(pd.Series(oldest_due))).dt.days.to_numpy(dtype=np.int64)


def dpd_bucket(days: int) -> str:
    """The bucket of a number of days past due; anything not yet late is current."""
    for label, low, high in DPD_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return CURRENT


def dpd_buckets(days) -> np.ndarray:
    """`dpd_bucket` over an array: the same edges, vectorised."""
    index = np.searchsorted(_BUCKET_STARTS, np.asarray(days, dtype=np.int64), side="right")
    return np.asarray(BUCKET_ORDER, dtype=object)[index]


def bucket_rank(label: str) -> int:
    """0 for current, growing with lateness: a roll is a move to a higher rank."""
    return BUCKET_ORDER.index(label)


def outstanding_centavos(installments: Iterable[tuple[int, int]]) -> int:
    """What is still owed on a schedule: Σ (amount − paid toward it) over its unpaid installments,
    part-payments included. `installments` gives (amount_centavos, paid_centavos) of unpaid ones."""
    return sum(int(amount) - int(paid) for amount, paid in installments)


def installment_due_offset(seq):
    """Days from a lease's start to its installment `seq` (1, 2, …) falling due: weekly, the first
    a week after the start. Numbers or numpy arrays alike: the generator lays out whole books."""
    return 7 * seq


def lease_schedule(start_on: date, term_weeks: int, weekly_centavos: int) -> list[tuple[int, date, int]]:
    """An LTO lease's weekly schedule: (seq, due_on, amount)."""
    return [(seq, start_on + timedelta(days=installment_due_offset(seq)), weekly_centavos)
            for seq in range(1, term_weeks + 1)]


def allocate_payment(owed: Iterable[int], amount_centavos: int) -> tuple[list[int], int]:
    """How a payment settles a schedule: the oldest unpaid installment first, each up to what it
    still owes (amount − paid toward it). `owed` gives what each unpaid installment still owes,
    oldest first; returns what the payment puts toward each, and what is left beyond them all."""
    left = int(amount_centavos)
    applied = []
    for still_owed in owed:
        part = min(left, max(int(still_owed), 0))
        applied.append(part)
        left -= part
    return applied, left


def average_days_past_due(days: Iterable[int]) -> float | None:
    """The mean days past due over the accounts that are behind (DPD > 0); None when none is.
    Averaged per product: the strategy's 14 → 5 target is the LTO book's."""
    behind = [d for d in days if d > 0]
    return sum(behind) / len(behind) if behind else None


class PromiseFate(str, enum.Enum):
    PENDING = "pending"
    KEPT = "kept"
    BROKEN = "broken"


def promise_window(made_at: datetime, due_on: date, grace_days: int) -> tuple[date, date]:
    """The local days whose payments count toward a promise: from the day it was made to its
    date plus grace, both included. By local date, the way an agent reads a promise."""
    return local_date(made_at), due_on + timedelta(days=grace_days)


def promise_fate(made_at: datetime, due_on: date, amount_centavos: int, payments: Iterable[tuple[date, int]],
                 today: date, grace_days: int = 0) -> PromiseFate:
    """Kept once the payments made (local day) from the promise's day to its date plus grace
    cover the amount; broken once that window has passed without them; pending in between."""
    first, last = promise_window(made_at, due_on, grace_days)
    paid = sum(amount for paid_on, amount in payments if first <= paid_on <= last)
    if paid >= amount_centavos:
        return PromiseFate.KEPT
    return PromiseFate.BROKEN if today > last else PromiseFate.PENDING


# --- the LTO portfolio on a day ---------------------------------------------------------------

@dataclass(frozen=True)
class BucketRow:
    bucket: str
    contracts: int
    balance_centavos: int
    days_past_due_total: int = 0  # sum of the contracts' days past due


@dataclass(frozen=True)
class PortfolioSnapshot:
    """The running leases on `as_of`, by DPD bucket (every bucket, zeros included, in order)."""

    as_of: date
    buckets: list[BucketRow]
    par30_balance_centavos: int

    @property
    def active_contracts(self) -> int:
        return sum(b.contracts for b in self.buckets)

    @property
    def balance_centavos(self) -> int:
        return sum(b.balance_centavos for b in self.buckets)

    @property
    def contracts_behind(self) -> int:
        return sum(b.contracts for b in self.buckets if b.bucket != CURRENT)

    @property
    def days_past_due_total(self) -> int:
        """Summed over the leases that are behind: ÷ contracts_behind is their average DPD."""
        return sum(b.days_past_due_total for b in self.buckets)

    @property
    def average_days_past_due(self) -> float | None:
        """`average_days_past_due` of the LTO book, from the bucket totals."""
        return self.days_past_due_total / self.contracts_behind if self.contracts_behind else None

    @property
    def par30(self) -> float | None:
        return self.par30_balance_centavos / self.balance_centavos if self.balance_centavos else None


def promise_fates(promises, payments, today: date, grace_days: int = 0) -> list[PromiseFate]:
    """`promise_fate` for many promises at once. `promises` has contract_id, contacted_at,
    promise_due_on, promise_amount_centavos; `payments` has contract_id, paid_on, amount_centavos."""
    by_contract: dict[int, list[tuple[date, int]]] = {}
    for contract_id, paid_on, amount in zip(payments["contract_id"], payments["paid_on"], payments["amount_centavos"]):
        by_contract.setdefault(int(contract_id), []).append((paid_on, int(amount)))
    return [promise_fate(made_at, due_on, int(amount), by_contract.get(int(contract_id), ()), today, grace_days)
            for contract_id, made_at, due_on, amount in zip(promises["contract_id"], promises["contacted_at"],
                                                             promises["promise_due_on"],
                                                             promises["promise_amount_centavos"])]
