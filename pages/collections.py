"""Collections agent: claim the next account, see its whole story, log the contact.
Contact rules (hours, caps, opt-outs, promise windows) are enforced by lafa_core.collections."""
from datetime import timedelta

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import ui
import ui_cache
from lafa_core.collections import (
    ClaimLost, ContactNotAllowed, Outcome, RestructuringKind, account_context,
    log_contact, next_account, outbound_messages_csv, propose_restructuring, queue_view, release_account,
)
from lafa_core import bounds
from lafa_core.clock import FixedClock
from lafa_core.collections.rules import CHANNELS
from lafa_core.users import Action, Page, can
from lafa_core.errors import LocalizedError, error_text
from lafa_core.collections import presentation as view
from lafa_core.i18n import format_bucket, format_date, format_percent

tr = ui.tr


def blocked_message(error: ContactNotAllowed) -> str:
    return view.blocked_text(error, ui.lang())


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

if not works_accounts:
    st.info(tr("collections.read_only"))
else:
    left, right = st.columns(2)
    if left.button(tr("collections.next"), key="collections_next", type="primary"):
        try:
            claimed = next_account(work())
        except ContactNotAllowed as blocked:
            st.warning(blocked_message(blocked))
            claimed = st.session_state.get("collections_contract")
        except LocalizedError as error:
            st.error(error_text(error, ui.lang()))
            claimed = None
        else:
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
        header, item = ctx.header, ctx.queue or {}
        st.subheader(tr("collections.account", contract=header["contract_code"]))
        st.markdown(f"**{tr('collections.driver')}:** {header['full_name']} · **{tr('collections.phone')}:** {header['phone'] or tr('pii.masked')}"
                    f" · **{tr('collections.vehicle')}:** {header['plate']} ({header['oem']} {header['vehicle_model']})"
                    f" · **{tr('collections.contract')}:** {header['product']} {format_date(header['start_on'], ui.lang())}")
        row1, row2 = st.columns(4), st.columns(4)
        row1[0].metric(tr("collections.dpd"), view.days_past_due_text(item["days_past_due"], ui.lang()) if item else "—")
        row1[1].metric(tr("collections.bucket"), format_bucket(item["bucket"], ui.lang()) if item else "—")
        row1[2].metric(tr("collections.overdue"), view.money(item.get("amount_overdue_centavos")))
        row1[3].metric(tr("collections.balance"), view.money(ctx.balance_centavos))
        row2[0].metric(tr("collections.stage"), tr(f"collections.stage.{item['stage']}") if item else "—")
        row2[1].metric(tr("collections.roll"), format_percent(item.get("roll_probability")))
        row2[2].metric(tr("collections.priority"), view.money(item.get("priority_centavos")))
        row2[3].metric(tr("collections.weekly_rate"), view.money(header["weekly_rate_centavos"]))
        if ctx.blocked_reason:
            st.warning(tr("collections.blocked", reason=tr(f"collections.reason.{ctx.blocked_reason}"),
                          when=view.when(ctx.workable_from, ui.lang())))
        if ctx.message:
            st.markdown(f"**{tr('collections.message')}**")
            st.code(ctx.message, language=None, wrap_lines=True)

        tables = view.account_tables(ctx, now.date(), ui.lang())
        for tab, (_, table) in zip(st.tabs([title for title, _ in tables]), tables):
            with tab:
                if table.empty:
                    st.caption(tr("collections.empty"))
                else:
                    st.dataframe(table, hide_index=True, width="stretch")

        with st.form("collections_outcome_form"):
            st.markdown(f"**{tr('collections.form')}**")
            outcome = st.selectbox(tr("collections.outcome"), [o.value for o in Outcome], key=ui.language_key("collections_outcome"),
                                   format_func=lambda o: tr(f"collections.outcome.{o}"))
            channel = st.selectbox(tr("collections.channel"), list(CHANNELS), key=ui.language_key("collections_channel"),
                                   format_func=lambda c: tr(f"collections.channel.{c}"))
            promise_amount = st.text_input(tr("collections.promise_amount"), key="collections_promise_amount",
                                           placeholder="1,500.00")
            promise_date = st.date_input(tr("collections.promise_date"), value=now.date() + timedelta(days=3),
                                         key="collections_promise_date")
            notes = st.text_area(tr("collections.notes"), max_chars=500, key="collections_notes")
            submitted = st.form_submit_button(tr("collections.save"))
        if submitted:
            promising = outcome == Outcome.PROMISE_TO_PAY.value
            try:
                log_contact(work(), contract_id=contract_id, outcome=outcome, channel=channel,
                            promise_amount_centavos=bounds.centavos(promise_amount, tr("collections.promise_amount"))
                            if promising else None,
                            promise_due_on=promise_date if promising else None, notes=notes)
            except ClaimLost:
                st.session_state["collections_contract"] = None
                st.error(tr("collections.claim_lost"))
            except ContactNotAllowed as blocked:
                st.warning(blocked_message(blocked))
            except LocalizedError as error:
                st.error(error_text(error, ui.lang()))
            else:  # the claim ends: claiming this account again is a new view of its record
                st.session_state["collections_contract"] = st.session_state["collections_viewed"] = None
                st.session_state["collections_flash"] = tr("collections.logged", outcome=tr(f"collections.outcome.{outcome}"))
                st.rerun()

        if header["product"] == "LTO":
            with st.expander(tr("collections.restructure")):
                kind = st.selectbox(tr("collections.restructure.kind"), [k.value for k in RestructuringKind],
                                    key="collections_kind", format_func=lambda k: tr(f"collections.kind.{k}"))
                parameter = st.number_input(tr("collections.restructure.parameter"), min_value=1, step=1, value=4,
                                            key="collections_parameter")
                if st.button(tr("collections.restructure.propose"), key="collections_propose"):
                    # A reduced payment is typed in pesos; the other kinds count weeks.
                    value = int(parameter) * 100 if kind == RestructuringKind.REDUCE_PAYMENT.value else int(parameter)
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

workable, blocked = view.queue_tables(queue, ui.lang())
st.subheader(tr("collections.queue.workable"))
st.dataframe(workable, hide_index=True, width="stretch", key="collections_workable")
st.subheader(tr("collections.queue.blocked"))
st.dataframe(blocked, hide_index=True, width="stretch", key="collections_blocked")
