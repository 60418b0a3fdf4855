"""Track C — LTO credit decisions: the pending queue, one application's score, band, policy
rules and SHAP explanation, a what-if, the audited decision, and the model card."""
import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui
import ui_cache
from lafa_core import credit
from lafa_core.config import get_settings
from lafa_core.credit.explain import feature_label, format_value, reason_sentence
from lafa_core.credit.metrics import PSI_ALERT, SCORE_BIN_EDGES
from lafa_core.credit.policy import BAND_DECISION
from lafa_core.credit.service import DECISIONS
from lafa_core.errors import error_text
from lafa_core.i18n import format_date, format_mxn, format_number, format_percent

tr = ui.tr
BAND_COLORS = {"green": "#2E8B57", "yellow": "#E0B21F", "red": "#C8453B"}
WATERFALL_BARS = 8  # the strongest contributions drawn one by one; the rest in one bar


def band_label(band) -> str:
    return tr(f"credit.band.{getattr(band, 'value', band)}")


def rule_text(code: str, detail: dict) -> str:
    values = {k: (format_mxn(v) if k in ("earnings", "floor", "rate") else v) for k, v in detail.items()}
    return tr(f"credit.rule.{code}", **values)


def train_with_progress(engine) -> None:
    bar = st.progress(0.0, text=tr("credit.training", stage="…"))
    try:
        metadata = credit.train_from_database(
            engine, progress=lambda stage, fraction: bar.progress(min(fraction, 1.0),
                                                                  text=tr("credit.training", stage=stage)))
    except (credit.TrainingDataError, credit.ModelRejected) as exc:
        bar.empty()
        st.error(tr("credit.train_failed", error=error_text(exc, ui.lang())))
        return
    st.session_state["credit_flash"] = tr("credit.trained", version=metadata["version"])
    st.rerun()


st.title(tr("credit.title"))
st.caption(tr("credit.caption"))
engine = ui.require_database()
database_url = get_settings().database_url

model = ui_cache.credit_model()
if model is None:
    st.info(tr("credit.no_model"))
    if st.button(tr("credit.train"), key="credit_train_first", type="primary"):
        train_with_progress(engine)
    st.stop()

if "credit_flash" in st.session_state:
    st.success(st.session_state.pop("credit_flash"))

try:
    queue = ui_cache.credit_queue(database_url, model.version, model)
except credit.ModelIncompatible as exc:
    st.error(tr("credit.incompatible", error=str(exc)))
    if st.button(tr("credit.retrain"), key="credit_retrain_incompatible"):
        train_with_progress(engine)
    st.stop()

queue_tab, model_tab, decisions_tab = st.tabs(
    [tr("credit.tab.queue"), tr("credit.tab.model"), tr("credit.tab.decisions")])

