"""Track C — LTO credit decisions: the pending queue, one application's score, band, policy
rules and SHAP explanation, a what-if, the audited decision, and the model card. Tables, figures
and sentences come from lafa_core.credit.presentation; this page lays them out."""
import streamlit as st

import ui
import ui_cache
from lafa_core import credit
from lafa_core.config import get_settings
from lafa_core.credit import presentation as view
from lafa_core.credit.explain import reason_sentence
from lafa_core.credit.metrics import PSI_ALERT
from lafa_core.credit.policy import BAND_DECISION
from lafa_core.errors import LocalizedError, error_text
from lafa_core.i18n import format_number
from lafa_core.users import Action, Page, can

tr, lang = ui.tr, ui.lang()
REFUSED = (LocalizedError, credit.AlreadyDecided)  # every refusal a service explains (InvalidInput included)


def work():
    """One service call's unit of work, acting as the signed-in user."""
    return ui.work(user)


def train_with_progress() -> None:
    bar = st.progress(0.0, text=tr("credit.training", stage="…"))
    try:
        metadata = credit.train_from_database(work(), progress=lambda stage, fraction: bar.progress(
            min(fraction, 1.0), text=tr("credit.training", stage=stage)))
    except (credit.TrainingDataError, credit.ModelRejected) as exc:
        bar.empty()
        st.error(tr("credit.train_failed", error=error_text(exc, lang)))
        return
    st.session_state["credit_flash"] = tr("credit.trained", version=metadata["version"])
    st.rerun()


def table(frame, key: str, **options) -> None:
    st.dataframe(frame, hide_index=True, key=key, **options)


engine, user = ui.page(Page.CREDIT)
st.title(tr("credit.title"))
st.caption(tr("credit.caption"))
database_url = get_settings().database_url

model = ui_cache.credit_model()
if model is None:
    st.info(tr("credit.no_model"))
    if can(user.role, Action.CREDIT_PUBLISH) and st.button(tr("credit.train"), key="credit_train_first", type="primary"):
        train_with_progress()
    st.stop()
if "credit_flash" in st.session_state:
    st.success(st.session_state.pop("credit_flash"))
try:
    queue = ui_cache.credit_queue(database_url, model.version, model)
except credit.ModelIncompatible as exc:
    st.error(tr("credit.incompatible", error=str(exc)))
    if can(user.role, Action.CREDIT_PUBLISH) and st.button(tr("credit.retrain"), key="credit_retrain_incompatible"):
        train_with_progress()
    st.stop()

queue_tab, model_tab, decisions_tab = st.tabs(
    [tr("credit.tab.queue"), tr("credit.tab.model"), tr("credit.tab.decisions")])

# --- queue, detail, what-if, decision ---------------------------------------------------
def show_queue() -> int | None:
    """The pending applications in the chosen bands; returns the one chosen for review."""
    every = [b.value for b in credit.Band]
    bands = st.multiselect(tr("credit.filter.band"), every, default=every, format_func=lambda b: view.band_label(b, lang),
                           key="credit_band_filter")
    shown = queue[queue["band"].isin(bands)]
    if queue.empty or shown.empty:
        st.info(tr("credit.queue.empty" if queue.empty else "credit.queue.none_in_band"))
        return None
    st.caption(tr("credit.queue.count", count=len(shown)))
    table(view.queue_table(shown, lang), "credit_queue_table", width="stretch",
          column_config={tr("credit.col.pd"): st.column_config.NumberColumn(format="%.1f %%")})
    # The selectbox keeps its choice by label: an application's label must not change while it is
    # chosen, even once a colleague decides it (it then stays on screen, marked, so a decision
    # being written is never applied to whichever application comes first instead).
    labels = st.session_state.setdefault("credit_labels", {})
    labels.update({int(i): f"{code} — {name}" for i, code, name in zip(shown["id"], shown["code"], shown["applicant_name"])})
    options = [int(i) for i in shown["id"]]
    current = st.session_state.get("credit_application")
    if current in labels and current not in options:
        options.append(current)
        st.warning(tr("credit.queue.not_pending", id=labels[current]))
    return st.selectbox(tr("credit.choose"), options, format_func=labels.get, key="credit_application")


def show_assessment(assessment) -> None:
    app = assessment.application
    st.subheader(tr("credit.detail", code=app["code"], name=app["applicant_name"]))
    for column, (label, value) in zip(st.columns(3), view.headline(assessment, lang)):
        column.metric(label, value)
    st.info(view.recommendation(assessment, lang))
    st.markdown(f"**{tr('credit.rules')}**")
    for code in assessment.rules_fired:
        st.error(view.rule_text(code, assessment.rule_details[code], lang))
    if not assessment.rules_fired:
        st.success(tr("credit.rules.none"))
    explain_col, reasons_col = st.columns([3, 2])
    explain_col.markdown(f"**{tr('credit.explanation')}**")
    explain_col.plotly_chart(view.waterfall_figure(assessment, lang), width="stretch", key="credit_waterfall")
    explain_col.caption(tr("credit.explanation.caption"))
    reasons_col.markdown(f"**{tr('credit.reasons')}**")
    reasons_col.markdown("\n".join(f"- {reason_sentence(r, lang)}" for r in assessment.reasons))
    reasons_col.markdown(f"**{tr('credit.features')}**")
    with reasons_col:
        table(view.features_table(model, assessment, lang), "credit_features_table", width="stretch")
    st.markdown(f"**{tr('credit.similar')}**")
    similar = ui_cache.credit_similar(database_url, model.version, int(app["id"]), model)
    st.caption(tr("credit.similar.none") if similar.empty else view.similar_summary(similar, lang))
    if not similar.empty:
        table(view.similar_table(similar, lang), "credit_similar_table", width="stretch")


