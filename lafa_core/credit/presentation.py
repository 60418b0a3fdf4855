"""What the credit page shows, in the user's language: tables, figures and sentences built from
the services' results. No Streamlit here (pages/credit.py lays these out); no database either.

Whole sections (the model card, a candidate's review) come as lists of `Block`s — a heading, a
sentence, a row of figures, a table, a chart — that the page draws in order with one loop."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pandas as pd
import plotly.graph_objects as go

from lafa_core.config import LOCAL_TZ
from lafa_core.credit import pricing
from lafa_core.credit.explain import feature_label, format_value, reason_sentence
from lafa_core.credit.lifecycle import OverrideRequired
from lafa_core.credit.metrics import PSI_ALERT
from lafa_core.credit.model import SELECTION_TIE
from lafa_core.credit.policy import BAND_DECISION, DEFAULT_POLICY, Band
from lafa_core.credit.service import DECISIONS, SIMILAR_COLUMNS, WHAT_IF_BOUNDS, AlreadyDecided, ReasonRequired
from lafa_core.errors import error_text
from lafa_core.i18n import CATALOG, format_date, format_mxn, format_number, format_percent, t

BAND_COLORS = {"green": "#2E8B57", "yellow": "#E0B21F", "red": "#C8453B"}
WATERFALL_BARS = 8  # the strongest contributions drawn one by one; the rest in one bar
METRICS = ("roc_auc", "ks", "brier")
BANDS = [b.value for b in Band]


@dataclass(frozen=True)
class Block:
    """One element of a section, named as the Streamlit element that draws it: `kind` is its
    function (markdown, caption, info, warning, error, metric, dataframe, plotly_chart …) called
    with `value` and `options`; or "columns", whose value is (widths, [blocks of each column])."""

    kind: str
    value: object
    options: dict = field(default_factory=dict)


def table(frame: pd.DataFrame, key: str) -> Block:
    return Block("dataframe", frame, {"key": key, "width": "stretch", "hide_index": True})


def chart(figure: go.Figure, key: str) -> Block:
    """A chart without Plotly's mode bar: on a narrow screen it covers the waterfall's labels."""
    return Block("plotly_chart", figure, {"key": key, "width": "stretch", "config": {"displayModeBar": False}})


def columns(widths, groups: list[list[Block]]) -> Block:
    return Block("columns", (widths, groups))


def metrics(pairs: list[tuple]) -> Block:
    """A row of figures: (label, value) or (label, value, delta)."""
    return columns(len(pairs), [[Block("metric", p[0], {"value": p[1], **({"delta": p[2]} if len(p) > 2 else {})})]
                                for p in pairs])


def band_label(band, lang: str) -> str:
    return t(f"credit.band.{getattr(band, 'value', band)}", lang)


def decision_label(decision: str, lang: str) -> str:
    return t(f"credit.decision.{decision}", lang) if decision in DECISIONS else decision


def rule_text(code: str, detail: dict, lang: str) -> str:
    values = {k: (format_mxn(v) if k in ("earnings", "floor", "rate") else v) for k, v in detail.items()}
    return t(f"credit.rule.{code}", lang, **values)


def kind_label(kind: str | None, lang: str) -> str:
    return t(f"credit.model.kind.{kind}", lang) if kind else "—"


def moment_label(moment: datetime | None, lang: str) -> str:
    """A moment as people in Mexico City read it: "5 ene 2026, 14:03"."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(LOCAL_TZ)
    return f"{format_date(local.date(), lang)}, {local:%H:%M}"


def version_label(version: str | None, lang: str) -> str:
    """A model version (`20260105T200312123456Z-1a2b3c4d`) as the moment it was trained."""
    try:
        return moment_label(datetime.strptime(str(version)[:22], "%Y%m%dT%H%M%S%f").replace(tzinfo=timezone.utc), lang)
    except ValueError:
        return str(version or "—")


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


