"""Credit services: train, score and explain, the analyst's queue and decision, monitoring.

Every service that reads or writes the database takes a `UnitOfWork` first, opens it once
(`with uow:`), does all its reads and writes through `lafa_core.credit.queries`, and commits at
most once (read-only ones never commit). Inputs are checked with `lafa_core.bounds` before
anything is read; refused input raises `InvalidInput` naming the field, nothing is cut.
"""
from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit
from sqlalchemy.exc import IntegrityError

from lafa_core import audit, bounds
from lafa_core.config import get_settings
from lafa_core.credit import artifacts, lifecycle, metrics, pricing, queries
from lafa_core.credit.csvfile import read_training_csv
from lafa_core.credit.explain import Reason, top_reasons
from lafa_core.credit.features import MONOTONE, application_features
from lafa_core.credit.model import (CreditModel, TrainingDataError, data_fingerprint, fit_credit_model,
                                    parse_monotone, prepare_training_table)
from lafa_core.credit.policy import (DEFAULT_POLICY, Band, CreditPolicy, band_for, decision_needs_reason,
                                     fired_rules, knock_out_rules, score_from_log_odds_bad, yellow_conditions)
from lafa_core.errors import LocalizedError
from lafa_core.identity import acting
from lafa_core.tables import ApplicationStatus, CreditDecision
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action

TARGET, DATE_COLUMN = "bad", "submitted_at"
DECISIONS = (ApplicationStatus.APPROVED.value, ApplicationStatus.APPROVED_WITH_CONDITIONS.value,
             ApplicationStatus.DECLINED.value)
ANALYST_MAX_LENGTH = 60  # credit_decision.analyst: a longer name is refused, never cut
REASON_MAX_LENGTH = 1000  # an override reason is a few sentences; longer is refused, never cut
MAX_WHAT_IF_CENTAVOS = 10_000_000 * 100  # ten million pesos: above it is a typo, not a scenario
# What a what-if may change, each checked with bounds.whole_number within (minimum, maximum).
WHAT_IF_BOUNDS = {
    "platform_weekly_earnings_centavos": (0, MAX_WHAT_IF_CENTAVOS),
    "declared_monthly_income_centavos": (0, MAX_WHAT_IF_CENTAVOS),
    "requested_deposit_centavos": (0, MAX_WHAT_IF_CENTAVOS),
    "requested_term_weeks": (1, 520),  # one week to ten years
}
WHAT_IF_FIELDS = tuple(WHAT_IF_BOUNDS)
RECENT_DAYS = 90  # monitoring compares applications of this many days with the training data


class ApplicationNotFound(LocalizedError, LookupError):
    def __init__(self, application_id: int):
        super().__init__(f"no credit application with id {application_id}", key="credit.not_found",
                         id=application_id)
        self.application_id = application_id


class ModelIncompatible(RuntimeError):
    """The current model was trained on other columns than a credit application's."""


class ReasonRequired(LocalizedError, ValueError):
    """The decision contradicts the band and no reason was given."""

    def __init__(self, decision: str, band: Band):
        super().__init__(f"reason: the decision '{decision}' contradicts the {band.value} band: a reason is required",
                         key="credit.reason_required", band=band.value)
        self.field, self.decision, self.band = "reason", decision, band


class InvalidDecision(bounds.InvalidInput):
    """A decision code other than approved, approved_with_conditions or declined."""


class AlreadyDecided(RuntimeError):
    """Someone decided the application first; nothing was overwritten."""

    def __init__(self, application_id: int, status: str, analyst: str | None, decided_at: datetime | None):
        self.application_id, self.status, self.analyst, self.decided_at = application_id, status, analyst, decided_at
        super().__init__(f"application {application_id} was already decided ({status})"
                         + (f" by {analyst}" if analyst else ""))


def _matured_applications(uow: UnitOfWork, policy: CreditPolicy = DEFAULT_POLICY) -> pd.DataFrame:
    """Matured LTO applications with their outcome, as of the data's as-of day (uow open)."""
    as_of = uow.as_of()
    if as_of is None:
        return pd.DataFrame()
    return queries.labelled_applications(session=uow.session, as_of=as_of, performance_weeks=policy.performance_weeks,
                                         bad_days_past_due=policy.bad_days_past_due)


