"""Finance reads (`(*, session)`): one lease with its schedule and payments, and the LTO leases
active on a day (the statement batch, the loan book)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from lafa_core.finance.statement import Installment as ScheduleLine, Lease, Payment as PaymentLine
from lafa_core.ledger.sql import active_on
from lafa_core.tables import Contract, Driver, Installment, Payment, Product, Vehicle


def _leases(session: Session, *where) -> list[Lease]:
    rows = session.execute(
        select(Contract.id, Contract.code, Driver.code.label("driver_code"), Driver.full_name, Vehicle.oem,
               Vehicle.model, Vehicle.plate, Vehicle.vin, Contract.start_on, Contract.term_weeks,
               Contract.weekly_rate_centavos, Contract.deposit_centavos, Contract.purchase_option_centavos,
               Contract.status)
        .join(Driver, Driver.id == Contract.driver_id).join(Vehicle, Vehicle.id == Contract.vehicle_id)
        .where(Contract.product == Product.LTO.value, *where).order_by(Contract.code)).all()
    return [Lease(contract_id=r.id, code=r.code, driver_code=r.driver_code, driver_name=r.full_name,
                  vehicle=f"{r.oem} {r.model}", plate=r.plate, vin=r.vin, start_on=r.start_on,
                  term_weeks=int(r.term_weeks or 0), weekly_rate_centavos=int(r.weekly_rate_centavos),
                  deposit_centavos=int(r.deposit_centavos), purchase_option_centavos=int(r.purchase_option_centavos),
                  status=r.status) for r in rows]


def lease(*, session: Session, contract_id: int) -> Lease | None:
    found = _leases(session, Contract.id == contract_id)
    return found[0] if found else None


def active_leases(*, session: Session, day: date) -> list[Lease]:
    """LTO leases running on `day` (the ledger's "active on a day"), by contract code."""
    return _leases(session, active_on(Contract.__table__, day))


def schedules(*, session: Session, contract_ids: list[int]) -> dict[int, list[ScheduleLine]]:
    found: dict[int, list[ScheduleLine]] = {i: [] for i in contract_ids}
    for r in session.execute(
            select(Installment.contract_id, Installment.seq, Installment.due_on, Installment.amount_centavos,
                   Installment.paid_centavos, Installment.paid_on)
            .where(Installment.contract_id.in_(contract_ids)).order_by(Installment.contract_id, Installment.seq)):
        found[r.contract_id].append(ScheduleLine(r.seq, r.due_on, int(r.amount_centavos), int(r.paid_centavos),
                                                 r.paid_on))
    return found


def payments(*, session: Session, contract_ids: list[int], not_after: date) -> dict[int, list[PaymentLine]]:
    found: dict[int, list[PaymentLine]] = {i: [] for i in contract_ids}
    for r in session.execute(
            select(Payment.contract_id, Payment.paid_on, Payment.amount_centavos, Payment.method)
            .where(Payment.contract_id.in_(contract_ids), Payment.paid_on <= not_after)
            .order_by(Payment.contract_id, Payment.paid_on)):
        found[r.contract_id].append(PaymentLine(r.paid_on, int(r.amount_centavos), r.method))
    return found


def _in_period(first: date, last: date):
    return or_(and_(Installment.due_on >= first, Installment.due_on <= last),
               and_(Installment.paid_on >= first, Installment.paid_on <= last))


def ledger_count(*, session: Session, first: date, last: date) -> int:
    return int(session.scalar(select(func.count()).select_from(Installment).where(_in_period(first, last))) or 0)


def ledger_rows(*, session: Session, first: date, last: date, batch: int = 10_000):
    """Every LTO installment due or paid in [first, last], by due day and contract, streamed in
    batches (the whole ledger is never held in memory)."""
    statement = (select(Contract.code, Driver.code.label("driver_code"), Driver.full_name, Installment.seq,
                        Installment.due_on, Installment.amount_centavos, Installment.paid_centavos, Installment.paid_on)
                 .join(Contract, Contract.id == Installment.contract_id).join(Driver, Driver.id == Contract.driver_id)
                 .where(_in_period(first, last)).order_by(Installment.due_on, Contract.code, Installment.seq)
                 .execution_options(yield_per=batch))
    yield from session.execute(statement)
