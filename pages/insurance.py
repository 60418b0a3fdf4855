"""Fleet insurance (P0.5d): each vehicle's policy in force, renewals due within 30/60/90 days and
vehicles without a policy in red (the renewal windows of lafa_core.insurance), claims linked to
incidents with their status and payout, the premium per vehicle against the strategy's band and
the loss ratio by insurer. Fleet operations file claims; finance records the insurer's answer too."""
from datetime import timedelta

import streamlit as st

import ui
import ui_fleet
from lafa_core.fleet import presentation as view
from lafa_core.fleet.service import CLAIM_DECISIONS, decide_claim, file_claim
from lafa_core.users import Action, Page, can

tr, lang = ui.tr, ui.lang()
story = ui_fleet.story_link_column()
user, clock, shown = ui_fleet.open_page(Page.INSURANCE, "insurance")
may_claim = can(user.role, Action.INSURANCE_CLAIMS)
for column, metric in zip(st.columns(3), view.premium_metrics(shown.cover, shown.band_mxn, lang)):
    column.metric(**metric)

st.subheader(tr("fleet.insurance.cover"))
due = view.cover_table(shown.cover, lang, action_only=True)
if due.empty:
    st.caption(tr("fleet.insurance.nothing_due"))
else:
    st.dataframe(view.uninsured_rows(due, lang), hide_index=True, key="insurance_due", column_config=story,
                 width="stretch")
with st.expander(tr("fleet.insurance.all")):
    st.dataframe(view.cover_table(shown.cover, lang, action_only=False), hide_index=True, key="insurance_all",
                 column_config=story, width="stretch")

st.subheader(tr("fleet.insurance.claims"))
if shown.claims:
    st.dataframe(view.claims_table(shown.claims, lang), hide_index=True, key="insurance_claims", width="stretch")
else:
    st.caption(tr("fleet.insurance.no_claims"))
today = clock.now().date()
claimable = {i["id"]: i for i in shown.claimable}
open_claims = {c["id"]: c for c in shown.claims if c["status"] in ("filed", "approved")}
if not may_claim:
    st.caption(tr("fleet.read_only"))
else:
    left, right = st.columns(2)
    with left.form("insurance_file_form", clear_on_submit=True):
        st.markdown(f"**{tr('fleet.insurance.file')}**")
        if not claimable:
            st.caption(tr("fleet.insurance.nothing_to_claim"))
        incident = st.selectbox(tr("fleet.field.incident"), list(claimable), key="claim_incident",
                                placeholder=tr("fleet.nothing_to_choose"),
                                format_func=lambda i: view.incident_label(claimable[i], lang))
        filed_on = st.date_input(tr("fleet.field.filed_on"), value=today, format="DD/MM/YYYY", key="claim_filed_on",
                                 min_value=today - timedelta(days=366))
        claimed = st.text_input(tr("fleet.field.claimed"), key="claim_amount", placeholder="12,000.00")
        if st.form_submit_button(tr("fleet.insurance.file_submit"), type="primary", disabled=not claimable):
            ui_fleet.write("insurance", lambda: file_claim(
                ui.work(user, clock), incident_id=incident, filed_on=filed_on, claimed=claimed),
                lambda claim_id: tr("fleet.insurance.filed", id=claim_id))
    with right.form("insurance_decide_form", clear_on_submit=True):
        st.markdown(f"**{tr('fleet.insurance.decide')}**")
        if not open_claims:
            st.caption(tr("fleet.insurance.nothing_open"))
        claim = st.selectbox(tr("fleet.field.claim"), list(open_claims), key="claim_open",
                             placeholder=tr("fleet.nothing_to_choose"),
                             format_func=lambda c: view.claim_label(open_claims[c], lang))
        decision = st.selectbox(tr("fleet.field.decision"), CLAIM_DECISIONS, key="claim_decision",
                                format_func=lambda d: tr(f"fleet.claim.{d}"))
        decided_on = st.date_input(tr("fleet.field.decided_on"), value=today, format="DD/MM/YYYY",
                                   key="claim_decided_on", min_value=today - timedelta(days=366))
        paid = st.text_input(tr("fleet.field.paid"), key="claim_paid", placeholder="11,400.00")
        if st.form_submit_button(tr("fleet.insurance.decide_submit"), disabled=not open_claims):
            ui_fleet.write("insurance", lambda: decide_claim(
                ui.work(user, clock), claim_id=claim, decision=decision, decided_on=decided_on, paid=paid or None),
                lambda _: tr("fleet.insurance.decided", id=claim))

st.subheader(tr("fleet.insurance.insurers"))
st.dataframe(view.insurers_table(shown.insurers, lang), hide_index=True, key="insurance_insurers", width="stretch")
