"""Claiming accounts: an agent holds at most one account, and no account is held by two agents."""
from __future__ import annotations

from datetime import timedelta

from lafa_core import audit
from lafa_core.collections import queries
from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig
from lafa_core.collections.rules import BlockReason, ContactNotAllowed, next_opening, within_contact_hours
from lafa_core.identity import acting
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action


def next_account(uow: UnitOfWork, *, config: CollectionsConfig = DEFAULT_CONFIG) -> int | None:
    """Hold the highest-priority account no one else holds; the agent's own live claim first.
    None when nothing is workable. Outside contact hours raises ContactNotAllowed."""
    agent, now = acting(uow.actor, Action.COLLECTIONS_WORK).name, uow.now()
    if not within_contact_hours(now, config):
        raise ContactNotAllowed(BlockReason.OUTSIDE_HOURS, next_opening(now, config))
    with uow:
        claimed = queries.held_by(session=uow.session, agent=agent, now=now)
        if claimed is None:
            claimed = queries.claim_next(session=uow.session, agent=agent, now=now,
                                         until=now + timedelta(minutes=config.claim_minutes))
            if claimed is not None:
                audit.record(uow, "collections.claimed", "contract", claimed, minutes=config.claim_minutes)
        uow.commit()
    return claimed


def release_account(uow: UnitOfWork, *, contract_id: int) -> bool:
    """Give the account back to the queue untouched; False if the agent did not hold it."""
    agent = acting(uow.actor, Action.COLLECTIONS_WORK).name
    with uow:
        released = queries.release_claim(session=uow.session, contract_id=contract_id, agent=agent)
        if released:
            audit.record(uow, "collections.released", "contract", contract_id)
        uow.commit()
    return released
