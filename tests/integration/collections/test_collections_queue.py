"""The queue, claims, contacts, promises, restructuring and reports on a real database (both engines)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlmodel import Session

from lafa_core import collections as col
from lafa_core.collections import BlockReason, CollectionsConfig, CollectionsError, ContactNotAllowed
from lafa_core.tables import AuditLog, CollectionContact, Installment
from tests.collections_support import NOW, TODAY, WEEKLY, at, build_book, data_through, pay, prior_model
from tests import factories
from tests.collections_support import uow

MODEL = prior_model()


def _publish(engine, now=NOW, config=col.DEFAULT_CONFIG):
    return col.refresh_queue(uow(engine, None, now), model=MODEL, config=config)


def test_queue_holds_overdue_and_soon_due_accounts_with_their_figures(engine):
    # Contracts 1..7: due in 3 days (out), due in 2 days, due today, 5, 20 and 70 days late, opted out at 10.
    ids = build_book(engine, [-3, -2, 0, 5, 20, 70, 10], opted_out={7}, dae_shortfalls={50: 40_000})
    queue = col.build_queue(uow(engine, None, NOW), model=MODEL).set_index("contract_id")
    assert 1 not in queue.index and set(ids[1:]) | {50} == set(queue.index)
    assert queue.loc[[2, 3, 4, 5, 6], "days_past_due"].tolist() == [-2, 0, 5, 20, 70]
    assert queue.loc[[2, 3, 4, 5, 6], "bucket"].tolist() == ["current", "current", "1-7", "15-30", "61+"]
    assert queue.loc[[2, 3, 4, 5, 6], "stage"].tolist() == ["friendly_reminder", "due_today", "past_due_notice",
                                                            "legal_escalation", "legal_escalation"]
    # 20 days late: the installments due 20, 13 and 6 days ago are overdue.
    assert queue.loc[5, "amount_overdue_centavos"] == 3 * WEEKLY
    assert queue.loc[6, "amount_overdue_centavos"] == 10 * WEEKLY
    assert queue.loc[3, "amount_overdue_centavos"] == 0 and queue.loc[3, "exposure_centavos"] == WEEKLY
    assert queue.loc[50, ["product", "amount_overdue_centavos", "days_past_due"]].tolist() == ["DaE", 40_000, 5]
    assert queue.loc[7, "blocked_reason"] == "opted_out" and queue.loc[7, "workable_from"] is None
    priorities = queue["priority_centavos"].tolist()
    assert priorities == sorted(priorities, reverse=True) and queue.index[0] == 6


def test_claims_are_exclusive_expire_and_can_be_released(engine):
    build_book(engine, [70, 20, 5])
    assert _publish(engine) == 3
    assert col.next_account(uow(engine, "ana", NOW)) == 1
    assert col.next_account(uow(engine, "ana", NOW)) == 1  # her live claim first
    assert col.next_account(uow(engine, "beto", NOW)) == 2
    assert col.release_account(uow(engine, "ana"), contract_id=2) is False  # not hers
    assert col.release_account(uow(engine, "beto"), contract_id=2) is True
    assert col.next_account(uow(engine, "carla", NOW)) == 2
    # Ana walks away: after the claim time anyone may take her account.
    later = NOW + timedelta(minutes=col.DEFAULT_CONFIG.claim_minutes)
    assert col.next_account(uow(engine, "dora", later)) == 1
    with pytest.raises(col.ClaimLost):
        col.log_contact(uow(engine, "ana", later), contract_id=1, outcome="no_answer")
    with pytest.raises(ContactNotAllowed) as closed:
        col.next_account(uow(engine, "ana", at(TODAY, 21)))
    assert closed.value.reason is BlockReason.OUTSIDE_HOURS


def test_a_promise_takes_the_account_out_of_the_queue_until_the_promised_date(engine):
    build_book(engine, [30, 10])
    _publish(engine)
    top = col.next_account(uow(engine, "ana", NOW))
    promised = TODAY + timedelta(days=3)
    contact_id = col.log_contact(uow(engine, "ana", NOW), contract_id=top, outcome="promise_to_pay", promise_amount_centavos=2 * WEEKLY, promise_due_on=promised)
    assert contact_id.id > 0 and contact_id.caps == ()
    view = col.queue_view(uow(engine, None, NOW))
    assert top not in view.workable["contract_id"].tolist()
    assert view.blocked.set_index("contract_id").loc[top, "blocked_reason"] == "promise_window"
    assert col.next_account(uow(engine, "beto", NOW)) == 2
    on_the_day = at(promised, 10)
    _publish(engine, now=on_the_day)
    assert col.next_account(uow(engine, "carla", on_the_day)) is None or \
        col.next_account(uow(engine, "carla", on_the_day)) != top
    after = at(promised + timedelta(days=1), 8)
    _publish(engine, now=after)
    queue = col.build_queue(uow(engine, None, after), model=MODEL).set_index("contract_id")
    assert queue.loc[top, "broken_promises"] == 1  # nothing was paid
    assert col.next_account(uow(engine, "dora", after)) == top


def test_contact_caps_and_flags_are_enforced_when_logging(engine):
    build_book(engine, [30, 20, 10], do_not_contact={3})
    config = CollectionsConfig(max_contacts_per_day=2, max_contacts_per_week=5)
    _publish(engine, config=config)
    for minute in (0, 5):
        now = NOW + timedelta(minutes=minute)
        assert col.next_account(uow(engine, "ana", now), config=config) == 1
        col.log_contact(uow(engine, "ana", now), contract_id=1, outcome="no_answer", config=config)
    later = NOW + timedelta(minutes=10)
    assert col.next_account(uow(engine, "ana", later), config=config) == 2  # 1 reached its daily cap
    item = col.queue_view(uow(engine, None, later)).blocked.set_index("contract_id")
    assert item.loc[1, "blocked_reason"] == "daily_cap" and item.loc[3, "blocked_reason"] == "do_not_contact"
    # Even a stale claim cannot log a third contact today: the rule is checked against the contacts table.
    with Session(engine) as session:
        session.execute(text("UPDATE collection_queue_item SET holder = 'ana', held_until = :until WHERE contract_id = 1"),
                        {"until": None})
        session.commit()
    with pytest.raises(col.ClaimLost):
        col.log_contact(uow(engine, "ana", later), contract_id=1, outcome="no_answer", config=config)


def test_outcome_form_errors_name_the_field_and_write_nothing(engine):
    build_book(engine, [30])
    _publish(engine)
    col.next_account(uow(engine, "ana", NOW))
    bad = [({"outcome": "shouted"}, "outcome"), ({"outcome": "promise_to_pay"}, "promise_amount"),
           ({"outcome": "promise_to_pay", "promise_amount_centavos": 100, "promise_due_on": TODAY - timedelta(days=1)}, "promise_due_on"),
           ({"outcome": "no_answer", "channel": "pigeon"}, "channel"),
           ({"outcome": "paid", "promise_amount_centavos": 100}, "promise_amount")]
    for kwargs, field in bad:
        with pytest.raises(ValueError, match=field):  # CollectionsError or bounds.InvalidInput
            col.log_contact(uow(engine, "ana", NOW), contract_id=1, **kwargs)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(CollectionContact)) == 0


def test_contacts_are_append_only(engine):
    build_book(engine, [30])
    _publish(engine)
    col.next_account(uow(engine, "ana", NOW))
    col.log_contact(uow(engine, "ana", NOW), contract_id=1, outcome="hardship", notes="perdió turnos")
    with pytest.raises(Exception, match="append-only"):
        with Session(engine) as session:
            session.execute(text("UPDATE collection_contact SET outcome = 'paid'"))
            session.commit()


def test_promises_are_marked_kept_or_broken_from_payments(engine):
    build_book(engine, [30, 30])
    _publish(engine)
    for agent in ("ana", "beto"):
        cid = col.next_account(uow(engine, agent, NOW))
        col.log_contact(uow(engine, agent, NOW), contract_id=cid, outcome="promise_to_pay", promise_amount_centavos=WEEKLY, promise_due_on=TODAY + timedelta(days=2))
    pay(engine, 1, WEEKLY, at(TODAY + timedelta(days=1), 13))  # 1 keeps its promise
    pay(engine, 2, WEEKLY - 1, at(TODAY + timedelta(days=2), 13))  # 2 falls one centavo short
    later = at(TODAY + timedelta(days=3), 9)
    data_through(engine, later.date())
    fates = {cid: col.account_context(uow(engine, None, later), contract_id=cid).promises["fate"].tolist() for cid in (1, 2)}
    assert fates == {1: ["kept"], 2: ["broken"]}
    queue = col.build_queue(uow(engine, None, later), model=MODEL).set_index("contract_id")
    assert queue.loc[[1, 2], "broken_promises"].tolist() == [0, 1]
    report = col.supervisor_report(uow(engine, None, later), weeks=2)
    assert report.promise_kept_rate == 0.5 and report.right_party_contact_rate == 1.0


def test_restructuring_needs_another_supervisor_and_rewrites_what_is_owed(engine):
    build_book(engine, [15])  # installments due 15, 8 and 1 days ago unpaid, and 11 more to come
    with Session(engine) as session:
        owed = session.scalar(select(func.sum(Installment.amount_centavos)).where(Installment.paid_on.is_(None)))
    offer = col.propose_restructuring(uow(engine, "ana", NOW), contract_id=1, kind="extend_term", parameter=6)
    with pytest.raises(CollectionsError, match="different supervisor"):
        col.decide_restructuring(uow(engine, "ana", NOW), offer_id=offer, approve=True)
    with Session(engine) as session:  # nothing changes before approval
        assert session.scalar(select(func.count()).select_from(Installment).where(Installment.paid_on.is_(None))) == 14
    summary = col.account_context(uow(engine, None, NOW), contract_id=1).offers.iloc[0]
    assert (summary["status"], summary["installments"], summary["installment_centavos"]) == ("pending", 20, 210_000)
    assert summary["first_due_on"] == TODAY + timedelta(days=6)
    assert col.decide_restructuring(uow(engine, "sofia", NOW), offer_id=offer, approve=True) == "approved"
    with Session(engine) as session:
        unpaid = session.execute(select(Installment.due_on, Installment.amount_centavos, Installment.seq)
                                 .where(Installment.paid_on.is_(None)).order_by(Installment.seq)).all()
        actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert len(unpaid) == 20 and sum(a for _, a, _ in unpaid) == owed
    # The old unpaid installments are gone; the new schedule continues the numbering and starts next week.
    assert [u.seq for u in unpaid] == list(range(11, 31)) and unpaid[0].due_on == TODAY + timedelta(days=6)
    assert actions == ["collections.restructuring_proposed", "collections.restructuring_approved"]
    with pytest.raises(CollectionsError, match="not pending"):
        col.decide_restructuring(uow(engine, "sofia", NOW), offer_id=offer, approve=False)


def test_outbound_list_excludes_opted_out_and_names_the_amount_and_date(engine):
    build_book(engine, [20, 5, 0], opted_out={2})
    _publish(engine)
    frame = col.outbound_messages(uow(engine, "ana", NOW, role="collections_agent"))
    assert frame["contract"].tolist() == ["LTO-0001", "LTO-0003"]
    assert "$9,000.00" in frame.loc[0, "message"] and "calculado al 10 mar 2026" in frame.loc[0, "message"]
    data = col.outbound_messages_csv(uow(engine, "ana", NOW, role="collections_agent"))
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel in Mexico opens it with accents intact
    csv = data.decode("utf-8-sig")
    assert csv.splitlines()[0] == "Teléfono,Nombre,Contrato,Etapa,Monto (MXN),Calculado al,Mensaje"
    assert ",9000.00,10/03/2026," in csv and "LTO-0002" not in csv
    assert "Escalamiento jurídico (día +14)" in csv and "legal_escalation" not in csv


def test_supervisor_report_counts_contacts_per_agent_and_average_dpd(engine):
    build_book(engine, [30, 20, 10, -1])
    _publish(engine)
    for agent, outcome in [("ana", "no_answer"), ("beto", "refused"), ("ana", "wrong_number")]:
        cid = col.next_account(uow(engine, agent, NOW))
        col.log_contact(uow(engine, agent, NOW), contract_id=cid, outcome=outcome)
    report = col.supervisor_report(uow(engine, None, NOW), weeks=3)
    assert report.average_dpd == 20.0 and report.average_dpd_target == 5
    assert report.right_party_contact_rate == pytest.approx(1 / 3)
    per_agent = report.contacts_per_agent.set_index("agent")
    assert per_agent.loc["ana", "contacts"] == 2 and per_agent.loc["ana", "contacts_per_day"] == 2.0
    assert list(report.roll_rates.columns) == ["week_ending", "1-7→8-14", "8-14→15-30", "15-30→31-60", "31-60→61+"]
    # The 10-days-late account was 3 days late a week ago (bucket 1-7) and is now in 8-14: it rolled.
    assert report.roll_rates.iloc[-1]["1-7→8-14"] == 1.0
    assert report.roll_counts.iloc[-1]["1-7→8-14"] == (1, 1)
    from lafa_core.collections.presentation import supervisor_tables

    rolls, _ = supervisor_tables(report, "es")
    assert rolls.iloc[-1]["1-7 días → 8-14 días"] == "100.0 % (1 de 1)"
    assert rolls.iloc[-1]["31-60 días → 61 o más días"] == "—"  # no account was 31-60 days late a week before


def test_a_dae_payroll_shortfall_is_worked_like_any_account(engine):
    build_book(engine, [], dae_shortfalls={9: 55_000})
    assert _publish(engine) == 1
    assert col.next_account(uow(engine, "ana", NOW)) == 9
    context = col.account_context(uow(engine, None, NOW), contract_id=9)
    assert context.header["product"] == "DaE" and context.installments.empty
    assert "DAE-0009" in context.message and "$550.00" in context.message
    with pytest.raises(CollectionsError, match="only a lease"):
        col.propose_restructuring(uow(engine, "ana", NOW), contract_id=9, kind="extend_term", parameter=2)
    col.log_contact(uow(engine, "ana", NOW), contract_id=9, outcome="paid", channel="whatsapp")
    view = col.queue_view(uow(engine, None, NOW))
    assert (view.total, view.workable_count, view.held) == (1, 1, 0)


def test_accounts_that_paid_leave_the_queue_on_refresh(engine):
    build_book(engine, [10, 5])
    _publish(engine)
    with Session(engine) as session:
        # Contract 2 pays its arrears and the installment due in two days.
        session.execute(text("UPDATE installment SET paid_centavos = amount_centavos, paid_on = :day "
                             "WHERE contract_id = 2 AND paid_on IS NULL AND due_on <= :soon"),
                        {"day": TODAY, "soon": TODAY + timedelta(days=2)})
        session.commit()
    assert _publish(engine, now=NOW + timedelta(minutes=1)) == 1
    assert col.queue_view(uow(engine, None, NOW + timedelta(minutes=1))).workable["contract_id"].tolist() == [1]


@pytest.mark.parametrize("role", ["executive", "finance", "credit_analyst", "fleet_ops", None])
def test_the_outbound_list_of_names_and_phones_needs_a_collections_role(engine, role):
    build_book(engine, [10])
    _publish(engine)
    with pytest.raises((PermissionError, ValueError)):
        col.outbound_messages_csv(uow(engine, "mirón" if role else None, NOW, role=role))


def test_an_agent_works_accounts_but_only_a_supervisor_decides_offers(engine):
    build_book(engine, [15])
    offer = col.propose_restructuring(uow(engine, "ana", NOW, role="collections_agent"), contract_id=1,
                                      kind="extend_term", parameter=4)
    with pytest.raises(PermissionError):
        col.decide_restructuring(uow(engine, "beto", NOW, role="collections_agent"), offer_id=offer, approve=True)
    with pytest.raises(PermissionError):
        col.next_account(uow(engine, "eva", NOW, role="executive"))
    assert col.decide_restructuring(uow(engine, "sofia", NOW), offer_id=offer, approve=True) == "approved"


def test_maker_checker_compares_user_ids_not_names(engine):
    build_book(engine, [15])
    offer = col.propose_restructuring(factories.uow(engine, "ana", NOW, role="collections_supervisor", user_id=7),
                                      contract_id=1, kind="extend_term", parameter=4)
    with pytest.raises(CollectionsError, match="different supervisor"):  # same user, another display of the name
        col.decide_restructuring(factories.uow(engine, "Ana.Lopez", NOW, role="collections_supervisor", user_id=7),
                                 offer_id=offer, approve=True)
    # Another user who happens to share a first name is a different person.
    assert col.decide_restructuring(factories.uow(engine, "ana", NOW, role="collections_supervisor", user_id=8),
                                    offer_id=offer, approve=False) == "rejected"


@pytest.mark.parametrize("role, sees_phone", [("collections_agent", True), ("collections_supervisor", True),
                                              ("executive", False), ("admin", False), (None, False)])
def test_the_debtors_phone_leaves_the_service_only_for_roles_that_need_it(engine, role, sees_phone):
    build_book(engine, [10])
    header = col.account_context(uow(engine, "alguien" if role else None, NOW, role=role), contract_id=1).header
    assert (header["phone"] == "+52 55 0000 0001") is sees_phone
    assert sees_phone or header["phone"] is None


def test_a_contact_records_when_the_call_happened_within_the_claim_after_hours_included(engine):
    build_book(engine, [30, 20])
    claimed_at = at(TODAY, 20, 58)
    _publish(engine, now=claimed_at)
    assert col.next_account(uow(engine, "ana", claimed_at)) == 1
    saved_at = at(TODAY, 21, 0)  # the agent saves after hours the call made at 20:59
    logged = col.log_contact(uow(engine, "ana", saved_at), contract_id=1, outcome="no_answer",
                             contacted_at=at(TODAY, 20, 59))
    with Session(engine) as session:
        contact = session.get(CollectionContact, logged.id)
        assert contact.contacted_at == at(TODAY, 20, 59)
        audited = session.scalar(select(AuditLog.details).where(AuditLog.action == "collections.contact_logged"))
    assert '"contacted_at": "2026-03-10T20:59:00-06:00"' in audited


@pytest.mark.parametrize("called, key", [
    (at(TODAY, 10, 26), "collections.error.call_time_future"),
    (at(TODAY, 10, 9), "collections.error.call_time_before_claim"),
])
def test_a_call_time_in_the_future_or_before_the_claim_is_refused_and_nothing_is_written(engine, called, key):
    build_book(engine, [30])
    claimed_at, saved_at = at(TODAY, 10, 10), at(TODAY, 10, 25)  # a claim lasts 20 minutes
    _publish(engine, now=claimed_at)
    assert col.next_account(uow(engine, "ana", claimed_at)) == 1
    with Session(engine) as session:
        before = session.scalar(select(func.count()).select_from(AuditLog))
    with pytest.raises(ValueError, match="contacted_at") as refused:
        col.log_contact(uow(engine, "ana", saved_at), contract_id=1, outcome="no_answer", contacted_at=called)
    assert refused.value.key == key
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(CollectionContact)) == 0
        assert session.scalar(select(func.count()).select_from(AuditLog)) == before
    # The claim is still held: the agent corrects the time and saves.
    assert col.log_contact(uow(engine, "ana", saved_at), contract_id=1, outcome="no_answer",
                           contacted_at=at(TODAY, 10, 20)).id > 0


def test_a_call_time_outside_contact_hours_is_refused(engine):
    build_book(engine, [30])
    claimed_at = at(TODAY, 20, 50)
    _publish(engine, now=claimed_at)
    assert col.next_account(uow(engine, "ana", claimed_at)) == 1
    with pytest.raises(ValueError, match="contacted_at") as refused:  # within the claim, but after 21:00
        col.log_contact(uow(engine, "ana", at(TODAY, 21, 5)), contract_id=1, outcome="no_answer",
                        contacted_at=at(TODAY, 21, 1))
    assert refused.value.key == "collections.error.call_time_hours"
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(CollectionContact)) == 0


def test_logging_the_contact_that_reaches_a_cap_says_which_and_until_when(engine):
    build_book(engine, [30, 20])
    config = CollectionsConfig(max_contacts_per_day=2, max_contacts_per_week=5)
    _publish(engine, config=config)
    results = []
    for minute in (0, 5):
        now = NOW + timedelta(minutes=minute)
        assert col.next_account(uow(engine, "ana", now), config=config) == 1
        results.append(col.log_contact(uow(engine, "ana", now), contract_id=1, outcome="no_answer", config=config))
    assert results[0].caps == () and results[0].blocked_reason is None
    assert results[1].caps == (BlockReason.DAILY_CAP,) and results[1].blocked_reason is BlockReason.DAILY_CAP
    assert results[1].workable_from == at(TODAY + timedelta(days=1), 8)