def queue_choice(shown: pd.DataFrame, labels: dict, current, lang: str) -> tuple[list[int], str | None]:
    """The applications to choose from, labelled in `labels` (updated). The chosen one keeps its
    label and stays an option after a colleague decides it — marked, so a decision being written
    is never applied to whichever application comes first instead."""
    labels.update({int(i): f"{c} — {n}" for i, c, n in zip(shown["id"], shown["code"], shown["applicant_name"])})
    options = [int(i) for i in shown["id"]]
    if current in labels and current not in options:
        return options + [current], t("credit.queue.not_pending", lang, id=labels[current])
    return options, None


def detail_title(assessment, lang: str) -> str:
    return t("credit.detail", lang, code=assessment.application["code"], name=assessment.application["applicant_name"])


def score_blocks(assessment, lang: str) -> list[Block]:
    """Beside the decision: score, band and probability of default, the recommendation, the rules."""
    rules = [Block("error", rule_text(c, assessment.rule_details[c], lang)) for c in assessment.rules_fired]
    rules = rules or [Block("success", t("credit.rules.none", lang))]
    return [metrics(headline(assessment, lang)), Block("info", recommendation(assessment, lang)),
            Block("markdown", f"**{t('credit.rules', lang)}**")] + rules


def explanation_blocks(model, assessment, similar: pd.DataFrame, lang: str) -> list[Block]:
    """Why this score (waterfall in points, reasons, the application's data) and similar past applicants."""
    policy = model.policy
    why = [Block("markdown", f"**{t('credit.explanation', lang)}**"),
           chart(waterfall_figure(assessment, lang, policy), "credit_waterfall"),
           Block("caption", waterfall_caption(assessment, lang, policy))]
    reasons = [Block("markdown", f"**{t('credit.reasons', lang)}**"),
               Block("markdown", reason_lines(assessment, lang, policy)),
               Block("markdown", f"**{t('credit.features', lang)}**"),
               table(features_table(model, assessment, lang), "credit_features_table")]
    blocks = [columns([3, 2], [why, reasons]), Block("markdown", f"**{t('credit.similar', lang)}**")]
    if similar.empty:
        return blocks + [Block("caption", t("credit.similar.none", lang))]
    return blocks + [Block("caption", similar_summary(similar, assessment, lang)),
                     table(similar_table(similar, lang), "credit_similar_table")]


def headline(assessment, lang: str) -> list[tuple[str, object]]:
    """The figures above an application, (label, value): score, band, probability of default."""
    return [(t("credit.score", lang), assessment.score), (t("credit.band", lang), band_label(assessment.band, lang)),
            (t("credit.pd", lang), format_percent(assessment.probability_of_default, 1))]


def recommendation(assessment, lang: str) -> str:
    if assessment.band is Band.YELLOW:
        return t("credit.recommend.yellow", lang, deposit=format_mxn(assessment.conditions["deposit_centavos"]),
                 term=assessment.conditions["term_weeks"])
    return t(f"credit.recommend.{assessment.band.value}", lang)


def recommended_index(assessment) -> int:
    """The decision form's default: the band's recommendation."""
    return DECISIONS.index(BAND_DECISION[assessment.band].value)


def _points_per_log_odds(policy=DEFAULT_POLICY) -> float:
    return policy.points_to_double_odds / math.log(2)


def score_points(assessment, policy=DEFAULT_POLICY) -> tuple[float, dict[str, float]]:
    """The explanation in score points: the average applicant's score (before rounding) and what
    each feature adds (+, safer) or takes away (−, riskier). The score is an affine, decreasing map
    of the log-odds of default (policy), so the points add up to this applicant's score (before
    rounding and the 0–1000 clip)."""
    per = _points_per_log_odds(policy)
    base = policy.base_score - policy.points_to_double_odds * math.log2(policy.base_odds) - per * assessment.base_value
    return base, {f: -per * c for f, c in assessment.contributions.items()}


