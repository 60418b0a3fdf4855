"""Administration: the users who may sign in (create, unlock, reset a password, deactivate) and
the audit trail of who did what. Every change goes through lafa_core.users and is audited."""
import json

import pandas as pd
import streamlit as st

import ui
from lafa_core import audit
from lafa_core.errors import LocalizedError, error_text
from lafa_core.i18n import format_date
from lafa_core.users import (
    Action, Page, Role, can, create_user, list_users, reset_password, set_active, unlock_user,
)

tr = ui.tr

engine, user = ui.page(Page.ADMIN)
st.title(tr("admin.title"))
st.caption(tr("admin.caption"))


def stamp(moment) -> str:
    if moment is None or pd.isna(moment):
        return "—"
    return f"{format_date(moment.date(), ui.lang())} {moment:%H:%M}"


def attempt(action, **arguments) -> None:
    """Run one change as the signed-in administrator; say what happened either way."""
    try:
        action(ui.work(user), **arguments)
    except LocalizedError as error:
        st.error(error_text(error, ui.lang()))
    else:
        st.session_state["admin_flash"] = tr("admin.done")
        st.rerun()


def exported(trail: pd.DataFrame, wanted: str) -> bytes:
    """The shown records as CSV; taking them out is itself audited."""
    audit.record_export(ui.work(user), "audit.exported", "audit_log", rows=len(trail), search=wanted or "")
    return trail.to_csv(index=False).encode("utf-8")


if flash := st.session_state.pop("admin_flash", None):
    st.success(flash)

users_tab, audit_tab = st.tabs([tr("admin.users"), tr("admin.audit")])
with users_tab:
    if not can(user.role, Action.USERS_MANAGE):
        st.info(tr("admin.users_need_admin"))
    else:
        accounts = list_users(ui.work(user))
        st.dataframe(pd.DataFrame({
            tr("auth.username"): [a["username"] for a in accounts],
            tr("admin.col.name"): [a["display_name"] for a in accounts],
            tr("admin.col.role"): [tr(f"role.{a['role']}") for a in accounts],
            tr("admin.col.active"): [tr("admin.yes") if a["active"] else tr("admin.no") for a in accounts],
            tr("admin.col.locked_until"): [stamp(a["locked_until"]) for a in accounts],
            tr("admin.col.failures"): [a["failed_attempts"] for a in accounts],
        }), hide_index=True, width="stretch", key="admin_users")

        with st.form("admin_create_user", clear_on_submit=True):
            st.markdown(f"**{tr('admin.create')}**")
            left, right = st.columns(2)
            username = left.text_input(tr("auth.username"), max_chars=60, key="admin_new_username")
            name = right.text_input(tr("admin.col.name"), max_chars=120, key="admin_new_name")
            role = left.selectbox(tr("admin.col.role"), [r.value for r in Role], key=ui.language_key("admin_new_role"),
                                  format_func=lambda r: tr(f"role.{r}"))
            password = right.text_input(tr("auth.password"), type="password", max_chars=256, key="admin_new_password")
            if st.form_submit_button(tr("admin.create.submit")):
                attempt(create_user, username=username, display_name=name, role=role, password=password)

        st.markdown(f"**{tr('admin.change')}**")
        names = {a["id"]: f"{a['username']} — {a['display_name']}" for a in accounts}
        chosen = st.selectbox(tr("admin.account"), list(names), format_func=names.get, key="admin_account")
        unlock, activate, deactivate = st.columns(3)
        if unlock.button(tr("admin.unlock"), key="admin_unlock"):
            attempt(unlock_user, user_id=chosen)
        if activate.button(tr("admin.activate"), key="admin_activate"):
            attempt(set_active, user_id=chosen, active=True)
        if deactivate.button(tr("admin.deactivate"), key="admin_deactivate"):
            attempt(set_active, user_id=chosen, active=False)
        with st.form("admin_reset_password", clear_on_submit=True):
            new_password = st.text_input(tr("admin.new_password"), type="password", max_chars=256,
                                         key="admin_reset_value")
            if st.form_submit_button(tr("admin.reset")):
                attempt(reset_password, user_id=chosen, password=new_password)

with audit_tab:
    if not can(user.role, Action.AUDIT_VIEW):
        st.info(tr("admin.audit_needs_admin"))
    else:
        wanted = st.text_input(tr("admin.audit.search"), key="admin_audit_search", max_chars=60,
                               placeholder=tr("admin.audit.search_hint"))
        records = audit.search(ui.work(user), text=wanted or None, limit=500)
        trail = pd.DataFrame({
            tr("admin.col.when"): [stamp(r["occurred_at"]) for r in records],
            tr("admin.col.actor"): [r["actor"] for r in records],
            tr("admin.col.action"): [tr(f"audit.action.{r['action']}") for r in records],
            tr("admin.col.entity"): [f"{r['entity']} {r['entity_id'] or ''}".strip() for r in records],
            tr("admin.col.details"): [", ".join(f"{k}: {v}" for k, v in json.loads(r["details"] or "{}").items())
                                      for r in records],
        })
        st.dataframe(trail, hide_index=True, width="stretch", key="admin_audit")
        st.download_button(tr("admin.audit.export"), data=lambda: exported(trail, wanted), mime="text/csv",
                           file_name="bitacora_auditoria.csv", key="admin_audit_export")
