"""Restructuring offers: an agent proposes a new schedule for everything still owed on a lease;
a different person approves or rejects it (maker-checker)."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd

from lafa_core import audit, bounds
from lafa_core.clock import add_months
from lafa_core.collections import queries
from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig
from lafa_core.collections.rules import CollectionsError, RestructuringKind, restructured_schedule
from lafa_core.identity import acting
from lafa_core.tables import RestructuringOffer
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action


def with_schedule_summary(offers: pd.DataFrame) -> pd.DataFrame:
    """Each offer's new schedule in three figures: how many installments, from when, how much each."""
    schedules = [json.loads(text) for text in offers["schedule"]]
    return offers.drop(columns="schedule").assign(
        installments=[len(s) for s in schedules],
        first_due_on=[date.fromisoformat(s[0]["due_on"]) if s else None for s in schedules],
        installment_centavos=[max(e["amount_centavos"] for e in s) if s else None for s in schedules],
    )


def _schedule_basis(unpaid: list[dict], today: date) -> tuple[int, int, date]:
    balance = sum(row["amount_centavos"] - row["paid_centavos"] for row in unpaid)
    upcoming = [row["due_on"] for row in unpaid if row["due_on"] > today]
    return balance, len(unpaid), min(upcoming) if upcoming else today + timedelta(weeks=1)


def _audit(uow: UnitOfWork, actor: str, action: str, offer_id: int, details: dict) -> None:
    audit.record(uow, action, "restructuring_offer", offer_id, actor=actor, **details)


def propose_restructuring(uow: UnitOfWork, *, contract_id: int, kind: str, parameter: int,
                          config: CollectionsConfig = DEFAULT_CONFIG) -> int:
    """A new schedule for everything still owed; pending until someone else approves it.
    `parameter`: extra weeks (extend_term), the new weekly payment in centavos (reduce_payment),
    or weeks without payment (grace_period, at most config.max_grace_weeks). The lease must still
    end within config.max_lease_months of its start."""
    agent = acting(uow.actor, Action.COLLECTIONS_WORK)
    now = uow.now()
    kind = RestructuringKind(bounds.choice(kind, "kind", [k.value for k in RestructuringKind]))
    parameter = bounds.whole_number(parameter, "parameter", minimum=1, maximum=bounds.MAX_CENTAVOS)
    with uow:
        session = uow.session
        header = queries.account_header(session=session, contract_id=contract_id)
        if header is None or header["product"] != "LTO":
            raise CollectionsError(f"contract {contract_id}: only a lease (LTO) can be restructured",
                                   key="collections.error.lease_only")
        unpaid = queries.unpaid_installments(session=session, contract_id=contract_id)
        balance, remaining, first_due = _schedule_basis(unpaid, now.date())
        schedule = restructured_schedule(balance, remaining, first_due, kind, parameter,
                                         lease_ends_by=add_months(header["start_on"], config.max_lease_months),
                                         max_grace_weeks=config.max_grace_weeks)
        offer_id = queries.add(session=session, row=RestructuringOffer(
            contract_id=contract_id, kind=kind.value, parameter=parameter, balance_centavos=balance,
            schedule=json.dumps([{"due_on": d.isoformat(), "amount_centavos": a} for d, a in schedule]),
            proposed_by=agent.name, proposed_by_user_id=agent.user_id, proposed_at=now, status="pending",
        ))
        _audit(uow, agent.name, "collections.restructuring_proposed", offer_id,
               {"contract_id": contract_id, "kind": kind.value, "parameter": parameter, "balance_centavos": balance})
        uow.commit()
    return offer_id


def decide_restructuring(uow: UnitOfWork, *, offer_id: int, approve: bool) -> str:
    """Approve (the new schedule replaces what is still owed) or reject a pending offer. Whoever
    proposed it cannot decide it, however they spell their name. Returns the new status."""
    supervisor = acting(uow.actor, Action.COLLECTIONS_DECIDE)
    now = uow.now()
    status = "approved" if approve else "rejected"
    refused = CollectionsError(f"offer {offer_id}: not pending, or proposed by you (a different supervisor must decide)",
                               key="collections.error.offer_not_yours", offer=offer_id)
    with uow:
        session = uow.session
        offer = queries.offer(session=session, offer_id=offer_id)
        if offer is None or supervisor.is_(offer["proposed_by"], offer["proposed_by_user_id"]):
            raise refused
        if not queries.decide_offer_if_pending(session=session, offer_id=offer_id, status=status,
                                               decided_by=supervisor, decided_at=now):
            raise refused
        if approve:
            unpaid = queries.unpaid_installments(session=session, contract_id=offer["contract_id"])
            balance, _, _ = _schedule_basis(unpaid, now.date())
            if balance != offer["balance_centavos"]:
                raise CollectionsError(f"offer {offer_id}: the balance changed since it was proposed "
                                       f"({offer['balance_centavos']} → {balance} centavos); propose it again",
                                       key="collections.error.balance_changed")
            schedule = [(date.fromisoformat(e["due_on"]), e["amount_centavos"]) for e in json.loads(offer["schedule"])]
            queries.replace_unpaid_installments(session=session, contract_id=offer["contract_id"], unpaid=unpaid,
                                                settled_on=now.date(), schedule=schedule)
            # Money changed: the record keeps the schedule's figures before and after.
            change = {"before": {"installments": len(unpaid), "balance_centavos": balance,
                                 "first_due_on": min((row["due_on"] for row in unpaid), default=None)},
                      "after": {"installments": len(schedule), "balance_centavos": sum(a for _, a in schedule),
                                "first_due_on": schedule[0][0] if schedule else None}}
        else:
            change = {}
        _audit(uow, supervisor.name, f"collections.restructuring_{status}", offer_id,
               {"contract_id": offer["contract_id"], "kind": offer["kind"], **change})
        uow.commit()
    return status


def pending_offers(uow: UnitOfWork) -> pd.DataFrame:
    with uow:
        return queries.pending_offers(session=uow.session)
