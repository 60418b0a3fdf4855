"""An LTO account statement, pure: from a contract's schedule and payments on the data's as-of day,
what the lessee has paid, still owes, is behind by, pays next, and owns of the car.

Days past due and buckets are the ledger's (lafa_core.ledger.rules); equity is the lease's own
pricing (lafa_core.credit.pricing.equity_centavos)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lafa_core.credit.pricing import equity_centavos, lease_price_centavos
from lafa_core.ledger.rules import days_from_due, dpd_bucket, outstanding_centavos

RECENT_PAYMENTS = 8


@dataclass(frozen=True)
class Installment:
    seq: int
    due_on: date
    amount_centavos: int
    paid_centavos: int
    paid_on: date | None


@dataclass(frozen=True)
class Payment:
    paid_on: date
    amount_centavos: int
    method: str


@dataclass(frozen=True)
class Lease:
    contract_id: int
    code: str
    driver_code: str
    driver_name: str
    vehicle: str  # "JAC E10X"
    plate: str
    vin: str
    start_on: date
    term_weeks: int
    weekly_rate_centavos: int
    deposit_centavos: int
    purchase_option_centavos: int
    status: str


@dataclass(frozen=True)
class AccountStatement:
    lease: Lease
    as_of: date
    contract_total_centavos: int  # every installment of the schedule
    paid_centavos: int  # paid toward them, part-payments included
    outstanding_centavos: int  # contract total − paid
    overdue_centavos: int  # owed on installments already due
    days_past_due: int
    bucket: str
    next_due_on: date | None  # the first installment falling due after the as-of day
    next_due_centavos: int
    installments_paid: int
    weeks_remaining: int  # installments not yet fully paid
    vehicle_price_centavos: int
    equity_centavos: int
    recent_payments: tuple[Payment, ...]
    first_due_on: date | None = None  # the schedule's first and last due dates (the pagaré's)
    last_due_on: date | None = None
    schedule: tuple[Installment, ...] = ()

    @property
    def equity_share(self) -> Decimal:
        """Equity over the vehicle's price, to a tenth of a percent (0.123 = 12.3 %)."""
        if not self.vehicle_price_centavos:
            return Decimal(0)
        return (Decimal(self.equity_centavos) / Decimal(self.vehicle_price_centavos)).quantize(
            Decimal("0.001"), ROUND_HALF_UP)


def build_statement(lease: Lease, schedule: list[Installment], payments: list[Payment], as_of: date) -> AccountStatement:
    """The statement on `as_of`. Installments and payments after `as_of` are not the data's yet."""
    unpaid = [i for i in schedule if i.paid_on is None or i.paid_on > as_of]
    due = [i for i in unpaid if i.due_on <= as_of]
    upcoming = sorted((i for i in unpaid if i.due_on > as_of), key=lambda i: i.due_on)
    total = sum(i.amount_centavos for i in schedule)
    paid = sum(i.paid_centavos for i in schedule if i.paid_on is None or i.paid_on <= as_of)
    oldest = min((i.due_on for i in due), default=None)
    dpd = max(int(days_from_due([oldest], as_of)[0]), 0) if oldest else 0
    fully_paid = len(schedule) - len(unpaid)
    shown = sorted((p for p in payments if p.paid_on <= as_of), key=lambda p: p.paid_on, reverse=True)
    return AccountStatement(
        lease=lease, as_of=as_of, contract_total_centavos=total, paid_centavos=paid,
        outstanding_centavos=total - paid,
        overdue_centavos=outstanding_centavos((i.amount_centavos, i.paid_centavos) for i in due),
        days_past_due=dpd, bucket=dpd_bucket(dpd),
        next_due_on=upcoming[0].due_on if upcoming else None,
        next_due_centavos=(upcoming[0].amount_centavos - upcoming[0].paid_centavos) if upcoming else 0,
        installments_paid=fully_paid, weeks_remaining=len(unpaid),
        vehicle_price_centavos=lease_price_centavos(lease.deposit_centavos, lease.weekly_rate_centavos,
                                                    lease.term_weeks),
        equity_centavos=equity_centavos(lease.deposit_centavos, lease.weekly_rate_centavos, lease.term_weeks,
                                        fully_paid),
        recent_payments=tuple(shown[:RECENT_PAYMENTS]),
        first_due_on=min((i.due_on for i in schedule), default=None),
        last_due_on=max((i.due_on for i in schedule), default=None), schedule=tuple(schedule))