def waterfall_figure(assessment, lang: str, policy=DEFAULT_POLICY) -> go.Figure:
    """From the average applicant's score to this one's, feature by feature, in score points."""
    base, points = score_points(assessment, policy)
    ranked = sorted(points.items(), key=lambda kv: -abs(kv[1]))
    top, rest = ranked[:WATERFALL_BARS], ranked[WATERFALL_BARS:]
    labels = [t("credit.waterfall.base", lang)] + [feature_label(f, lang) for f, _ in top]
    values = [base] + [v for _, v in top]
    if rest:
        labels.append(t("credit.waterfall.other", lang))
        values.append(sum(v for _, v in rest))
    labels.append(t("credit.waterfall.total", lang))
    values.append(assessment.score)
    text = [f"{base:.0f}"] + [f"{v:+.0f}" for v in values[1:-1]] + [str(assessment.score)]
    measures = ["absolute"] + ["relative"] * (len(values) - 2) + ["total"]
    figure = go.Figure(go.Waterfall(
        orientation="h", y=labels, x=values, measure=measures, text=text, textposition="outside",
        increasing={"marker": {"color": BAND_COLORS["green"]}}, decreasing={"marker": {"color": BAND_COLORS["red"]}},
        totals={"marker": {"color": "#5B5EA6"}}))
    figure.update_layout(height=80 + 32 * len(labels), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         xaxis_title=t("credit.waterfall.axis", lang), yaxis={"autorange": "reversed"})
    return figure


def waterfall_caption(assessment, lang: str, policy=DEFAULT_POLICY) -> str:
    base, _ = score_points(assessment, policy)
    return t("credit.explanation.caption", lang, base=f"{base:.0f}", score=assessment.score)


def reason_lines(assessment, lang: str, policy=DEFAULT_POLICY) -> str:
    """The top reasons as a list, each with its points."""
    per = _points_per_log_odds(policy)
    return "\n".join(f"- {reason_sentence(r, lang)} ({-per * r.contribution:+.0f} {t('credit.points', lang)})"
                     for r in assessment.reasons)


def features_table(model, assessment, lang: str) -> pd.DataFrame:
    values = [assessment.features.get(f) for f in model.features]
    return pd.DataFrame({
        t("credit.col.feature", lang): [feature_label(f, lang) for f in model.features],
        t("credit.col.value", lang): [format_value(f, v, lang) if pd.notna(v) else t("credit.value.missing", lang)
                                      for f, v in zip(model.features, values)],
    })


def _similar_features(similar: pd.DataFrame) -> list[str]:
    return [c for c in similar.columns if c not in SIMILAR_COLUMNS]


def similar_summary(similar: pd.DataFrame, assessment, lang: str) -> str:
    """How the neighbours turned out, beside what the model expects of this applicant."""
    labels = ", ".join(feature_label(f, lang).lower() for f in _similar_features(similar))
    return t("credit.similar.summary", lang, bad=int(similar["bad"].sum()), count=len(similar),
             rate=format_percent(float(similar["bad"].mean()), 0), features=labels,
             pd=format_percent(assessment.probability_of_default, 1))


def similar_table(similar: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each neighbour with the features that chose it and its outcome."""
    table = {t("credit.col.code", lang): similar["code"],
             t("credit.col.started", lang): [format_date(d, lang) for d in similar["start_on"]]}
    for feature in _similar_features(similar):
        table[feature_label(feature, lang)] = [format_value(feature, None if pd.isna(v) else v, lang)
                                               for v in similar[feature]]
    table[t("credit.col.outcome", lang)] = [t("credit.outcome.bad" if b else "credit.outcome.good", lang)
                                            for b in similar["bad"]]
    return pd.DataFrame(table)


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
    """The what-if's inputs within the service's bounds, starting from the application's values; the
    deposit stays below the vehicle's price (what the lease's pricing can finance)."""
    inputs = []
    for name, (minimum, maximum) in WHAT_IF_BOUNDS.items():
        label, unit, step = _WHAT_IF_LABELS[name]
        value = int(application[name]) // unit
        if name == pricing.DEPOSIT and all(k in application for k in (pricing.TERM, pricing.PAYMENT)):
            maximum = min(maximum, pricing.vehicle_price_centavos(application) - unit)
        # An application's own value is always shown, even outside the what-if's range.
        inputs.append(WhatIfInput(name, label, unit, step, minimum=min(math.ceil(minimum / unit), value),
                                  maximum=max(maximum // unit, value), value=value))
    return inputs


def what_if_blocks(what_if, assessment, lang: str) -> list[Block]:
    """The simulated score (and its change), band and weekly payment."""
    return [metrics([(t("credit.whatif.score", lang), what_if.score, what_if.score - assessment.score),
                     (t("credit.whatif.band", lang), band_label(what_if.band, lang))]),
            Block("caption", what_if_payment(what_if, assessment, lang)),
            Block("caption", t("credit.whatif.caption", lang))]


def what_if_payment(what_if, assessment, lang: str) -> str:
    """What the lease's pricing makes of the deposit and term: the weekly payment and the amount financed."""
    app = what_if.application
    return t("credit.whatif.payment", lang, payment=format_mxn(app[pricing.PAYMENT]),
             before=format_mxn(assessment.application[pricing.PAYMENT]),
             financed=format_mxn(pricing.financed_centavos(app)), term=int(app[pricing.TERM]))


