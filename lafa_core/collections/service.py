"""Collections services: each owns its unit of work and returns plain data or raises a
named error. `now` is the app's clock (tz-aware); tests pin it."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sqlalchemy import Engine, delete, func, select, update
from sqlmodel import Session

from lafa_core.collections import queries
from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig
from lafa_core.collections.messages import MessageValues, render_message
from lafa_core.collections.model import FEATURES, RollModel, feature_frame
from lafa_core.collections.rules import (
    BUCKET_ORDER, CHANNELS, NOT_REACHED, BlockReason, CollectionsError, ContactFacts, ContactNotAllowed, Outcome,
    RestructuringKind, account_block, bucket_for, check_contact, due_soon_days, escalation_ladder, next_opening,
    priority_centavos, promise_fate, restructured_schedule, within_contact_hours,
)
from lafa_core.config import LOCAL_TZ, get_settings
from lafa_core.db import unit_of_work
from lafa_core.tables import AuditLog, CollectionContact, Installment, Payment, RestructuringOffer

MODEL_KIND = "lafa-collections-roll-model"
MODEL_FILE = "collections-roll"
MAX_PROMISE_DAYS = 30  # a promise further out than a month is a restructuring, not a promise


class ClaimLost(CollectionsError):
    """The agent no longer holds the account (released, expired or never claimed)."""


def _require_aware(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise CollectionsError("now: a naive datetime; attach the America/Mexico_City time zone")
    return now.astimezone(LOCAL_TZ)


def _day_starts(now: datetime) -> tuple[datetime, datetime]:
    """Local midnight today, and local midnight of this week's Monday."""
    today = datetime.combine(now.date(), time(0), tzinfo=LOCAL_TZ)
    return today, today - timedelta(days=now.weekday())


def _snapshot(session: Session, day: date, soon: int) -> pd.DataFrame:
    frames = [queries.lto_snapshot(session=session, day=day, due_soon_days=soon),
              queries.dae_shortfalls(session=session, day=day, due_soon_days=soon)]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else frames_empty()


def frames_empty() -> pd.DataFrame:
    return pd.DataFrame(columns=queries.SNAPSHOT_COLUMNS)


def _days_past_due(frame: pd.DataFrame, day: date) -> pd.Series:
    return (pd.Timestamp(day) - pd.to_datetime(frame["oldest_due"])).dt.days.astype(int)


def _dpd_by_contract(snapshot: pd.DataFrame, day: date) -> pd.Series:
    """Days past due on `day`, indexed by contract id."""
    if snapshot.empty:
        return pd.Series(dtype=int)
    return pd.Series(_days_past_due(snapshot, day).to_numpy(), index=snapshot["contract_id"].astype(int))


def _buckets(days: pd.Series) -> np.ndarray:
    return np.asarray(pd.cut(days, [-np.inf, 0, 7, 14, 30, 60, np.inf], labels=list(BUCKET_ORDER)).astype(str))


def _stages(days: pd.Series) -> np.ndarray:
    ladder = escalation_ladder()
    starts = np.array([day for day, _, _ in ladder])
    codes = np.array([code for _, code, _ in ladder])
    return codes[np.clip(np.searchsorted(starts, days.to_numpy(), side="right") - 1, 0, len(codes) - 1)]


# --- the roll predictor -------------------------------------------------------------------
def training_frame(engine: Engine, *, now: datetime, config: CollectionsConfig = DEFAULT_CONFIG) -> pd.DataFrame:
    """Weekly snapshots of the past: each account's features then, and whether it rolled to a
    worse bucket (or defaulted) a week later."""
    today = _require_aware(now).date()
    soon = due_soon_days()
    days = [today - timedelta(weeks=k) for k in range(config.training_weeks + 1)]
    rows = []
    with Session(engine) as session:
        snapshots = {day: _snapshot(session, day, soon) for day in days}
        for k in range(1, len(days)):
            day, later = days[k], days[k - 1]
            snap = snapshots[day]
            if snap.empty:
                continue
            history = queries.payment_history(session=session, day=day, weeks=config.history_weeks)
            features = feature_frame(snap, history, day)
            later_dpd = _dpd_by_contract(snapshots[later], later)
            before = pd.Series(_buckets(features["days_past_due"])).map(BUCKET_ORDER.index).to_numpy()
            after_days = features["contract_id"].map(later_dpd).fillna(0).astype(int)
            after = pd.Series(_buckets(after_days)).map(BUCKET_ORDER.index).to_numpy()
            defaulted = features["contract_id"].isin(queries.defaulted_between(session=session, start=day, end=later))
            features["rolled"] = ((after > before) | defaulted.to_numpy()).astype(int)
            features["as_of"] = day
            rows.append(features)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["contract_id", *FEATURES, "rolled", "as_of"])


