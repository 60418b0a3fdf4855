"""Executive home: KPIs for a period and product, what needs attention, the LTO
portfolio by days past due, growth milestones and weekly trends."""
from functools import partial

import pandas as pd
import streamlit as st

import ui_cache
from lafa_core.config import get_settings
from lafa_core.i18n import format_bucket, format_date, format_mxn, format_number, format_percent, milestone_name
from lafa_core.kpis import PERIOD_WEEKS, Period
from lafa_core.kpis.charts import late_buckets_figure
from lafa_core.kpis.presentation import bucket_contracts_table, portfolio_table
from lafa_core.kpis.attention import findings, finding_text
import ui
from lafa_core.users import Page
from ui import lang, tr

_, user = ui.page(Page.HOME)
st.title(tr("home.title"))
database_url = get_settings().database_url
as_of = ui_cache.data_as_of(database_url)
if as_of is None:
    st.info(tr("home.no_telemetry"))
    st.stop()

# --- inputs ---
left, right = st.columns([2, 3])
weeks = left.selectbox(tr("filter.period"), PERIOD_WEEKS, key=ui.language_key("home_weeks", PERIOD_WEEKS[1]),
                       format_func=lambda w: tr("home.period.weeks", weeks=w))
products = {None: tr("filter.product.all"), "DaE": "DaE", "LTO": "LTO"}
product = right.segmented_control(tr("filter.product"), list(products), format_func=products.get,
                                  key=ui.language_key("home_product", None))
period = Period.last_weeks(as_of, weeks)

# --- one service call ---
summary = ui_cache.executive_summary(database_url, period.start, period.end, product)
caption, download = st.columns([3, 1])
caption.caption(tr("home.caption", as_of=format_date(as_of, lang()), start=format_date(period.start, lang()),
                   end=format_date(period.end, lang()), weeks=weeks))
