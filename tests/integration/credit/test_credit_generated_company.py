"""Credit on the synthetic company: the training table it yields, the queue it leaves, and
(slow) a model trained on its matured leases that beats chance out of time. The company ends
last Sunday, so these units of work keep the real wall clock."""
import pytest

from credit_support import install_model, models_dir, trained_model_files  # noqa: F401
from lafa_core import credit
from lafa_core.generate import build_company
from lafa_core.uow import UnitOfWork
from lafa_core.identity import Actor


def LEAD(engine):  # noqa: N802 - reads as the role it stands for
    """A unit of work as a credit lead, who may publish a model."""
    return UnitOfWork(engine, actor=Actor("lidia", "credit_lead"))



def test_small_company_scores_its_queue_and_explains_why_it_cannot_train(sqlite_engine, models_dir,
                                                                        trained_model_files):
    build_company(sqlite_engine, vehicles=60, weeks=26, seed=5)
    with pytest.raises(credit.TrainingDataError):
        credit.train_from_database(LEAD(sqlite_engine), models_dir=models_dir)
    assert credit.list_models(models_dir) == []
    model = install_model(trained_model_files, models_dir)
    queue = credit.pending_queue(UnitOfWork(sqlite_engine), model)
    assert len(queue) >= 15  # the generator leaves at least fifteen pending applications
    assessment = credit.assess_application(UnitOfWork(sqlite_engine), model, int(queue.loc[0, "id"]))
    assert assessment.score == queue.loc[0, "score"]
    assert abs(assessment.base_value + sum(assessment.contributions.values()) - assessment.log_odds) < 1e-9


@pytest.mark.slow
def test_model_trained_on_a_grown_company_beats_chance_out_of_time(sqlite_engine, models_dir):
    build_company(sqlite_engine, vehicles=2000, weeks=104, seed=7)
    metadata = credit.train_from_database(LEAD(sqlite_engine), models_dir=models_dir, random_state=0)
    assert metadata["source"]["kind"] == "database"
    assert metadata["rows"]["total"] > 300
    assert metadata["metrics"]["champion"]["roc_auc"] > 0.6
    assert 0.02 < metadata["bad_rate"] < 0.3
    model = credit.load_current_model(UnitOfWork(sqlite_engine), models_dir)
    assert model.version == metadata["version"]
    assert not credit.pending_queue(UnitOfWork(sqlite_engine), model).empty
