"""The credit services' units of work, on a temporary SQLite file (no server): one transaction per
use case, at most one commit, the actor and the clock from the unit of work, refused input that
writes nothing, and a second decision that names who decided first."""
import json
from datetime import datetime

import pytest
from sqlmodel import Session, select

from credit_support import (NOW, insert_applications, install_model, models_dir,  # noqa: F401
                            synthetic_applications, trained_model_files)
from lafa_core import bounds, credit
from lafa_core.clock import FixedClock
from lafa_core.config import LOCAL_TZ
from lafa_core.credit.service import WHAT_IF_BOUNDS, what_if_changes
from tests.factories import unit_of_work
from lafa_core.tables import CreditApplication, CreditDecision
from lafa_core.identity import Actor
from lafa_core.uow import UnitOfWork


class CountingUnitOfWork(UnitOfWork):
    """A unit of work that counts how often it is opened."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.opened = 0

    def __enter__(self):
        self.opened += 1
        return super().__enter__()


def work(engine, actor="Ana") -> CountingUnitOfWork:
    """As a credit analyst named `actor` (None: nobody)."""
    return CountingUnitOfWork(engine, actor=None if actor is None else Actor(actor, "credit_analyst"),
                              clock=FixedClock(NOW))


@pytest.fixture
def pending(sqlite_engine, models_dir, trained_model_files):
    """Three pending applications and a trained model."""
    with unit_of_work(sqlite_engine) as session:
        insert_applications(session, synthetic_applications(3, seed=21))
    return sqlite_engine, install_model(trained_model_files, models_dir)


def _recommended(engine, model, application_id: int) -> str:
    assessment = credit.assess_application(work(engine), model, application_id)
    return credit.policy.BAND_DECISION[assessment.band].value


def _decisions(engine) -> list[CreditDecision]:
    with Session(engine) as session:
        return session.exec(select(CreditDecision)).all()


def _status(engine, application_id: int) -> str:
    with Session(engine) as session:
        return session.get(CreditApplication, application_id).status


def test_decide_writes_one_decision_as_the_actor_at_the_clocks_time_in_one_transaction(pending):
    engine, model = pending
    decision = _recommended(engine, model, 1)
    uow = work(engine, "  Ana López ")
    record = credit.decide(uow, model, 1, decision=decision)
    assert (uow.opened, uow.commits) == (1, 1)
    [stored] = _decisions(engine)
    assert (stored.id, stored.application_id, stored.analyst, stored.decision) == (record.id, 1, "Ana López", decision)
    assert stored.decided_at == NOW and stored.model_version == model.version
    with Session(engine) as session:
        application = session.get(CreditApplication, 1)
    assert (application.status, application.decided_at) == (decision, NOW)


def test_a_name_of_sixty_characters_and_a_reason_of_a_thousand_are_stored_whole(pending):
    engine, model = pending
    name, reason = "A" * 60, "motivo " * 142 + "fin..."
    assert len(reason) == 1000
    record = credit.decide(work(engine, name), model, 2, decision="declined", reason=reason)
    [stored] = _decisions(engine)
    assert (stored.analyst, stored.override_reason) == (name, reason) == (record.analyst, record.override_reason)


@pytest.mark.parametrize("actor, decision, reason, field", [
    ("Ana", "maybe", "", "decision"),
    ("Ana", "declined", "ingresos\x00falsos", "reason"),
    ("Ana", "declined", "x" * 1001, "reason"),
    ("A" * 61, "declined", "", "actor"),
    (None, "declined", "", "actor"),
    ("   ", "declined", "", "actor"),
    ("Ana\x00", "declined", "", "actor"),
])
def test_refused_decision_names_the_field_and_writes_nothing(pending, actor, decision, reason, field):
    engine, model = pending
    uow = work(engine, actor)
    with pytest.raises(bounds.InvalidInput) as refused:
        credit.decide(uow, model, 1, decision=decision, reason=reason)
    assert refused.value.field == field
    assert (uow.opened, uow.commits) == (0, 0)  # refused before anything was read
    assert _decisions(engine) == [] and _status(engine, 1) == "pending"


def test_contradicting_the_band_without_a_reason_writes_nothing(pending):
    engine, model = pending
    recommended = _recommended(engine, model, 1)
    other = "declined" if recommended != "declined" else "approved"
    uow = work(engine)
    with pytest.raises(credit.ReasonRequired) as refused:
        credit.decide(uow, model, 1, decision=other, reason="   ")
    assert refused.value.field == "reason"
    assert (uow.opened, uow.commits) == (1, 0)
    assert _decisions(engine) == [] and _status(engine, 1) == "pending"


def test_second_decision_raises_already_decided_naming_the_first_analyst(pending):
    engine, model = pending
    credit.decide(work(engine, "Ana"), model, 3, decision="declined", reason="sin comprobantes")
    uow = work(engine, "Beto")
    with pytest.raises(credit.AlreadyDecided) as refused:
        credit.decide(uow, model, 3, decision="approved", reason="aval presentado")
    assert (refused.value.analyst, refused.value.status, refused.value.decided_at) == ("Ana", "declined", NOW)
    assert uow.commits == 0
    assert [(d.analyst, d.decision) for d in _decisions(engine)] == [("Ana", "declined")]
    assert _status(engine, 3) == "declined"


def test_the_unique_decision_catches_what_the_conditional_update_missed(pending):
    """A decision row already there while the application still reads pending (a colleague's
    transaction between our update and insert): rolled back, and the colleague named."""
    engine, model = pending
    with unit_of_work(engine) as session:
        session.add(CreditDecision(application_id=2, decided_at=datetime(2026, 7, 6, 9, tzinfo=LOCAL_TZ),
                                   analyst="Carla", decision="declined", model_version=model.version, score=500,
                                   probability_of_default=0.2, band="red"))
    uow = work(engine, "Beto")
    with pytest.raises(credit.AlreadyDecided) as refused:
        credit.decide(uow, model, 2, decision="declined", reason="duplicado")
    assert refused.value.analyst == "Carla"
    assert (uow.opened, uow.commits) == (1, 0)
    assert _status(engine, 2) == "pending"  # our conditional update was rolled back
    assert [d.analyst for d in _decisions(engine)] == ["Carla"]


def test_deciding_an_unknown_application_writes_nothing(pending):
    engine, model = pending
    with pytest.raises(credit.ApplicationNotFound):
        credit.decide(work(engine), model, 99, decision="declined", reason="no existe")
    assert _decisions(engine) == []


def test_read_only_services_open_their_unit_of_work_once_and_never_commit(pending):
    engine, model = pending
    calls = [
        lambda uow: credit.pending_queue(uow, model),
        lambda uow: credit.assess_application(uow, model, 1, {"requested_term_weeks": 104}),
        lambda uow: credit.similar_applicants(uow, model, 1),
        lambda uow: credit.monitoring(uow, model),
        lambda uow: credit.recent_decisions(uow),
    ]
    for call in calls:
        uow = work(engine, actor=None)
        call(uow)
        assert (uow.opened, uow.commits) == (1, 0)
    uow = work(engine, actor=None)
    with pytest.raises(credit.TrainingDataError):
        credit.training_frame(uow)  # no matured lease in this database
    assert (uow.opened, uow.commits) == (1, 0)


def test_monitoring_bins_recent_scores_the_way_the_psi_does(pending):
    engine, model = pending
    watch = credit.monitoring(work(engine), model)
    assert watch["recent_score_shares"] == credit.metrics.score_shares(watch["recent_scores"])
    assert len(watch["score_bin_centres"]) == len(watch["recent_score_shares"]) == 20
    assert sum(watch["recent_score_shares"]) == pytest.approx(1)


@pytest.mark.parametrize("name, value", [
    ("platform_weekly_earnings_centavos", 10_000_000 * 100 + 1), ("declared_monthly_income_centavos", -1),
    ("requested_deposit_centavos", 2.5), ("requested_term_weeks", 0), ("requested_term_weeks", 521),
    ("requested_term_weeks", "doce"), ("requested_term_weeks", None), ("requested_term_weeks", True),
    ("bureau_score", 900),
])
def test_what_if_values_outside_their_bounds_are_refused_naming_the_field(name, value):
    with pytest.raises(bounds.InvalidInput) as refused:
        what_if_changes({name: value})
    assert refused.value.field == name


def test_what_if_accepts_the_edges_of_its_bounds():
    edges = {name: maximum for name, (_, maximum) in WHAT_IF_BOUNDS.items()}
    assert what_if_changes(edges) == edges
    assert what_if_changes({"requested_term_weeks": 1.0, "requested_deposit_centavos": "0"}) == {
        "requested_term_weeks": 1, "requested_deposit_centavos": 0}


@pytest.mark.parametrize("role", ["executive", "finance", "collections_supervisor", "admin", None])
def test_only_credit_roles_decide(pending, role):
    engine, model = pending
    uow = CountingUnitOfWork(engine, actor=Actor("mirón", role), clock=FixedClock(NOW))
    with pytest.raises(PermissionError):
        credit.decide(uow, model, 1, decision="approved", reason="por prueba")
    with Session(engine) as session:
        assert session.exec(select(CreditDecision)).all() == []


def test_a_decision_and_a_published_model_leave_audit_records(pending, models_dir):
    from lafa_core.tables import AuditLog

    engine, model = pending
    credit.decide(work(engine), model, 1, decision=_recommended(engine, model, 1))
    with Session(engine) as session:
        record = session.exec(select(AuditLog).where(AuditLog.action == "credit.decided")).one()
    assert (record.actor, record.entity, record.entity_id) == ("Ana", "credit_application", "1")
    assert json.loads(record.details)["model_version"] == model.version
    credit.publish(CountingUnitOfWork(engine, actor=Actor("lidia", "credit_lead"), clock=FixedClock(NOW)),
                   model.version)
    with Session(engine) as session:
        published = session.exec(select(AuditLog).where(AuditLog.action == "credit.model_published")).one()
    assert (published.actor, published.entity_id) == ("lidia", model.version)
