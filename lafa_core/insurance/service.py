"""Insurance services: the renewal list on the data's as-of day."""
from __future__ import annotations

from lafa_core.insurance import queries
from lafa_core.insurance.rules import LATER, UNINSURED, renewal_window
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action, require


def renewals(uow: UnitOfWork) -> tuple[object, list[dict]]:
    """(as-of day, vehicles to act on): those without a policy in force (a renewal bought to start
    later does not cover today), then those whose policy ends within the last renewal window with no
    renewal bought yet, soonest first; each with its `window` and `days_left`."""
    require(uow.actor, Action.FINANCE_STATEMENTS)
    with uow:
        day = uow.as_of()
        if day is None:
            return None, []
        vehicles = queries.cover_on(session=uow.session, day=day)
    due = []
    for vehicle in vehicles:
        window = renewal_window(vehicle["ends_on"], day)
        if window == UNINSURED or (window != LATER and not vehicle["renewed"]):
            due.append(vehicle | {"window": window, "days_left": None if window == UNINSURED
                                  else (vehicle["ends_on"] - day).days})
    return day, due