# --- training -----------------------------------------------------------------------------
def training_frame(uow: UnitOfWork) -> pd.DataFrame:
    """Matured LTO applications as a training table: features, `bad`, `submitted_at`
    (the target is defined in queries.labelled_applications)."""
    with uow:
        labelled = _matured_applications(uow)
    if labelled.empty:
        raise TrainingDataError("no LTO contract has matured yet: the database has no credit history to learn from",
                                key="credit.error.no_history")
    # A feature no matured application has (e.g. no DaE driver upgraded yet) cannot be learned;
    # dropped here, so that the export retrains as is. A CSV with an empty column is refused.
    frame = application_features(labelled).dropna(axis=1, how="all")
    frame[TARGET] = labelled["bad"].astype(int).to_numpy()
    frame[DATE_COLUMN] = pd.to_datetime(labelled["submitted_at"], utc=True).to_numpy()
    return frame


def _train(frame: pd.DataFrame, target: str, date_column: str | None, source: dict, *,
           monotone: dict[str, int] | None, models_dir: Path | None, random_state: int | None, progress) -> dict:
    """Train and save a candidate (nothing goes live here); returns its metadata."""
    report = progress or (lambda stage, fraction: None)
    report("validate data", 0.05)
    table = prepare_training_table(frame, target, date_column, monotone=monotone)
    model = fit_credit_model(table, random_state=get_settings().random_seed if random_state is None else random_state,
                             policy=DEFAULT_POLICY, progress=report)
    report("save", 0.95)
    metadata = artifacts.save_model(model, source=source, fingerprint=data_fingerprint(frame), models_dir=models_dir)
    report("done", 1.0)
    return metadata


def train_from_database(uow: UnitOfWork, *, models_dir: Path | None = None, random_state: int | None = None,
                        progress=None, record: bool = True) -> dict:
    """Train a candidate on the database's matured LTO contracts, the known directions constrained
    (features.MONOTONE); returns its metadata, whose `release` says whether it went live: only at
    set-up, when no usable model is live yet (lifecycle.record_training; `record=False`, the
    benchmark: neither audited nor published). The acting user must be allowed to train and is
    recorded as the trainer."""
    trainer = acting(uow.actor, Action.CREDIT_TRAIN).name
    frame = training_frame(uow)
    source = {"kind": "database", "url": uow.engine.url.render_as_string(hide_password=True), "trained_by": trainer,
              "applications": int(len(frame))}
    metadata = _train(frame, TARGET, DATE_COLUMN, source, monotone={c: s for c, s in MONOTONE.items() if c in frame},
                      models_dir=models_dir, random_state=random_state, progress=progress)
    metadata["release"] = lifecycle.record_training(uow, metadata, models_dir=models_dir) if record else None
    return metadata


def train_from_csv(path: str | Path, target: str, date_column: str | None = None, *,
                   monotone: dict[str, int] | str | None = None, models_dir: Path | None = None,
                   random_state: int | None = None, progress=None, trained_by: str | None = None) -> dict:
    """Train a candidate on any table with numeric and categorical columns and a 0/1 target column
    (UTF-8 or Windows-1252, any usual separator: csvfile). `monotone`: {column: ±1} or the CLI's
    "col=+1,col2=-1"; no direction is assumed otherwise. Nothing goes live here."""
    frame = read_training_csv(path)
    directions = parse_monotone(monotone) if isinstance(monotone, str) else dict(monotone or {})
    source = {"kind": "csv", "file": Path(path).name, "trained_by": trained_by, "applications": int(len(frame))}
    return _train(frame, target, date_column, source, monotone=directions, models_dir=models_dir,
                  random_state=random_state, progress=progress)


def export_training_csv(uow: UnitOfWork, path: str | Path) -> int:
    """The database's training table as CSV, to retrain on with `train --csv`."""
    frame = training_frame(uow)
    frame.to_csv(path, index=False)
    return len(frame)


