"""The credit capability's reads and writes: the only code here that touches the session.
Every function takes the session (and its arguments) by keyword."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import and_, case, exists, func, or_, select, update
from sqlmodel import Session

from lafa_core.credit.features import APPLICATION_COLUMNS
from lafa_core.ledger.sql import days_between
from lafa_core.tables import (ApplicationStatus, Contract, ContractStatus, CreditApplication, CreditDecision,
                              CreditModelRelease, Installment, Product)

IDENTITY_COLUMNS = ["id", "code", "applicant_name", "submitted_at", "status"]


def _frame(result, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(result.all(), columns=columns)


def applications(*, session: Session, ids: list[int] | None = None, status: str | None = None,
                 submitted_since: datetime | None = None) -> pd.DataFrame:
    columns = IDENTITY_COLUMNS + APPLICATION_COLUMNS
    query = select(*[getattr(CreditApplication, c) for c in columns]).order_by(CreditApplication.submitted_at)
    if ids is not None:
        query = query.where(CreditApplication.id.in_(ids))
    if status is not None:
        query = query.where(CreditApplication.status == status)
    if submitted_since is not None:
        query = query.where(CreditApplication.submitted_at >= submitted_since)
    return _frame(session.execute(query), columns)


def last_submitted_at(*, session: Session) -> datetime | None:
    return session.execute(select(func.max(CreditApplication.submitted_at))).scalar()


def labelled_applications(*, session: Session, as_of: date, performance_weeks: int,
                          bad_days_past_due: int) -> pd.DataFrame:
    """Approved LTO applications whose contract has matured, with the outcome `bad`.

    Matured: the contract started at least `performance_weeks` before `as_of`.
    Bad: defaulted within the window, or an installment reached `bad_days_past_due` days
    past due within it (due at least that many days before the window closes and paid that
    late or not at all)."""
    dialect = session.get_bind().dialect.name
    window_days = performance_weeks * 7
    matured_by = as_of - timedelta(days=window_days)
    defaulted = and_(Contract.status == ContractStatus.DEFAULTED.value, Contract.defaulted_on.is_not(None),
                     days_between(Contract.defaulted_on, Contract.start_on, dialect) <= window_days)
    late = exists().where(
        Installment.contract_id == Contract.id,
        days_between(Installment.due_on, Contract.start_on, dialect) <= window_days - bad_days_past_due,
        or_(Installment.paid_on.is_(None),
            days_between(Installment.paid_on, Installment.due_on, dialect) >= bad_days_past_due),
    )
    bad = case((or_(defaulted, late), 1), else_=0).label("bad")
    columns = IDENTITY_COLUMNS + APPLICATION_COLUMNS
    query = (
        select(*[getattr(CreditApplication, c) for c in columns], Contract.start_on, bad)
        .join(Contract, Contract.application_id == CreditApplication.id)
        .where(Contract.product == Product.LTO.value, Contract.start_on <= matured_by)
        .order_by(CreditApplication.submitted_at)
    )
    return _frame(session.execute(query), columns + ["start_on", "bad"])


def decide_if_pending(*, session: Session, application_id: int, status: str, decided_at: datetime) -> bool:
    """The conditional update that makes a decision safe against a colleague's: only a
    pending application changes; False when someone decided it first."""
    result = session.execute(
        update(CreditApplication)
        .where(CreditApplication.id == application_id, CreditApplication.status == ApplicationStatus.PENDING.value)
        .values(status=status, decided_at=decided_at)
    )
    return result.rowcount == 1


def add_decision(*, session: Session, decision: CreditDecision) -> CreditDecision:
    session.add(decision)
    session.flush()
    return decision


def decision_for(*, session: Session, application_id: int) -> CreditDecision | None:
    return session.execute(
        select(CreditDecision).where(CreditDecision.application_id == application_id)).scalar_one_or_none()


def application_status(*, session: Session, application_id: int) -> str | None:
    return session.execute(
        select(CreditApplication.status).where(CreditApplication.id == application_id)).scalar_one_or_none()


def decisions(*, session: Session, limit: int = 200) -> pd.DataFrame:
    columns = ["decided_at", "application_id", "analyst", "decision", "band", "score", "model_version",
               "override_reason"]
    query = (select(*[getattr(CreditDecision, c) for c in columns], CreditApplication.code)
             .join(CreditApplication, CreditApplication.id == CreditDecision.application_id)
             .order_by(CreditDecision.decided_at.desc()).limit(limit))
    return _frame(session.execute(query), columns + ["code"])


def all_decisions(*, session: Session) -> pd.DataFrame:
    """Every decision (override monitoring): who decided what in which band."""
    columns = ["application_id", "decided_at", "analyst", "decision", "band", "score", "override_reason"]
    query = select(*[getattr(CreditDecision, c) for c in columns]).order_by(CreditDecision.decided_at)
    return _frame(session.execute(query), columns)


# --- which model is live ---------------------------------------------------------------------
def releases(*, session: Session, limit: int | None = None) -> list[CreditModelRelease]:
    """The releases, newest first (the first one is live)."""
    query = select(CreditModelRelease).order_by(CreditModelRelease.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


def live_release(*, session: Session) -> CreditModelRelease | None:
    found = releases(session=session, limit=1)
    return found[0] if found else None


def add_release(*, session: Session, release: CreditModelRelease) -> CreditModelRelease:
    session.add(release)
    session.flush()
    return release
