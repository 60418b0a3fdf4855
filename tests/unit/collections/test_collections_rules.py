"""Pure collections rules at their edges: buckets, ladder stages, contact hours and caps,
promises, priority, restructuring arithmetic, message wording."""
from datetime import date, datetime, time, timedelta, timezone
from functools import partial

import numpy as np
import pytest

from lafa_core.collections import (
    BlockReason, CollectionsConfig, CollectionsError, ContactFacts, ContactNotAllowed, InvalidCollectionsConfig,
    DEFAULT_CONFIG, MessageValues, account_block, check_contact, priority_centavos,
    render_message, stage_for,
)
from lafa_core.collections import restructured_schedule as schedule
from lafa_core.collections.messages import TEMPLATES
from lafa_core.collections.rules import STAGE_CODES, stages_for
from lafa_core.config import LOCAL_TZ

CONFIG = CollectionsConfig(max_contacts_per_day=2, max_contacts_per_week=4)
TUESDAY = date(2026, 3, 10)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


@pytest.mark.parametrize("dpd, stage", [
    (-2, "friendly_reminder"), (-1, "friendly_reminder"), (0, "due_today"), (2, "due_today"),
    (3, "past_due_notice"), (6, "past_due_notice"), (7, "second_notice"), (13, "second_notice"),
    (14, "legal_escalation"), (90, "legal_escalation"),
])
def test_stage_follows_the_strategy_ladder(dpd, stage):
    assert stage_for(dpd) == stage


def test_no_stage_before_the_first_ladder_step():
    with pytest.raises(CollectionsError, match="before the first ladder step"):
        stage_for(-3)


@pytest.mark.parametrize("hour, minute, allowed", [(7, 59, False), (8, 0, True), (20, 59, True), (21, 0, False)])
def test_contact_hours_edges(hour, minute, allowed):
    now = at(TUESDAY, hour, minute)
    if allowed:
        check_contact(now, ContactFacts(), CONFIG)
        return
    with pytest.raises(ContactNotAllowed) as blocked:
        check_contact(now, ContactFacts(), CONFIG)
    assert blocked.value.reason is BlockReason.OUTSIDE_HOURS
    expected_day = TUESDAY if hour < 8 else TUESDAY + timedelta(days=1)
    assert blocked.value.workable_from == at(expected_day, 8)


def test_contact_hours_are_configurable_only_within_the_legal_window():
    assert CollectionsConfig(contact_start=time(7), contact_end=time(22)).contact_end == time(22)
    for start, end in [(time(6, 59), time(21)), (time(8), time(22, 1)), (time(12), time(12))]:
        with pytest.raises(InvalidCollectionsConfig, match="must lie within 07:00-22:00"):
            CollectionsConfig(contact_start=start, contact_end=end)
    with pytest.raises(InvalidCollectionsConfig, match="max_contacts_per_day"):
        CollectionsConfig(max_contacts_per_day=0)


def test_daily_cap_allows_the_cap_th_contact_and_blocks_the_next_until_tomorrow():
    now = at(TUESDAY, 11)
    check_contact(now, ContactFacts(contacts_today=1, contacts_this_week=1), CONFIG)  # the 2nd contact
    with pytest.raises(ContactNotAllowed) as blocked:  # the 3rd
        check_contact(now, ContactFacts(contacts_today=2, contacts_this_week=2), CONFIG)
    assert (blocked.value.reason, blocked.value.workable_from) == (BlockReason.DAILY_CAP, at(TUESDAY + timedelta(days=1), 8))


def test_weekly_cap_blocks_until_next_monday_opening():
    now = at(TUESDAY, 11)
    check_contact(now, ContactFacts(contacts_today=0, contacts_this_week=3), CONFIG)  # the 4th this week
    reason, until = account_block(now, ContactFacts(contacts_today=0, contacts_this_week=4), CONFIG)
    assert reason is BlockReason.WEEKLY_CAP
    assert until == at(date(2026, 3, 16), 8) and until.weekday() == 0


def test_opted_out_and_do_not_contact_are_never_workable():
    now = at(TUESDAY, 11)
    assert account_block(now, ContactFacts(opted_out=True), CONFIG) == (BlockReason.OPTED_OUT, None)
    assert account_block(now, ContactFacts(do_not_contact=True, opted_out=True), CONFIG) == (BlockReason.DO_NOT_CONTACT, None)