def load_current_model(uow: UnitOfWork, models_dir: Path | None = None) -> CreditModel | None:
    """The live model (recorded in the database), or None."""
    return lifecycle.live_model(uow, models_dir=models_dir)


# --- scoring and explanation ---------------------------------------------------------------
@dataclass
class Assessment:
    application: dict  # the credit_application columns
    features: dict  # the model's input row
    probability_of_default: float
    score: int
    band: Band
    rules_fired: list[str]
    rule_details: dict
    base_value: float  # log-odds of default of the average applicant
    contributions: dict  # feature → its push on the log-odds
    log_odds: float  # base_value + Σ contributions
    reasons: list[Reason]
    conditions: dict = field(default_factory=dict)
    model_version: str = ""


def assess_frame(model: CreditModel, apps: pd.DataFrame, *, explain: bool = True) -> list[Assessment]:
    """Score (and explain) applications given as credit_application rows."""
    if apps.empty:
        return []
    features = application_features(apps)
    try:
        # Explained, the probability of default is the logistic of the explanation's log-odds
        # (they add up exactly: model module docstring): one pass through the model, not two.
        explanation = model.explain(features) if explain else None
        pd_ = expit(explanation.log_odds) if explain else model.predict_pd(features)
    except KeyError as exc:
        raise ModelIncompatible(
            f"the current model ({model.version}) was not trained on credit application features: {exc}. "
            "Train it on the database with `python -m lafa_core.credit train`.") from exc
    log_odds = explanation.log_odds if explain else np.log(pd_ / (1 - pd_))
    results = []
    records = apps.to_dict("records")
    feature_records = features.to_dict("records")
    for i, (app, row) in enumerate(zip(records, feature_records)):
        rules = [r for r in knock_out_rules(app, model.policy) if r.fired]
        score = score_from_log_odds_bad(float(log_odds[i]), model.policy)
        band = band_for(score, [r.code for r in rules], model.policy)
        contributions = dict(zip(model.features, explanation.contributions[i])) if explain else {}
        results.append(Assessment(
            application=app, features=row, probability_of_default=float(pd_[i]), score=score, band=band,
            rules_fired=[r.code for r in rules], rule_details={r.code: r.detail for r in rules},
            base_value=explanation.base_value if explain else float("nan"), contributions=contributions,
            log_odds=float(log_odds[i]),
            reasons=top_reasons(model.features, row, explanation.contributions[i]) if explain else [],
            conditions=yellow_conditions(app, model.policy) if band is Band.YELLOW else {},
            model_version=model.version))
    return results


def _application_row(uow: UnitOfWork, application_id: int) -> pd.DataFrame:
    """The application as a one-row frame (uow open); ApplicationNotFound when there is none."""
    apps = queries.applications(session=uow.session, ids=[application_id])
    if apps.empty:
        raise ApplicationNotFound(application_id)
    return apps


def what_if_changes(changes: dict | None) -> dict[str, int]:
    """The what-if's values, each a whole number within WHAT_IF_BOUNDS; another field is refused."""
    checked = {}
    for name, value in (changes or {}).items():
        if name not in WHAT_IF_BOUNDS:
            raise bounds.InvalidInput(name, f"cannot be changed in a what-if (allowed: {', '.join(WHAT_IF_FIELDS)})",
                                      key="credit.error.what_if_field")
        minimum, maximum = WHAT_IF_BOUNDS[name]
        checked[name] = bounds.whole_number(value, name, minimum=minimum, maximum=maximum)
    return checked


def edited_application(application: dict, changes: dict | None) -> dict:
    """The application as the what-if has it: earnings and income as given; the deposit and the
    term through the lease's own pricing (a new financed amount and weekly payment for the same
    vehicle: lafa_core.credit.pricing). Refused values raise InvalidInput naming the field."""
    checked = what_if_changes(changes)
    edited = {**application, **{k: v for k, v in checked.items() if k not in (pricing.DEPOSIT, pricing.TERM)}}
    try:
        return pricing.repriced(edited, deposit_centavos=checked.get(pricing.DEPOSIT),
                                term_weeks=checked.get(pricing.TERM))
    except pricing.DepositCoversPrice as exc:
        raise bounds.InvalidInput(pricing.DEPOSIT, str(exc), key="credit.error.deposit_covers_price",
                                  price=exc.price_centavos) from None


