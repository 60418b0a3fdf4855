"""Finance: one LTO lease's account statement with its documents (statement, contract summary,
pagaré), every active lease's statement in one zip, and the LTO loan book in Excel."""
import tempfile
from pathlib import Path

import streamlit as st

import ui
import ui_cache
from lafa_core.config import get_settings
from lafa_core.finance import documents, presentation as view, workbooks
from lafa_core.finance.service import ledger_size, write_payments_ledger
from lafa_core.i18n import format_date
from lafa_core.users import Action, Page, can

tr, lang = ui.tr, ui.lang()
XLSX, PDF = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf"


def download(where, label: str, key: str, build, file_name: str, mime: str, action: str, **details) -> None:
    """A download built only when asked for, recorded in the audit trail (who took what out)."""
    where.download_button(label, key=key, data=ui.audited(user, action, "contract", build, **details),
                          file_name=file_name, mime=mime, width="stretch")


_, user = ui.page(Page.FINANCE)
st.title(tr("finance.title"))
if not can(user.role, Action.FINANCE_STATEMENTS):
    st.info(tr("auth.page_denied", role=tr(f"role.{user.role}")))
    st.stop()
as_of, book = ui_cache.finance_loan_book(get_settings().database_url, ui.work(user))
if as_of is None:
    st.info(tr("finance.no_data"))
    st.stop()
st.caption(tr("finance.caption", as_of=format_date(as_of, lang)))
if not book:
    st.info(tr("finance.empty", as_of=format_date(as_of, lang)))
    st.stop()
by_code = {s.lease.code: s for s in book}
stamp = f"{as_of:%Y%m%d}"
statement_tab, book_tab, ledger_tab = st.tabs([tr(f"finance.tab.{t}") for t in ("statement", "book", "ledger")])

with statement_tab:
    code = st.selectbox(tr("finance.choose"), list(by_code), key="finance_contract",
                        format_func=lambda c: view.lease_label(by_code[c], lang))
    chosen = by_code[code]
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
    ids = {"contract_id": chosen.lease.contract_id}
    buttons = st.columns(4)
    download(buttons[0], tr("finance.download.statement_pdf"), "finance_statement_pdf",
             lambda: documents.statement_pdf(chosen), f"estado-de-cuenta-{code}-{stamp}.pdf", PDF,
             "finance.statement_exported", format="pdf", **ids)
    download(buttons[1], tr("finance.download.statement_xlsx"), "finance_statement_xlsx",
             lambda: workbooks.statement_workbook(chosen, lang, generated_at=ui.now(), generated_by=user.display_name),
             f"estado-de-cuenta-{code}-{stamp}.xlsx", XLSX, "finance.statement_exported", format="xlsx", **ids)
    download(buttons[2], tr("finance.download.summary_pdf"), "finance_summary_pdf",
             lambda: documents.lease_summary_pdf(chosen), f"contrato-{code}.pdf", PDF,
             "finance.lease_summary_exported", **ids)
    download(buttons[3], tr("finance.download.note_pdf"), "finance_note_pdf",
             lambda: documents.promissory_note_pdf(chosen), f"pagare-{code}.pdf", PDF,
             "finance.promissory_note_exported", **ids)

    st.divider()
    st.write(tr("finance.batch", count=len(book)))
    if st.button(tr("finance.batch.build"), key="finance_batch_build"):
        bar = st.progress(0.0, text=tr("finance.batch.progress", done=0, total=len(book)))
        st.session_state["finance_zip"] = (stamp, documents.statements_zip(book, progress=lambda n: bar.progress(
            n / len(book), text=tr("finance.batch.progress", done=n, total=len(book)))))
        bar.empty()
    if st.session_state.get("finance_zip", (None,))[0] == stamp:
        st.download_button(tr("finance.batch.download"), key="finance_zip_download", mime="application/zip",
                           data=ui.audited(user, "finance.statements_exported", "contract",
                                           lambda: st.session_state["finance_zip"][1], rows=len(book),
                                           as_of=as_of.isoformat()),
                           file_name=f"estados-de-cuenta-{stamp}.zip")

with book_tab:
    st.caption(view.book_caption(book, lang))
    money = st.column_config.NumberColumn(format="dollar")
    st.dataframe(view.book_table(book, lang), hide_index=True, width="stretch", key="finance_book_table",
                 column_config={**{tr(f"finance.col.{c}"): money for c in view.MONEY_COLUMNS},
                                tr("finance.col.contract"): st.column_config.TextColumn(pinned=True),
                                tr("finance.col.equity_share"): st.column_config.NumberColumn(format="%.1f %%"),
                                tr("finance.col.start_on"): st.column_config.DateColumn(format="DD/MM/YYYY"),
                                tr("finance.col.next_due_on"): st.column_config.DateColumn(format="DD/MM/YYYY")})
    download(st, tr("finance.download.book_xlsx"), "finance_book_xlsx",
             lambda: workbooks.loan_book_workbook(book, lang, as_of=as_of, generated_at=ui.now(),
                                                  generated_by=user.display_name),
             f"cartera-lto-{stamp}.xlsx", XLSX, "finance.loan_book_exported", rows=len(book), as_of=as_of.isoformat())

with ledger_tab:
    period = st.date_input(tr("finance.ledger.period"), value=(as_of.replace(day=1), as_of), max_value=as_of,
                           format="DD/MM/YYYY", key="finance_ledger_period")
    if len(period) != 2 or period[0] > period[1]:
        st.warning(tr("finance.ledger.bad_period"))
        st.stop()
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
