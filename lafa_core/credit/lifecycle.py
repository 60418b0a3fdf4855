"""Candidate → published: which credit model is live, and how one becomes live.

Training (page or CLI, database or CSV) writes a *candidate* under models/ (artifacts). Which
version is live is recorded in the database (`credit_model_release`, append-only: the newest row
is live), so every app instance serves the same model. A candidate goes live only when

- a credit lead other than its trainer publishes it (`publish`), after the `review`: its metrics
  beside the live model's, its calibration, the score shift on the pending queue (applications
  changing band, rank correlation with the live scores) and the PSI of recent applications
  against its training data. A candidate whose scores correlate negatively with the live ones, or
  whose validation ROC AUC is below the policy's floor, needs a written override reason; one that
  needs columns the application data lacks is refused with the missing list; or
- the set-up trains the first model on a database with no usable live model (`record_training`:
  `make run`, `train --if-missing`), or a database that never had one adopts the newest model file
  (`adopt_at_setup`), recorded as a set-up publication.

`rollback` makes the model that was live before the current one live again, with a reason.
Publishing, set-up publications, rollbacks and training are audited.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lafa_core import audit, bounds
from lafa_core.credit import artifacts, queries
from lafa_core.credit.features import FEATURES, application_features
from lafa_core.credit.model import CreditModel
from lafa_core.credit import policy
from lafa_core.credit.policy import Band, band_for, fired_rules
from lafa_core.errors import LocalizedError
from lafa_core.identity import acting
from lafa_core.tables import ApplicationStatus, CreditModelRelease
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action, can

SETUP, PUBLISH, ROLLBACK = "setup", "publish", "rollback"
SETUP_ACTOR = "set-up"  # who publishes a model adopted at set-up (no person did)
REASON_MAX_LENGTH = 1000
MIN_CORRELATION_ROWS = 10  # fewer pending applications than this: the correlation is measured on recent ones
NEGATIVE_CORRELATION, AUC_BELOW_FLOOR = "negative_correlation", "auc_below_floor"


class CandidateNotFound(LocalizedError, LookupError):
    def __init__(self, version: str):
        super().__init__(f"no candidate model {version!r} we can trust in the models folder",
                         key="credit.error.candidate_not_found", version=version)
        self.version = version


class AlreadyLive(LocalizedError, ValueError):
    def __init__(self, version: str):
        super().__init__(f"model {version} is already live", key="credit.error.already_live", version=version)


class SameTrainer(LocalizedError, PermissionError):
    """Maker-checker: the trainer of a candidate may not publish it."""

    def __init__(self, user: str):
        super().__init__(f"{user} trained this candidate: another credit lead must review and publish it",
                         key="credit.error.same_trainer", user=user)


class MissingColumns(LocalizedError, ValueError):
    def __init__(self, missing: list[str]):
        super().__init__(f"the candidate needs columns the credit applications do not have: {', '.join(missing)}",
                         key="credit.error.missing_columns", columns=", ".join(missing))
        self.missing = missing


class OverrideRequired(LocalizedError, ValueError):
    """A warning the publisher must answer with a written reason."""

    def __init__(self, problems: list[str]):
        super().__init__(f"reason: publishing despite {', '.join(problems)} needs a written override reason",
                         key="credit.error.override_required", problems=", ".join(problems))
        self.field, self.problems = "reason", problems


class LiveChanged(LocalizedError, RuntimeError):
    def __init__(self, expected: str | None, live: str | None):
        super().__init__(f"the live model changed while you reviewed ({expected or 'none'} → {live or 'none'}): "
                         "review the candidate again", key="credit.error.live_changed")


class NothingToRollBack(LocalizedError, LookupError):
    def __init__(self):
        super().__init__("no earlier live model to roll back to", key="credit.error.nothing_to_roll_back")


# --- the live model --------------------------------------------------------------------------
def _release_dict(release: CreditModelRelease | None) -> dict | None:
    if release is None:
        return None
    return {"id": release.id, "version": release.version, "kind": release.kind, "published_at": release.published_at,
            "published_by": release.published_by, "trained_by": release.trained_by,
            "previous_version": release.previous_version, "override_reason": release.override_reason,
            "details": json.loads(release.details or "{}")}


def live_release(uow: UnitOfWork) -> dict | None:
    with uow:
        return _release_dict(queries.live_release(session=uow.session))


def releases(uow: UnitOfWork, limit: int = 50) -> list[dict]:
    """The release history, newest (live) first."""
    with uow:
        return [_release_dict(r) for r in queries.releases(session=uow.session, limit=limit)]


def live_model(uow: UnitOfWork, models_dir: Path | None = None, *, adopt: bool = True) -> CreditModel | None:
    """The model the database says is live, or None (its file is gone or not ours). Loaded once per
    file (artifacts). A database that never had a live model adopts one at set-up (`adopt_at_setup`)."""
    release = live_release(uow)
    if release is not None:
        return artifacts.load_model(release["version"], models_dir)
    return adopt_at_setup(uow, models_dir) if adopt else None


def adopt_at_setup(uow: UnitOfWork, models_dir: Path | None = None) -> CreditModel | None:
    """On a database that never had a live model but beside a models folder that holds one (a demo
    database rebuilt, a second database served with the same models), the newest model file we
    wrote that scores credit applications goes live — recorded as a set-up publication by
    SETUP_ACTOR and audited, as `record_training` does for a first model. Once any model has been
    live, only `publish` and `rollback` change it."""
    model = None
    for metadata in artifacts.list_models(models_dir):
        found = artifacts.load_model(metadata["version"], models_dir)
        if found is not None and not missing_columns(found):
            model = found
            break
    if model is None:
        return None
    with uow:
        current = queries.live_release(session=uow.session)
        if current is not None:  # another app instance adopted or published one meanwhile
            return artifacts.load_model(current.version, models_dir)
        details = {"adopted": True, "roc_auc": _auc(model.metadata), "warnings": _training_warnings(model)}
        queries.add_release(session=uow.session, release=CreditModelRelease(
            version=model.version, kind=SETUP, published_at=uow.now(), published_by=SETUP_ACTOR,
            trained_by=artifacts.trainer_of(model.metadata) or "", details=json.dumps(details)))
        audit.record(uow, "credit.model_published_at_setup", "credit_model", model.version, actor=SETUP_ACTOR,
                     **details)
        uow.commit()
    return model


def candidates(uow: UnitOfWork, models_dir: Path | None = None) -> list[dict]:
    """Every saved model but the live one, newest first, with `was_live` (published before)."""
    with uow:
        published = [r.version for r in queries.releases(session=uow.session)]
    live = published[0] if published else None
    return [m | {"was_live": m["version"] in set(published)} for m in artifacts.list_models(models_dir)
            if m["version"] != live]


def missing_columns(model: CreditModel) -> list[str]:
    """Columns the candidate needs that the application features do not provide."""
    return model.missing_columns(FEATURES)


# --- training records and the set-up publication ----------------------------------------------
def record_training(uow: UnitOfWork, metadata: dict, models_dir: Path | None = None) -> str | None:
    """Audit a new candidate; when no usable model is live (a fresh demo), publish it as the
    set-up's publication — if the trainer may publish and it scores credit applications.
    Returns SETUP when it went live, else None."""
    with uow:
        current = queries.live_release(session=uow.session)
        audit.record(uow, "credit.candidate_trained", "credit_model", metadata["version"],
                     source=(metadata.get("source") or {}).get("kind"), rows=metadata.get("rows"),
                     champion=metadata.get("champion"), roc_auc=_auc(metadata))
        usable = current is not None and artifacts.load_model(current.version, models_dir) is not None
        model = None if usable else artifacts.load_model(metadata["version"], models_dir)
        if usable or model is None or missing_columns(model) or not can(getattr(uow.actor, "role", None),
                                                                          Action.CREDIT_PUBLISH):
            uow.commit()
            return None
        details = {"roc_auc": _auc(metadata), "warnings": _training_warnings(model)}
        queries.add_release(session=uow.session, release=CreditModelRelease(
            version=metadata["version"], kind=SETUP, published_at=uow.now(), published_by=uow.actor.name,
            trained_by=artifacts.trainer_of(metadata) or uow.actor.name,
            previous_version=None if current is None else current.version, details=json.dumps(details)))
        audit.record(uow, "credit.model_published_at_setup", "credit_model", metadata["version"],
                     previous=None if current is None else current.version, **details)
        uow.commit()
    return SETUP


def _auc(metadata: dict) -> float | None:
    return ((metadata.get("metrics") or {}).get("champion") or {}).get("roc_auc")


def _training_warnings(model: CreditModel) -> list[str]:
    auc = _auc(model.metadata)
    return [AUC_BELOW_FLOOR] if auc is not None and auc < publish_floor() else []


def publish_floor() -> float:
    """The validation ROC AUC below which publishing needs an override reason (the policy in force)."""
    return policy.DEFAULT_POLICY.publish_min_auc


# --- the review -------------------------------------------------------------------------------
@dataclass
class Review:
    """What a credit lead sees before publishing a candidate."""

    candidate: dict  # its metadata
    live: dict | None  # the live model's metadata
    trainer: str | None
    missing: list[str]
    floor: float  # policy.publish_min_auc
    shift: dict = field(default_factory=dict)  # score shift on the pending queue (`_shift`)
    stability: dict = field(default_factory=dict)  # PSI of recent applications vs the candidate's training
    problems: list[str] = field(default_factory=list)  # warnings that need an override reason

    @property
    def needs_reason(self) -> bool:
        return bool(self.problems)

    @property
    def publishable(self) -> bool:
        return not self.missing


def _bands(model: CreditModel, apps: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    scores = model.scores(application_features(apps))
    bands = [band_for(int(s), fired_rules(app, model.policy), model.policy).value
             for s, app in zip(scores, apps.to_dict("records"))]
    return scores, bands


def _shift(candidate: CreditModel, live: CreditModel | None, pending: pd.DataFrame, recent: pd.DataFrame) -> dict:
    """How the candidate would move the pending queue: band changes (live band → candidate band) and
    the Spearman rank correlation of the two models' scores (on the recent applications when
    fewer than MIN_CORRELATION_ROWS are pending)."""
    shift = {"pending": int(len(pending)), "changed": 0, "transitions": [], "correlation": None,
             "correlation_rows": 0, "correlation_basis": "pending", "mean_score_change": None}
    if live is None or pending.empty and recent.empty:
        return shift
    if not pending.empty:
        new_scores, new_bands = _bands(candidate, pending)
        old_scores, old_bands = _bands(live, pending)
        pairs = pd.Series(list(zip(old_bands, new_bands))).value_counts()
        order = [b.value for b in Band]
        shift["transitions"] = sorted(({"live": a, "candidate": b, "count": int(n)} for (a, b), n in pairs.items()),
                                      key=lambda r: (order.index(r["live"]), order.index(r["candidate"])))
        shift["changed"] = int(sum(a != b for a, b in zip(old_bands, new_bands)))
        shift["mean_score_change"] = float(np.mean(new_scores - old_scores))
    basis = pending if len(pending) >= MIN_CORRELATION_ROWS or recent.empty else recent
    shift["correlation_basis"] = "pending" if basis is pending else "recent"
    shift["correlation_rows"] = int(len(basis))
    if len(basis) >= 3:
        features = application_features(basis)
        new_pd, old_pd = candidate.predict_pd(features), live.predict_pd(features)
        new_rank, old_rank = pd.Series(new_pd).rank(), pd.Series(old_pd).rank()
        if new_rank.nunique() > 1 and old_rank.nunique() > 1:
            shift["correlation"] = float(np.corrcoef(new_rank, old_rank)[0, 1])
    return shift


def _review(uow: UnitOfWork, version: str, models_dir: Path | None) -> tuple[Review, CreditModel, dict | None]:
    """The review (uow open); CandidateNotFound when the file is not there or not ours."""
    from lafa_core.credit.service import recent_applications, stability  # the service imports this module

    candidate = artifacts.load_model(version, models_dir)
    if candidate is None:
        raise CandidateNotFound(version)
    current = _release_dict(queries.live_release(session=uow.session))
    live = None if current is None else artifacts.load_model(current["version"], models_dir)
    review = Review(candidate.metadata, None if live is None else live.metadata,
                    artifacts.trainer_of(candidate.metadata), missing_columns(candidate), publish_floor())
    if review.missing:
        return review, candidate, current
    pending = queries.applications(session=uow.session, status=ApplicationStatus.PENDING.value)
    recent = recent_applications(uow)
    review.shift = _shift(candidate, live, pending, recent)
    review.stability = stability(candidate, recent)
    auc = _auc(candidate.metadata)
    if review.shift["correlation"] is not None and review.shift["correlation"] < 0:
        review.problems.append(NEGATIVE_CORRELATION)
    if auc is None or auc < review.floor:
        review.problems.append(AUC_BELOW_FLOOR)
    return review, candidate, current


def review(uow: UnitOfWork, version: str, models_dir: Path | None = None) -> Review:
    """Everything the publisher must see before publishing `version` (read-only)."""
    with uow:
        return _review(uow, version, models_dir)[0]


# --- publish and roll back ------------------------------------------------------------------------
def _same_person(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and a.strip().casefold() == b.strip().casefold()


def publish(uow: UnitOfWork, version: str, *, reason: str = "", expected_live: str | None = "",
            models_dir: Path | None = None) -> dict:
    """Make candidate `version` live, as the acting credit lead (`uow.actor`), who must not be its
    trainer. Refused: MissingColumns, AlreadyLive, SameTrainer, OverrideRequired (a warning of
    the review and no reason), LiveChanged (`expected_live` given and another model went live
    meanwhile), CandidateNotFound. Returns the release."""
    publisher = acting(uow.actor, Action.CREDIT_PUBLISH)
    reason = bounds.text(reason, "reason", max_length=REASON_MAX_LENGTH)
    with uow:
        found, candidate, current = _review(uow, version, models_dir)
        live_version = None if current is None else current["version"]
        if found.missing:
            raise MissingColumns(found.missing)
        if live_version == version:
            raise AlreadyLive(version)
        if _same_person(found.trainer, publisher.name):
            raise SameTrainer(publisher.name)
        if expected_live != "" and expected_live != live_version:
            raise LiveChanged(expected_live, live_version)
        if found.needs_reason and not reason.strip():
            raise OverrideRequired(found.problems)
        details = {"roc_auc": _auc(found.candidate), "live_roc_auc": _auc(found.live or {}),
                   "correlation": found.shift.get("correlation"), "band_changes": found.shift.get("changed"),
                   "pending": found.shift.get("pending"), "score_psi": found.stability.get("score_psi"),
                   "overridden": found.problems}
        release = queries.add_release(session=uow.session, release=CreditModelRelease(
            version=version, kind=PUBLISH, published_at=uow.now(), published_by=publisher.name,
            trained_by=found.trainer or "", previous_version=live_version, override_reason=reason,
            details=json.dumps(details)))
        audit.record(uow, "credit.model_published", "credit_model", version, previous=live_version,
                     override=bool(reason.strip()), **details)
        result = _release_dict(release)
        uow.commit()
    return result


def _rollback_target(history: list[CreditModelRelease], models_dir: Path | None) -> str | None:
    """The newest earlier live version that was not itself rolled back and whose file we trust."""
    if not history:
        return None
    current = history[0].version
    rolled_back = {r.previous_version for r in history if r.kind == ROLLBACK}
    for release in history[1:]:
        if release.version != current and release.version not in rolled_back \
                and artifacts.load_model(release.version, models_dir) is not None:
            return release.version
    return None


def rollback_target(uow: UnitOfWork, models_dir: Path | None = None) -> str | None:
    with uow:
        return _rollback_target(queries.releases(session=uow.session), models_dir)


def rollback(uow: UnitOfWork, *, reason: str, models_dir: Path | None = None) -> dict:
    """Make the model live before the current one live again (`rollback_target`), as the acting
    credit lead, with a written reason. NothingToRollBack when there is none."""
    publisher = acting(uow.actor, Action.CREDIT_PUBLISH)
    reason = bounds.text(reason, "reason", max_length=REASON_MAX_LENGTH)
    if not reason.strip():
        raise bounds.InvalidInput("reason", "a rollback needs a written reason", key="credit.error.rollback_reason")
    with uow:
        history = queries.releases(session=uow.session)
        target = _rollback_target(history, models_dir)
        if target is None:
            raise NothingToRollBack()
        metadata = artifacts.find_metadata(target, models_dir) or {}
        release = queries.add_release(session=uow.session, release=CreditModelRelease(
            version=target, kind=ROLLBACK, published_at=uow.now(), published_by=publisher.name,
            trained_by=artifacts.trainer_of(metadata) or "", previous_version=history[0].version,
            override_reason=reason, details=json.dumps({"rolled_back": history[0].version})))
        audit.record(uow, "credit.model_rolled_back", "credit_model", target, rolled_back=history[0].version)
        result = _release_dict(release)
        uow.commit()
    return result
