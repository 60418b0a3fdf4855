"""Working an account: everything an agent needs on one screen, and logging a contact, its
outcome and any promise to pay (append-only), within the contact rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from lafa_core import audit, bounds
from lafa_core.clock import day_start, week_start
from lafa_core.collections import queries
from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig
from lafa_core.collections.messages import MessageValues, render_message
from lafa_core.collections.restructuring import with_schedule_summary
from lafa_core.collections.rules import (
    CHANNELS, BlockReason, CollectionsError, ContactFacts, Outcome, account_block, caps_reached, check_call_time,
    check_contact, ladder_action, next_opening, within_contact_hours,
)
from lafa_core.config import LOCAL_TZ
from lafa_core.i18n import format_mxn
from lafa_core.identity import acting
from lafa_core.ledger import outstanding_centavos, promise_fates
from lafa_core.tables import CollectionContact
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action, PersonalData, sees

MAX_PROMISE_DAYS = 30  # a promise further out than a month is a restructuring, not a promise
MAX_NOTES = 500


class ClaimLost(CollectionsError):
    """The agent no longer holds the account (released, expired or never claimed)."""


def _counts(session, contract_id: int, now: datetime) -> tuple[int, int]:
    today = now.date()
    return queries.account_contact_counts(session=session, contract_id=contract_id,
                                          week_start=day_start(week_start(today)), day_start=day_start(today))


def _validate(outcome, channel, promise_amount_centavos, promise_due_on, notes, today: date) -> Outcome:
    code = Outcome(bounds.choice(outcome, "outcome", [o.value for o in Outcome]))
    bounds.choice(channel, "channel", CHANNELS)
    bounds.text(notes, "notes", max_length=MAX_NOTES)
    if code is Outcome.PROMISE_TO_PAY:
        if promise_amount_centavos is None:
            raise CollectionsError("promise_amount: a promise to pay needs a positive amount",
                                   key="collections.error.promise_amount")
        bounds.whole_number(promise_amount_centavos, "promise_amount", minimum=1, maximum=bounds.MAX_CENTAVOS)
        if not isinstance(promise_due_on, date) or not (today <= promise_due_on <= today + timedelta(days=MAX_PROMISE_DAYS)):
            raise CollectionsError(f"promise_due_on: a promise date from today to {MAX_PROMISE_DAYS} days ahead is required",
                                   key="collections.error.promise_date", days=MAX_PROMISE_DAYS)
    elif promise_amount_centavos is not None or promise_due_on is not None:
        raise CollectionsError("promise_amount: only a promise to pay carries an amount and a date",
                               key="collections.error.promise_only")
    return code


@dataclass(frozen=True)
class ContactLogged:
    """A contact just recorded, and what it left the account at: the caps it reached (daily,
    weekly) and the block the account now has, with when it can be worked again."""

    id: int
    caps: tuple[BlockReason, ...] = ()
    blocked_reason: BlockReason | None = None
    workable_from: datetime | None = None


def log_contact(uow: UnitOfWork, *, contract_id: int, outcome: str, channel: str = "call",
                promise_amount_centavos: int | None = None, promise_due_on: date | None = None, notes: str = "",
                contacted_at: datetime | None = None, config: CollectionsConfig = DEFAULT_CONFIG) -> ContactLogged:
    """Record a contact and its outcome on an account the agent holds (append-only), then give the
    account back to the queue, blocked as the contact rules now require. `contacted_at` is when the
    call happened (default: now): not in the future, not before the agent took the account, within
    contact hours; the caps and blocks are judged at that moment. A promise may not exceed what the
    account still owes. Returns the contact's id and the caps it reached."""
    agent, now = acting(uow.actor, Action.COLLECTIONS_WORK).name, uow.now()
    code = _validate(outcome, channel, promise_amount_centavos, promise_due_on, notes, now.date())
    moment = check_call_time(now if contacted_at is None else contacted_at, now, None, config)
    with uow:
        session = uow.session
        # The first statement writes: on SQLite it takes the write lock, on PostgreSQL the row lock.
        held_until = queries.lock_claim(session=session, contract_id=contract_id, agent=agent, now=now)
        if held_until is None:
            raise ClaimLost(f"contract {contract_id}: you no longer hold this account (released or expired); "
                            "take the next one", key="collections.error.claim_lost")
        # A claim lasts `claim_minutes` from when it was taken: the call happened within it.
        check_call_time(moment, now, held_until - timedelta(minutes=config.claim_minutes), config)
        header = queries.account_header(session=session, contract_id=contract_id)
        item = queries.queue_item(session=session, contract_id=contract_id)
        if code is Outcome.PROMISE_TO_PAY:
            balance = queries.account_balance(session=session, contract_id=contract_id)
            if promise_amount_centavos > balance:
                raise CollectionsError(f"promise_amount: at most the account's balance of {balance} centavos",
                                       key="collections.error.promise_above_balance",
                                       balance=format_mxn(balance, decimals=2))
        today_count, week_count = _counts(session, contract_id, moment)
        facts = ContactFacts(opted_out=header["opted_out_of_messages"], do_not_contact=header["do_not_contact"],
                             contacts_today=today_count, contacts_this_week=week_count,
                             promise_due_on=queries.account_latest_promise(session=session, contract_id=contract_id))
        check_contact(moment, facts, config)
        contact_id = queries.add(session=session, row=CollectionContact(
            contract_id=contract_id, driver_id=header["driver_id"], contacted_at=moment, channel=channel, agent=agent,
            stage=item["stage"], days_past_due=item["days_past_due"], outcome=code.value,
            promise_amount_centavos=promise_amount_centavos, promise_due_on=promise_due_on, notes=notes or "",
        ))
        after = ContactFacts(opted_out=facts.opted_out, do_not_contact=facts.do_not_contact,
                             contacts_today=today_count + 1, contacts_this_week=week_count + 1,
                             promise_due_on=max(filter(None, [facts.promise_due_on, promise_due_on]), default=None))
        reason, until = account_block(moment, after, config)
        queries.release_claim(session=session, contract_id=contract_id, agent=agent,
                              reason=None if reason is None else reason.value, workable_from=until, update_block=True)
        audit.record(uow, "collections.contact_logged", "collection_contact", contact_id, contract_id=contract_id,
                     outcome=code.value, channel=channel, promise_amount_centavos=promise_amount_centavos,
                     promise_due_on=promise_due_on, contacted_at=moment.isoformat())
        uow.commit()
    return ContactLogged(contact_id, caps_reached(after, config), reason, until)