def train_roll_model(engine: Engine, *, now: datetime, config: CollectionsConfig = DEFAULT_CONFIG,
                     random_state: int | None = None) -> RollModel:
    """Fit on all weekly snapshots; the AUC is measured on the latest four weeks held out."""
    seed = get_settings().random_seed if random_state is None else random_state
    frame = training_frame(engine, now=now, config=config)
    cutoff = _require_aware(now).date() - timedelta(weeks=4)
    older, recent = frame[frame["as_of"] < cutoff], frame[frame["as_of"] >= cutoff]
    holdout_auc = RollModel(random_state=seed).fit(older, older["rolled"]).auc(recent, recent["rolled"]) if len(older) else None
    model = RollModel(random_state=seed).fit(frame, frame["rolled"])
    model.metadata = {
        "kind": MODEL_KIND, "features": FEATURES, "trained_for": str(_require_aware(now).date()),
        "training_rows": int(len(frame)), "roll_rate": model.roll_rate_, "prior_only": bool(model.prior_),
        "holdout_auc_last_4_weeks": holdout_auc, "random_state": seed,
    }
    return model


def _fingerprint(engine: Engine, day: date) -> str:
    with Session(engine) as session:
        counts = session.execute(select(func.count(Installment.id), func.max(Installment.paid_on))).one()
        payments = session.execute(select(func.count(Payment.id), func.max(Payment.id))).one()
    text = f"{day}|{counts[0]}|{counts[1]}|{payments[0]}|{payments[1]}|{engine.url.render_as_string(hide_password=True)}"
    return hashlib.sha256(text.encode()).hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def roll_model(engine: Engine, *, now: datetime, config: CollectionsConfig = DEFAULT_CONFIG,
               models_dir: Path | None = None) -> RollModel:
    """Today's roll model for this database: loaded if we saved one for the same data and day,
    else trained and saved (joblib + JSON metadata) under models_dir."""
    directory = Path(models_dir or get_settings().models_dir)
    fingerprint = _fingerprint(engine, _require_aware(now).date())
    artifact, metadata_path = directory / f"{MODEL_FILE}.joblib", directory / f"{MODEL_FILE}.json"
    try:
        metadata = json.loads(metadata_path.read_text())
        if (metadata.get("kind") == MODEL_KIND and metadata.get("data_fingerprint") == fingerprint
                and metadata.get("artifact_sha256") == _sha256(artifact)):
            model = joblib.load(artifact)  # only a file we wrote ourselves (checked by its hash)
            model.metadata = metadata
            return model
    except (OSError, ValueError):
        pass
    model = train_roll_model(engine, now=now, config=config)
    import sklearn

    directory.mkdir(parents=True, exist_ok=True)
    temporary = artifact.with_suffix(".joblib.tmp")
    joblib.dump(model, temporary)
    model.metadata.update(data_fingerprint=fingerprint, artifact_sha256=_sha256(temporary),
                          trained_at=datetime.now(LOCAL_TZ).isoformat(), version=fingerprint[:12],
                          library_versions={"scikit-learn": sklearn.__version__, "pandas": pd.__version__})
    os.replace(temporary, artifact)
    metadata_path.write_text(json.dumps(model.metadata, indent=2, default=str))
    return model