# The workbook is built only when someone clicks (deferred data), not on every rerun.
download.download_button(tr("home.download"), ui.audited(
                             user, "kpis.pack_exported", "kpi_pack",
                             partial(ui_cache.kpi_pack, database_url, period.start, period.end, product, lang()),
                             start=period.start, end=period.end, product=product or "all"),
                         file_name=f"lafa-kpis-{period.end.isoformat()}.xlsx", key="home_download",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

# --- headline KPIs ---
not_for_dae = tr("home.not_applicable")
row1 = st.columns(4)
row1[0].metric(tr("kpi.active_fleet"), format_number(summary.active_fleet), help=tr("kpi.active_fleet.help"))
row1[1].metric(tr("kpi.utilization"), format_percent(summary.utilization), help=tr("kpi.utilization.help"))
row1[2].metric(tr("kpi.revenue"), format_mxn(summary.revenue_centavos), help=tr("kpi.revenue.help"))
row1[3].metric(tr("kpi.average_soh"), format_number(summary.average_soh, 2) + " %", help=tr("kpi.average_soh.help"),
               delta=tr("home.soh.below", count=summary.vehicles_below_soh_alert, threshold="90 %")
               if summary.vehicles_below_soh_alert else None, delta_color="red", delta_arrow="down")
row2 = st.columns(4)
row2[0].metric(tr("kpi.on_time_rate"), format_percent(summary.on_time_rate) if product != "DaE" else not_for_dae,
               help=tr("kpi.on_time_rate.help"))
row2[1].metric(tr("kpi.par30"), format_percent(summary.par30, 2) if product != "DaE" else not_for_dae,
               help=tr("kpi.par30.help"))
row2[2].metric(tr("kpi.default_rate"), format_percent(summary.default_rate) if product != "DaE" else not_for_dae,
               help=tr("kpi.default_rate.help"))
breakdown = summary.revenue_by_source
row2[3].caption(tr("home.revenue.breakdown", dae=format_mxn(breakdown["dae_billing"]),
                   lease=format_mxn(breakdown["lto_lease"]), charging=format_mxn(breakdown["lto_charging"])))
if product != "DaE":
    st.caption(tr("home.par_vs_default"))

# --- what needs attention ---
st.subheader(tr("home.attention"))
items = findings(summary)
for item in items:
    show = {"warning": st.warning, "info": st.info, "ok": st.success}[item.severity]
    show(finding_text(item, lang()))
if not items:
    st.success(tr("home.attention.none"))

# --- unit economics vs strategy ---
st.subheader(tr("home.contribution"), help=tr("kpi.contribution_per_vehicle.help"))
columns = st.columns(max(1, len(summary.contributions)))
for column, figure in zip(columns, summary.contributions):
    status = ("within" if figure.within_strategy_range else
              "below" if (figure.per_vehicle_month_centavos or 0) < figure.strategy_low_centavos else "above")
    column.metric(f"{tr('kpi.contribution_per_vehicle')} · {figure.product}",
                  format_mxn(figure.per_vehicle_month_centavos),
                  delta=tr(f"home.contribution.{status}"),
                  delta_color={"within": "green", "below": "red", "above": "blue"}[status],
                  delta_arrow={"within": "off", "below": "down", "above": "up"}[status])
    column.caption(tr("home.contribution.range", low=format_mxn(figure.strategy_low_centavos),
                      high=format_mxn(figure.strategy_high_centavos)))

# --- LTO portfolio ---
if summary.portfolio is not None:
    st.subheader(tr("home.portfolio"), help=tr("kpi.dpd_buckets.help"))
    portfolio = summary.portfolio
    if portfolio.active_contracts == 0:
        st.info(tr("home.portfolio.empty"))
    else:
        current = next(b for b in portfolio.buckets if b.bucket == "current")
        chart_column, table_column = st.columns(2)  # the table's four headers whole, "% del saldo" included
        figures = chart_column.columns(2)
        figures[0].metric(tr("home.portfolio.current"), format_number(current.contracts),
                          help=tr("home.portfolio.current.help"))
        figures[1].metric(tr("home.portfolio.behind"), format_number(portfolio.active_contracts - current.contracts))
        chart_column.plotly_chart(late_buckets_figure(portfolio.buckets, lang()), key="home_dpd_chart",
                                  config={"displayModeBar": False})
        # Drill-down: choosing a bucket's row lists the leases behind it (no personal data).
        picked = table_column.dataframe(portfolio_table(portfolio, lang()), hide_index=True, key="home_dpd_table",
                                        on_select="rerun", selection_mode="single-row").selection.rows
        if picked and (bucket := portfolio.buckets[picked[0]]).contracts:
            st.caption(tr("home.drill.caption", bucket=format_bucket(bucket.bucket, lang()), count=bucket.contracts,
                          day=format_date(portfolio.as_of, lang())))
            st.dataframe(bucket_contracts_table(ui_cache.bucket_contracts(database_url, portfolio.as_of, bucket.bucket),
                                                lang()), hide_index=True, key="home_drill_table")

# --- growth milestones ---
st.subheader(tr("home.milestones"))
upcoming = summary.next_milestone
if upcoming is None:
    st.success(tr("home.milestone.all_reached"))
else:
    st.progress(min(1.0, summary.company_fleet / upcoming.fleet),
                text=tr("home.milestone.progress", fleet=format_number(summary.company_fleet),
                        next=format_number(upcoming.fleet), name=milestone_name(upcoming.fleet, upcoming.name, lang())))
st.dataframe(pd.DataFrame({
    tr("home.milestone.fleet"): [format_number(m.fleet) for m in summary.milestones],
    tr("home.milestone.name"): [milestone_name(m.fleet, m.name, lang()) for m in summary.milestones],
    tr("home.milestone.needs"): [", ".join(m.needs) for m in summary.milestones],
    tr("home.milestone.status"): [tr("home.milestone.reached") if m.reached else tr("home.milestone.pending")
                                  for m in summary.milestones],
}), hide_index=True, key="home_milestones")

# --- weekly trends ---
st.subheader(tr("home.trends"))
weekly = summary.weekly
if weekly.empty:
    st.info(tr("home.no_weeks"))
else:
    st.plotly_chart(ui_cache.home_trends_figure(database_url, period.start, period.end, product, lang()), key="home_trends",
                    config={"displayModeBar": False})