_CACHE_SIZE = 256  # explained applications kept per model


def _explained(model: CreditModel, apps: pd.DataFrame) -> Assessment:
    """One application's assessment, kept per model (hence per version) and per application
    content: switching back to an application, or repeating a what-if, is not explained again."""
    cache = model.__dict__.setdefault("_assessments", OrderedDict())
    key = tuple((k, repr(v)) for k, v in apps.iloc[0].items())
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    assessment = assess_frame(model, apps)[0]
    cache[key] = assessment
    while len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)
    return assessment


def assess_application(uow: UnitOfWork, model: CreditModel, application_id: int,
                       changes: dict | None = None, *, cache: bool = False) -> Assessment:
    """One application's score, band, rules and explanation; `changes` is the what-if, scored as
    the edited application (`edited_application`); nothing is saved. `cache`: reuse an
    explanation of the same application content by the same model (the page)."""
    what_if_changes(changes)  # refused before anything is read
    with uow:
        apps = _application_row(uow, application_id)
    if changes:
        apps = pd.DataFrame([edited_application(apps.iloc[0].to_dict(), changes)])
    return _explained(model, apps) if cache else assess_frame(model, apps)[0]


def pending_queue(uow: UnitOfWork, model: CreditModel) -> pd.DataFrame:
    """Pending applications with score and band, riskiest last."""
    with uow:
        apps = queries.applications(session=uow.session, status=ApplicationStatus.PENDING.value)
    columns = ["id", "code", "applicant_name", "submitted_at", "score", "band", "probability_of_default",
               "rules_fired", "platform_weekly_earnings_centavos", "requested_weekly_rate_centavos"]
    if apps.empty:
        return pd.DataFrame(columns=columns)
    assessed = assess_frame(model, apps, explain=False)
    queue = apps.assign(score=[a.score for a in assessed], band=[a.band.value for a in assessed],
                        probability_of_default=[a.probability_of_default for a in assessed],
                        rules_fired=[", ".join(a.rules_fired) for a in assessed])
    return queue[columns].sort_values(["score", "submitted_at"], ascending=[False, True]).reset_index(drop=True)


SIMILAR_FEATURES = 4  # the applicant's strongest reasons that pick the neighbours
SIMILAR_COLUMNS = ["code", "submitted_at", "start_on", "bad"]


def similar_applicants(uow: UnitOfWork, model: CreditModel, application_id: int, *, limit: int = 20) -> pd.DataFrame:
    """Past applicants whose contracts matured, nearest to this one on the features that drive its
    score (the SIMILAR_FEATURES numeric ones with the largest SHAP contributions, weighted by them,
    each standardized over the past applicants), with their outcome. Columns: SIMILAR_COLUMNS,
    then those features (model feature names) with the past applicants' values."""
    with uow:
        apps = _application_row(uow, application_id)
        past = _matured_applications(uow, model.policy)
    if past.empty:
        return pd.DataFrame(columns=SIMILAR_COLUMNS)
    assessment = _explained(model, apps)
    mine = application_features(apps).iloc[0]
    ranked = sorted((f for f in model.numeric if f in mine.index and pd.notna(mine[f])),
                    key=lambda f: -abs(assessment.contributions.get(f, 0.0)))
    drivers = [f for f in ranked if abs(assessment.contributions.get(f, 0.0)) > 0][:SIMILAR_FEATURES] or ranked[:2]
    past_features = application_features(past)[drivers].astype(float)
    spread = past_features.std().replace(0, 1).fillna(1)
    weights = pd.Series({f: abs(assessment.contributions.get(f, 0.0)) or 1.0 for f in drivers})
    gaps = ((past_features - mine[drivers].astype(float)) / spread).fillna(3.0)  # no value: far
    distance = ((gaps ** 2) * (weights / weights.sum())).sum(axis=1) ** 0.5
    nearest = distance.nsmallest(min(limit, len(past))).index
    chosen = past.loc[nearest, SIMILAR_COLUMNS].reset_index(drop=True)
    return pd.concat([chosen, past_features.loc[nearest].reset_index(drop=True)], axis=1)