# --- the queue ---------------------------------------------------------------------------
QUEUE_COLUMNS = ["contract_id", "driver_id", "product", "days_past_due", "bucket", "stage",
                 "amount_overdue_centavos", "exposure_centavos", "roll_probability", "broken_promises",
                 "priority_centavos", "blocked_reason", "workable_from"]


def build_queue(engine: Engine, *, now: datetime, model: RollModel,
                config: CollectionsConfig = DEFAULT_CONFIG) -> pd.DataFrame:
    """Every account with an overdue or soon-due amount, ranked by expected loss avoided.
    Columns: QUEUE_COLUMNS plus code, contacts_today, contacts_this_week, promise_due_on."""
    now = _require_aware(now)
    today = now.date()
    day_start, week_start = _day_starts(now)
    with Session(engine) as session:
        snap = _snapshot(session, today, due_soon_days())
        if snap.empty:
            return pd.DataFrame(columns=QUEUE_COLUMNS + ["code", "contacts_today", "contacts_this_week", "promise_due_on"])
        history = queries.payment_history(session=session, day=today, weeks=config.history_weeks)
        counts = queries.contact_counts(session=session, since=week_start, day_start=day_start)
        promises = queries.latest_promises(session=session, from_day=today - timedelta(days=config.promise_grace_days))
        broken = queries.broken_promises(session=session, since=now - timedelta(days=config.broken_promise_lookback_days),
                                         before_day=today - timedelta(days=config.promise_grace_days))
    features = feature_frame(snap, history, today)
    frame = snap.merge(counts, on="contract_id", how="left").merge(promises, on="contract_id", how="left") \
        .merge(broken, on="contract_id", how="left")
    frame["days_past_due"] = features["days_past_due"].to_numpy()
    frame["bucket"] = _buckets(frame["days_past_due"])
    frame["stage"] = _stages(frame["days_past_due"])
    frame["roll_probability"] = model.predict_proba(features)[:, 1]
    for column in ("contacts_today", "contacts_this_week", "broken_promises"):
        frame[column] = frame[column].fillna(0).astype(int)
    for column in ("amount_overdue_centavos", "exposure_centavos"):
        frame[column] = frame[column].astype(np.int64)
    frame["priority_centavos"] = priority_centavos(frame["roll_probability"].to_numpy(), frame["exposure_centavos"].to_numpy(),
                                                   frame["stage"].to_numpy(), frame["broken_promises"].to_numpy(), config)
    # Most accounts have no flag, contact or promise: only the others need the rule evaluated.
    reasons: list = [None] * len(frame)
    workable: list = [now] * len(frame)
    needs_rules = (frame["opted_out"].astype(bool) | frame["do_not_contact"].astype(bool) | frame["contacts_this_week"].gt(0)
                   | frame["promise_due_on"].notna())
    # Most accounts have no flag, contact or promise: only the others need the rules evaluated.
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
    return frame[QUEUE_COLUMNS + ["code", "contacts_today", "contacts_this_week", "promise_due_on"]].reset_index(drop=True)


def _plain(column: pd.Series) -> list:
    """Python values for the database driver: no numpy scalars, no NaT/NaN."""
    values = column.astype(object).where(column.notna(), None).tolist()
    return [v.to_pydatetime() if isinstance(v, pd.Timestamp) else v.item() if isinstance(v, np.generic) else v
            for v in values]


def refresh_queue(engine: Engine, *, now: datetime, model: RollModel,
                  config: CollectionsConfig = DEFAULT_CONFIG) -> int:
    """Rebuild the queue and publish it for claiming; claims in progress are kept. Returns its size."""
    now = _require_aware(now)
    frame = build_queue(engine, now=now, model=model, config=config)
    rows = [dict(zip(QUEUE_COLUMNS, values), refreshed_at=now)
            for values in zip(*(_plain(frame[c]) for c in QUEUE_COLUMNS))]
    with unit_of_work(engine) as session:
        queries.upsert_queue(session=session, rows=rows, refreshed_at=now)
    return len(rows)


