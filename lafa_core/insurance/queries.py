"""Insurance reads (`(*, session)`)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from lafa_core.ledger.sql import in_service_on, insured_on
from lafa_core.tables import Depot, InsurancePolicy, Vehicle

P = InsurancePolicy.__table__


def cover_on(*, session: Session, day: date) -> list[dict]:
    """Every vehicle in service on `day` with the policy in force that day (the one ending last when
    two overlap; None without one) and whether a policy starting after `day` is already bought."""
    current = (select(P.c.vehicle_id, func.max(P.c.ends_on).label("ends_on"))
               .where(insured_on(P, day)).group_by(P.c.vehicle_id).subquery())
    policy = aliased(P)
    following = exists().where(policy.c.vehicle_id == Vehicle.id, policy.c.starts_on > day)
    rows = session.execute(
        select(Vehicle.id, Vehicle.plate, Vehicle.oem, Vehicle.model, Depot.name.label("depot"),
               P.c.insurer, P.c.policy_number, P.c.ends_on, P.c.premium_centavos, following.label("renewed"))
        .join(Depot, Depot.id == Vehicle.depot_id)
        .outerjoin(current, current.c.vehicle_id == Vehicle.id)
        .outerjoin(P, (P.c.vehicle_id == Vehicle.id) & (P.c.ends_on == current.c.ends_on) & insured_on(P, day))
        .where(in_service_on(Vehicle.__table__, day))
        .order_by(P.c.ends_on.is_not(None), P.c.ends_on, Vehicle.plate)).all()
    seen, found = set(), []
    for r in rows:  # two policies ending the same day: keep one
        if r.id not in seen:
            seen.add(r.id)
            found.append(dict(r._mapping))
    return found
