"""Finance: LTO statements and documents, the loan book, the payments ledger, and every workbook finance takes out."""
import tempfile
from functools import partial
from pathlib import Path

import streamlit as st

import ui
import ui_cache
from lafa_core.collections import collections_report
from lafa_core.config import get_settings
from lafa_core.finance import documents, presentation as view, workbooks
from lafa_core.finance.service import ledger_size, write_payments_ledger
from lafa_core.i18n import format_date
from lafa_core.insurance.rules import UNINSURED
from lafa_core.kpis import Period
from lafa_core.payroll import presentation as payroll_view
from lafa_core.payroll.service import closed_weeks, week_payroll
from lafa_core.roadmap import DEFAULT_ENGINEER_MONTHLY_COST_MXN
from lafa_core.users import Action, Page, can

tr, lang, XLSX, REPORT_WEEKS = ui.tr, ui.lang(), view.XLSX, 8


def download(where, label: str, key: str, build, file_name: str, mime: str, action: str, entity: str = "contract",
             **details) -> None:
    """A download built only when asked for, recorded in the audit trail (who took what out)."""
    where.download_button(label, key=key, data=ui.audited(user, action, entity, build, **details),
                          file_name=file_name, mime=mime, width="stretch")


def show_statement(chosen) -> None:
    """One lease: its four figures, recent payments and its four documents."""
    for column, (label, value, helptext) in zip(st.columns(4), view.cards(chosen, lang)):
        column.metric(label, value, help=helptext)
    st.subheader(tr("finance.statement.recent_payments"))
    payments = view.payments_table(chosen, lang)
    if payments.empty:
        st.info(tr("finance.statement.no_payments"))
    else:
        st.dataframe(payments, hide_index=True, width="stretch", column_config={
            tr("finance.col.paid_on"): st.column_config.DateColumn(format="DD/MM/YYYY"),
            tr("finance.col.amount"): st.column_config.NumberColumn(format="dollar")})
    for column, (kind, build, name, mime, action) in zip(st.columns(4), view.documents(
            chosen, stamp, lang, generated_at=ui.now(), generated_by=user.display_name)):
        download(column, tr(f"finance.download.{kind}"), f"finance_{kind}", build, name, mime, action, kind=kind,
                 contract_id=chosen.lease.contract_id)


def show_batch() -> None:
    """Every active lease's statement in one zip, built with progress on request."""
    st.write(tr("finance.batch", count=len(book)))
    if st.button(tr("finance.batch.build"), key="finance_batch_build"):
        bar = st.progress(0.0, text=tr("finance.batch.progress", done=0, total=len(book)))
        st.session_state["finance_zip"] = (stamp, documents.statements_zip(book, progress=lambda n: bar.progress(
            n / len(book), text=tr("finance.batch.progress", done=n, total=len(book)))))
        bar.empty()
    if st.session_state.get("finance_zip", (None,))[0] == stamp:
        download(st, tr("finance.batch.download"), "finance_zip_download", lambda: st.session_state["finance_zip"][1],
                 f"estados-de-cuenta-{stamp}.zip", "application/zip", "finance.statements_exported",
                 rows=len(book), as_of=as_of.isoformat())


_, user = ui.page(Page.FINANCE)
st.title(tr("finance.title"))
if not can(user.role, Action.FINANCE_STATEMENTS):
    st.info(tr("auth.page_denied", role=tr(f"role.{user.role}")))
    st.stop()
url = get_settings().database_url
as_of, book = ui_cache.finance_loan_book(url, ui.work(user))
if as_of is None:
    st.info(tr("finance.no_data"))
    st.stop()
st.caption(tr("finance.caption", as_of=format_date(as_of, lang)))
stamp, by_code = f"{as_of:%Y%m%d}", {s.lease.code: s for s in book}
tabs = st.tabs([tr(f"finance.tab.{t}") for t in ("statement", "book", "ledger", "others")])
for tab in tabs[:2] if not book else ():
    tab.info(tr("finance.empty", as_of=format_date(as_of, lang)))
if book:
    with tabs[0]:
        code = st.selectbox(tr("finance.choose"), list(by_code), key="finance_contract",
                            format_func=lambda c: view.lease_label(by_code[c], lang))
        show_statement(by_code[code])
        st.divider()
        show_batch()
    with tabs[1]:
        st.caption(view.book_caption(book, lang))
        money, day = st.column_config.NumberColumn(format="dollar"), st.column_config.DateColumn(format="DD/MM/YYYY")
        st.dataframe(view.book_table(book, lang), hide_index=True, width="stretch", key="finance_book_table",
                     column_config={**{tr(f"finance.col.{c}"): money for c in view.MONEY_COLUMNS},
                                    tr("finance.col.contract"): st.column_config.TextColumn(pinned=True),
                                    tr("finance.col.equity_share"): st.column_config.NumberColumn(format="%.1f %%"),
                                    tr("finance.col.start_on"): day, tr("finance.col.next_due_on"): day})
        download(st, tr("finance.download.book_xlsx"), "finance_book_xlsx",
                 lambda: workbooks.loan_book_workbook(book, lang, as_of=as_of, generated_at=ui.now(),
                                                      generated_by=user.display_name), f"cartera-lto-{stamp}.xlsx",
                 XLSX, "finance.loan_book_exported", rows=len(book), as_of=as_of.isoformat())