def show_what_if(assessment) -> None:
    application_id, inputs = int(assessment.application["id"]), view.what_if_inputs(assessment.application)
    with st.expander(tr("credit.whatif"), expanded=False):
        st.caption(tr("credit.whatif.caption"))
        changes = {field.name: int(column.number_input(
            tr(field.label_key), min_value=field.minimum, max_value=field.maximum, value=field.value, step=field.step,
            key=f"credit_whatif_{field.name}_{application_id}")) * field.unit
            for column, field in zip(st.columns(len(inputs)), inputs)}
        try:
            what_if = credit.assess_application(work(), model, application_id, changes)
        except REFUSED as exc:
            st.error(view.refusal_text(exc, lang))
            return
        w1, w2 = st.columns(2)
        w1.metric(tr("credit.whatif.score"), what_if.score, delta=what_if.score - assessment.score)
        w2.metric(tr("credit.whatif.band"), view.band_label(what_if.band, lang))


def show_decision(assessment) -> None:
    st.markdown(f"**{tr('credit.decision')}**")
    if not can(user.role, Action.CREDIT_DECIDE):
        st.info(tr("credit.decide_needs_analyst"))
        return
    with st.form("credit_decision_form"):
        decision = st.radio(tr("credit.decision"), list(credit.DECISIONS), horizontal=True,
                            index=credit.DECISIONS.index(BAND_DECISION[assessment.band].value),
                            format_func=lambda d: view.decision_label(d, lang), key="credit_decision")
        reason = st.text_area(tr("credit.reason"), key="credit_reason")
        if not st.form_submit_button(tr("credit.submit"), type="primary"):
            return
    try:
        record = credit.decide(work(), model, int(assessment.application["id"]), decision=decision, reason=reason)
    except REFUSED as exc:
        st.error(view.refusal_text(exc, lang))
        if isinstance(exc, credit.AlreadyDecided):
            ui_cache.credit_queue.clear()
        return
    st.session_state["credit_flash"] = view.decided_text(record, assessment.application["code"], lang)
    ui_cache.credit_queue.clear()
    st.session_state.pop("credit_application", None)  # on to the next application
    st.rerun()


with queue_tab:
    if (chosen := show_queue()) is not None:
        try:
            assessment = credit.assess_application(work(), model, chosen)
        except credit.ApplicationNotFound:
            st.warning(tr("credit.not_found"))
        else:
            show_assessment(assessment)
            show_what_if(assessment)
            show_decision(assessment)

# --- model card --------------------------------------------------------------------------
with model_tab:
    meta = model.metadata
    for column, (label, value) in zip(st.columns(3), view.model_facts(model, lang)):
        column.metric(label, value)
    st.caption(view.model_source(meta, lang))
    st.markdown(f"**{tr('credit.model.metrics')}**")
    st.caption(view.validation_caption(meta, lang))
    table(view.metrics_table(meta, lang), "credit_metrics_table")
    if (calibration := view.calibration_figure(meta, lang)) is not None:
        st.markdown(f"**{tr('credit.model.calibration')}**")
        st.plotly_chart(calibration, width="stretch", key="credit_calibration_chart")
    st.markdown(f"**{tr('credit.model.bands')}**")
    table(view.band_table(meta.get("band_table", []), lang), "credit_band_table")

    watch = ui_cache.credit_monitoring(database_url, model.version, model)
    st.markdown(f"**{tr('credit.model.stability')}**")
    st.caption(tr("credit.model.psi_caption", threshold=PSI_ALERT))
    if watch["psi"]:
        st.metric(tr("credit.model.score_psi"), format_number(watch["score_psi"], 3))
        table(view.psi_table(watch, lang), "credit_psi_table")
        st.plotly_chart(view.score_figure(watch, lang), width="stretch", key="credit_score_chart")
    else:
        st.caption(tr("credit.model.no_recent"))
    if watch["realized"]:
        st.markdown(f"**{tr('credit.model.realized')}**")
        table(view.band_table(watch["realized"], lang), "credit_realized_table")
    if can(user.role, Action.CREDIT_PUBLISH) and st.button(tr("credit.retrain"), key="credit_retrain"):
        train_with_progress()

# --- audit trail --------------------------------------------------------------------------
with decisions_tab:
    log = credit.recent_decisions(work())
    if log.empty:
        st.info(tr("credit.decisions.empty"))
    else:
        table(view.decisions_table(log, lang), "credit_decisions_table", width="stretch")
