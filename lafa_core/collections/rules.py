"""Pure collections rules: buckets, the escalation ladder, contact rules, priority,
promise fate and restructuring arithmetic. No I/O here."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np

from lafa_core.bounds import InvalidInput
from lafa_core.clock import require_aware
from lafa_core.collections.config import CollectionsConfig
from lafa_core.config import LOCAL_TZ
from lafa_core.errors import LocalizedError
from lafa_core.i18n import format_mxn
from lafa_core.ledger import dpd_bucket
from lafa_core.reference import load_reference

# Stage codes in ladder order; the days come from business.yaml (-2, 0, 3, 7, 14).
STAGE_CODES = ("friendly_reminder", "due_today", "past_due_notice", "second_notice", "legal_escalation")
# Later stages weigh more: the account is closer to a write-off and a call then matters more.
STAGE_WEIGHTS = {"friendly_reminder": 0.6, "due_today": 0.8, "past_due_notice": 1.0, "second_notice": 1.2,
                 "legal_escalation": 1.5}


class Outcome(str, enum.Enum):
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    PROMISE_TO_PAY = "promise_to_pay"
    PAID = "paid"
    DISPUTE = "dispute"
    HARDSHIP = "hardship"
    REFUSED = "refused"
    ESCALATE_LEGAL = "escalate_legal"
    VEHICLE_RECOVERY = "vehicle_recovery"


# Every outcome except these means the agent reached the debtor (right-party contact).
NOT_REACHED = frozenset({Outcome.NO_ANSWER.value, Outcome.WRONG_NUMBER.value})
CHANNELS = ("call", "whatsapp", "sms", "visit")


class BlockReason(str, enum.Enum):
    DO_NOT_CONTACT = "do_not_contact"
    OPTED_OUT = "opted_out"
    PROMISE_WINDOW = "promise_window"
    WEEKLY_CAP = "weekly_cap"
    DAILY_CAP = "daily_cap"
    OUTSIDE_HOURS = "outside_hours"


class RestructuringKind(str, enum.Enum):
    EXTEND_TERM = "extend_term"  # parameter: extra weeks
    REDUCE_PAYMENT = "reduce_payment"  # parameter: new weekly payment, centavos
    GRACE_PERIOD = "grace_period"  # parameter: weeks without payment before the schedule resumes


class CollectionsError(LocalizedError, ValueError):
    """Bad input or a forbidden action; the message says which field or rule."""


class ContactNotAllowed(CollectionsError):
    def __init__(self, reason: BlockReason, workable_from: datetime | None):
        self.reason = reason
        self.workable_from = workable_from
        when = "never (until the flag is lifted)" if workable_from is None else workable_from.isoformat()
        super().__init__(f"contact not allowed: {reason.value}; next allowed {when}")


bucket_for = dpd_bucket


@lru_cache(maxsize=1)
def escalation_ladder() -> tuple[tuple[int, str, str], ...]:
    """(day relative to the due date, stage code, the strategy's action) in ladder order."""
    steps = sorted(load_reference("business")["collections"]["escalation_ladder"], key=lambda s: s["day"])
    if len(steps) != len(STAGE_CODES):
        raise ValueError(f"business.yaml escalation ladder has {len(steps)} steps, expected {len(STAGE_CODES)}")
    return tuple((int(step["day"]), code, step["action"]) for step, code in zip(steps, STAGE_CODES))


def due_soon_days() -> int:
    """How many days before the due date an account enters the queue (2: the first ladder step)."""
    return max(0, -escalation_ladder()[0][0])


def stages_for(days_past_due) -> np.ndarray:
    """The latest ladder step reached by each account (signed days from the oldest unpaid due date;
    before the first step counts as the first)."""
    ladder = escalation_ladder()
    starts = np.array([day for day, _, _ in ladder])
    codes = np.array([code for _, code, _ in ladder], dtype=object)
    index = np.searchsorted(starts, np.asarray(days_past_due, dtype=np.int64), side="right") - 1
    return codes[np.clip(index, 0, len(codes) - 1)]


def stage_for(days_past_due: int) -> str:
    """The latest ladder step reached; days_past_due is negative before the due date."""
    first = escalation_ladder()[0][0]
    if days_past_due < first:
        raise CollectionsError(f"days_past_due {days_past_due} is before the first ladder step ({first})")
    return str(stages_for([days_past_due])[0])


def ladder_action(stage: str) -> str:
    """The strategy's action for a ladder stage."""
    return {code: action for _, code, action in escalation_ladder()}[stage]


@dataclass(frozen=True)
class ContactFacts:
    """What the contact rules need to know about one account at one moment."""

    opted_out: bool = False
    do_not_contact: bool = False
    contacts_today: int = 0
    contacts_this_week: int = 0
    promise_due_on: date | None = None  # the latest promised payment date, if any


def opening(day: date, config: CollectionsConfig) -> datetime:
    return datetime.combine(day, config.contact_start, tzinfo=LOCAL_TZ)


def within_contact_hours(now: datetime, config: CollectionsConfig) -> bool:
    local = now.astimezone(LOCAL_TZ).time()
    return config.contact_start <= local < config.contact_end


def next_opening(now: datetime, config: CollectionsConfig) -> datetime:
    local = now.astimezone(LOCAL_TZ)
    if within_contact_hours(local, config):
        return local
    day = local.date() if local.time() < config.contact_start else local.date() + timedelta(days=1)
    return opening(day, config)


def account_block(now: datetime, facts: ContactFacts, config: CollectionsConfig) -> tuple[BlockReason | None, datetime | None]:
    """The account's own block (not the clock's): its reason and when it lifts.
    (None, now) when nothing blocks; (reason, None) when only a person can lift it."""
    if facts.do_not_contact:
        return BlockReason.DO_NOT_CONTACT, None
    if facts.opted_out:
        return BlockReason.OPTED_OUT, None
    local = now.astimezone(LOCAL_TZ)
    today = local.date()
    blocks: list[tuple[datetime, BlockReason]] = []
    if facts.promise_due_on is not None:
        window_ends = facts.promise_due_on + timedelta(days=config.promise_grace_days)
        if window_ends >= today:
            blocks.append((opening(window_ends + timedelta(days=1), config), BlockReason.PROMISE_WINDOW))
    if facts.contacts_this_week >= config.max_contacts_per_week:
        blocks.append((opening(today + timedelta(days=7 - today.weekday()), config), BlockReason.WEEKLY_CAP))
    if facts.contacts_today >= config.max_contacts_per_day:
        blocks.append((opening(today + timedelta(days=1), config), BlockReason.DAILY_CAP))
    if not blocks:
        return None, local
    until, reason = max(blocks, key=lambda block: block[0])
    return reason, until


def check_contact(now: datetime, facts: ContactFacts, config: CollectionsConfig) -> None:
    """Raise ContactNotAllowed unless the account may be contacted at `now`."""
    reason, until = account_block(now, facts, config)
    if reason is not None:
        raise ContactNotAllowed(reason, until)
    if not within_contact_hours(now, config):
        raise ContactNotAllowed(BlockReason.OUTSIDE_HOURS, next_opening(now, config))


CAPS = (BlockReason.DAILY_CAP, BlockReason.WEEKLY_CAP)


def caps_reached(facts: ContactFacts, config: CollectionsConfig) -> tuple[BlockReason, ...]:
    """The contact caps the account has reached (daily, weekly), whatever else blocks it."""
    reached = {BlockReason.DAILY_CAP: facts.contacts_today >= config.max_contacts_per_day,
               BlockReason.WEEKLY_CAP: facts.contacts_this_week >= config.max_contacts_per_week}
    return tuple(cap for cap in CAPS if reached[cap])


def check_call_time(contacted_at: datetime, now: datetime, claimed_at: datetime | None,
                    config: CollectionsConfig) -> datetime:
    """When the call happened, as the agent records it: a moment with its time zone, not after
    `now`, not before the agent took the account (`claimed_at`), and within contact hours. Returns
    it in Mexico City time; refusals name the field (`contacted_at`)."""
    field = "contacted_at"
    moment = require_aware(contacted_at, field)
    if moment > now:
        raise InvalidInput(field, f"{moment:%H:%M} is later than now ({now.astimezone(LOCAL_TZ):%H:%M})",
                           key="collections.error.call_time_future", now=f"{now.astimezone(LOCAL_TZ):%H:%M}")
    if claimed_at is not None and moment < claimed_at:
        claimed = claimed_at.astimezone(LOCAL_TZ)
        raise InvalidInput(field, f"{moment:%H:%M} is before the account was taken ({claimed:%H:%M})",
                           key="collections.error.call_time_before_claim", claimed=f"{claimed:%H:%M}")
    if not within_contact_hours(moment, config):
        raise InvalidInput(field, f"{moment:%H:%M} is outside contact hours "
                           f"({config.contact_start:%H:%M}-{config.contact_end:%H:%M})",
                           key="collections.error.call_time_hours", start=f"{config.contact_start:%H:%M}",
                           end=f"{config.contact_end:%H:%M}")
    return moment


def priority_centavos(roll_probability, exposure_centavos, stage, broken_promises, config: CollectionsConfig):
    """Expected loss avoided by working the account now: roll probability × exposure,
    raised by the stage's weight and by each recent broken promise. Scalars or arrays."""
    if isinstance(stage, str):
        weight = STAGE_WEIGHTS[stage]
    else:
        weight = np.array([STAGE_WEIGHTS[s] for s in stage], dtype=float)
    value = (np.asarray(roll_probability, dtype=float) * np.asarray(exposure_centavos, dtype=float) * weight
             * (1 + config.broken_promise_weight * np.asarray(broken_promises, dtype=float)))
    rounded = np.rint(value).astype(np.int64)
    return int(rounded) if rounded.ndim == 0 else rounded


def split_evenly(total_centavos: int, count: int) -> list[int]:
    """`count` amounts differing by at most one centavo that add up to `total_centavos`."""
    base, remainder = divmod(total_centavos, count)
    return [base + 1 if i < remainder else base for i in range(count)]


def restructured_schedule(balance_centavos: int, remaining_installments: int, first_due_on: date,
                          kind: RestructuringKind | str, parameter: int, *, lease_ends_by: date,
                          max_grace_weeks: int) -> list[tuple[date, int]]:
    """The new weekly schedule for an outstanding balance; the amounts add up to the balance.
    Refused when the lease would run past `lease_ends_by`, when a grace period is longer than
    `max_grace_weeks`, or when a reduced payment would not amortise the balance by then."""
    kind = RestructuringKind(kind)
    if balance_centavos <= 0:
        raise CollectionsError("balance: nothing is owed, there is nothing to restructure",
                               key="collections.error.nothing_owed")
    if remaining_installments < 1:
        raise CollectionsError("remaining_installments must be at least 1")
    if isinstance(parameter, bool) or not isinstance(parameter, int) or parameter < 1:
        raise CollectionsError(f"parameter: {kind.value} needs a positive whole value, got {parameter!r}",
                               key="collections.error.parameter_positive")
    first = first_due_on
    if kind is RestructuringKind.GRACE_PERIOD and parameter > max_grace_weeks:
        raise CollectionsError(f"parameter: a grace period of at most {max_grace_weeks} weeks, got {parameter}",
                               key="collections.error.grace_too_long", weeks=max_grace_weeks)
    if kind is RestructuringKind.EXTEND_TERM:
        count = remaining_installments + parameter
    elif kind is RestructuringKind.REDUCE_PAYMENT:
        current = -(-balance_centavos // remaining_installments)
        if parameter >= current:
            raise CollectionsError(f"parameter: the new payment must be below the current {current} centavos",
                                   key="collections.error.payment_not_lower", current=format_mxn(current, decimals=2))
        count = -(-balance_centavos // parameter)
    else:
        first = first_due_on + timedelta(weeks=parameter)
        count = remaining_installments
    # Checked before the schedule is built: a 1-peso payment would mean millions of rows.
    weeks_left = max(0, (lease_ends_by - first).days // 7 + 1)
    if count > weeks_left:
        raise CollectionsError(
            f"parameter: the new schedule needs {count} weekly installments from {first}, but the lease must end by "
            f"{lease_ends_by} ({weeks_left} weeks)", key="collections.error.term_too_long",
            end=lease_ends_by.isoformat(), weeks=weeks_left)
    if kind is RestructuringKind.REDUCE_PAYMENT:
        full, last = divmod(balance_centavos, parameter)
        amounts = [parameter] * full + ([last] if last else [])
    else:
        amounts = split_evenly(balance_centavos, count)
    return [(first + timedelta(weeks=i), amount) for i, amount in enumerate(amounts)]
