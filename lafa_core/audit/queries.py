"""The audit trail's one insert and its search."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from lafa_core.tables import AuditLog

A = AuditLog.__table__


def insert(*, session: Session, occurred_at: datetime, actor: str, action: str, entity: str, entity_id,
           details: str) -> None:
    session.execute(A.insert().values(occurred_at=occurred_at, actor=actor, action=action, entity=entity,
                                      entity_id=None if entity_id is None else str(entity_id), details=details))


def search(*, session: Session, text: str | None, limit: int) -> list[dict]:
    """The newest records first; `text` matches the actor, the action or the target id."""
    statement = select(A.c.id, A.c.occurred_at, A.c.actor, A.c.action, A.c.entity, A.c.entity_id, A.c.details)
    if text:
        pattern = f"%{text.strip().lower()}%"
        statement = statement.where(or_(A.c.actor.ilike(pattern), A.c.action.ilike(pattern),
                                        A.c.entity_id.ilike(pattern)))
    rows = session.execute(statement.order_by(A.c.occurred_at.desc(), A.c.id.desc()).limit(limit)).mappings()
    return [dict(r) for r in rows]