# --- queue, detail, what-if, decision ---------------------------------------------------
with queue_tab:
    bands = st.multiselect(tr("credit.filter.band"), [b.value for b in credit.Band],
                           default=[b.value for b in credit.Band], format_func=band_label, key="credit_band_filter")
    shown = queue[queue["band"].isin(bands)]
    if queue.empty:
        st.info(tr("credit.queue.empty"))
    elif shown.empty:
        st.info(tr("credit.queue.none_in_band"))
    else:
        st.caption(tr("credit.queue.count", count=len(shown)))
        st.dataframe(
            pd.DataFrame({
                tr("credit.col.code"): shown["code"],
                tr("credit.col.applicant"): shown["applicant_name"],
                tr("credit.col.submitted"): [format_date(t.date(), ui.lang()) for t in shown["submitted_at"]],
                tr("credit.col.score"): shown["score"],
                tr("credit.col.band"): [band_label(b) for b in shown["band"]],
                tr("credit.col.pd"): shown["probability_of_default"] * 100,
                tr("credit.col.rules"): [", ".join(tr(f"credit.rule_name.{c}") for c in codes.split(", ") if c)
                                         for codes in shown["rules_fired"]],
                tr("credit.col.earnings"): [format_mxn(v) for v in shown["platform_weekly_earnings_centavos"]],
                tr("credit.col.rate"): [format_mxn(v) for v in shown["requested_weekly_rate_centavos"]],
            }),
            hide_index=True, width="stretch", key="credit_queue_table",
            column_config={tr("credit.col.pd"): st.column_config.NumberColumn(format="%.1f %%")},
        )
        names = dict(zip(shown["id"], shown["code"] + " — " + shown["applicant_name"]))
        current = st.session_state.get("credit_application")
        if current is not None and current not in names:
            # Decided by a colleague (or filtered out) meanwhile: keep it on screen, so a decision
            # being written is never applied to whichever application comes first instead.
            names[current] = tr("credit.queue.not_pending", id=current)
        application_id = st.selectbox(tr("credit.choose"), list(names), format_func=names.get, key="credit_application")
        try:
            assessment = credit.assess_application(engine, model, int(application_id))
        except credit.ApplicationNotFound:
            st.warning(tr("credit.not_found"))
            st.stop()
        app = assessment.application

        st.subheader(tr("credit.detail", code=app["code"], name=app["applicant_name"]))
        score_col, band_col, pd_col = st.columns(3)
        score_col.metric(tr("credit.score"), assessment.score)
        band_col.metric(tr("credit.band"), band_label(assessment.band))
        pd_col.metric(tr("credit.pd"), format_percent(assessment.probability_of_default, 1))
        if assessment.band is credit.Band.YELLOW:
            st.info(tr("credit.recommend.yellow", deposit=format_mxn(assessment.conditions["deposit_centavos"]),
                       term=assessment.conditions["term_weeks"]))
        else:
            st.info(tr(f"credit.recommend.{assessment.band.value}"))

        st.markdown(f"**{tr('credit.rules')}**")
        if assessment.rules_fired:
            for code in assessment.rules_fired:
                st.error(rule_text(code, assessment.rule_details[code]))
        else:
            st.success(tr("credit.rules.none"))

        explain_col, reasons_col = st.columns([3, 2])
        with explain_col:
            st.markdown(f"**{tr('credit.explanation')}**")
            ranked = sorted(assessment.contributions.items(), key=lambda kv: -abs(kv[1]))
            top, rest = ranked[:WATERFALL_BARS], ranked[WATERFALL_BARS:]
            labels = [tr("credit.waterfall.base")] + [feature_label(f, ui.lang()) for f, _ in top]
            values = [assessment.base_value] + [v for _, v in top]
            measures = ["absolute"] + ["relative"] * len(top)
            if rest:
                labels.append(tr("credit.waterfall.other"))
                values.append(sum(v for _, v in rest))
                measures.append("relative")
            labels.append(tr("credit.waterfall.total"))
            values.append(assessment.log_odds)
            measures.append("total")
            figure = go.Figure(go.Waterfall(
                orientation="h", y=labels, x=values, measure=measures,
                increasing={"marker": {"color": BAND_COLORS["red"]}},
                decreasing={"marker": {"color": BAND_COLORS["green"]}},
                totals={"marker": {"color": "#5B5EA6"}}))
            figure.update_layout(height=80 + 32 * len(labels), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                                 xaxis_title=tr("credit.waterfall.axis"), yaxis={"autorange": "reversed"})
            st.plotly_chart(figure, width="stretch", key="credit_waterfall")
            st.caption(tr("credit.explanation.caption"))
        with reasons_col:
            st.markdown(f"**{tr('credit.reasons')}**")
            st.markdown("\n".join(f"- {reason_sentence(r, ui.lang())}" for r in assessment.reasons))
            st.markdown(f"**{tr('credit.features')}**")
            st.dataframe(pd.DataFrame({
                tr("credit.col.feature"): [feature_label(f, ui.lang()) for f in model.features],
                tr("credit.col.value"): [format_value(f, assessment.features.get(f), ui.lang())
                                         if pd.notna(assessment.features.get(f)) else tr("credit.value.missing")
                                         for f in model.features],
            }), hide_index=True, width="stretch", key="credit_features_table")

        st.markdown(f"**{tr('credit.similar')}**")
        similar = ui_cache.credit_similar(database_url, model.version, int(application_id), model)
        if similar.empty:
            st.caption(tr("credit.similar.none"))
        else:
            st.caption(tr("credit.similar.summary", bad=int(similar["bad"].sum()), count=len(similar),
                          rate=format_percent(float(similar["bad"].mean()), 0)))
            st.dataframe(pd.DataFrame({
                tr("credit.col.code"): similar["code"],
                tr("credit.col.started"): [format_date(d, ui.lang()) for d in similar["start_on"]],
                tr("credit.col.outcome"): [tr("credit.outcome.bad" if b else "credit.outcome.good")
                                           for b in similar["bad"]],
                tr("credit.col.earnings"): [format_mxn(v) for v in similar["platform_weekly_earnings_centavos"]],
                tr("credit.col.distance"): similar["distance"].round(2),
            }), hide_index=True, width="stretch", key="credit_similar_table")

        with st.expander(tr("credit.whatif"), expanded=False):
            st.caption(tr("credit.whatif.caption"))
            # (field, label key, shown in pesos?, step): money in pesos on screen, centavos in the call.
            inputs = [("platform_weekly_earnings_centavos", "credit.whatif.earnings", True, 100),
                      ("declared_monthly_income_centavos", "credit.whatif.income", True, 500),
                      ("requested_deposit_centavos", "credit.whatif.deposit", True, 500),
                      ("requested_term_weeks", "credit.whatif.term", False, 4)]
            changes = {}
            for column, (name, label, pesos, step) in zip(st.columns(len(inputs)), inputs):
                unit = 100 if pesos else 1
                value = column.number_input(tr(label), min_value=0 if pesos else 1, value=int(app[name]) // unit,
                                            step=step, key=f"credit_whatif_{name}_{application_id}")
                changes[name] = int(value) * unit
            what_if = credit.assess_application(engine, model, int(application_id), changes)
            w1, w2 = st.columns(2)
            w1.metric(tr("credit.whatif.score"), what_if.score, delta=what_if.score - assessment.score)
            w2.metric(tr("credit.whatif.band"), band_label(what_if.band))

        st.markdown(f"**{tr('credit.decision')}**")
        with st.form("credit_decision_form"):
            analyst = st.text_input(tr("credit.analyst"), value=st.session_state.get("credit_analyst_name", ""),
                                    key="credit_analyst")
            decision = st.radio(tr("credit.decision"), list(DECISIONS), horizontal=True,
                                index=DECISIONS.index(BAND_DECISION[assessment.band].value),
                                format_func=lambda d: tr(f"credit.decision.{d}"), key="credit_decision")
            reason = st.text_area(tr("credit.reason"), key="credit_reason")
            submitted = st.form_submit_button(tr("credit.submit"), type="primary")
        if submitted:
            try:
                record = credit.decide(engine, model, int(application_id), decision=decision, analyst=analyst,
                                       reason=reason)
            except credit.AlreadyDecided as exc:
                st.error(tr("credit.already_decided", analyst=exc.analyst or tr("credit.already_decided.unknown"),
                            decision=tr(f"credit.decision.{exc.status}") if exc.status in DECISIONS else exc.status,
                            when=format_date(exc.decided_at.date(), ui.lang()) if exc.decided_at else "—"))
                ui_cache.credit_queue.clear()
            except credit.ReasonRequired:
                st.error(tr("credit.reason_required", band=band_label(assessment.band)))
            except credit.InvalidDecision:
                st.error(tr("credit.analyst_required"))
            except credit.ApplicationNotFound:
                st.warning(tr("credit.not_found"))
            else:
                st.session_state["credit_analyst_name"] = record.analyst
                st.session_state["credit_flash"] = tr(
                    "credit.decided", code=app["code"], decision=tr(f"credit.decision.{record.decision}"),
                    analyst=record.analyst, version=record.model_version, score=record.score)
                ui_cache.credit_queue.clear()
                st.session_state.pop("credit_application", None)  # on to the next application
                st.rerun()