# --- decisions -----------------------------------------------------------------------------
def decide(uow: UnitOfWork, model: CreditModel, application_id: int, *, decision: str,
           reason: str = "") -> CreditDecision:
    """Record the acting analyst's (`uow.actor`) decision with what the model said, at
    `uow.now()`: the application is read, assessed and decided in one transaction. A second
    decision on the same application raises AlreadyDecided naming who decided it; nothing is
    overwritten. Refused before anything is read: an unknown decision, no actor or a name past
    the column's 60 characters, a reason holding a NUL or longer than 1,000 characters."""
    if decision not in DECISIONS:
        raise InvalidDecision("decision", f"unknown {decision!r}; use one of {', '.join(DECISIONS)}",
                              key="input.choice", allowed=", ".join(DECISIONS))
    analyst = bounds.name(acting(uow.actor, Action.CREDIT_DECIDE).name, "actor", max_length=ANALYST_MAX_LENGTH)
    reason = bounds.text(reason, "reason", max_length=REASON_MAX_LENGTH)  # stored exactly as typed
    with uow:
        assessment = assess_frame(model, _application_row(uow, application_id))[0]
        if decision_needs_reason(decision, assessment.band) and not reason.strip():
            raise ReasonRequired(decision, assessment.band)
        decided_at = uow.now()
        record = CreditDecision(
            application_id=application_id, decided_at=decided_at, analyst=analyst, decision=decision,
            model_version=model.version, score=assessment.score,
            probability_of_default=assessment.probability_of_default, band=assessment.band.value,
            rules_fired=json.dumps(assessment.rules_fired),
            top_reasons=json.dumps([r.as_dict() for r in assessment.reasons], default=str),
            conditions=json.dumps(assessment.conditions)
            if decision == ApplicationStatus.APPROVED_WITH_CONDITIONS.value and assessment.conditions else "",
            override_reason=reason)
        try:
            if not queries.decide_if_pending(session=uow.session, application_id=application_id, status=decision,
                                             decided_at=decided_at):
                raise _already_decided(uow, application_id)
            queries.add_decision(session=uow.session, decision=record)
            # decide_if_pending changed the status only from pending: that is the before.
            audit.record(uow, "credit.decided", "credit_application", application_id, decision=decision,
                         model_version=model.version, score=record.score, band=record.band,
                         overridden=bool(reason.strip()), status_before=ApplicationStatus.PENDING.value,
                         status_after=decision)
            uow.commit()
        except IntegrityError:
            # The unique application_id caught a race the conditional update did not see.
            uow.rollback()
            raise _already_decided(uow, application_id) from None
    return record


def _already_decided(uow: UnitOfWork, application_id: int) -> AlreadyDecided | ApplicationNotFound:
    status = queries.application_status(session=uow.session, application_id=application_id)
    if status is None:
        return ApplicationNotFound(application_id)
    previous = queries.decision_for(session=uow.session, application_id=application_id)
    return AlreadyDecided(application_id, status, previous.analyst if previous else None,
                          previous.decided_at if previous else None)


def recent_decisions(uow: UnitOfWork, limit: int = 200) -> pd.DataFrame:
    """The newest decisions first, with the application's code (the audit trail)."""
    with uow:
        return queries.decisions(session=uow.session, limit=limit)


