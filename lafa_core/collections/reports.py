"""What leaves the queue: the supervisor's report (on the data's as-of day, like every other
analytics figure) and today's outbound WhatsApp list."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from lafa_core.clock import day_start
from lafa_core.collections import queries
from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig
from lafa_core.collections.messages import MessageValues, render_message
from lafa_core.collections.roll import dpd_by_contract
from lafa_core.collections.rules import NOT_REACHED
from lafa_core.config import LOCAL_TZ
from lafa_core.excel import safe_text
from lafa_core.i18n import DEFAULT_LANGUAGE, t
from lafa_core.ledger import BUCKET_ORDER, PromiseFate, average_days_past_due, bucket_rank, dpd_bucket, promise_fates
from lafa_core.ledger import queries as ledger
from lafa_core.reference import load_reference
from lafa_core.tables import Product
from lafa_core import audit
from lafa_core.identity import acting
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action


@dataclass(frozen=True)
class SupervisorReport:
    as_of: date  # the data's as-of day the report describes
    roll_rates: pd.DataFrame  # week × "from→to" share of accounts that rolled
    roll_counts: pd.DataFrame  # the same cells as (accounts that rolled, accounts in the bucket a week before)
    cure_rate: float | None  # share of delinquent accounts current a week later (latest week)
    promise_kept_rate: float | None  # kept among promises whose window (date + grace) has closed
    promises_closed: int
    right_party_contact_rate: float | None
    average_dpd: float | None  # the LTO book's, as on the home and roadmap pages (the 14 → 5 target)
    average_dpd_dae: float | None  # DaE payroll-deduction shortfalls, shown apart
    average_dpd_target: int
    average_dpd_trend: pd.DataFrame  # week_ending, average_dpd (LTO)
    contacts_per_agent: pd.DataFrame  # agent, contacts, days, contacts_per_day


def promise_outcomes(session, *, since: datetime, today: date, grace_days: int) -> tuple[int, int]:
    """(promises whose window closed by `today`, of which kept) among those made since `since`."""
    promises = queries.promises_made_since(session=session, since=since)
    if promises.empty:
        return 0, 0
    payments = ledger.payments_for(session=session, contract_ids=promises["contract_id"],
                                   first=since.astimezone(LOCAL_TZ).date(), last=today)
    fates = promise_fates(promises, payments, today, grace_days)
    closed = [f for f in fates if f is not PromiseFate.PENDING]
    return len(closed), sum(f is PromiseFate.KEPT for f in closed)


def _roll_row(dpd_before: pd.Series, dpd_after: pd.Series, defaulted: set[int], week_ending: date) -> tuple[dict, dict]:
    """(rates, counts) of one week: per bucket move, the share of the bucket's accounts that rolled
    to a later bucket (or defaulted), and (rolled, accounts in the bucket)."""
    delinquent = dpd_before[dpd_before > 0]
    rates, counts = {"week_ending": week_ending}, {"week_ending": week_ending}
    for i, name in enumerate(BUCKET_ORDER[1:-1], start=1):
        members = [c for c, d in delinquent.items() if dpd_bucket(d) == name]
        rolled = sum(1 for c in members if bucket_rank(dpd_bucket(int(dpd_after.get(c, 0)))) > i or c in defaulted)
        move = f"{name}→{BUCKET_ORDER[i + 1]}"
        rates[move], counts[move] = (rolled / len(members) if members else None), (rolled, len(members))
    return rates, counts


def supervisor_report(uow: UnitOfWork, *, weeks: int = 8, config: CollectionsConfig = DEFAULT_CONFIG) -> SupervisorReport:
    with uow:
        session = uow.session
        today = uow.as_of() or uow.now().date()
        ends = [today - timedelta(weeks=k) for k in range(weeks, -1, -1)]
        snaps = {day: queries.snapshot(session=session, day=day, due_soon_days=0) for day in ends}
        defaulted = {day: queries.defaulted_between(session=session, start=day, end=day + timedelta(weeks=1))
                     for day in ends[:-1]}
        since = day_start(ends[0])
        closed, kept = promise_outcomes(session, since=since, today=today, grace_days=config.promise_grace_days)
        contacts = queries.contacts_since(session=session, since=since)
        lto_books = {day: ledger.portfolio_snapshot(session=session, as_of=day) for day in ends}
    roll_rows, count_rows, cures = [], [], []
    for day, later in zip(ends[:-1], ends[1:]):
        before, after = dpd_by_contract(snaps[day], day), dpd_by_contract(snaps[later], later)
        rates, counts = _roll_row(before, after, defaulted[day], later)
        roll_rows.append(rates)
        count_rows.append(counts)
        delinquent = before[before > 0]
        if len(delinquent):
            cured = sum(1 for c in delinquent.index if after.get(c, 0) <= 0 and c not in defaulted[day])
            cures.append(cured / len(delinquent))
    trend = pd.DataFrame({"week_ending": ends, "average_dpd": [lto_books[d].average_days_past_due for d in ends]})
    dae_now = snaps[today][snaps[today]["product"] == Product.DAE.value] if len(snaps[today]) else snaps[today]
    if len(contacts):
        contacts["day"] = [ts.astimezone(LOCAL_TZ).date() for ts in contacts["contacted_at"]]
        per_agent = contacts.groupby("agent").agg(contacts=("day", "size"), days=("day", "nunique")).reset_index()
        per_agent["contacts_per_day"] = per_agent["contacts"] / per_agent["days"]
        rpc = float((~contacts["outcome"].isin(NOT_REACHED)).mean())
    else:
        per_agent = pd.DataFrame(columns=["agent", "contacts", "days", "contacts_per_day"])
        rpc = None
    target = load_reference("business")["collections"]["kpi_targets"]["avg_days_past_due"]["target"]
    return SupervisorReport(
        as_of=today, roll_rates=pd.DataFrame(roll_rows), roll_counts=pd.DataFrame(count_rows), cure_rate=cures[-1] if cures else None,
        promise_kept_rate=kept / closed if closed else None, promises_closed=closed, right_party_contact_rate=rpc,
        average_dpd=lto_books[today].average_days_past_due,
        average_dpd_dae=average_days_past_due(dpd_by_contract(dae_now, today).tolist()),
        average_dpd_target=int(target), average_dpd_trend=trend,
        contacts_per_agent=per_agent.sort_values("agent").reset_index(drop=True),
    )


@dataclass(frozen=True)
class CollectionsReport:
    """What finance and the supervisor take out: the queue as published, the contacts and promises
    of the report's weeks with each promise's fate, and the supervisor's rates with their counts."""
    supervision: SupervisorReport
    since: date  # first day of the contacts and promises
    queue: pd.DataFrame  # the published queue, highest priority first (contract codes, no personal data)
    contacts: pd.DataFrame  # contacts since `since` (no notes)
    promises: pd.DataFrame  # the promises among them, with `fate`