# --- refusals and decisions -----------------------------------------------------------------------
def refusal_text(error: BaseException, lang: str) -> str:
    """Why a decision, a what-if or a publication was refused, in `lang`, naming the field as the
    page labels it."""
    if isinstance(error, AlreadyDecided):
        return t("credit.already_decided", lang, analyst=error.analyst or t("credit.already_decided.unknown", lang),
                 decision=decision_label(error.status, lang),
                 when=format_date(error.decided_at.date(), lang) if error.decided_at else "—")
    if isinstance(error, ReasonRequired):
        return t("credit.reason_required", lang, band=band_label(error.band, lang))
    if isinstance(error, OverrideRequired):
        problems = "; ".join(problem_text(p, lang) for p in error.problems)
        return t("credit.error.override_required", lang, problems=problems)
    label, key = f"credit.field.{getattr(error, 'field', None)}", getattr(error, "key", None)
    if label in CATALOG and key in CATALOG:
        values = {k: format_mxn(v) if k == "price" else v for k, v in getattr(error, "values", {}).items()}
        return t(key, lang, **{**values, "field": t(label, lang)})
    return error_text(error, lang)


def decided_text(record, code: str, lang: str) -> str:
    return t("credit.decided", lang, code=code, decision=decision_label(record.decision, lang),
             analyst=record.analyst, version=version_label(record.model_version, lang), score=record.score)


def trained_text(metadata: dict, lang: str) -> str:
    """What training did: a candidate saved, or (set-up, nothing live) the first live model."""
    live = "setup" if metadata.get("release") else "candidate"
    return t(f"credit.trained.{live}", lang, version=version_label(metadata["version"], lang))


def decisions_blocks(log: pd.DataFrame, lang: str) -> list[Block]:
    if log.empty:
        return [Block("info", t("credit.decisions.empty", lang))]
    return [table(decisions_table(log, lang), "credit_decisions_table")]


def decisions_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("credit.col.decided_at", lang): [moment_label(d, lang) for d in log["decided_at"]],
        t("credit.col.code", lang): log["code"],
        t("credit.analyst", lang): log["analyst"],
        t("credit.decision", lang): [decision_label(d, lang) for d in log["decision"]],
        t("credit.col.band", lang): [band_label(b, lang) for b in log["band"]],
        t("credit.col.score", lang): log["score"],
        t("credit.model.version", lang): [version_label(v, lang) for v in log["model_version"]],
        t("credit.col.override", lang): log["override_reason"],
    })


# --- the model card -------------------------------------------------------------------------
def source_text(metadata: dict, lang: str, policy=DEFAULT_POLICY) -> str:
    """Where the model learned, in a credit lead's words."""
    source, rows = metadata.get("source") or {}, metadata.get("rows") or {}
    period = metadata.get("training_period") or {}
    start, end = (format_date(datetime.fromisoformat(period[k]).date(), lang) if period.get(k) else "—"
                  for k in ("from", "to"))
    if source.get("kind") == "database":
        return t("credit.model.source.database", lang, rows=rows.get("total", 0), start=start, end=end,
                 weeks=policy.performance_weeks, days=policy.bad_days_past_due)
    return t("credit.model.source.csv", lang, file=source.get("file", "—"), rows=rows.get("total", 0),
             user=source.get("trained_by") or "—")