@dataclass(frozen=True)
class QueueView:
    workable: pd.DataFrame  # the first `limit` accounts an agent could be given now, by priority
    blocked: pd.DataFrame  # the first `limit` blocked accounts, with reason and when they return
    total: int
    workable_count: int
    held: int


def queue_view(engine: Engine, *, now: datetime, limit: int = 50, config: CollectionsConfig = DEFAULT_CONFIG) -> QueueView:
    """The published queue as agents see it: what can be worked now, and what is blocked and why."""
    now = _require_aware(now)
    with Session(engine) as session:
        frame = queries.queue_rows(session=session)
    if frame.empty:
        return QueueView(frame, frame, 0, 0, 0)
    free = frame["holder"].isna() | (pd.to_datetime(frame["held_until"], utc=True) <= now)
    open_now = frame["workable_from"].notna() & (pd.to_datetime(frame["workable_from"], utc=True) <= now)
    workable = frame[free & open_now & within_contact_hours(now, config)]
    blocked = frame[~open_now]
    return QueueView(workable.head(limit).reset_index(drop=True), blocked.head(limit).reset_index(drop=True),
                     int(len(frame)), int(len(workable)), int((~free).sum()))


# --- claiming ------------------------------------------------------------------------------
def _require_agent(agent: str) -> str:
    agent = (agent or "").strip()
    if not agent or len(agent) > 60:
        raise CollectionsError("agent: give your agent name (1 to 60 characters)", key="collections.error.agent")
    return agent


def next_account(engine: Engine, *, agent: str, now: datetime, config: CollectionsConfig = DEFAULT_CONFIG) -> int | None:
    """Hold the highest-priority account no one else holds; the agent's own live claim first.
    None when nothing is workable. Outside contact hours raises ContactNotAllowed."""
    agent, now = _require_agent(agent), _require_aware(now)
    if not within_contact_hours(now, config):
        raise ContactNotAllowed(BlockReason.OUTSIDE_HOURS, next_opening(now, config))
    with unit_of_work(engine) as session:
        mine = queries.held_by(session=session, agent=agent, now=now)
        if mine is not None:
            return mine
        return queries.claim_next(session=session, agent=agent, now=now,
                                  until=now + timedelta(minutes=config.claim_minutes))


def release_account(engine: Engine, *, contract_id: int, agent: str) -> bool:
    """Give the account back to the queue untouched; False if the agent did not hold it."""
    with unit_of_work(engine) as session:
        return queries.release_claim(session=session, contract_id=contract_id, agent=_require_agent(agent))


# --- working an account --------------------------------------------------------------------
def _validate_outcome(outcome: str, channel: str, promise_amount_centavos, promise_due_on, notes: str,
                      today: date) -> Outcome:
    try:
        code = Outcome(outcome)
    except ValueError:
        raise CollectionsError(f"outcome: unknown code {outcome!r}; use one of {', '.join(o.value for o in Outcome)}") from None
    if channel not in CHANNELS:
        raise CollectionsError(f"channel: unknown {channel!r}; use one of {', '.join(CHANNELS)}")
    if len(notes or "") > 500:
        raise CollectionsError("notes: at most 500 characters", key="collections.error.notes")
    if code is Outcome.PROMISE_TO_PAY:
        if promise_amount_centavos is None or int(promise_amount_centavos) <= 0:
            raise CollectionsError("promise_amount: a promise to pay needs a positive amount",
                                   key="collections.error.promise_amount")
        if promise_due_on is None or not (today <= promise_due_on <= today + timedelta(days=MAX_PROMISE_DAYS)):
            raise CollectionsError(f"promise_due_on: a promise date from today to {MAX_PROMISE_DAYS} days ahead is required",
                                   key="collections.error.promise_date", days=MAX_PROMISE_DAYS)
    elif promise_amount_centavos is not None or promise_due_on is not None:
        raise CollectionsError("promise_amount: only a promise to pay carries an amount and a date",
                               key="collections.error.promise_only")
    return code


