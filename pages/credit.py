"""LTO credit decisions: queue, explained score, what-if, decision, model card, candidates (credit.presentation Blocks)."""
import streamlit as st

import ui
import ui_cache
from lafa_core import credit
from lafa_core.config import get_settings
from lafa_core.credit import presentation as view
from lafa_core.errors import LocalizedError, error_text
from lafa_core.users import Action, Page, can

tr, lang, render = ui.tr, ui.lang(), ui.render_blocks
REFUSED = (LocalizedError, credit.AlreadyDecided)  # every refusal a service explains (InvalidInput included)


def attempt(action, message: str, forget: tuple = ()) -> None:
    """Run a change: its refusal shown, or `forget` those keys and rerun saying `message` ({result}: its return)."""
    ui_cache.credit_queue.clear()  # done or refused (a colleague decided first), the queue is read again
    try:
        result = action()
    except REFUSED as exc:
        st.error(view.refusal_text(exc, lang))
    except (credit.TrainingDataError, credit.ModelRejected) as exc:
        st.error(tr("credit.train_failed", error=error_text(exc, lang)))
    else:
        for key in forget:
            st.session_state.pop(key, None)
        st.session_state["credit_flash"] = message.format(result=result)
        st.rerun()


def show_candidates(live_version) -> None:
    """Train a candidate; review one beside the live model and publish it (not its trainer); roll back."""
    if can(user.role, Action.CREDIT_TRAIN) and st.button(tr("credit.retrain" if live_version else "credit.train"),
                                                         key="credit_retrain" if live_version else "credit_train_first"):
        bar = st.progress(0.0, text=tr("credit.training", stage="…"))
        attempt(lambda: view.trained_text(credit.train_from_database(ui.work(user), progress=lambda stage, fraction: (
            bar.progress(min(fraction, 1.0), text=tr("credit.training", stage=stage)))), lang), "{result}")
        bar.empty()
    found, publisher = {m["version"]: m for m in credit.candidates(ui.work(user))}, can(user.role, Action.CREDIT_PUBLISH)
    version = st.selectbox(tr("credit.candidates.choose"), list(found), index=None, key="credit_candidate",
                           format_func=lambda v: view.candidate_label(found[v], lang),
                           placeholder=tr("credit.candidates.placeholder" if found else "credit.candidates.none"))
    if version is not None:
        render(view.review_blocks(review := credit.review(ui.work(user), version), lang))
        mine = (review.trainer or "").casefold() == user.actor.name.casefold()
        if review.publishable and publisher:
            with st.form(f"credit_publish_{version}"):
                reason = st.text_area(tr("credit.publish.reason.required" if review.needs_reason
                                         else "credit.publish.reason.optional"), key=f"credit_publish_reason_{version}")
                if st.form_submit_button(tr("credit.publish"), type="primary", disabled=mine):
                    attempt(lambda: credit.publish(ui.work(user), version, reason=reason, expected_live=live_version),
                            tr("credit.published", version=view.version_label(version, lang)))
            render([view.Block("info", tr("credit.publish.you_trained"))] if mine else [])
    if publisher and (target := credit.rollback_target(ui.work(user))):
        with st.expander(tr("credit.rollback", version=view.version_label(target, lang))):
            reason = st.text_input(tr("credit.rollback.reason"), key="credit_rollback_reason")
            if st.button(tr("credit.rollback.button"), key="credit_rollback"):
                attempt(lambda: credit.rollback(ui.work(user), reason=reason),
                        tr("credit.rolled_back", version=view.version_label(target, lang)))


def show_what_if(assessment) -> None:
    application_id, inputs = int(assessment.application["id"]), view.what_if_inputs(assessment.application)
    with st.expander(tr("credit.whatif"), expanded=False):
        changes = {field.name: int(column.number_input(
            tr(field.label_key), min_value=field.minimum, max_value=field.maximum, value=field.value, step=field.step,
            key=f"credit_whatif_{field.name}_{application_id}")) * field.unit
            for column, field in zip(st.columns(len(inputs)), inputs)}
        try:
            render(view.what_if_blocks(credit.assess_application(ui.work(user), model, application_id, changes, cache=True),
                                       assessment, lang))
        except REFUSED as exc:
            st.error(view.refusal_text(exc, lang))


