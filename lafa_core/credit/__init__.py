"""Track C — LTO credit decisions: training, score and policy, SHAP explanations, the
analyst's queue and decisions, monitoring. Pages and the CLI use the names below."""
from lafa_core.credit.artifacts import list_models, load_model, newest_version
from lafa_core.credit.model import CreditModel, ModelRejected, TrainingDataError
from lafa_core.credit.policy import DEFAULT_POLICY, Band, CreditPolicy, pd_from_score, score_from_pd
from lafa_core.credit.service import (AlreadyDecided, ApplicationNotFound, Assessment, InvalidDecision,
                                      ModelIncompatible, ReasonRequired, assess_application, assess_frame,
                                      decide, export_training_csv, load_current_model, monitoring,
                                      pending_queue, recent_decisions, similar_applicants, train_from_csv,
                                      train_from_database, training_frame)

__all__ = [
    "AlreadyDecided", "ApplicationNotFound", "Assessment", "Band", "CreditModel", "CreditPolicy", "DEFAULT_POLICY",
    "InvalidDecision", "ModelIncompatible", "ModelRejected", "ReasonRequired", "TrainingDataError",
    "assess_application", "assess_frame", "decide", "export_training_csv", "list_models", "load_current_model",
    "load_model", "monitoring", "newest_version", "pd_from_score", "pending_queue", "recent_decisions",
    "score_from_pd", "similar_applicants", "train_from_csv", "train_from_database", "training_frame",
]
