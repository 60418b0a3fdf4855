"""SQL for collections: every aggregate runs in the database; only this module touches the session."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select, union_all, update
from sqlalchemy.orm import Session

from lafa_core.ledger.sql import active_on
from lafa_core.tables import (
    CollectionContact, CollectionQueueItem, Contract, Driver, Installment, Payment, PayrollShortfall, Product,
    RestructuringOffer, Vehicle,
)

I = Installment.__table__
C = Contract.__table__
D = Driver.__table__
P = Payment.__table__
CC = CollectionContact.__table__
Q = CollectionQueueItem.__table__
S = PayrollShortfall.__table__
R = RestructuringOffer.__table__

# Grouping by `contract_id + 0` keeps SQLite from walking the whole schedule (future
# installments included) in contract order; the due-date range is a small slice of it.
SNAPSHOT_COLUMNS = ["contract_id", "driver_id", "product", "code", "weekly_rate_centavos", "oldest_due",
                    "overdue_installments", "amount_overdue_centavos", "exposure_centavos", "opted_out",
                    "do_not_contact"]


def _frame(session: Session, statement, columns: list[str]) -> pd.DataFrame:
    # Plain tuples: pandas probes Row objects attribute by attribute, which is slow at 10,000 rows.
    rows = [tuple(row) for row in session.execute(statement)]
    return pd.DataFrame(rows, columns=columns)


def _active_on(day: date):
    """The contract was running on `day` (as of then, not as of now): the ledger's rule."""
    return active_on(C, day)


def _owed_installments(day: date, horizon: date):
    """(contract_id, due_on, outstanding) of installments due by `horizon` and unpaid as of `day`:
    those unpaid today (the partial index ix_installment_unpaid_due), plus those paid after `day`."""
    unpaid = select(I.c.contract_id, I.c.due_on, (I.c.amount_centavos - I.c.paid_centavos).label("outstanding")) \
        .where(I.c.paid_on.is_(None), I.c.due_on <= horizon)
    paid_later = select(I.c.contract_id, I.c.due_on, I.c.amount_centavos.label("outstanding")) \
        .where(I.c.paid_on > day, I.c.due_on <= horizon)
    return union_all(unpaid, paid_later).subquery("owed")


def lto_snapshot(*, session: Session, day: date, due_soon_days: int) -> pd.DataFrame:
    """Per running lease with an installment unpaid as of `day` and due by `day + due_soon_days`:
    its oldest unpaid due date, what is overdue and what is at stake."""
    owed = _owed_installments(day, day + timedelta(days=due_soon_days))
    overdue = owed.c.due_on < day
    per_contract = (
        select(owed.c.contract_id, func.min(owed.c.due_on).label("oldest_due"),
               func.sum(case((overdue, 1), else_=0)).label("overdue_installments"),
               func.sum(case((overdue, owed.c.outstanding), else_=0)).label("overdue"),
               func.sum(owed.c.outstanding).label("at_stake"))
        .group_by(owed.c.contract_id)
        .subquery("per_contract")
    )
    statement = (
        select(C.c.id, C.c.driver_id, literal(Product.LTO.value), C.c.code, C.c.weekly_rate_centavos,
               per_contract.c.oldest_due, per_contract.c.overdue_installments, per_contract.c.overdue,
               per_contract.c.at_stake, D.c.opted_out_of_messages, D.c.do_not_contact)
        .select_from(per_contract.join(C, C.c.id == per_contract.c.contract_id).join(D, D.c.id == C.c.driver_id))
        .where(C.c.product == Product.LTO.value, _active_on(day))
    )
    return _frame(session, statement, SNAPSHOT_COLUMNS)