with tabs[2]:
    period = st.date_input(tr("finance.ledger.period"), value=(as_of.replace(day=1), as_of), max_value=as_of,
                           format="DD/MM/YYYY", key="finance_ledger_period")
    if len(period) != 2 or period[0] > period[1]:
        st.warning(tr("finance.ledger.bad_period"))
    else:
        first, last = period
        st.caption(tr("finance.ledger.count", count=f"{ledger_size(ui.work(user), first, last):,}"))
        if st.button(tr("finance.ledger.build"), key="finance_ledger_build"):
            bar = st.progress(0.0, text=tr("finance.ledger.progress", done=0, total="…"))
            with tempfile.TemporaryDirectory(prefix="lafa-ledger-") as folder:
                path = Path(folder) / "ledger.xlsx"
                write_payments_ledger(ui.work(user), path, first, last, lang, progress=lambda done, total: bar.progress(
                    done / max(total, 1), text=tr("finance.ledger.progress", done=f"{done:,}", total=f"{total:,}")))
                st.session_state["finance_ledger"] = ((first, last), path.read_bytes())
            bar.empty()
        built = st.session_state.get("finance_ledger")
        if built and built[0] == (first, last):  # recorded in the audit trail when written
            st.download_button(tr("finance.ledger.download"), data=built[1], key="finance_ledger_download", mime=XLSX,
                               file_name=f"libro-de-pagos-{first:%Y%m%d}-{last:%Y%m%d}.xlsx")

with tabs[3]:  # the workbooks other pages own, offered here too (same builders, same audit records)
    quarter, now = Period.last_weeks(as_of, 13), ui.now()
    fleet = ui_cache.executive_summary(url, quarter.start, quarter.end, None).company_fleet
    _, renewals = ui_cache.insurance_renewals(url, ui.work(user))
    uninsured = sum(v["window"] == UNINSURED for v in renewals)
    for label, key, build, name, action, entity, details in [
        (tr("finance.others.kpi_pack", start=format_date(quarter.start, lang), end=format_date(as_of, lang)),
         "finance_kpi_pack", partial(ui_cache.kpi_pack, url, quarter.start, quarter.end, None, lang),
         f"lafa-kpis-{as_of.isoformat()}.xlsx", "kpis.pack_exported", "kpi_pack",
         {"start": quarter.start, "end": quarter.end, "product": "all"}),
        (tr("finance.others.roi", fleet=f"{fleet:,}"), "finance_roi",
         partial(ui_cache.roadmap_workbook, url, fleet, int(DEFAULT_ENGINEER_MONTHLY_COST_MXN), True, lang),
         f"lafa-roi-{fleet}.xlsx", "roadmap.workbook_exported", "roi_workbook", {"fleet": fleet, "measured": True}),
        (tr("finance.others.renewals", uninsured=uninsured, due=len(renewals) - uninsured), "finance_renewals",
         partial(workbooks.insurance_renewals_workbook, renewals, lang, as_of=as_of, generated_at=now,
                 generated_by=user.display_name), f"renovaciones-seguro-{stamp}.xlsx",
         "finance.insurance_renewals_exported", "insurance_policy", {"rows": len(renewals)}),
        (tr("finance.others.collections", weeks=REPORT_WEEKS), "finance_collections", lambda: workbooks.collections_report_workbook(
            collections_report(ui.work(user), weeks=REPORT_WEEKS), lang, generated_at=now, generated_by=user.display_name),
         f"reporte-cobranza-{stamp}.xlsx", "collections.report_exported", "collections_report", {"weeks": REPORT_WEEKS})]:
        download(st, label, key, build, name, XLSX, action, entity, **details)
    if not (closed := dict(closed_weeks(ui.work(user)))):
        st.info(tr("finance.others.no_closed_week"))
    else:
        monday = st.selectbox(tr("finance.others.payroll_week"), list(closed), key="finance_payroll_week",
                              format_func=lambda m: payroll_view.week_label(m, closed[m], lang))
        download(st, tr("finance.others.payroll"), "finance_payroll", lambda: payroll_view.workbook(
                     week_payroll(ui.work(user), monday), lang, generated_by=user.display_name, generated_at=now),
                 f"nomina_dae_{monday:%Y%m%d}_v{closed[monday].version}.xlsx", XLSX, "payroll.exported",
                 "payroll_week", week=monday.isoformat(), version=closed[monday].version)