def test_promise_window_blocks_through_the_promised_day():
    now = at(TUESDAY, 11)
    reason, until = account_block(now, ContactFacts(promise_due_on=TUESDAY + timedelta(days=3)), CONFIG)
    assert (reason, until) == (BlockReason.PROMISE_WINDOW, at(TUESDAY + timedelta(days=4), 8))
    assert account_block(now, ContactFacts(promise_due_on=TUESDAY), CONFIG)[0] is BlockReason.PROMISE_WINDOW
    assert account_block(now, ContactFacts(promise_due_on=TUESDAY - timedelta(days=1)), CONFIG) == (None, now)
    graceful = CollectionsConfig(promise_grace_days=2)
    assert account_block(now, ContactFacts(promise_due_on=TUESDAY - timedelta(days=1)), graceful)[1] == at(TUESDAY + timedelta(days=2), 8)


def test_the_latest_block_wins():
    now = at(TUESDAY, 11)
    facts = ContactFacts(contacts_today=2, contacts_this_week=2, promise_due_on=TUESDAY + timedelta(days=5))
    assert account_block(now, facts, CONFIG) == (BlockReason.PROMISE_WINDOW, at(TUESDAY + timedelta(days=6), 8))


def test_priority_is_roll_probability_times_exposure_weighted_by_stage_and_broken_promises():
    base = priority_centavos(0.5, 1_000_000, "past_due_notice", 0, CONFIG)
    assert base == 500_000
    assert priority_centavos(0.5, 1_000_000, "past_due_notice", 2, CONFIG) == 750_000
    assert priority_centavos(0.5, 1_000_000, "legal_escalation", 0, CONFIG) == 750_000
    assert priority_centavos(0.5, 1_000_000, "friendly_reminder", 0, CONFIG) < base
    many = priority_centavos(np.array([0.5, 0.2]), np.array([1_000_000, 10]), ["past_due_notice", "due_today"],
                             np.array([0, 0]), CONFIG)
    assert many.tolist() == [500_000, 2]