def log_contact(engine: Engine, *, contract_id: int, agent: str, now: datetime, outcome: str, channel: str = "call",
                promise_amount_centavos: int | None = None, promise_due_on: date | None = None, notes: str = "",
                config: CollectionsConfig = DEFAULT_CONFIG) -> int:
    """Record a contact and its outcome on an account the agent holds (append-only), then give the
    account back to the queue, blocked as the contact rules now require. Returns the contact id."""
    agent, now = _require_agent(agent), _require_aware(now)
    code = _validate_outcome(outcome, channel, promise_amount_centavos, promise_due_on, notes, now.date())
    day_start, week_start = _day_starts(now)
    with unit_of_work(engine) as session:
        # The first statement writes: on SQLite it takes the write lock, on PostgreSQL the row lock.
        if not queries.lock_claim(session=session, contract_id=contract_id, agent=agent, now=now):
            raise ClaimLost(f"contract {contract_id}: you no longer hold this account (released or expired); take the next one")
        header = queries.account_header(session=session, contract_id=contract_id)
        item = queries.queue_item(session=session, contract_id=contract_id)
        today_count, week_count = queries.account_contact_counts(session=session, contract_id=contract_id,
                                                                 week_start=week_start, day_start=day_start)
        facts = ContactFacts(opted_out=header["opted_out_of_messages"], do_not_contact=header["do_not_contact"],
                             contacts_today=today_count, contacts_this_week=week_count,
                             promise_due_on=queries.account_latest_promise(session=session, contract_id=contract_id))
        check_contact(now, facts, config)
        contact = CollectionContact(
            contract_id=contract_id, driver_id=header["driver_id"], contacted_at=now, channel=channel, agent=agent,
            stage=item["stage"], days_past_due=item["days_past_due"], outcome=code.value,
            promise_amount_centavos=None if promise_amount_centavos is None else int(promise_amount_centavos),
            promise_due_on=promise_due_on, notes=notes or "",
        )
        session.add(contact)
        session.flush()
        after = ContactFacts(opted_out=facts.opted_out, do_not_contact=facts.do_not_contact,
                             contacts_today=today_count + 1, contacts_this_week=week_count + 1,
                             promise_due_on=max(filter(None, [facts.promise_due_on, promise_due_on]), default=None))
        reason, until = account_block(now, after, config)
        queries.release_claim(session=session, contract_id=contract_id, agent=agent,
                              reason=None if reason is None else reason.value, workable_from=until, update_block=True)
        return int(contact.id)


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


def account_context(engine: Engine, *, contract_id: int, now: datetime,
                    config: CollectionsConfig = DEFAULT_CONFIG) -> AccountContext:
    """Everything an agent needs on one screen for one account."""
    now = _require_aware(now)
    today = now.date()
    day_start, week_start = _day_starts(now)
    with Session(engine) as session:
        header = queries.account_header(session=session, contract_id=contract_id)
        if header is None:
            raise CollectionsError(f"contract {contract_id}: no such contract")
        item = queries.queue_item(session=session, contract_id=contract_id)
        installments = queries.account_installments(session=session, contract_id=contract_id)
        payments = queries.account_payments(session=session, contract_id=contract_id)
        contacts = queries.account_contacts(session=session, contract_id=contract_id)
        offers = queries.account_offers(session=session, contract_id=contract_id)
        today_count, week_count = queries.account_contact_counts(session=session, contract_id=contract_id,
                                                                 week_start=week_start, day_start=day_start)
    paid = list(zip(payments["paid_on"], payments["amount_centavos"])) if len(payments) else []
    promises = contacts[contacts["outcome"] == Outcome.PROMISE_TO_PAY.value].copy()
    promises["made_on"] = [ts.astimezone(LOCAL_TZ).date() for ts in promises["contacted_at"]]
    promises["fate"] = [
        promise_fate(made, due, int(amount), paid, today, config.promise_grace_days).value
        for made, due, amount in zip(promises["made_on"], promises["promise_due_on"], promises["promise_amount_centavos"])
    ]
    latest_promise = max(promises["promise_due_on"], default=None) if len(promises) else None
    facts = ContactFacts(opted_out=header["opted_out_of_messages"], do_not_contact=header["do_not_contact"],
                         contacts_today=today_count, contacts_this_week=week_count, promise_due_on=latest_promise)
    reason, until = account_block(now, facts, config)
    if reason is None and not within_contact_hours(now, config):
        reason, until = BlockReason.OUTSIDE_HOURS, next_opening(now, config)
    outstanding = installments[installments["paid_on"].isna()] if len(installments) else installments
    balance = int((outstanding["amount_centavos"] - outstanding["paid_centavos"]).sum()) if len(outstanding) else 0
    message = action = None
    if item is not None:
        owed = item["amount_overdue_centavos"] or item["exposure_centavos"]
        due_on = outstanding["due_on"].min() if len(outstanding) else None
        message = render_message(item["stage"], MessageValues(header["full_name"], header["contract_code"], int(owed), today, due_on))
        action = {code: text for _, code, text in escalation_ladder()}[item["stage"]]
    offers = _with_schedule_summary(offers)
    return AccountContext(header, item, installments, payments, contacts, promises, offers, balance, facts,
                          None if reason is None else reason.value, until, message, action)


