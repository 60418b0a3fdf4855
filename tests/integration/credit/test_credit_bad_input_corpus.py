"""Credit decisions, what-ifs and training fed the same bad values as every other service: stored
exactly as given or refused naming the field, and a refused decision writes nothing. Both engines."""
import pytest
from sqlalchemy import func
from sqlmodel import select
from sqlmodel import Session

from credit_support import insert_applications, synthetic_applications, train_model, work
from lafa_core import credit
from lafa_core.credit.policy import BAND_DECISION
from tests.factories import unit_of_work
from lafa_core.errors import LocalizedError
from lafa_core.tables import CreditDecision
from tests.conftest import module_engine
from tests.integration.test_bad_input_corpus import CORPUS

APPLICATIONS = 2 * len(CORPUS) + 2


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    directory = tmp_path_factory.mktemp("corpus_model")
    train_model(directory, directory, n=1200, seed=1)
    return credit.load_model(models_dir=directory)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def applications(request, tmp_path_factory):
    for engine in module_engine(request.param, tmp_path_factory):
        with unit_of_work(engine) as session:
            insert_applications(session, synthetic_applications(APPLICATIONS, seed=5))
        yield engine


def _decisions(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(CreditDecision))


def _decide(engine, model, application_id: int, **kwargs):
    before = _decisions(engine)
    try:
        return credit.decide(work(engine, "ana"), model, application_id, **kwargs)
    except (LocalizedError, ValueError) as error:
        assert _decisions(engine) == before, "a refused decision wrote a row"
        return error


@pytest.mark.parametrize("index, name", list(enumerate(CORPUS)))
def test_decision_code(applications, model, index, name):
    outcome = _decide(applications, model, index + 1, decision=CORPUS[name], reason="revisado")
    assert isinstance(outcome, Exception) and "decision" in str(outcome)


@pytest.mark.parametrize("index, name", list(enumerate(CORPUS)))
def test_override_reason(applications, model, index, name):
    application_id = len(CORPUS) + index + 1
    value = CORPUS[name]
    band = credit.assess_application(work(applications), model, application_id).band
    outcome = _decide(applications, model, application_id, decision=BAND_DECISION[band].value, reason=value)
    if isinstance(outcome, Exception):
        assert "reason" in str(outcome), outcome
    else:  # stored exactly as given
        with Session(applications) as session:
            stored = session.exec(select(CreditDecision).where(CreditDecision.application_id == application_id)).one()
        assert stored.override_reason == ("" if value is None else value)
        assert isinstance(value, str) or value is None


@pytest.mark.parametrize("name", CORPUS)
def test_what_if_values(applications, model, name):
    value = CORPUS[name]
    try:
        credit.assess_application(work(applications), model, 1, {"requested_term_weeks": value})
    except (LocalizedError, ValueError) as error:
        assert "requested_term_weeks" in str(error)
    else:
        assert isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 520


@pytest.mark.parametrize("name", ["empty", "sql", "nul", "right-to-left", "100k characters"])
def test_training_target_column(tmp_path, name):
    from credit_support import write_training_csv

    path = tmp_path / "history.csv"
    write_training_csv(path, n=300)
    with pytest.raises(credit.TrainingDataError):
        credit.train_from_csv(path, CORPUS[name], models_dir=tmp_path / "models")
    assert not (tmp_path / "models").exists() or not list((tmp_path / "models").iterdir())