@pytest.mark.parametrize("balance, remaining", [(1_234_567, 7), (300_000, 1), (10_000_001, 13)])
def test_restructured_schedules_add_up_to_the_balance(balance, remaining):
    first = date(2026, 3, 16)
    restructured_schedule = partial(schedule, lease_ends_by=date(2030, 1, 1), max_grace_weeks=8)
    extended = restructured_schedule(balance, remaining, first, "extend_term", 5)
    assert len(extended) == remaining + 5 and sum(a for _, a in extended) == balance
    assert max(a for _, a in extended) - min(a for _, a in extended) <= 1
    assert [d for d, _ in extended] == [first + timedelta(weeks=i) for i in range(remaining + 5)]
    smaller = -(-balance // remaining) - 1
    reduced = restructured_schedule(balance, remaining, first, "reduce_payment", smaller)
    assert sum(a for _, a in reduced) == balance
    assert all(a == smaller for _, a in reduced[:-1]) and 0 < reduced[-1][1] <= smaller
    grace = restructured_schedule(balance, remaining, first, "grace_period", 3)
    assert grace[0][0] == first + timedelta(weeks=3) and len(grace) == remaining
    assert sum(a for _, a in grace) == balance


def test_restructuring_refuses_bad_parameters():
    restructured_schedule = partial(schedule, lease_ends_by=date(2030, 1, 1), max_grace_weeks=8)
    with pytest.raises(CollectionsError, match="below the current"):
        restructured_schedule(600_000, 2, TUESDAY, "reduce_payment", 300_000)
    with pytest.raises(CollectionsError, match="parameter"):
        restructured_schedule(600_000, 2, TUESDAY, "extend_term", 0)
    with pytest.raises(CollectionsError, match="nothing is owed"):
        restructured_schedule(0, 2, TUESDAY, "grace_period", 1)
    with pytest.raises(ValueError):
        restructured_schedule(600_000, 2, TUESDAY, "forgive_everything", 1)


@pytest.mark.parametrize("stage", STAGE_CODES)
def test_each_stage_message_names_company_contract_amount_and_calculation_date(stage):
    text = render_message(stage, MessageValues("María López", "LTO-0042", 612_345, date(2026, 3, 10), date(2026, 3, 12)))
    assert text.startswith("Hola María,")
    for part in ("LAFA", "LTO-0042", "$6,123.45", "calculado al 10 mar 2026", "BAJA"):
        assert part in text
    lowered = text.lower()
    for threat in ("demanda", "cárcel", "embargo", "policía", "vecinos", "familia", "último aviso", "consecuencias"):
        assert threat not in lowered


def test_messages_go_only_to_people_who_owe_the_debt():
    values = MessageValues("María López", "LTO-0042", 100, date(2026, 3, 10), recipient="guarantor")
    assert "LTO-0042" in render_message("due_today", values)
    with pytest.raises(CollectionsError, match="recipient"):
        render_message("due_today", MessageValues("María", "LTO-0042", 100, date(2026, 3, 10), recipient="neighbour"))
    assert set(TEMPLATES) == set(STAGE_CODES)


LEASE_ENDS = date(2026, 12, 28)  # 42 weekly due dates from TUESDAY's week fit before it


@pytest.mark.parametrize("kind, parameter, fits", [
    ("extend_term", 32, True),  # 10 left + 32 = 42 installments: the last due exactly on the end date
    ("extend_term", 33, False),
    ("grace_period", 8, True),  # the configured maximum
    ("grace_period", 9, False),
    ("reduce_payment", 100, False),  # 1 peso a week would take 30,000 weeks: refused before any row is built
    ("reduce_payment", 300_000 * 10 // 42 + 1, True),
])
def test_restructuring_stays_inside_the_lease_term_and_the_grace_limit(kind, parameter, fits):
    def build():
        return schedule(300_000 * 10, 10, date(2026, 3, 16), kind, parameter, lease_ends_by=LEASE_ENDS, max_grace_weeks=8)
    if fits:
        plan = build()
        assert plan[-1][0] <= LEASE_ENDS and sum(a for _, a in plan) == 3_000_000
    else:
        with pytest.raises(CollectionsError, match="grace period of at most 8|must end by"):
            build()


def test_ladder_stage_is_one_rule_for_arrays_and_scalars():
    days = np.arange(-2, 40)
    assert list(stages_for(days)) == [stage_for(int(d)) for d in days]


def test_days_past_due_read_as_an_agent_reads_them():
    from lafa_core.collections.presentation import days_past_due_text

    assert [days_past_due_text(d, "es") for d in (12, 0, -2)] == ["12", "vence hoy", "vence en 2 d."]
    assert days_past_due_text(-1, "en") == "due in 1 d."


def _local(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 10, hour, minute, tzinfo=LOCAL_TZ)


def test_a_call_time_is_accepted_from_the_claim_to_now_within_contact_hours():
    from lafa_core.collections.rules import check_call_time

    # Claimed at 20:58, saved at 21:00 (after hours): the call at 20:59 is recorded as it happened.
    assert check_call_time(_local(20, 59), _local(21), _local(20, 58), DEFAULT_CONFIG) == _local(20, 59)
    assert check_call_time(_local(20, 58), _local(21), _local(20, 58), DEFAULT_CONFIG) == _local(20, 58)
    utc = _local(10).astimezone(timezone.utc)  # any time zone: read in Mexico City
    assert check_call_time(utc, _local(10), None, DEFAULT_CONFIG).tzinfo == LOCAL_TZ


@pytest.mark.parametrize("moment, key", [
    (_local(10, 1), "collections.error.call_time_future"),
    (_local(9, 39), "collections.error.call_time_before_claim"),
    (datetime(2026, 3, 10, 9, 50), "input.naive_datetime"),
])
def test_a_call_time_in_the_future_before_the_claim_or_without_a_zone_is_refused_naming_the_field(moment, key):
    from lafa_core.collections.rules import check_call_time
    from lafa_core.errors import LocalizedError

    with pytest.raises(LocalizedError, match="contacted_at") as refused:
        check_call_time(moment, _local(10), _local(9, 40), DEFAULT_CONFIG)
    assert refused.value.key == key


def test_a_call_time_outside_contact_hours_is_refused_with_the_hours():
    from lafa_core.bounds import InvalidInput
    from lafa_core.collections.rules import check_call_time
    from lafa_core.errors import error_text

    with pytest.raises(InvalidInput) as refused:
        check_call_time(_local(21), _local(21, 5), _local(20, 50), DEFAULT_CONFIG)
    assert refused.value.field == "contacted_at"
    assert error_text(refused.value, "es") == "Hora de la llamada: debe estar dentro del horario de contacto (08:00–21:00)."
    assert error_text(refused.value, "en") == "Call time: it must be within contact hours (08:00–21:00)."


def test_caps_reached_name_the_daily_and_the_weekly_cap_whatever_else_blocks():
    from lafa_core.collections.rules import caps_reached

    assert caps_reached(ContactFacts(contacts_today=1, contacts_this_week=1), DEFAULT_CONFIG) == ()
    assert caps_reached(ContactFacts(contacts_today=2, contacts_this_week=2), DEFAULT_CONFIG) == (BlockReason.DAILY_CAP,)
    both = ContactFacts(contacts_today=2, contacts_this_week=5, promise_due_on=date(2026, 3, 20))
    assert caps_reached(both, DEFAULT_CONFIG) == (BlockReason.DAILY_CAP, BlockReason.WEEKLY_CAP)


def test_cap_notice_names_the_caps_and_when_the_account_is_workable_again():
    from lafa_core.collections.presentation import cap_notice

    monday = datetime(2026, 3, 16, 8, tzinfo=LOCAL_TZ)
    assert cap_notice((), monday, "es") is None
    assert cap_notice((BlockReason.DAILY_CAP, BlockReason.WEEKLY_CAP), monday, "es") == (
        "La cuenta llegó a su límite diario de 2 contactos y límite semanal de 5 contactos (de lunes a domingo): "
        "no admite otro contacto hasta el 16 mar 2026 08:00.")
    assert cap_notice((BlockReason.DAILY_CAP,), monday, "en") == (
        "The account has reached its daily cap of 2 contacts: no further contact until 16 Mar 2026 08:00.")


def test_the_schedule_reads_overdue_then_the_next_four_then_recent_payments():
    import pandas as pd

    from lafa_core.collections.presentation import schedule_columns

    today = date(2026, 3, 10)
    rows = [(seq, today + timedelta(weeks=seq - 20), 300_000, 300_000 if seq < 18 else 0,
             today + timedelta(weeks=seq - 20) if seq < 18 else None) for seq in range(1, 30)]
    rows[17] = (18, rows[17][1], 300_000, 100_000, None)  # a part-paid overdue installment
    frame = pd.DataFrame(rows, columns=["seq", "due_on", "amount_centavos", "paid_centavos", "paid_on"])
    es = pd.DataFrame(schedule_columns(frame, today, "es"))
    assert list(es.columns) == ["Pago n.º", "Estado", "Vence", "Monto", "Pagado", "Liquidado el"]
    # 18 and 19 are overdue, 20 (due today) to 23 the next four (24 onwards is not shown), then 17 back to 8
    # (due in the last 12 weeks) paid, newest first.
    assert es["Pago n.º"].tolist() == [18, 19, 20, 21, 22, 23] + list(range(17, 7, -1))
    assert es["Estado"].tolist()[:7] == ["Vencido"] * 2 + ["Por vencer"] * 4 + ["Pagado"]
    assert es.iloc[0][["Vence", "Pagado", "Liquidado el"]].tolist() == ["24 feb 2026", "$1,000.00", "—"]
    assert es.iloc[1][["Pagado", "Liquidado el"]].tolist() == ["—", "—"]
    assert es.iloc[6][["Vence", "Liquidado el"]].tolist() == ["17 feb 2026", "17 feb 2026"]
    en = pd.DataFrame(schedule_columns(frame, today, "en"))
    assert list(en.columns)[:3] == ["Payment no.", "State", "Due on"] and en["State"].iloc[2] == "Upcoming"
    assert en.iloc[0]["Due on"] == "24 Feb 2026"


def test_an_account_not_yet_due_reads_as_what_falls_due_next_not_as_zero_owed():
    from lafa_core.collections.presentation import owed_text

    today = date(2026, 3, 10)
    assert owed_text(1_800_000, 1_800_000, 40, today, "es") == "$18,000.00"
    assert owed_text(0, 300_000, -1, today, "es") == "nada vencido; $3,000.00 vence el 11 mar 2026"
    assert owed_text(0, 300_000, 0, today, "en") == "nothing overdue; $3,000.00 due on 10 Mar 2026"
