"""The what-if moves the right way, over the whole pending queue: more deposit or more income never
lowers the score; the deposit and the term go through the lease's pricing; a what-if is exactly the
score of the application so edited."""
import numpy as np
import pandas as pd
import pytest

from credit_support import (add_fleet, insert_applications, install_model, models_dir,  # noqa: F401
                            synthetic_applications, work)
from lafa_core import credit
from lafa_core.credit import pricing, queries
from lafa_core.credit.service import edited_application
from lafa_core.tables import ApplicationStatus
from lafa_core.uow import UnitOfWork
from tests.factories import unit_of_work

PENDING = 40


@pytest.fixture(scope="module")
def monotone_model(tmp_path_factory):
    from credit_support import train_model

    directory = tmp_path_factory.mktemp("monotone_model")
    train_model(directory, directory, n=1500, seed=6)
    return directory


@pytest.fixture
def pending(sqlite_engine, models_dir, monotone_model):
    apps = synthetic_applications(PENDING, seed=33)
    apps["requested_deposit_centavos"] = apps["requested_weekly_rate_centavos"] * np.resize([2, 3, 4, 6], PENDING)
    with unit_of_work(sqlite_engine) as session:
        add_fleet(session)
        insert_applications(session, apps)
    model = install_model(monotone_model, models_dir)
    with UnitOfWork(sqlite_engine) as uow:
        rows = queries.applications(session=uow.session, status=ApplicationStatus.PENDING.value)
    return sqlite_engine, model, rows


def _scores(model, rows: pd.DataFrame, changes_of) -> np.ndarray:
    edited = pd.DataFrame([edited_application(app, changes_of(app)) for app in rows.to_dict("records")])
    return np.array([a.score for a in credit.assess_frame(model, edited, explain=False)])


@pytest.mark.parametrize("field, factors", [
    ("requested_deposit_centavos", [0.0, 0.5, 1.0, 2.0, 4.0, 8.0]),
    ("declared_monthly_income_centavos", [0.4, 0.7, 1.0, 1.5, 3.0]),
    ("platform_weekly_earnings_centavos", [0.5, 0.8, 1.0, 1.3, 2.0]),
])
def test_more_deposit_or_income_never_lowers_a_score_of_the_queue(pending, field, factors):
    _, model, rows = pending
    previous = None
    for factor in factors:
        scores = _scores(model, rows, lambda app: {field: int(app[field] * factor) // 100 * 100})
        if previous is not None:
            assert (scores >= previous).all(), (field, factor, np.flatnonzero(scores < previous))
        previous = scores
    assert len(set(previous)) > 1


def test_deposit_and_term_change_the_payment_and_so_the_score(pending):
    engine, model, rows = pending
    app = rows.iloc[0].to_dict()
    base = credit.assess_application(work(engine), model, int(app["id"]))
    bigger = credit.assess_application(work(engine), model, int(app["id"]),
                                       {"requested_deposit_centavos": app["requested_deposit_centavos"] * 4})
    longer = credit.assess_application(work(engine), model, int(app["id"]), {"requested_term_weeks": 312})
    assert bigger.application["requested_weekly_rate_centavos"] < app["requested_weekly_rate_centavos"]
    assert longer.application["requested_weekly_rate_centavos"] < app["requested_weekly_rate_centavos"]
    assert bigger.features["weekly_rate"] < base.features["weekly_rate"]
    assert bigger.features["earnings_to_weekly_rate"] > base.features["earnings_to_weekly_rate"]
    assert bigger.score >= base.score
    assert longer.features["requested_term_weeks"] == 312


def test_a_what_if_is_the_score_of_the_edited_application(pending):
    engine, model, rows = pending
    rng = np.random.default_rng(4)
    for app in rows.sample(8, random_state=2).to_dict("records"):
        changes = {"requested_deposit_centavos": int(rng.integers(0, 30_000)) * 100,
                   "requested_term_weeks": int(rng.choice([104, 156, 208, 260, 312])),
                   "declared_monthly_income_centavos": int(rng.integers(10_000, 80_000)) * 100,
                   "platform_weekly_earnings_centavos": int(rng.integers(3_000, 15_000)) * 100}
        what_if = credit.assess_application(work(engine), model, int(app["id"]), changes)
        edited = pd.DataFrame([{**app, **changes, "requested_weekly_rate_centavos": pricing.repriced(
            app, deposit_centavos=changes["requested_deposit_centavos"],
            term_weeks=changes["requested_term_weeks"])["requested_weekly_rate_centavos"]}])
        [direct] = credit.assess_frame(model, edited)
        assert (what_if.score, what_if.band, what_if.rules_fired) == (direct.score, direct.band, direct.rules_fired)
        assert what_if.probability_of_default == pytest.approx(direct.probability_of_default, abs=1e-12)
        assert what_if.contributions == pytest.approx(direct.contributions, abs=1e-12)


def test_cached_explanations_are_the_same_and_kept_per_model(pending):
    engine, model, rows = pending
    application_id = int(rows.iloc[3]["id"])
    first = credit.assess_application(work(engine), model, application_id, cache=True)
    again = credit.assess_application(work(engine), model, application_id, cache=True)
    fresh = credit.assess_application(work(engine), model, application_id)
    assert again is first and fresh is not first
    assert (fresh.score, fresh.contributions) == (first.score, pytest.approx(first.contributions))
    import pickle

    assert "_assessments" not in pickle.loads(pickle.dumps(model)).__dict__  # never saved with the model
