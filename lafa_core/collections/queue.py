"""The call queue: every account owing now, ranked by expected loss avoided, published for
claiming, and the view agents see of it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd

from lafa_core.clock import day_start, week_start
from lafa_core.collections import queries
from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig
from lafa_core.collections.model import RollModel, feature_frame
from lafa_core.collections.rules import ContactFacts, account_block, due_soon_days, priority_centavos, stages_for, within_contact_hours
from lafa_core.ledger import PromiseFate, dpd_buckets, promise_fates
from lafa_core.ledger.queries import payments_for
from lafa_core.uow import UnitOfWork

QUEUE_COLUMNS = ["contract_id", "driver_id", "product", "days_past_due", "bucket", "stage",
                 "amount_overdue_centavos", "exposure_centavos", "roll_probability", "broken_promises",
                 "priority_centavos", "blocked_reason", "workable_from"]
EXTRA_COLUMNS = ["code", "contacts_today", "contacts_this_week", "promise_due_on"]


def broken_promises_per_account(session, *, since, today, grace_days: int) -> pd.DataFrame:
    """How many promises made since `since` each account broke (the ledger's promise rule)."""
    promises = queries.promises_made_since(session=session, since=since)
    if promises.empty:
        return pd.DataFrame(columns=["contract_id", "broken_promises"])
    payments = payments_for(session=session, contract_ids=promises["contract_id"],
                            first=min(promises["contacted_at"]).date() - timedelta(days=1), last=today)
    promises["broken"] = [f is PromiseFate.BROKEN for f in promise_fates(promises, payments, today, grace_days)]
    counts = promises.groupby("contract_id")["broken"].sum().astype(int)
    return counts[counts > 0].rename("broken_promises").reset_index()


def _ranked(uow: UnitOfWork, model: RollModel, config: CollectionsConfig) -> pd.DataFrame:
    now = uow.now()
    today = now.date()
    session = uow.session
    snap = queries.snapshot(session=session, day=today, due_soon_days=due_soon_days())
    if snap.empty:
        return pd.DataFrame(columns=QUEUE_COLUMNS + EXTRA_COLUMNS)
    history = queries.payment_history(session=session, day=today, weeks=config.history_weeks)
    counts = queries.contact_counts(session=session, since=day_start(week_start(today)), day_start=day_start(today))
    promises = queries.latest_promises(session=session, from_day=today - timedelta(days=config.promise_grace_days))
    broken = broken_promises_per_account(session, since=now - timedelta(days=config.broken_promise_lookback_days),
                                         today=today, grace_days=config.promise_grace_days)
    features = feature_frame(snap, history, today)
    frame = snap.merge(counts, on="contract_id", how="left").merge(promises, on="contract_id", how="left") \
        .merge(broken, on="contract_id", how="left")
    frame["days_past_due"] = features["days_past_due"].to_numpy()
    frame["bucket"] = dpd_buckets(frame["days_past_due"].to_numpy())
    frame["stage"] = stages_for(frame["days_past_due"].to_numpy())
    frame["roll_probability"] = model.predict_proba(features)[:, 1]
    for column in ("contacts_today", "contacts_this_week", "broken_promises"):
        frame[column] = frame[column].fillna(0).astype(int)
    for column in ("amount_overdue_centavos", "exposure_centavos"):
        frame[column] = frame[column].astype(np.int64)
    frame["priority_centavos"] = priority_centavos(frame["roll_probability"].to_numpy(), frame["exposure_centavos"].to_numpy(),
                                                   frame["stage"].to_numpy(), frame["broken_promises"].to_numpy(), config)
    reasons: list = [None] * len(frame)
    workable: list = [now] * len(frame)
    # Most accounts have no flag, contact or promise: only the others need the rules evaluated.
    needs_rules = (frame["opted_out"].astype(bool) | frame["do_not_contact"].astype(bool) | frame["contacts_this_week"].gt(0)
                   | frame["promise_due_on"].notna())
    flagged = np.flatnonzero(needs_rules.to_numpy())
    columns = [frame[c].to_numpy()[flagged] for c in ("opted_out", "do_not_contact", "contacts_today",
                                                       "contacts_this_week", "promise_due_on")]
    for i, opted_out, do_not_contact, today_count, week_count, promised in zip(flagged, *columns):
        reason, until = account_block(now, ContactFacts(
            opted_out=bool(opted_out), do_not_contact=bool(do_not_contact), contacts_today=int(today_count),
            contacts_this_week=int(week_count), promise_due_on=None if pd.isna(promised) else promised), config)
        reasons[i] = None if reason is None else reason.value
        workable[i] = until
    frame["blocked_reason"] = reasons
    frame["workable_from"] = pd.Series(workable, dtype=object, index=frame.index)
    frame = frame.sort_values(["priority_centavos", "contract_id"], ascending=[False, True], kind="stable")
    return frame[QUEUE_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)


def build_queue(uow: UnitOfWork, *, model: RollModel, config: CollectionsConfig = DEFAULT_CONFIG) -> pd.DataFrame:
    """Every account with an overdue or soon-due amount on the wall clock's day, ranked by expected
    loss avoided. Columns: QUEUE_COLUMNS plus code, contacts_today, contacts_this_week, promise_due_on."""
    with uow:
        return _ranked(uow, model, config)


def _plain(column: pd.Series) -> list:
    """Python values for the database driver: no numpy scalars, no NaT/NaN."""
    values = column.astype(object).where(column.notna(), None).tolist()
    return [v.to_pydatetime() if isinstance(v, pd.Timestamp) else v.item() if isinstance(v, np.generic) else v
            for v in values]


def refresh_queue(uow: UnitOfWork, *, model: RollModel, config: CollectionsConfig = DEFAULT_CONFIG) -> int:
    """Rebuild the queue and publish it for claiming, in one transaction; claims in progress are
    kept. Returns its size."""
    with uow:
        now = uow.now()
        frame = _ranked(uow, model, config)
        rows = [dict(zip(QUEUE_COLUMNS, values), refreshed_at=now)
                for values in zip(*(_plain(frame[c]) for c in QUEUE_COLUMNS))]
        queries.upsert_queue(session=uow.session, rows=rows, refreshed_at=now)
        uow.commit()
    return len(rows)


@dataclass(frozen=True)
class QueueView:
    workable: pd.DataFrame  # the first `limit` accounts an agent could be given now, by priority
    blocked: pd.DataFrame  # the first `limit` blocked accounts, with reason and when they return
    total: int
    workable_count: int
    held: int


def queue_view(uow: UnitOfWork, *, limit: int = 50, config: CollectionsConfig = DEFAULT_CONFIG) -> QueueView:
    """The published queue as agents see it: what can be worked now, and what is blocked and why."""
    now = uow.now()
    with uow:
        frame = queries.queue_rows(session=uow.session)
    if frame.empty:
        return QueueView(frame, frame, 0, 0, 0)
    free = frame["holder"].isna() | (pd.to_datetime(frame["held_until"], utc=True) <= now)
    open_now = frame["workable_from"].notna() & (pd.to_datetime(frame["workable_from"], utc=True) <= now)
    workable = frame[free & open_now & within_contact_hours(now, config)]
    blocked = frame[~open_now]
    return QueueView(workable.head(limit).reset_index(drop=True), blocked.head(limit).reset_index(drop=True),
                     int(len(frame)), int(len(workable)), int((~free).sum()))
