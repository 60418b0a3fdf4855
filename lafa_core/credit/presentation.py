"""What the credit page shows, in the user's language: tables, figures and sentences built from
the services' results. No Streamlit here (pages/credit.py lays these out); no database either."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lafa_core.credit.explain import feature_label, format_value
from lafa_core.credit.policy import Band
from lafa_core.credit.service import DECISIONS, WHAT_IF_BOUNDS, AlreadyDecided, ReasonRequired
from lafa_core.errors import error_text
from lafa_core.i18n import CATALOG, format_date, format_mxn, format_percent, t

BAND_COLORS = {"green": "#2E8B57", "yellow": "#E0B21F", "red": "#C8453B"}
WATERFALL_BARS = 8  # the strongest contributions drawn one by one; the rest in one bar
METRICS = ("roc_auc", "ks", "brier")


def band_label(band, lang: str) -> str:
    return t(f"credit.band.{getattr(band, 'value', band)}", lang)


def decision_label(decision: str, lang: str) -> str:
    return t(f"credit.decision.{decision}", lang) if decision in DECISIONS else decision


def rule_text(code: str, detail: dict, lang: str) -> str:
    values = {k: (format_mxn(v) if k in ("earnings", "floor", "rate") else v) for k, v in detail.items()}
    return t(f"credit.rule.{code}", lang, **values)


# --- the queue and one application ----------------------------------------------------------
def queue_table(queue: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("credit.col.code", lang): queue["code"],
        t("credit.col.applicant", lang): queue["applicant_name"],
        t("credit.col.submitted", lang): [format_date(s.date(), lang) for s in queue["submitted_at"]],
        t("credit.col.score", lang): queue["score"],
        t("credit.col.band", lang): [band_label(b, lang) for b in queue["band"]],
        t("credit.col.pd", lang): queue["probability_of_default"] * 100,
        t("credit.col.rules", lang): [", ".join(t(f"credit.rule_name.{c}", lang) for c in codes.split(", ") if c)
                                      for codes in queue["rules_fired"]],
        t("credit.col.earnings", lang): [format_mxn(v) for v in queue["platform_weekly_earnings_centavos"]],
        t("credit.col.rate", lang): [format_mxn(v) for v in queue["requested_weekly_rate_centavos"]],
    })


def headline(assessment, lang: str) -> list[tuple[str, object]]:
    """The figures above an application, (label, value): score, band, probability of default."""
    return [(t("credit.score", lang), assessment.score), (t("credit.band", lang), band_label(assessment.band, lang)),
            (t("credit.pd", lang), format_percent(assessment.probability_of_default, 1))]


def recommendation(assessment, lang: str) -> str:
    if assessment.band is Band.YELLOW:
        return t("credit.recommend.yellow", lang, deposit=format_mxn(assessment.conditions["deposit_centavos"]),
                 term=assessment.conditions["term_weeks"])
    return t(f"credit.recommend.{assessment.band.value}", lang)


def waterfall_figure(assessment, lang: str) -> go.Figure:
    """From the average applicant's log-odds of default to this one's, feature by feature."""
    ranked = sorted(assessment.contributions.items(), key=lambda kv: -abs(kv[1]))
    top, rest = ranked[:WATERFALL_BARS], ranked[WATERFALL_BARS:]
    labels = [t("credit.waterfall.base", lang)] + [feature_label(f, lang) for f, _ in top]
    values = [assessment.base_value] + [v for _, v in top]
    if rest:
        labels.append(t("credit.waterfall.other", lang))
        values.append(sum(v for _, v in rest))
    labels.append(t("credit.waterfall.total", lang))
    values.append(assessment.log_odds)
    measures = ["absolute"] + ["relative"] * (len(values) - 2) + ["total"]
    figure = go.Figure(go.Waterfall(
        orientation="h", y=labels, x=values, measure=measures,
        increasing={"marker": {"color": BAND_COLORS["red"]}}, decreasing={"marker": {"color": BAND_COLORS["green"]}},
        totals={"marker": {"color": "#5B5EA6"}}))
    figure.update_layout(height=80 + 32 * len(labels), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         xaxis_title=t("credit.waterfall.axis", lang), yaxis={"autorange": "reversed"})
    return figure


def features_table(model, assessment, lang: str) -> pd.DataFrame:
    values = [assessment.features.get(f) for f in model.features]
    return pd.DataFrame({
        t("credit.col.feature", lang): [feature_label(f, lang) for f in model.features],
        t("credit.col.value", lang): [format_value(f, v, lang) if pd.notna(v) else t("credit.value.missing", lang)
                                      for f, v in zip(model.features, values)],
    })


def similar_summary(similar: pd.DataFrame, lang: str) -> str:
    return t("credit.similar.summary", lang, bad=int(similar["bad"].sum()), count=len(similar),
             rate=format_percent(float(similar["bad"].mean()), 0))


def similar_table(similar: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("credit.col.code", lang): similar["code"],
        t("credit.col.started", lang): [format_date(d, lang) for d in similar["start_on"]],
        t("credit.col.outcome", lang): [t("credit.outcome.bad" if b else "credit.outcome.good", lang)
                                        for b in similar["bad"]],
        t("credit.col.earnings", lang): [format_mxn(v) for v in similar["platform_weekly_earnings_centavos"]],
        t("credit.col.distance", lang): similar["distance"].round(2),
    })


@dataclass(frozen=True)
class WhatIfInput:
    """One what-if field as the page asks for it: money in whole pesos (unit 100 centavos)."""

    name: str  # the application column (service.WHAT_IF_BOUNDS)
    label_key: str
    unit: int  # centavos per unit typed
    step: int
    minimum: int
    maximum: int
    value: int


_WHAT_IF_LABELS = {  # field → (label key, centavos per unit typed, step)
    "platform_weekly_earnings_centavos": ("credit.whatif.earnings", 100, 100),
    "declared_monthly_income_centavos": ("credit.whatif.income", 100, 500),
    "requested_deposit_centavos": ("credit.whatif.deposit", 100, 500),
    "requested_term_weeks": ("credit.whatif.term", 1, 4),
}


def what_if_inputs(application: dict) -> list[WhatIfInput]:
    """The what-if's inputs within the service's bounds, starting from the application's values."""
    inputs = []
    for name, (minimum, maximum) in WHAT_IF_BOUNDS.items():
        label, unit, step = _WHAT_IF_LABELS[name]
        value = int(application[name]) // unit
        # An application's own value is always shown, even outside the what-if's range.
        inputs.append(WhatIfInput(name, label, unit, step, minimum=min(math.ceil(minimum / unit), value),
                                  maximum=max(maximum // unit, value), value=value))
    return inputs


# --- decisions --------------------------------------------------------------------------------
def refusal_text(error: BaseException, lang: str) -> str:
    """Why a decision or a what-if was refused, in `lang`, naming the field as the page labels it."""
    if isinstance(error, AlreadyDecided):
        return t("credit.already_decided", lang, analyst=error.analyst or t("credit.already_decided.unknown", lang),
                 decision=decision_label(error.status, lang),
                 when=format_date(error.decided_at.date(), lang) if error.decided_at else "—")
    if isinstance(error, ReasonRequired):
        return t("credit.reason_required", lang, band=band_label(error.band, lang))
    label, key = f"credit.field.{getattr(error, 'field', None)}", getattr(error, "key", None)
    if label in CATALOG and key in CATALOG:
        return t(key, lang, **{**getattr(error, "values", {}), "field": t(label, lang)})
    return error_text(error, lang)


def decided_text(record, code: str, lang: str) -> str:
    return t("credit.decided", lang, code=code, decision=decision_label(record.decision, lang),
             analyst=record.analyst, version=record.model_version, score=record.score)


def decisions_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("credit.col.decided_at", lang): [d.strftime("%Y-%m-%d %H:%M") for d in log["decided_at"]],
        t("credit.col.code", lang): log["code"],
        t("credit.analyst", lang): log["analyst"],
        t("credit.decision", lang): [decision_label(d, lang) for d in log["decision"]],
        t("credit.col.band", lang): [band_label(b, lang) for b in log["band"]],
        t("credit.col.score", lang): log["score"],
        t("credit.model.version", lang): log["model_version"],
        t("credit.col.override", lang): log["override_reason"],
    })


# --- the model card -------------------------------------------------------------------------
def model_facts(model, lang: str) -> list[tuple[str, str]]:
    """The model card's headline, (label, value): version, when trained, training / validation rows."""
    rows = model.metadata.get("rows", {})
    return [(t("credit.model.version", lang), model.version),
            (t("credit.model.trained_at", lang), model.metadata.get("trained_at", "—")[:16].replace("T", " ")),
            (t("credit.model.rows", lang), f"{rows.get('training', 0)} / {rows.get('validation', 0)}")]


def model_source(metadata: dict, lang: str) -> str:
    return f"{t('credit.model.source', lang)}: {json.dumps(metadata.get('source', {}), ensure_ascii=False)}"


def validation_caption(metadata: dict, lang: str) -> str:
    period = metadata.get("validation_period") or {}
    return t("credit.model.validation", lang, start=period.get("from", "—"), end=period.get("to", "—"))


def metrics_table(metadata: dict, lang: str) -> pd.DataFrame:
    found = metadata.get("metrics", {})
    return pd.DataFrame({
        t("credit.model.metric", lang): ["ROC AUC", "KS", "Brier"],
        t("credit.model.champion", lang): [found.get("champion", {}).get(k) for k in METRICS],
        t("credit.model.challenger", lang): [found.get("challenger", {}).get(k) for k in METRICS],
    }).round(3)


def calibration_figure(metadata: dict, lang: str) -> go.Figure | None:
    calibration = pd.DataFrame(metadata.get("calibration_table", []))
    if calibration.empty:
        return None
    top = float(max(calibration["predicted"].max(), calibration["observed"].max(), 0.01))
    figure = go.Figure([
        go.Scatter(x=[0, top], y=[0, top], mode="lines", line={"dash": "dot", "color": "grey"}, showlegend=False),
        go.Scatter(x=calibration["predicted"], y=calibration["observed"], mode="lines+markers",
                   name=t("credit.model.observed", lang)),
    ])
    figure.update_layout(height=320, xaxis_title=t("credit.model.predicted", lang),
                         yaxis_title=t("credit.model.observed", lang), xaxis_tickformat=".0%", yaxis_tickformat=".0%",
                         margin={"t": 10})
    return figure


def band_table(rows: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("credit.col.band", lang): [band_label(r["band"], lang) for r in rows],
        t("credit.model.rows_col", lang): [r["rows"] for r in rows],
        t("credit.model.share", lang): [format_percent(r["share"]) for r in rows],
        t("credit.model.bad_rate", lang): [format_percent(r["bad_rate"]) for r in rows],
    })


def psi_table(watch: dict, lang: str) -> pd.DataFrame:
    psi = pd.DataFrame(watch["psi"]).sort_values("psi", ascending=False)
    return pd.DataFrame({
        t("credit.col.feature", lang): [feature_label(f, lang) for f in psi["feature"]],
        "PSI": psi["psi"].round(3),
        t("credit.model.shifted", lang): ["⚠️" if s else "" for s in psi["shifted"]],
    })


def score_figure(watch: dict, lang: str) -> go.Figure:
    """Training vs recent score shares, both binned by metrics.score_shares."""
    centres = watch["score_bin_centres"]
    figure = go.Figure([
        go.Bar(x=centres, y=watch["training_score_shares"], name=t("credit.model.training", lang), opacity=0.6),
        go.Bar(x=centres, y=watch["recent_score_shares"], name=t("credit.model.recent", lang), opacity=0.6),
    ])
    figure.update_layout(barmode="overlay", height=300, title=t("credit.model.scores", lang),
                         xaxis_title=t("credit.score", lang), yaxis_tickformat=".0%", margin={"t": 40})
    return figure