# --- restructuring -------------------------------------------------------------------------
def _with_schedule_summary(offers: pd.DataFrame) -> pd.DataFrame:
    """Each offer's new schedule in three figures: how many installments, from when, how much each."""
    schedules = [json.loads(text) for text in offers["schedule"]]
    return offers.drop(columns="schedule").assign(
        installments=[len(s) for s in schedules],
        first_due_on=[date.fromisoformat(s[0]["due_on"]) if s else None for s in schedules],
        installment_centavos=[max(e["amount_centavos"] for e in s) if s else None for s in schedules],
    )


def _audit(session: Session, now: datetime, actor: str, action: str, entity: str, entity_id, details: dict) -> None:
    session.add(AuditLog(occurred_at=now, actor=actor, action=action, entity=entity, entity_id=str(entity_id),
                         details=json.dumps(details, sort_keys=True, default=str)))


def _schedule_basis(unpaid: list[dict], today: date) -> tuple[int, int, date]:
    balance = sum(row["amount_centavos"] - row["paid_centavos"] for row in unpaid)
    upcoming = [row["due_on"] for row in unpaid if row["due_on"] > today]
    return balance, len(unpaid), min(upcoming) if upcoming else today + timedelta(weeks=1)


def propose_restructuring(engine: Engine, *, contract_id: int, kind: str, parameter: int, agent: str,
                          now: datetime) -> int:
    """A new schedule for everything still owed; pending until a supervisor approves it."""
    agent, now = _require_agent(agent), _require_aware(now)
    with unit_of_work(engine) as session:
        header = queries.account_header(session=session, contract_id=contract_id)
        if header is None or header["product"] != "LTO":
            raise CollectionsError(f"contract {contract_id}: only a lease (LTO) can be restructured",
                                   key="collections.error.lease_only")
        balance, remaining, first_due = _schedule_basis(queries.unpaid_installments(session=session, contract_id=contract_id), now.date())
        schedule = restructured_schedule(balance, remaining, first_due, kind, int(parameter))
        offer = RestructuringOffer(
            contract_id=contract_id, kind=RestructuringKind(kind).value, parameter=int(parameter), balance_centavos=balance,
            schedule=json.dumps([{"due_on": d.isoformat(), "amount_centavos": a} for d, a in schedule]),
            proposed_by=agent, proposed_at=now, status="pending",
        )
        session.add(offer)
        session.flush()
        _audit(session, now, agent, "collections.restructuring_proposed", "restructuring_offer", offer.id,
               {"contract_id": contract_id, "kind": offer.kind, "parameter": offer.parameter, "balance_centavos": balance})
        return int(offer.id)


