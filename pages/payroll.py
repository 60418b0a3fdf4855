"""HR: a DaE payroll week — the payroll (a preview while open, the payslips once closed), closing
and reopening it as a new version, each driver's payslip explained, and the HR workbook."""
import streamlit as st

import ui
from lafa_core import bounds
from lafa_core.errors import LocalizedError, error_text
from lafa_core.i18n import format_date, format_mxn
from lafa_core.payroll import presentation as view
from lafa_core.imports import import_checkins, import_didi_trips
from lafa_core.payroll.service import close_week, recent_weeks, reopen_week, week_payroll
from lafa_core.users import Action, Page, can

tr = ui.tr

engine, user = ui.page(Page.PAYROLL)
lang = ui.lang()
st.title(tr("payroll.title"))
st.caption(tr("payroll.caption"))
if flash := st.session_state.pop("payroll_flash", None):
    st.success(flash)

def import_section() -> None:
    """DiDi's trip export and HR's check-in sheet: every row checked first, all or nothing."""
    with st.expander(tr("payroll.import")):
        for kind, run in (("didi_trips", import_didi_trips), ("checkins", import_checkins)):
            upload = ui.file_uploader(tr(f"payroll.import.{kind}"), type=["csv", "xlsx"], key=f"payroll_upload_{kind}",
                                      help=tr(f"payroll.import.{kind}.help"))
            if upload is None or not st.button(tr("payroll.import.run"), key=f"payroll_import_{kind}"):
                continue
            report = run(ui.work(user), upload.getvalue(), filename=upload.name)
            (st.success if report.ok else st.error)(report.summary(lang))
            for notes, title, csv in ((report.problems, "payroll.import.problems", report.problems_csv),
                                      (report.warnings, "payroll.import.warnings", report.warnings_csv)):
                if notes:
                    st.markdown(f"**{tr(title)}**")
                    st.dataframe(view.notes_table(notes, lang), hide_index=True, width="stretch")
                    st.download_button(tr("payroll.import.download_notes"), data=csv(lang), mime="text/csv",
                                       file_name=f"{kind}_{title.rsplit('.', 1)[1]}.csv", key=f"{title}_{kind}")


if can(user.role, Action.PAYROLL_IMPORT):
    import_section()
weeks = dict(recent_weeks(ui.work(user)))
if not weeks:
    st.info(tr("payroll.no_trips"))
    st.stop()
# One selectbox per language (its labels are in that language); the chosen week carries over.
chosen = st.session_state.get("payroll_monday")
monday = st.selectbox(tr("payroll.week"), list(weeks), key=f"payroll_week_{lang}",
                      index=list(weeks).index(chosen) if chosen in weeks else view.default_week(list(weeks), ui.now()),
                      format_func=lambda m: view.week_label(m, weeks.get(m), lang))
st.session_state["payroll_monday"] = monday
payroll = week_payroll(ui.work(user), monday)
lines = payroll.lines
st.caption(view.status_text(payroll, lang))

money = lambda amount: format_mxn(amount, centavos=False)  # noqa: E731 - whole pesos on the cards
top, bottom = st.columns(3), st.columns(3)
top[0].metric(tr("payroll.metric.drivers"), f"{len(lines):,}")
top[1].metric(tr("payroll.metric.total"), money(payroll.total),
              help=format_mxn(payroll.total, centavos=False, decimals=2))
top[2].metric(tr("payroll.metric.goal_met"),
              tr("payroll.metric.goal_met_value", met=sum(line.pay.goal_met for line in lines), total=len(lines)))
bottom[0].metric(tr("payroll.metric.topup"), money(sum(line.pay.minimum_wage_topup for line in lines)))
bottom[1].metric(tr("payroll.metric.tips"), money(payroll.tips))
bottom[2].metric(tr("payroll.metric.over_legal"), sum(line.pay.hours_over_legal_limit > 0 for line in lines))

def act(action, flash) -> None:
    """Run a close or reopen; a refusal is said in the user's language and nothing changes."""
    try:
        run = action()
    except LocalizedError as error:
        st.error(error_text(error, lang))
        return
    st.session_state["payroll_flash"] = flash(run)
    st.rerun()


actions = st.columns(2)
if can(user.role, Action.PAYROLL_CLOSE) and not payroll.closed:
    if actions[0].button(tr("payroll.close"), type="primary", key="payroll_close"):
        act(lambda: close_week(ui.work(user), monday),
            lambda run: tr("payroll.closed_now", version=run.version, drivers=run.drivers,
                           total=format_mxn(run.total_centavos, decimals=2)))
if can(user.role, Action.PAYROLL_EXPORT) and lines:
    version = payroll.run.version if payroll.run else 0
    actions[1].download_button(
        tr("payroll.download"), key="payroll_download",
        data=ui.audited(user, "payroll.exported", "payroll_week",
                        lambda: view.workbook(payroll, lang, generated_by=user.display_name, generated_at=ui.now()),
                        week=monday.isoformat(), version=version, rows=len(lines)),
        file_name=f"nomina_dae_{monday:%Y%m%d}_v{version}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
if can(user.role, Action.PAYROLL_CLOSE) and payroll.closed:
    with st.expander(tr("payroll.reopen")), st.form("payroll_reopen_form"):
        reason = st.text_area(tr("payroll.reopen.reason"), max_chars=500, key="payroll_reason")
        if st.form_submit_button(tr("payroll.reopen.submit")):
            act(lambda: reopen_week(ui.work(user), monday,
                                    reason=bounds.text(reason, tr("payroll.reopen.reason"), max_length=500,
                                                       required=True)),
                lambda run: tr("payroll.reopened_now", version=run.version))

st.subheader(tr("payroll.table"))
st.dataframe(view.payroll_table(payroll, lang), hide_index=True, width="stretch", key="payroll_table",
             column_config={tr("payroll.col.code"): st.column_config.TextColumn(pinned=True),
                            # 46.25 h beside 46.00 h, never "46": hours are read down the column
                            tr("payroll.col.hours"): st.column_config.NumberColumn(format="%.2f")})

st.subheader(tr("payroll.payslip"))
by_code = {line.code: line for line in lines}
if by_code:
    code = st.selectbox(tr("payroll.payslip.choose"), list(by_code), key="payroll_driver",
                        format_func=lambda c: f"{c} — {by_code[c].full_name}")
    for text in view.payslip_lines(by_code[code], lang):
        st.markdown(f"- {text}")

if len(payroll.versions) > 1 or payroll.closed:
    st.subheader(tr("payroll.versions"))
    st.dataframe(view.versions_table(payroll, lang), hide_index=True, width="stretch", key="payroll_versions")
