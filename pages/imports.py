"""Finance (and the administrator, for drivers and vehicles): the templates, the upload, the check of
every row with its problems (downloadable), the import once confirmed, and what it did."""
import hashlib

import streamlit as st

import ui
from lafa_core.errors import LocalizedError, error_text
from lafa_core.ingest import (
    ACTION, KINDS, export_sheet, export_workbook, import_sheet, may_export, problems_workbook, template_workbook,
)
from lafa_core.payroll.presentation import notes_table
from lafa_core.users import Page, can

tr = ui.tr
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

engine, user = ui.page(Page.IMPORTS)
lang = ui.lang()
st.title(tr("ingest.title"))
st.caption(tr("ingest.caption"))

allowed = [kind for kind in KINDS if can(user.role, ACTION[kind])]
if not allowed:
    st.info(tr("ingest.money_only_finance"))
    st.stop()
labels = {k: tr(f"ingest.kind.{k}") for k in allowed}
kind = st.radio(tr("ingest.kind"), allowed, horizontal=True, key="ingest_kind", format_func=labels.get)
if len(allowed) < len(KINDS):
    st.caption(tr("ingest.money_only_finance"))
sheet = tr(f"ingest.sheet.{kind}")

st.subheader(tr("ingest.templates"))
left, right = st.columns(2)
left.download_button(tr("ingest.template.download", sheet=sheet), data=template_workbook(kind, lang), mime=XLSX,
                     file_name=f"plantilla_{kind}.xlsx", key=f"ingest_template_{kind}")
if may_export(user.role, kind):
    right.download_button(
        tr("ingest.export.download", sheet=sheet), mime=XLSX, file_name=f"{kind}.xlsx", key=f"ingest_export_{kind}",
        data=ui.audited(user, "ingest.exported", kind,
                        lambda: export_workbook(kind, export_sheet(ui.work(user), kind), lang), kind=kind))

upload = ui.file_uploader(tr("ingest.upload"), type=["xlsx", "csv"], key=f"ingest_upload_{kind}",
                          help=tr("ingest.upload.help"))
if upload is None:
    st.stop()
data = upload.getvalue()
token = (kind, upload.name, hashlib.sha256(data).hexdigest())
if st.session_state.get("ingest_token") != token:  # a new file: check it (nothing is written)
    try:
        st.session_state["ingest_preview"] = import_sheet(ui.work(user), kind, data, filename=upload.name,
                                                          dry_run=True)
    except LocalizedError as error:
        st.error(error_text(error, lang))
        st.stop()
    st.session_state["ingest_token"] = token
    st.session_state.pop("ingest_result", None)
report = st.session_state.get("ingest_result") or st.session_state["ingest_preview"]


def show_notes(notes, title: str, key: str) -> None:
    st.markdown(f"**{tr(title)}**")
    st.dataframe(notes_table(notes, lang), hide_index=True, width="stretch", key=f"ingest_table_{key}")
    st.download_button(tr("ingest.download_problems"), data=problems_workbook(notes, lang), mime=XLSX,
                       file_name=f"{kind}_{key}.xlsx", key=f"ingest_download_{key}")


if report.problems:
    st.error(report.summary(lang))
    show_notes(report.problems, "ingest.problems", "problems")
elif report.dry_run:
    st.info(report.summary(lang))
    if report.written and st.button(tr("ingest.confirm", rows=report.written), type="primary", key="ingest_confirm"):
        try:
            st.session_state["ingest_result"] = import_sheet(ui.work(user), kind, data, filename=upload.name)
        except LocalizedError as error:
            st.error(error_text(error, lang))
            st.stop()
        st.rerun()
    elif not report.written:
        st.success(tr("ingest.nothing_to_write"))
else:
    st.success(report.summary(lang))
    if not report.refreshed:
        st.warning(tr("ingest.refresh_failed"))
if report.warnings and not report.problems:
    show_notes(report.warnings, "ingest.warnings", "warnings")