def model_facts(model, release: dict | None, lang: str) -> list[tuple[str, str]]:
    """The model card's headline, (label, value): version (a date), trainer, rows, who put it live."""
    rows = model.metadata.get("rows", {})
    published = "—" if release is None else t(f"credit.release.kind.{release['kind']}", lang,
                                              user=release["published_by"])
    return [(t("credit.model.version", lang), version_label(model.version, lang)),
            (t("credit.model.trained_by", lang), model.metadata.get("trained_by") or "—"),
            (t("credit.model.rows", lang), f"{rows.get('training', 0)} / {rows.get('validation', 0)}"),
            (t("credit.model.published", lang), published)]


def validation_caption(metadata: dict, lang: str) -> str:
    period = metadata.get("validation_period") or {}
    start, end = (format_date(datetime.fromisoformat(period[k]).date(), lang) if period.get(k) else "—"
                  for k in ("from", "to"))
    return t("credit.model.validation", lang, start=start, end=end)


def _auc_text(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def champion_text(metadata: dict, lang: str) -> str:
    """Why the champion won, from the evidence recorded at training."""
    selection, champion = metadata.get("selection") or {}, metadata.get("champion")
    evidence = selection.get("evidence") or {}
    challenger = next((k for k in evidence if k != champion), None)
    if challenger is None:
        return t("credit.model.why.alone", lang, champion=kind_label(champion, lang))
    method = "rolling" if selection.get("method") == "rolling" else "validation"
    won, lost = evidence.get(champion), evidence.get(challenger)
    tie = won is not None and lost is not None and abs(won - lost) <= SELECTION_TIE
    key = "credit.model.why.tie" if tie else "credit.model.why.better"
    return " ".join([t(f"credit.model.why.{method}", lang, rows=(metadata.get("rows") or {}).get("validation", 0),
                       minimum=selection.get("minimum_rows", 500),
                       folds=len(selection.get("folds", [])),
                       measured=sum(fold.get("rows", 0) for fold in selection.get("folds", []))),
                     t(key, lang, champion=kind_label(champion, lang), challenger=kind_label(challenger, lang),
                       won=_auc_text(won), lost=_auc_text(lost))])


def metrics_table(metadata: dict, lang: str) -> pd.DataFrame:
    """Champion and challenger side by side: the validation metrics and the selection evidence."""
    found, champion = metadata.get("metrics", {}), metadata.get("champion")
    evidence = (metadata.get("selection") or {}).get("evidence") or {}
    challenger = next((k for k in (metadata.get("candidates") or {}) if k != champion), None)
    column = {}
    for role, kind in (("champion", champion), ("challenger", challenger)):
        values = [(found.get(role) or {}).get(k) for k in METRICS] + [evidence.get(kind)]
        column[t(f"credit.model.{role}", lang, kind=kind_label(kind, lang))] = [
            None if v is None else round(float(v), 3) for v in values]
    return pd.DataFrame({t("credit.model.metric", lang): ["ROC AUC", "KS", "Brier", t("credit.model.evidence", lang)],
                         **column})


def calibration_figure(tables: dict[str, list[dict]], lang: str) -> go.Figure | None:
    """Predicted vs observed bad rate, one line per model (name → metadata calibration_table)."""
    frames = {name: pd.DataFrame(rows) for name, rows in tables.items() if rows}
    if not frames:
        return None
    top = float(max(max(f["predicted"].max(), f["observed"].max()) for f in frames.values()))
    figure = go.Figure([go.Scatter(x=[0, max(top, 0.01)], y=[0, max(top, 0.01)], mode="lines",
                                   line={"dash": "dot", "color": "grey"}, showlegend=False)]
                       + [go.Scatter(x=f["predicted"], y=f["observed"], mode="lines+markers", name=name)
                          for name, f in frames.items()])
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


def _stability_blocks(watch: dict, lang: str, key: str) -> list[Block]:
    blocks = [Block("markdown", f"**{t('credit.model.stability', lang)}**"),
              Block("caption", t("credit.model.psi_caption", lang, threshold=PSI_ALERT))]
    if not watch.get("psi"):
        return blocks + [Block("caption", t("credit.model.no_recent", lang))]
    return blocks + [metrics([(t("credit.model.score_psi", lang), format_number(watch["score_psi"], 3))]),
                     table(psi_table(watch, lang), f"{key}_psi_table"),
                     chart(score_figure(watch, lang), f"{key}_score_chart")]


def _rate(value) -> str:
    return "—" if value is None else format_percent(value)


def override_blocks(overrides: dict, lang: str) -> list[Block]:
    """Override rate by analyst and band; overridden approvals' realized bad rate vs the band's."""
    blocks = [Block("markdown", f"**{t('credit.overrides', lang)}**"),
              Block("caption", t("credit.overrides.caption", lang))]
    if not overrides.get("decisions"):
        return blocks + [Block("caption", t("credit.overrides.none", lang))]

    def rates(rows: list[dict], by: str, label) -> pd.DataFrame:
        return pd.DataFrame({t(f"credit.overrides.{by}", lang): [label(r[by]) for r in rows],
                             t("credit.overrides.decisions", lang): [r["decisions"] for r in rows],
                             t("credit.overrides.count", lang): [r["overrides"] for r in rows],
                             t("credit.overrides.rate", lang): [format_percent(r["rate"]) for r in rows]})

    blocks += [table(rates(overrides["by_analyst"], "analyst", str), "credit_overrides_analyst"),
               table(rates(overrides["by_band"], "band", lambda b: band_label(b, lang)), "credit_overrides_band")]
    outcomes = [r for r in overrides.get("outcomes", []) if r["approvals"]]
    if not outcomes:
        return blocks + [Block("caption", t("credit.overrides.no_outcomes", lang))]
    return blocks + [table(pd.DataFrame({
        t("credit.col.band", lang): [band_label(r["band"], lang) for r in outcomes],
        t("credit.overrides.approvals", lang): [r["approvals"] for r in outcomes],
        t("credit.overrides.band_bad_rate", lang): [_rate(r["bad_rate"]) for r in outcomes],
        t("credit.overrides.overridden", lang): [r["overridden"] for r in outcomes],
        t("credit.overrides.overridden_bad_rate", lang): [_rate(r["overridden_bad_rate"]) for r in outcomes],
    }), "credit_overrides_outcomes")]


def releases_table(history: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("credit.release.when", lang): [moment_label(r["published_at"], lang) for r in history],
        t("credit.release.what", lang): [t(f"credit.release.kind.{r['kind']}", lang, user=r["published_by"])
                                         for r in history],
        t("credit.model.version", lang): [version_label(r["version"], lang) for r in history],
        t("credit.model.trained_by", lang): [r["trained_by"] or "—" for r in history],
        t("credit.release.reason", lang): [r["override_reason"] for r in history],
    })