def show_decision(assessment) -> None:
    """The decision form, one per application: the band's recommendation chosen, no reason written."""
    if not can(user.role, Action.CREDIT_DECIDE):
        return st.info(tr("credit.decide_needs_analyst"))
    application_id, code = int(assessment.application["id"]), assessment.application["code"]
    with st.form(f"credit_decision_form_{application_id}"):
        decision = st.radio(tr("credit.decision"), list(credit.DECISIONS), index=view.recommended_index(assessment),
                            format_func=lambda d: view.decision_label(d, lang), key=f"credit_decision_{application_id}")
        reason = st.text_area(tr("credit.reason"), key=f"credit_reason_{application_id}")
        if st.form_submit_button(tr("credit.submit"), type="primary"):  # recorded: on to the next application
            attempt(lambda: view.decided_text(credit.decide(ui.work(user), model, application_id, decision=decision,
                                                            reason=reason), code, lang), "{result}", ("credit_application",))


@st.fragment  # switching application reruns this part only: the queue, model card and decisions stay as drawn
def application_detail(shown) -> None:
    """The chosen application: its score, the decision beside it, the explanation and the what-if."""
    labels = st.session_state.setdefault("credit_labels", {})
    options, warning = view.queue_choice(shown, labels, st.session_state.get("credit_application"), lang)
    render([view.Block("warning", warning)] if warning else [])
    chosen = st.selectbox(tr("credit.choose"), options, format_func=labels.get, key="credit_application")
    try:
        assessment = credit.assess_application(ui.work(user), model, chosen, cache=True)
    except credit.ApplicationNotFound:
        st.warning(tr("credit.not_found"))
    else:
        st.subheader(view.detail_title(assessment, lang))
        score_col, decision_col = st.columns([3, 2])
        render(view.score_blocks(assessment, lang), score_col)
        with decision_col:
            show_decision(assessment)
        render(view.explanation_blocks(model, assessment, ui_cache.credit_similar(database_url, model.version,
                                                                                  chosen, model), lang))
        show_what_if(assessment)


_, user = ui.page(Page.CREDIT)
st.title(tr("credit.title"))
st.caption(tr("credit.caption"))
database_url = get_settings().database_url
if "credit_flash" in st.session_state:
    st.success(st.session_state.pop("credit_flash"))
lead = can(user.role, Action.CREDIT_TRAIN) or can(user.role, Action.CREDIT_PUBLISH)
if (model := credit.live_model(ui.work(user))) is None:
    st.info(tr("credit.no_model"))
    if lead:
        show_candidates(None)
    st.stop()
queue = ui_cache.credit_queue(database_url, model.version, model)
tabs = st.tabs([tr(f"credit.tab.{name}") for name in ("queue", "model", "decisions", "candidates")[:4 if lead else 3]])
with tabs[0]:
    shown = queue[queue["band"].isin(st.multiselect(tr("credit.filter.band"), view.BANDS,
                                                    key=ui.language_key("credit_band_filter", list(view.BANDS)), format_func=lambda b: view.band_label(b, lang)))]
    if queue.empty or shown.empty:
        st.info(tr("credit.queue.empty" if queue.empty else "credit.queue.none_in_band"))
    else:
        st.caption(tr("credit.queue.count", count=len(shown)))
        st.dataframe(view.queue_table(shown, lang), hide_index=True, key="credit_queue_table", width="stretch",
                     column_config={tr("credit.col.pd"): st.column_config.NumberColumn(format="%.1f %%")})
        application_detail(shown)
with tabs[1]:
    render(view.model_card(model, ui_cache.credit_monitoring(database_url, model.version, model),
                           credit.live_release(ui.work(user)), credit.releases(ui.work(user)), lang))
with tabs[2]:
    render(view.decisions_blocks(credit.recent_decisions(ui.work(user)), lang))
if lead:
    with tabs[3]:
        show_candidates(model.version)