def decide_restructuring(engine: Engine, *, offer_id: int, supervisor: str, approve: bool, now: datetime) -> str:
    """Approve (the new schedule replaces what is still owed) or reject a pending offer.
    The proposer cannot approve their own offer. Returns the new status."""
    supervisor, now = _require_agent(supervisor), _require_aware(now)
    status = "approved" if approve else "rejected"
    with unit_of_work(engine) as session:
        # Conditional update: two supervisors deciding at once cannot both win.
        changed = session.execute(
            update(RestructuringOffer.__table__)
            .where(RestructuringOffer.id == offer_id, RestructuringOffer.status == "pending",
                   RestructuringOffer.proposed_by != supervisor)
            .values(status=status, decided_by=supervisor, decided_at=now)
        ).rowcount
        if changed != 1:
            raise CollectionsError(f"offer {offer_id}: not pending, or proposed by you (a different supervisor must decide)",
                                   key="collections.error.offer_not_yours", offer=offer_id)
        offer = session.get(RestructuringOffer, offer_id)
        if approve:
            unpaid = queries.unpaid_installments(session=session, contract_id=offer.contract_id)
            balance, _, _ = _schedule_basis(unpaid, now.date())
            if balance != offer.balance_centavos:
                raise CollectionsError(f"offer {offer_id}: the balance changed since it was proposed "
                                       f"({offer.balance_centavos} → {balance} centavos); propose it again")
            _apply_schedule(session, offer, unpaid, now.date())
        _audit(session, now, supervisor, f"collections.restructuring_{status}", "restructuring_offer", offer_id,
               {"contract_id": offer.contract_id, "kind": offer.kind})
        return status


def _apply_schedule(session: Session, offer: RestructuringOffer, unpaid: list[dict], today: date) -> None:
    """Close what is still owed on the old schedule and append the new installments."""
    table = Installment.__table__
    for row in unpaid:
        if row["paid_centavos"] > 0:  # a part-paid installment is settled at what was paid
            session.execute(update(table).where(table.c.id == row["id"])
                            .values(amount_centavos=row["paid_centavos"], paid_on=today))
        else:
            session.execute(delete(table).where(table.c.id == row["id"]))
    last_seq = session.execute(select(func.max(table.c.seq)).where(table.c.contract_id == offer.contract_id)).scalar() or 0
    for i, entry in enumerate(json.loads(offer.schedule), start=1):
        session.add(Installment(contract_id=offer.contract_id, seq=last_seq + i, due_on=date.fromisoformat(entry["due_on"]),
                                amount_centavos=entry["amount_centavos"], paid_centavos=0, paid_on=None))


def pending_offers(engine: Engine) -> pd.DataFrame:
    with Session(engine) as session:
        return queries.pending_offers(session=session)


