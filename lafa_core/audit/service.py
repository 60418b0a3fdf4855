"""Writing to and reading the audit trail. `record` runs inside the caller's unit of work, so
the record commits (or rolls back) with the change it describes."""
from __future__ import annotations

import json

from lafa_core.audit import queries
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action, require

MAX_SEARCH_ROWS = 5_000


def record(uow: UnitOfWork, action: str, entity: str, entity_id=None, *, actor: str | None = None, **details) -> None:
    """One audit record in the open unit of work: the acting user (or `actor`, e.g. "command-line")
    at the wall clock's time. `details` hold ids and figures only."""
    who = actor or (uow.actor.name if uow.actor is not None else "command-line")
    queries.insert(session=uow.session, occurred_at=uow.now(), actor=who[:60], action=action, entity=entity,
                   entity_id=entity_id, details=json.dumps(details, sort_keys=True, default=str))


def record_export(uow: UnitOfWork, action: str, entity: str, **details) -> None:
    """An export leaves the app: who took what (filters and row count), in its own unit of work."""
    with uow:
        record(uow, action, entity, **details)
        uow.commit()


def search(uow: UnitOfWork, *, text: str | None = None, limit: int = 200) -> list[dict]:
    """The newest records (matching `text` in actor, action or target), for roles that may read them."""
    require(uow.actor, Action.AUDIT_VIEW)
    with uow:
        return queries.search(session=uow.session, text=text, limit=min(max(limit, 1), MAX_SEARCH_ROWS))