def dae_shortfalls(*, session: Session, day: date, due_soon_days: int) -> pd.DataFrame:
    """DaE accounts enter the queue only through payroll-deduction shortfalls."""
    horizon = day + timedelta(days=due_soon_days)
    outstanding = S.c.due_centavos - S.c.deducted_centavos
    overdue = S.c.due_on < day
    statement = (
        select(C.c.id, C.c.driver_id, literal(Product.DAE.value), C.c.code, C.c.weekly_rate_centavos,
               func.min(S.c.due_on), func.sum(case((overdue, 1), else_=0)),
               func.sum(case((overdue, outstanding), else_=0)), func.sum(outstanding),
               D.c.opted_out_of_messages, D.c.do_not_contact)
        .select_from(S.join(C, C.c.id == S.c.contract_id).join(D, D.c.id == C.c.driver_id))
        .where(S.c.due_on <= horizon, S.c.deducted_centavos < S.c.due_centavos,
               or_(S.c.settled_on.is_(None), S.c.settled_on > day), _active_on(day))
        .group_by(C.c.id, C.c.driver_id, C.c.code, C.c.weekly_rate_centavos, D.c.opted_out_of_messages,
                  D.c.do_not_contact)
    )
    return _frame(session, statement, SNAPSHOT_COLUMNS)


def payment_history(*, session: Session, day: date, weeks: int) -> pd.DataFrame:
    """Per lease: installments due in the `weeks` before `day`, and how many of them were late."""
    late = or_(I.c.paid_on.is_(None), I.c.paid_on > I.c.due_on)
    contract = (I.c.contract_id + 0).label("contract_id")
    statement = (
        select(contract, func.count(), func.sum(case((late, 1), else_=0)))
        .where(I.c.due_on >= day - timedelta(weeks=weeks), I.c.due_on < day)
        .group_by(contract)
    )
    return _frame(session, statement, ["contract_id", "due_recently", "late_recently"])


def defaulted_between(*, session: Session, start: date, end: date) -> set[int]:
    statement = select(C.c.id).where(C.c.defaulted_on > start, C.c.defaulted_on <= end)
    return set(session.execute(statement).scalars())


def contact_counts(*, session: Session, since: datetime, day_start: datetime) -> pd.DataFrame:
    """Contacts per account since the week started, and since the day started."""
    statement = (
        select(CC.c.contract_id, func.count(), func.sum(case((CC.c.contacted_at >= day_start, 1), else_=0)))
        .where(CC.c.contacted_at >= since)
        .group_by(CC.c.contract_id)
    )
    return _frame(session, statement, ["contract_id", "contacts_this_week", "contacts_today"])


def latest_promises(*, session: Session, from_day: date) -> pd.DataFrame:
    """The latest promised date per account, for promises whose date is `from_day` or later."""
    statement = (
        select(CC.c.contract_id, func.max(CC.c.promise_due_on))
        .where(CC.c.outcome == "promise_to_pay", CC.c.promise_due_on >= from_day)
        .group_by(CC.c.contract_id)
    )
    return _frame(session, statement, ["contract_id", "promise_due_on"])


def promises_made_since(*, session: Session, since: datetime) -> pd.DataFrame:
    """Every promise to pay made since `since`: what the ledger's promise rule needs."""
    statement = (select(CC.c.contract_id, CC.c.contacted_at, CC.c.promise_due_on, CC.c.promise_amount_centavos)
                 .where(CC.c.outcome == "promise_to_pay", CC.c.contacted_at >= since))
    return _frame(session, statement, ["contract_id", "contacted_at", "promise_due_on", "promise_amount_centavos"])


def snapshot(*, session: Session, day: date, due_soon_days: int) -> pd.DataFrame:
    """Every account owing on `day`: running leases with an unpaid installment due by `day +
    due_soon_days`, and DaE employees with a payroll-deduction shortfall."""
    frames = [f for f in (lto_snapshot(session=session, day=day, due_soon_days=due_soon_days),
                          dae_shortfalls(session=session, day=day, due_soon_days=due_soon_days)) if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SNAPSHOT_COLUMNS)


def data_fingerprint(*, session: Session) -> str:
    """What the roll model's training data depends on, as text: installments and payments."""
    counts = session.execute(select(func.count(I.c.id), func.max(I.c.paid_on))).one()
    payments = session.execute(select(func.count(P.c.id), func.max(P.c.id))).one()
    return f"{counts[0]}|{counts[1]}|{payments[0]}|{payments[1]}"