# --- messages --------------------------------------------------------------------------------
def outbound_messages(engine: Engine, *, now: datetime) -> pd.DataFrame:
    """Today's WhatsApp list for the messaging provider: published accounts workable today
    (no opt-out, no do-not-contact, no promise window, under the caps), with the filled text."""
    now = _require_aware(now)
    today = now.date()
    with Session(engine) as session:
        frame = queries.outbound_rows(session=session, until=datetime.combine(today, time(23, 59, 59), tzinfo=LOCAL_TZ))
    columns = ["phone", "name", "contract", "stage", "amount_centavos", "calculated_on", "message"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["amount_centavos"] = np.where(frame["amount_overdue_centavos"] > 0, frame["amount_overdue_centavos"],
                                        frame["exposure_centavos"]).astype(np.int64)
    frame["calculated_on"] = today
    frame["message"] = [
        render_message(stage, MessageValues(name, code, int(amount), today, None if pd.isna(due) else due))
        for stage, name, code, amount, due in zip(frame["stage"], frame["name"], frame["contract"],
                                                  frame["amount_centavos"], frame["oldest_due"])
    ]
    return frame[columns].reset_index(drop=True)


def outbound_messages_csv(engine: Engine, *, now: datetime) -> bytes:
    """The list as UTF-8 CSV; amounts as exact pesos with two decimals."""
    frame = outbound_messages(engine, now=now)
    frame = frame.assign(amount_mxn=[f"{a // 100}.{a % 100:02d}" for a in frame["amount_centavos"]]).drop(columns="amount_centavos")
    return frame.to_csv(index=False).encode("utf-8")


# --- supervisor view ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SupervisorReport:
    roll_rates: pd.DataFrame  # week × "from→to" share of accounts that rolled
    cure_rate: float | None  # share of delinquent accounts current a week later (latest week)
    promise_kept_rate: float | None
    right_party_contact_rate: float | None
    average_dpd: float | None  # over delinquent accounts today
    average_dpd_target: int
    average_dpd_trend: pd.DataFrame  # week, average DPD
    contacts_per_agent: pd.DataFrame  # agent, contacts, days, contacts_per_day


def supervisor_report(engine: Engine, *, now: datetime, weeks: int = 8) -> SupervisorReport:
    now = _require_aware(now)
    today = now.date()
    since = now - timedelta(weeks=weeks)
    ends = [today - timedelta(weeks=k) for k in range(weeks, -1, -1)]
    with Session(engine) as session:
        snaps = {day: _snapshot(session, day, 0) for day in ends}
        defaulted = {day: queries.defaulted_between(session=session, start=day, end=day + timedelta(weeks=1)) for day in ends[:-1]}
        due, kept = queries.promise_outcomes(session=session, since=since, before_day=today)
        contacts = queries.contacts_since(session=session, since=since)
    roll_rows, trend, cures = [], [], []
    for day, later in zip(ends[:-1], ends[1:]):
        dpd_before, dpd_after = _dpd_by_contract(snaps[day], day), _dpd_by_contract(snaps[later], later)
        delinquent = dpd_before[dpd_before > 0]
        row = {"week_ending": later}
        for i, name in enumerate(BUCKET_ORDER[1:-1], start=1):
            members = delinquent[[bucket_for(d) == name for d in delinquent]]
            if len(members):
                next_bucket = [BUCKET_ORDER.index(bucket_for(int(dpd_after.get(c, 0)))) for c in members.index]
                rolled = sum(1 for c, b in zip(members.index, next_bucket) if b > i or c in defaulted[day])
                row[f"{name}→{BUCKET_ORDER[i + 1]}"] = rolled / len(members)
            else:
                row[f"{name}→{BUCKET_ORDER[i + 1]}"] = None
        roll_rows.append(row)
        if len(delinquent):
            cured = sum(1 for c in delinquent.index if dpd_after.get(c, 0) <= 0 and c not in defaulted[day])
            cures.append(cured / len(delinquent))
        trend.append({"week_ending": day, "average_dpd": float(delinquent.mean()) if len(delinquent) else None})
    dpd_now = _dpd_by_contract(snaps[ends[-1]], today)
    delinquent_now = dpd_now[dpd_now > 0]
    trend.append({"week_ending": today, "average_dpd": float(delinquent_now.mean()) if len(delinquent_now) else None})
    if len(contacts):
        contacts["day"] = [ts.astimezone(LOCAL_TZ).date() for ts in contacts["contacted_at"]]
        per_agent = contacts.groupby("agent").agg(contacts=("day", "size"), days=("day", "nunique")).reset_index()
        per_agent["contacts_per_day"] = per_agent["contacts"] / per_agent["days"]
        rpc = float((~contacts["outcome"].isin(NOT_REACHED)).mean())
    else:
        per_agent = pd.DataFrame(columns=["agent", "contacts", "days", "contacts_per_day"])
        rpc = None
    from lafa_core.reference import load_reference

    target = load_reference("business")["collections"]["kpi_targets"]["avg_days_past_due"]["target"]
    return SupervisorReport(
        roll_rates=pd.DataFrame(roll_rows), cure_rate=cures[-1] if cures else None,
        promise_kept_rate=kept / due if due else None, right_party_contact_rate=rpc,
        average_dpd=float(delinquent_now.mean()) if len(delinquent_now) else None, average_dpd_target=int(target),
        average_dpd_trend=pd.DataFrame(trend), contacts_per_agent=per_agent.sort_values("agent").reset_index(drop=True),
    )