def collections_report(uow: UnitOfWork, *, weeks: int = 8, config: CollectionsConfig = DEFAULT_CONFIG) -> CollectionsReport:
    acting(uow.actor, Action.COLLECTIONS_REPORT)
    supervision = supervisor_report(uow, weeks=weeks, config=config)
    since = supervision.as_of - timedelta(weeks=weeks)
    with uow:
        queue = queries.queue_rows(session=uow.session)
        contacts = queries.contacts_with_codes(session=uow.session, since=day_start(since))
        promises = contacts[contacts["outcome"] == "promise_to_pay"].reset_index(drop=True)
        payments = ledger.payments_for(session=uow.session, contract_ids=promises["contract_id"], first=since,
                                       last=supervision.as_of)
    fates = promise_fates(promises, payments, supervision.as_of, config.promise_grace_days)
    return CollectionsReport(supervision=supervision, since=since, queue=queue, contacts=contacts,
                             promises=promises.assign(fate=[f.value for f in fates]))


OUTBOUND_COLUMNS = ["phone", "name", "contract", "stage", "amount_centavos", "calculated_on", "message"]


def outbound_messages(uow: UnitOfWork) -> pd.DataFrame:
    """Today's WhatsApp list for the messaging provider: published accounts workable today
    (no opt-out, no do-not-contact, no promise window, under the caps), with the filled text.
    Names, phones and amounts owed: only for the collections roles."""
    acting(uow.actor, Action.COLLECTIONS_OUTBOUND)
    today = uow.now().date()
    with uow:
        frame = queries.outbound_rows(session=uow.session, until=datetime.combine(today, time(23, 59, 59), tzinfo=LOCAL_TZ))
    if frame.empty:
        return pd.DataFrame(columns=OUTBOUND_COLUMNS)
    frame["amount_centavos"] = np.where(frame["amount_overdue_centavos"] > 0, frame["amount_overdue_centavos"],
                                        frame["exposure_centavos"]).astype(np.int64)
    frame["calculated_on"] = today
    frame["message"] = [
        render_message(stage, MessageValues(name, code, int(amount), today, None if pd.isna(due) else due))
        for stage, name, code, amount, due in zip(frame["stage"], frame["name"], frame["contract"],
                                                  frame["amount_centavos"], frame["oldest_due"])
    ]
    return frame[OUTBOUND_COLUMNS].reset_index(drop=True)


OUTBOUND_CSV_COLUMNS = ["phone", "name", "contract", "stage", "amount_mxn", "calculated_on", "message"]


def outbound_messages_csv(uow: UnitOfWork, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The list as CSV for Excel in Mexico: UTF-8 with a BOM (accents intact), headers and stages in
    words, amounts as exact pesos with two decimals, dates as dd/mm/yyyy; text a spreadsheet would
    run as a formula is written as text. Taking it out is audited."""
    frame = outbound_messages(uow)
    audit.record_export(uow, "collections.outbound_exported", "outbound_messages", rows=len(frame),
                        day=uow.now().date())
    frame = frame.assign(amount_mxn=[f"{a // 100}.{a % 100:02d}" for a in frame["amount_centavos"]],
                         stage=[t(f"collections.stage.{s}", lang) for s in frame["stage"]],
                         calculated_on=[f"{d:%d/%m/%Y}" for d in frame["calculated_on"]])[OUTBOUND_CSV_COLUMNS]
    for column in ("name", "message"):
        frame[column] = [safe_text(v) for v in frame[column]]
    frame.columns = [t(f"collections.csv.{c}", lang) for c in OUTBOUND_CSV_COLUMNS]
    return frame.to_csv(index=False).encode("utf-8-sig")
