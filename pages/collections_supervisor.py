"""Collections supervisor: roll, cure and promise-kept rates, right-party contacts, average
days past due against the strategy's target, agents' workload, and restructuring approvals."""

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import ui
import ui_cache
from lafa_core.collections import collections_report, decide_restructuring, pending_offers
from lafa_core.collections import presentation as view
from lafa_core.clock import FixedClock
from lafa_core.finance import workbooks
from lafa_core.finance.presentation import XLSX
from lafa_core.users import Action, Page, can
from lafa_core.errors import LocalizedError, error_text
from lafa_core.i18n import format_date, format_mxn, format_number, format_percent

tr, REPORT_WEEKS = ui.tr, 8

engine, user = ui.page(Page.COLLECTIONS_SUPERVISOR)
st.title(tr("collections.supervisor.title"))
url = engine.url.render_as_string(hide_password=False)
now = ui.now()
decides = can(user.role, Action.COLLECTIONS_DECIDE)

try:
    report = ui_cache.collections_supervisor_report(url, now.strftime("%Y-%m-%d %H"), now)
except SQLAlchemyError as error:
    st.error(tr("collections.queue_failed", error=type(error).__name__))
    st.stop()

if flash := st.session_state.pop("collections_flash", None):
    st.success(flash)

kpis = st.columns(4)
kpis[0].metric(tr("collections.kpi.avg_dpd"), format_number(report.average_dpd, 1),
               help=tr("collections.kpi.avg_dpd_help", target=report.average_dpd_target,
                       dae=format_number(report.average_dpd_dae, 1)))
kpis[1].metric(tr("collections.kpi.cure"), format_percent(report.cure_rate))
kpis[2].metric(tr("collections.kpi.promise_kept"), format_percent(report.promise_kept_rate))
kpis[3].metric(tr("collections.kpi.rpc"), format_percent(report.right_party_contact_rate))
st.caption(tr("collections.kpi.as_of", day=format_date(report.as_of, ui.lang()),
              target=report.average_dpd_target, dae=format_number(report.average_dpd_dae, 1)))

if can(user.role, Action.COLLECTIONS_REPORT):  # the same workbook finance takes out, built when asked for
    st.download_button(tr("finance.others.collections", weeks=REPORT_WEEKS), key="collections_report_xlsx",
                       data=ui.audited(user, "collections.report_exported", "collections_report", lambda: (
                           workbooks.collections_report_workbook(collections_report(ui.work(user), weeks=REPORT_WEEKS),
                                                                 ui.lang(), generated_at=now, generated_by=user.display_name)),
                           weeks=REPORT_WEEKS),
                       file_name=f"reporte-cobranza-{report.as_of:%Y%m%d}.xlsx", mime=XLSX)

roll_table, agent_table = view.supervisor_tables(report, ui.lang())
st.subheader(tr("collections.roll_rates"))
st.dataframe(roll_table, hide_index=True, width="stretch", key="collections_roll_rates")

st.subheader(tr("collections.dpd_trend"))
trend = report.average_dpd_trend.dropna()
if not trend.empty:
    st.plotly_chart(view.dpd_trend_figure(trend, report.average_dpd_target, ui.lang()), width="stretch",
                    key="collections_dpd_trend")

st.subheader(tr("collections.per_agent"))
st.dataframe(agent_table, hide_index=True, width="stretch", key="collections_per_agent",  # figures right-aligned
             column_config={tr("collections.col.contacts_per_day"): st.column_config.TextColumn(alignment="right")})

st.subheader(tr("collections.pending_offers"))
offers = pending_offers(ui.work(user))
if offers.empty:
    st.caption(tr("collections.no_pending"))
elif not decides:
    st.info(tr("collections.decide_needs_supervisor"))
for offer in offers.itertuples():
    st.markdown(tr("collections.offer", id=offer.id, contract=offer.contract_id, kind=tr(f"collections.kind.{offer.kind}"),
                   parameter=offer.parameter, balance=format_mxn(offer.balance_centavos, decimals=2), agent=offer.proposed_by))
    if not decides:
        continue
    approve, reject = st.columns(2)
    decision = None
    if approve.button(tr("collections.approve"), key=f"collections_approve_{offer.id}"):
        decision = True
    if reject.button(tr("collections.reject"), key=f"collections_reject_{offer.id}"):
        decision = False
    if decision is not None:
        try:
            status = decide_restructuring(ui.work(user, FixedClock(now)), offer_id=offer.id, approve=decision)
        except LocalizedError as error:
            st.error(error_text(error, ui.lang()))
        else:
            st.session_state["collections_flash"] = tr("collections.decided", id=offer.id, status=tr(f"collections.status.{status}"))
            st.rerun()