# --- monitoring ----------------------------------------------------------------------------
def stability(model: CreditModel, recent: pd.DataFrame) -> dict:
    """Recent applications (credit_application rows) against the model's training data: PSI per
    feature (flagged above metrics.PSI_ALERT) and of the score, binned once by metrics.score_shares."""
    reference = model.metadata.get("reference", {})
    result = {"recent_rows": int(len(recent)), "psi": [], "score_psi": None, "recent_scores": [],
              "recent_score_shares": [], "training_score_shares": reference.get("score", []),
              "score_bin_centres": metrics.score_bin_centres()}
    if recent.empty:
        return result
    features = application_features(recent)
    scores = model.scores(features)
    result["recent_scores"] = scores.tolist()
    result["recent_score_shares"] = metrics.score_shares(scores)
    if reference.get("score"):
        result["score_psi"] = metrics.psi(reference["score"], result["recent_score_shares"])
    for name, ref in reference.get("features", {}).items():
        if name in features:
            value = metrics.psi(ref["shares"], metrics.current_shares(features[name], ref))
            result["psi"].append({"feature": name, "psi": value, "shifted": value > metrics.PSI_ALERT})
    return result


def recent_applications(uow: UnitOfWork, recent_days: int = RECENT_DAYS) -> pd.DataFrame:
    """Applications of the last `recent_days` days of data (uow open)."""
    latest = queries.last_submitted_at(session=uow.session)
    return (pd.DataFrame() if latest is None
            else queries.applications(session=uow.session, submitted_since=latest - timedelta(days=recent_days)))


def monitoring(uow: UnitOfWork, model: CreditModel, *, recent_days: int = RECENT_DAYS) -> dict:
    """Stability of recent applications vs training (`stability`), the realized bad rate by band
    of matured contracts, and the analysts' overrides (`override_monitoring`)."""
    policy = model.policy
    with uow:
        recent = recent_applications(uow, recent_days)
        matured = _matured_applications(uow, policy)
        decided = queries.all_decisions(session=uow.session)
    result = stability(model, recent) | {"realized": []}
    if not matured.empty:
        scores = model.scores(application_features(matured))
        bands = [band_for(int(s), fired_rules(app, policy), policy).value
                 for s, app in zip(scores, matured.to_dict("records"))]
        result["realized"] = metrics.band_table(matured["bad"].to_numpy(), bands, [b.value for b in Band])
    result["overrides"] = override_monitoring(decided, matured)
    return result


APPROVALS = (ApplicationStatus.APPROVED.value, ApplicationStatus.APPROVED_WITH_CONDITIONS.value)


def override_monitoring(decided: pd.DataFrame, matured: pd.DataFrame) -> dict:
    """The FICO practice: how often each analyst, and each band, goes against the band's
    recommendation, and whether overridden approvals turned out worse than the band's approvals.

    `decided`: queries.all_decisions; `matured`: matured applications with `bad`. An override is a
    decision other than the band's (policy.BAND_DECISION); an overridden approval is an approval
    in a band that did not recommend exactly it."""
    empty = {"decisions": 0, "by_analyst": [], "by_band": [], "outcomes": []}
    if decided.empty:
        return empty
    frame = decided.assign(overridden=[decision_needs_reason(d, Band(b)) for d, b in zip(decided["decision"],
                                                                                       decided["band"])])

    def rates(by: str) -> list[dict]:
        grouped = frame.groupby(by, sort=True)["overridden"].agg(["size", "sum"])
        return [{by: str(key), "decisions": int(row["size"]), "overrides": int(row["sum"]),
                 "rate": float(row["sum"] / row["size"])} for key, row in grouped.iterrows()]

    outcomes = []
    approvals = frame[frame["decision"].isin(APPROVALS)]
    if not matured.empty and not approvals.empty:
        known = approvals.merge(matured[["id", "bad"]], left_on="application_id", right_on="id", how="inner")
        for band in Band:
            part = known[known["band"] == band.value]
            overridden = part[part["overridden"]]
            outcomes.append({"band": band.value, "approvals": int(len(part)),
                             "bad_rate": float(part["bad"].mean()) if len(part) else None,
                             "overridden": int(len(overridden)),
                             "overridden_bad_rate": float(overridden["bad"].mean()) if len(overridden) else None})
    by_band = sorted(rates("band"), key=lambda r: [b.value for b in Band].index(r["band"]))
    return {"decisions": int(len(frame)), "by_analyst": rates("analyst"), "by_band": by_band, "outcomes": outcomes}
