"""Track C — LTO credit decisions: training candidates, publishing one (maker-checker), score
and policy, SHAP explanations, the analyst's queue and decisions, monitoring. Pages and the CLI use the names below.

The names load lazily (PEP 562): `import lafa_core.credit.policy` (the generator's age rule)
does not pull in the model's libraries."""
from __future__ import annotations

import importlib

_EXPORTS = {
    "artifacts": ("list_models", "load_model", "newest_version"),
    "csvfile": ("read_training_csv",),
    "lifecycle": ("AlreadyLive", "CandidateNotFound", "LiveChanged", "MissingColumns", "NothingToRollBack",
                  "OverrideRequired", "Review", "SameTrainer", "candidates", "live_model", "live_release", "publish",
                  "releases", "review", "rollback", "rollback_target"),
    "model": ("CreditModel", "ModelRejected", "TrainingDataError", "parse_monotone"),
    "policy": ("DEFAULT_POLICY", "Band", "CreditPolicy", "pd_from_score", "score_from_pd"),
    "service": ("AlreadyDecided", "ApplicationNotFound", "Assessment", "DECISIONS", "InvalidDecision",
                "ModelIncompatible", "ReasonRequired", "WHAT_IF_BOUNDS", "assess_application", "assess_frame",
                "decide", "edited_application", "export_training_csv", "load_current_model", "monitoring",
                "override_monitoring", "pending_queue", "recent_decisions", "similar_applicants", "stability",
                "train_from_csv", "train_from_database", "training_frame"),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name in _HOME:
        value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
        globals()[name] = value
        return value
    try:
        return importlib.import_module(f"{__name__}.{name}")  # a submodule: credit.policy, credit.metrics …
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