def model_card(model, watch: dict, release: dict | None, history: list[dict], lang: str) -> list[Block]:
    """The live model's card, as a credit lead would write it."""
    meta = model.metadata
    blocks = [metrics(model_facts(model, release, lang)), Block("caption", source_text(meta, lang)),
              Block("markdown", f"**{t('credit.model.champion_vs', lang)}**"),
              Block("markdown", champion_text(meta, lang)),
              Block("caption", validation_caption(meta, lang)),
              table(metrics_table(meta, lang), "credit_metrics_table")]
    calibration = calibration_figure({t("credit.model.observed", lang): meta.get("calibration_table", [])}, lang)
    if calibration is not None:
        blocks += [Block("markdown", f"**{t('credit.model.calibration', lang)}**"),
                   chart(calibration, "credit_calibration_chart")]
    blocks += [Block("markdown", f"**{t('credit.model.bands', lang)}**"),
               table(band_table(meta.get("band_table", []), lang), "credit_band_table")]
    blocks += _stability_blocks(watch, lang, "credit")
    if watch.get("realized"):
        blocks += [Block("markdown", f"**{t('credit.model.realized', lang)}**"),
                   table(band_table(watch["realized"], lang), "credit_realized_table")]
    blocks += override_blocks(watch.get("overrides") or {}, lang)
    if history:
        blocks += [Block("markdown", f"**{t('credit.release.history', lang)}**"),
                   table(releases_table(history, lang), "credit_releases_table")]
    return blocks