@dataclass
class AccountContext:
    header: dict
    queue: dict | None
    installments: pd.DataFrame
    payments: pd.DataFrame
    contacts: pd.DataFrame
    promises: pd.DataFrame
    offers: pd.DataFrame
    balance_centavos: int
    facts: ContactFacts
    blocked_reason: str | None
    workable_from: datetime | None
    message: str | None = None
    extra: dict = field(default_factory=dict)


def promises_with_fate(contacts: pd.DataFrame, payments: pd.DataFrame, contract_id: int, today: date,
                       grace_days: int) -> pd.DataFrame:
    """The account's promises with the day each was made and its fate (the ledger's rule)."""
    promises = contacts[contacts["outcome"] == Outcome.PROMISE_TO_PAY.value].copy()
    promises["made_on"] = [ts.astimezone(LOCAL_TZ).date() for ts in promises["contacted_at"]]
    promises["contract_id"] = contract_id
    paid = payments.assign(contract_id=contract_id)[["contract_id", "paid_on", "amount_centavos"]]
    promises["fate"] = [f.value for f in promise_fates(promises, paid, today, grace_days)]
    return promises


def account_context(uow: UnitOfWork, *, contract_id: int, config: CollectionsConfig = DEFAULT_CONFIG,
                    record_view: bool = False) -> AccountContext:
    """Everything an agent needs on one screen for one account. The debtor's phone is stripped
    here (never sent to the page) unless the acting user's role may see it. `record_view` leaves
    an audit record that this user opened the debtor's whole record (the page asks once per account)."""
    now = uow.now()
    today = now.date()
    with uow:
        session = uow.session
        header = queries.account_header(session=session, contract_id=contract_id)
        if header is None:
            raise CollectionsError(f"contract {contract_id}: no such contract", key="collections.error.no_contract",
                                   contract=contract_id)
        item = queries.queue_item(session=session, contract_id=contract_id)
        installments = queries.account_installments(session=session, contract_id=contract_id)
        payments = queries.account_payments(session=session, contract_id=contract_id)
        contacts = queries.account_contacts(session=session, contract_id=contract_id)
        offers = queries.account_offers(session=session, contract_id=contract_id)
        today_count, week_count = _counts(session, contract_id, now)
        if record_view:
            audit.record(uow, "collections.account_viewed", "contract", contract_id)
            uow.commit()
    if not sees(getattr(uow.actor, "role", None), PersonalData.PHONE):
        header["phone"] = None
    promises = promises_with_fate(contacts, payments, contract_id, today, config.promise_grace_days)
    latest_promise = max(promises["promise_due_on"], default=None) if len(promises) else None
    facts = ContactFacts(opted_out=header["opted_out_of_messages"], do_not_contact=header["do_not_contact"],
                         contacts_today=today_count, contacts_this_week=week_count, promise_due_on=latest_promise)
    reason, until = account_block(now, facts, config)
    if reason is None and not within_contact_hours(now, config):
        reason, until = BlockReason.OUTSIDE_HOURS, next_opening(now, config)
    outstanding = installments[installments["paid_on"].isna()] if len(installments) else installments
    balance = outstanding_centavos(zip(outstanding["amount_centavos"], outstanding["paid_centavos"])) if len(outstanding) else 0
    message = action = None
    if item is not None:
        owed = item["amount_overdue_centavos"] or item["exposure_centavos"]
        due_on = outstanding["due_on"].min() if len(outstanding) else None
        message = render_message(item["stage"], MessageValues(header["full_name"], header["contract_code"], int(owed), today, due_on))
        action = ladder_action(item["stage"])
    return AccountContext(header, item, installments, payments, contacts, promises, with_schedule_summary(offers), balance,
                          facts, None if reason is None else reason.value, until, message, action)
