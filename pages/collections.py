"""Collections agent: claim the next account, see its whole story, log the contact.
Contact rules (hours, caps, opt-outs, promise windows) are enforced by lafa_core.collections."""
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import ui
import ui_cache
import ui_collections
from lafa_core.collections import (
    ClaimLost, ContactNotAllowed, Outcome, account_context,
    log_contact, next_account, outbound_messages_csv, propose_restructuring, queue_view, release_account,
)
from lafa_core import bounds
from lafa_core.clock import FixedClock
from lafa_core.users import Action, Page, can
from lafa_core.errors import LocalizedError, error_text
from lafa_core.collections import presentation as view
from lafa_core.i18n import format_date

tr = ui.tr


engine, user = ui.page(Page.COLLECTIONS)
st.title(tr("collections.title"))
url = engine.url.render_as_string(hide_password=False)
# The app's clock; tests pin it through session state.
now = ui.now()
minute = now.strftime("%Y-%m-%d %H:%M")
works_accounts = can(user.role, Action.COLLECTIONS_WORK)


def work():
    """One unit of work per action, as the signed-in user, at the page's clock."""
    return ui.work(user, FixedClock(now))


st.caption(tr("collections.clock", time=f"{format_date(now.date(), ui.lang())} {now:%H:%M}"))

try:
    with st.spinner(tr("collections.metric.queue")):
        ui_cache.collections_publish(url, minute, now)
except SQLAlchemyError as error:
    st.error(tr("collections.queue_failed", error=type(error).__name__))
    st.stop()

if flash := st.session_state.pop("collections_flash", None):
    st.success(flash)
if notice := st.session_state.pop("collections_notice", None):
    st.warning(notice)

if not works_accounts:
    st.info(tr("collections.read_only"))
else:
    left, right = st.columns(2)
    if left.button(tr("collections.next"), key="collections_next", type="primary"):
        try:
            claimed = next_account(work())
        except ContactNotAllowed as blocked:
            st.warning(view.blocked_text(blocked, ui.lang()))
            claimed = st.session_state.get("collections_contract")
        except LocalizedError as error:
            st.error(error_text(error, ui.lang()))
            claimed = None
        else:
            if claimed != st.session_state.get("collections_contract"):
                ui_collections.new_account()
            st.session_state["collections_contract"] = claimed
            if claimed is None:
                st.info(tr("collections.nothing_workable"))
    contract_id = st.session_state.get("collections_contract")
    if contract_id is not None and right.button(tr("collections.release"), key="collections_release"):
        release_account(work(), contract_id=contract_id)
        st.session_state["collections_contract"] = st.session_state["collections_viewed"] = None
        st.session_state["collections_flash"] = tr("collections.released")
        st.rerun()

    if contract_id is not None:
        first_view = st.session_state.get("collections_viewed") != contract_id
        ctx = account_context(work(), contract_id=contract_id, record_view=first_view)
        st.session_state["collections_viewed"] = contract_id
        ui_collections.account(ctx, now)
        inputs = ui_collections.contact_inputs(now)
        promising = inputs["outcome"] == Outcome.PROMISE_TO_PAY.value
        if st.button(tr("collections.save"), key="collections_save", type="primary"):
            try:
                logged = log_contact(work(), contract_id=contract_id, outcome=inputs["outcome"], channel=inputs["channel"],
                                     promise_amount_centavos=bounds.centavos(inputs["promise_amount"], tr("collections.promise_amount"))
                                     if promising else None, promise_due_on=inputs["promise_date"], notes=inputs["notes"],
                                     contacted_at=view.call_moment(now.date(), inputs["call_time"]))
            except ClaimLost:
                st.session_state["collections_contract"] = None
                st.error(tr("collections.claim_lost"))
            except ContactNotAllowed as blocked:
                st.warning(view.blocked_text(blocked, ui.lang()))
            except LocalizedError as error:
                st.error(error_text(error, ui.lang()))
            else:  # the claim ends: claiming this account again is a new view of its record
                st.session_state["collections_contract"] = st.session_state["collections_viewed"] = None
                st.session_state["collections_flash"] = tr("collections.logged", outcome=tr(f"collections.outcome.{inputs['outcome']}"))
                st.session_state["collections_notice"] = view.logged_notice(logged, ui.lang())
                st.rerun()

        if ctx.header["product"] == "LTO":
            with st.expander(tr("collections.restructure")):
                kind, value = ui_collections.restructure_inputs()
                if st.button(tr("collections.restructure.propose"), key="collections_propose"):
                    try:
                        offer_id = propose_restructuring(work(), contract_id=contract_id, kind=kind, parameter=value)
                    except LocalizedError as error:
                        st.error(error_text(error, ui.lang()))
                    else:
                        st.success(tr("collections.restructure.proposed", id=offer_id))

queue = queue_view(work())
metrics = st.columns(3)
metrics[0].metric(tr("collections.metric.queue"), queue.total)
metrics[1].metric(tr("collections.metric.workable"), queue.workable_count)
metrics[2].metric(tr("collections.metric.held"), queue.held)
if can(user.role, Action.COLLECTIONS_OUTBOUND):
    st.download_button(tr("collections.outbound"), data=lambda: outbound_messages_csv(work()),
                       file_name=f"mensajes_cobranza_{now:%Y%m%d}.csv", mime="text/csv", key="collections_outbound")

workable, blocked = view.queue_tables(queue, now.date(), ui.lang())
st.subheader(tr("collections.queue.workable"))
ui_collections.show_table(workable, key="collections_workable")
st.subheader(tr("collections.queue.blocked"))
ui_collections.show_table(blocked, key="collections_blocked")