# --- the published queue and its claims --------------------------------------------------
def queue_rows(*, session: Session) -> pd.DataFrame:
    columns = [c.name for c in Q.columns] + ["code"]
    statement = (select(*Q.columns, C.c.code).join(C, C.c.id == Q.c.contract_id)
                 .order_by(Q.c.priority_centavos.desc(), Q.c.contract_id))
    return _frame(session, statement, columns)


def queue_item(*, session: Session, contract_id: int) -> dict | None:
    row = session.execute(select(*Q.columns).where(Q.c.contract_id == contract_id)).mappings().first()
    return dict(row) if row else None


def upsert_queue(*, session: Session, rows: list[dict], refreshed_at: datetime) -> None:
    """Write the new ranking without touching claims; drop accounts that left the queue unless held."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    if rows:
        statement = insert(Q)
        refreshed = {c.name: statement.excluded[c.name] for c in Q.columns
                     if c.name not in ("contract_id", "holder", "held_until")}
        session.execute(statement.on_conflict_do_update(index_elements=[Q.c.contract_id], set_=refreshed), rows)
    # Every row of this refresh carries its timestamp: any other row has left the queue.
    session.execute(Q.delete().where(Q.c.refreshed_at != refreshed_at,
                                     or_(Q.c.holder.is_(None), Q.c.held_until <= refreshed_at)))


def claimable(now: datetime):
    return and_(or_(Q.c.holder.is_(None), Q.c.held_until <= now), Q.c.workable_from.is_not(None),
                Q.c.workable_from <= now)


def held_by(*, session: Session, agent: str, now: datetime) -> int | None:
    statement = select(Q.c.contract_id).where(Q.c.holder == agent, Q.c.held_until > now).limit(1)
    return session.execute(statement).scalar()


def claim_next(*, session: Session, agent: str, now: datetime, until: datetime) -> int | None:
    """Atomically hold the highest-priority free account. PostgreSQL skips rows other agents
    are locking right now; SQLite serializes writers, and the outer WHERE re-checks the row."""
    pick = select(Q.c.contract_id).where(claimable(now)).order_by(Q.c.priority_centavos.desc(), Q.c.contract_id).limit(1)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    statement = (
        update(Q).where(Q.c.contract_id == pick.scalar_subquery(), claimable(now))
        .values(holder=agent, held_until=until).returning(Q.c.contract_id)
    )
    return session.execute(statement).scalar()


def lock_claim(*, session: Session, contract_id: int, agent: str, now: datetime) -> datetime | None:
    """Take the row lock (SQLite: the write lock) on the agent's own live claim before working it.
    Returns when the claim lapses (None: the agent does not hold the account)."""
    statement = (update(Q).where(Q.c.contract_id == contract_id, Q.c.holder == agent, Q.c.held_until > now)
                 .values(holder=agent).returning(Q.c.held_until))
    return session.execute(statement).scalar()


def release_claim(*, session: Session, contract_id: int, agent: str, reason: str | None = None,
                  workable_from: datetime | None = None, update_block: bool = False) -> bool:
    values: dict = {"holder": None, "held_until": None}
    if update_block:
        values.update(blocked_reason=reason, workable_from=workable_from)
    statement = update(Q).where(Q.c.contract_id == contract_id, Q.c.holder == agent).values(**values)
    return session.execute(statement).rowcount == 1


# --- one account ------------------------------------------------------------------------
def account_header(*, session: Session, contract_id: int) -> dict | None:
    V = Vehicle.__table__
    statement = (
        select(C.c.id.label("contract_id"), C.c.code.label("contract_code"), C.c.product, C.c.status,
               C.c.start_on, C.c.end_on, C.c.defaulted_on, C.c.term_weeks, C.c.weekly_rate_centavos, C.c.driver_id,
               D.c.full_name, D.c.phone, D.c.code.label("driver_code"), D.c.opted_out_of_messages,
               D.c.do_not_contact, V.c.plate, V.c.oem, V.c.model.label("vehicle_model"))
        .select_from(C.join(D, D.c.id == C.c.driver_id).join(V, V.c.id == C.c.vehicle_id))
        .where(C.c.id == contract_id)
    )
    row = session.execute(statement).mappings().first()
    return dict(row) if row else None


def account_installments(*, session: Session, contract_id: int) -> pd.DataFrame:
    statement = (select(I.c.seq, I.c.due_on, I.c.amount_centavos, I.c.paid_centavos, I.c.paid_on)
                 .where(I.c.contract_id == contract_id).order_by(I.c.seq))
    return _frame(session, statement, ["seq", "due_on", "amount_centavos", "paid_centavos", "paid_on"])


def account_payments(*, session: Session, contract_id: int) -> pd.DataFrame:
    statement = (select(P.c.paid_at, P.c.paid_on, P.c.amount_centavos, P.c.method)
                 .where(P.c.contract_id == contract_id).order_by(P.c.paid_at.desc()))
    return _frame(session, statement, ["paid_at", "paid_on", "amount_centavos", "method"])


def account_contacts(*, session: Session, contract_id: int) -> pd.DataFrame:
    columns = ["id", "contacted_at", "channel", "agent", "stage", "days_past_due", "outcome",
               "promise_amount_centavos", "promise_due_on", "notes"]
    statement = (select(*[CC.c[c] for c in columns]).where(CC.c.contract_id == contract_id)
                 .order_by(CC.c.contacted_at.desc(), CC.c.id.desc()))
    return _frame(session, statement, columns)


def account_contact_counts(*, session: Session, contract_id: int, week_start: datetime, day_start: datetime) -> tuple[int, int]:
    statement = select(func.count(), func.coalesce(func.sum(case((CC.c.contacted_at >= day_start, 1), else_=0)), 0)).where(
        CC.c.contract_id == contract_id, CC.c.contacted_at >= week_start)
    week, today = session.execute(statement).one()
    return int(today), int(week)


def account_latest_promise(*, session: Session, contract_id: int) -> date | None:
    statement = select(func.max(CC.c.promise_due_on)).where(CC.c.contract_id == contract_id,
                                                             CC.c.outcome == "promise_to_pay")
    return session.execute(statement).scalar()


def account_balance(*, session: Session, contract_id: int) -> int:
    """What is still owed on the account: unpaid installments net of part-payments (a lease), or
    payroll-deduction shortfalls not yet settled (an employee)."""
    lease = session.execute(select(func.coalesce(func.sum(I.c.amount_centavos - I.c.paid_centavos), 0))
                            .where(I.c.contract_id == contract_id, I.c.paid_on.is_(None))).scalar()
    payroll = session.execute(select(func.coalesce(func.sum(S.c.due_centavos - S.c.deducted_centavos), 0))
                              .where(S.c.contract_id == contract_id, S.c.settled_on.is_(None))).scalar()
    return int(lease or 0) + int(payroll or 0)


def add(*, session: Session, row) -> int:
    """Insert one ORM row and return its id."""
    session.add(row)
    session.flush()
    return int(row.id)



def offer(*, session: Session, offer_id: int) -> dict | None:
    row = session.execute(select(*R.columns).where(R.c.id == offer_id)).mappings().first()
    return dict(row) if row else None


def decide_offer_if_pending(*, session: Session, offer_id: int, status: str, decided_by, decided_at: datetime) -> bool:
    """Conditional update: two supervisors deciding at once cannot both win. `decided_by` is an Actor."""
    statement = (update(R).where(R.c.id == offer_id, R.c.status == "pending")
                 .values(status=status, decided_by=decided_by.name, decided_by_user_id=decided_by.user_id,
                         decided_at=decided_at))
    return session.execute(statement).rowcount == 1


def replace_unpaid_installments(*, session: Session, contract_id: int, unpaid: list[dict], settled_on: date,
                                schedule: list[tuple[date, int]]) -> None:
    """Close what is still owed on the old schedule (a part-paid installment is settled at what was
    paid, an unpaid one removed) and append the new installments after the last one."""
    for row in unpaid:
        if row["paid_centavos"] > 0:
            session.execute(update(I).where(I.c.id == row["id"]).values(amount_centavos=row["paid_centavos"],
                                                                       paid_on=settled_on))
        else:
            session.execute(I.delete().where(I.c.id == row["id"]))
    last_seq = session.execute(select(func.max(I.c.seq)).where(I.c.contract_id == contract_id)).scalar() or 0
    if schedule:
        session.execute(I.insert(), [{"contract_id": contract_id, "seq": last_seq + i, "due_on": due,
                                      "amount_centavos": amount, "paid_centavos": 0, "paid_on": None}
                                     for i, (due, amount) in enumerate(schedule, start=1)])


def account_offers(*, session: Session, contract_id: int) -> pd.DataFrame:
    columns = ["id", "kind", "parameter", "balance_centavos", "schedule", "proposed_by", "proposed_at", "status",
               "decided_by", "decided_at"]
    statement = select(*[R.c[c] for c in columns]).where(R.c.contract_id == contract_id).order_by(R.c.id.desc())
    return _frame(session, statement, columns)


def pending_offers(*, session: Session) -> pd.DataFrame:
    columns = ["id", "contract_id", "kind", "parameter", "balance_centavos", "proposed_by", "proposed_at"]
    statement = select(*[R.c[c] for c in columns]).where(R.c.status == "pending").order_by(R.c.id)
    return _frame(session, statement, columns)


def unpaid_installments(*, session: Session, contract_id: int) -> list[dict]:
    statement = (select(I.c.id, I.c.seq, I.c.due_on, I.c.amount_centavos, I.c.paid_centavos)
                 .where(I.c.contract_id == contract_id, I.c.paid_on.is_(None)).order_by(I.c.seq))
    return [dict(row) for row in session.execute(statement).mappings()]


def outbound_rows(*, session: Session, until: datetime) -> pd.DataFrame:
    """Published accounts workable some time today whose debtor accepts messages."""
    statement = (
        select(D.c.phone, D.c.full_name, C.c.code, Q.c.stage, Q.c.amount_overdue_centavos, Q.c.exposure_centavos,
               Q.c.contract_id)
        .select_from(Q.join(C, C.c.id == Q.c.contract_id).join(D, D.c.id == Q.c.driver_id))
        .where(Q.c.workable_from.is_not(None), Q.c.workable_from <= until, Q.c.blocked_reason.is_(None),
               D.c.opted_out_of_messages.is_(False), D.c.do_not_contact.is_(False))
        .order_by(Q.c.priority_centavos.desc(), Q.c.contract_id)
    )
    frame = _frame(session, statement, ["phone", "name", "contract", "stage", "amount_overdue_centavos",
                                        "exposure_centavos", "contract_id"])
    if frame.empty:
        frame["oldest_due"] = []
        return frame
    oldest = (select(I.c.contract_id, func.min(I.c.due_on))
              .where(I.c.paid_on.is_(None), I.c.contract_id.in_(select(Q.c.contract_id)))
              .group_by(I.c.contract_id))
    dues = _frame(session, oldest, ["contract_id", "oldest_due"])
    return frame.merge(dues, on="contract_id", how="left")


def contacts_since(*, session: Session, since: datetime) -> pd.DataFrame:
    statement = select(CC.c.agent, CC.c.contacted_at, CC.c.outcome).where(CC.c.contacted_at >= since)
    return _frame(session, statement, ["agent", "contacted_at", "outcome"])


def contacts_with_codes(*, session: Session, since: datetime) -> pd.DataFrame:
    """Every contact since `since`, with its contract's code and no free text (notes may name people)."""
    statement = (select(CC.c.contacted_at, CC.c.agent, C.c.code, CC.c.channel, CC.c.stage, CC.c.days_past_due,
                        CC.c.outcome, CC.c.promise_amount_centavos, CC.c.promise_due_on, CC.c.contract_id)
                 .join(C, C.c.id == CC.c.contract_id).where(CC.c.contacted_at >= since)
                 .order_by(CC.c.contacted_at, CC.c.id))
    return _frame(session, statement, ["contacted_at", "agent", "code", "channel", "stage", "days_past_due",
                                       "outcome", "promise_amount_centavos", "promise_due_on", "contract_id"])