# --- model card --------------------------------------------------------------------------
with model_tab:
    meta = model.metadata
    m1, m2, m3 = st.columns(3)
    m1.metric(tr("credit.model.version"), model.version)
    m2.metric(tr("credit.model.trained_at"), meta.get("trained_at", "—")[:16].replace("T", " "))
    rows = meta.get("rows", {})
    m3.metric(tr("credit.model.rows"), f"{rows.get('training', 0)} / {rows.get('validation', 0)}")
    st.caption(f"{tr('credit.model.source')}: {json.dumps(meta.get('source', {}), ensure_ascii=False)}")
    period = meta.get("validation_period") or {}
    st.markdown(f"**{tr('credit.model.metrics')}**")
    st.caption(tr("credit.model.validation", start=period.get("from", "—"), end=period.get("to", "—")))
    metrics_rows = meta.get("metrics", {})
    st.dataframe(pd.DataFrame({
        tr("credit.model.metric"): ["ROC AUC", "KS", "Brier"],
        tr("credit.model.champion"): [metrics_rows.get("champion", {}).get(k) for k in ("roc_auc", "ks", "brier")],
        tr("credit.model.challenger"): [metrics_rows.get("challenger", {}).get(k) for k in ("roc_auc", "ks", "brier")],
    }).round(3), hide_index=True, key="credit_metrics_table")

    calibration = pd.DataFrame(meta.get("calibration_table", []))
    if not calibration.empty:
        st.markdown(f"**{tr('credit.model.calibration')}**")
        top = float(max(calibration["predicted"].max(), calibration["observed"].max(), 0.01))
        figure = go.Figure([
            go.Scatter(x=[0, top], y=[0, top], mode="lines", line={"dash": "dot", "color": "grey"}, showlegend=False),
            go.Scatter(x=calibration["predicted"], y=calibration["observed"], mode="lines+markers",
                       name=tr("credit.model.observed")),
        ])
        figure.update_layout(height=320, xaxis_title=tr("credit.model.predicted"),
                             yaxis_title=tr("credit.model.observed"),
                             xaxis_tickformat=".0%", yaxis_tickformat=".0%", margin={"t": 10})
        st.plotly_chart(figure, width="stretch", key="credit_calibration_chart")

    def band_frame(rows: list[dict]) -> pd.DataFrame:
        return pd.DataFrame({
            tr("credit.col.band"): [band_label(r["band"]) for r in rows],
            tr("credit.model.rows_col"): [r["rows"] for r in rows],
            tr("credit.model.share"): [format_percent(r["share"]) for r in rows],
            tr("credit.model.bad_rate"): [format_percent(r["bad_rate"]) for r in rows],
        })

    st.markdown(f"**{tr('credit.model.bands')}**")
    st.dataframe(band_frame(meta.get("band_table", [])), hide_index=True, key="credit_band_table")

    watch = ui_cache.credit_monitoring(database_url, model.version, model)
    st.markdown(f"**{tr('credit.model.stability')}**")
    st.caption(tr("credit.model.psi_caption", threshold=PSI_ALERT))
    if watch["psi"]:
        score_psi = watch["score_psi"]
        st.metric(tr("credit.model.score_psi"), "—" if score_psi is None else format_number(score_psi, 3))
        psi = pd.DataFrame(watch["psi"]).sort_values("psi", ascending=False)
        st.dataframe(pd.DataFrame({
            tr("credit.col.feature"): [feature_label(f, ui.lang()) for f in psi["feature"]],
            "PSI": psi["psi"].round(3),
            tr("credit.model.shifted"): ["⚠️" if s else "" for s in psi["shifted"]],
        }), hide_index=True, key="credit_psi_table")
        centres = [(a + b) / 2 for a, b in zip(SCORE_BIN_EDGES[:-1], SCORE_BIN_EDGES[1:])]
        recent_counts = pd.cut(pd.Series(watch["recent_scores"]), SCORE_BIN_EDGES, include_lowest=True,
                               right=False).value_counts(normalize=True, sort=False).to_numpy()
        figure = go.Figure([
            go.Bar(x=centres, y=watch["training_score_shares"], name=tr("credit.model.training"), opacity=0.6),
            go.Bar(x=centres, y=recent_counts, name=tr("credit.model.recent"), opacity=0.6),
        ])
        figure.update_layout(barmode="overlay", height=300, title=tr("credit.model.scores"),
                             xaxis_title=tr("credit.score"), yaxis_tickformat=".0%", margin={"t": 40})
        st.plotly_chart(figure, width="stretch", key="credit_score_chart")
    else:
        st.caption(tr("credit.model.no_recent"))
    if watch["realized"]:
        st.markdown(f"**{tr('credit.model.realized')}**")
        st.dataframe(band_frame(watch["realized"]), hide_index=True, key="credit_realized_table")
    if st.button(tr("credit.retrain"), key="credit_retrain"):
        train_with_progress(engine)

# --- audit trail --------------------------------------------------------------------------
with decisions_tab:
    log = credit.recent_decisions(engine)
    if log.empty:
        st.info(tr("credit.decisions.empty"))
    else:
        st.dataframe(pd.DataFrame({
            tr("credit.col.decided_at"): [t.strftime("%Y-%m-%d %H:%M") for t in log["decided_at"]],
            tr("credit.col.code"): log["code"],
            tr("credit.analyst"): log["analyst"],
            tr("credit.decision"): [tr(f"credit.decision.{d}") for d in log["decision"]],
            tr("credit.col.band"): [band_label(b) for b in log["band"]],
            tr("credit.col.score"): log["score"],
            tr("credit.model.version"): log["model_version"],
            tr("credit.col.override"): log["override_reason"],
        }), hide_index=True, width="stretch", key="credit_decisions_table")