# --- a candidate's review before publishing ----------------------------------------------------------
def candidate_label(metadata: dict, lang: str) -> str:
    champion = (metadata.get("metrics") or {}).get("champion") or {}
    return t("credit.candidate.label", lang, when=version_label(metadata["version"], lang),
             user=metadata.get("trained_by") or "—", auc=_auc_text(champion.get("roc_auc")),
             source=t(f"credit.candidate.source.{(metadata.get('source') or {}).get('kind', 'csv')}", lang))


def problem_text(problem: str, lang: str, review=None) -> str:
    values = {}
    if review is not None:
        values = {"floor": format_number(review.floor, 2),
                  "auc": _auc_text(((review.candidate.get("metrics") or {}).get("champion") or {}).get("roc_auc")),
                  "correlation": format_number(review.shift.get("correlation") or 0, 2)}
    return t(f"credit.review.problem.{problem}" + ("" if review is not None else ".short"), lang, **values)


def _side_by_side(review, lang: str) -> pd.DataFrame:
    def column(metadata: dict | None) -> list:
        if metadata is None:
            return ["—"] * 6
        champion = (metadata.get("metrics") or {}).get("champion") or {}
        return [kind_label(metadata.get("champion"), lang), version_label(metadata.get("version"), lang),
                *[_auc_text(champion.get(k)) for k in METRICS],
                str((metadata.get("rows") or {}).get("validation", "—"))]

    names = [t("credit.review.champion", lang), t("credit.model.version", lang), "ROC AUC", "KS", "Brier",
             t("credit.review.validation_rows", lang)]
    return pd.DataFrame({t("credit.model.metric", lang): names,
                         t("credit.review.candidate", lang): column(review.candidate),
                         t("credit.review.live", lang): column(review.live)})


def review_blocks(review, lang: str) -> list[Block]:
    """What a credit lead sees before publishing a candidate."""
    if review.missing:
        return [Block("error", t("credit.error.missing_columns", lang, columns=", ".join(review.missing)))]
    shift = review.shift
    blocks = [table(_side_by_side(review, lang), "credit_review_metrics"),
              Block("markdown", champion_text(review.candidate, lang))]
    blocks += [Block("warning", problem_text(p, lang, review)) for p in review.problems]
    calibration = calibration_figure({t("credit.review.candidate", lang): review.candidate.get("calibration_table", []),
                                      t("credit.review.live", lang): (review.live or {}).get("calibration_table", [])},
                                     lang)
    if calibration is not None:
        blocks += [Block("markdown", f"**{t('credit.model.calibration', lang)}**"),
                   chart(calibration, "credit_review_calibration")]
    blocks.append(Block("markdown", f"**{t('credit.review.shift', lang)}**"))
    if review.live is None:
        return blocks + [Block("caption", t("credit.review.no_live", lang))] + _stability_blocks(review.stability, lang,
                                                                                                 "credit_review")
    correlation = shift.get("correlation")
    blocks.append(metrics([
        (t("credit.review.pending", lang), shift.get("pending", 0)),
        (t("credit.review.changed", lang), shift.get("changed", 0)),
        (t("credit.review.correlation", lang), "—" if correlation is None else format_number(correlation, 2)),
        (t("credit.review.mean_change", lang), "—" if shift.get("mean_score_change") is None
         else f"{shift['mean_score_change']:+.0f}")]))
    blocks.append(Block("caption", t(f"credit.review.correlation_basis.{shift.get('correlation_basis', 'pending')}",
                                     lang, rows=shift.get("correlation_rows", 0))))
    if shift.get("transitions"):
        blocks.append(table(pd.DataFrame({
            t("credit.review.live_band", lang): [band_label(r["live"], lang) for r in shift["transitions"]],
            t("credit.review.candidate_band", lang): [band_label(r["candidate"], lang) for r in shift["transitions"]],
            t("credit.model.rows_col", lang): [r["count"] for r in shift["transitions"]]}),
            "credit_review_transitions"))
    return blocks + _stability_blocks(review.stability, lang, "credit_review")

