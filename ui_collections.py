"""The collections agent page's drawing helpers: the account's header, its tables and the contact's
inputs. Streamlit only; the words and figures come from lafa_core.collections.presentation."""
from __future__ import annotations

from datetime import datetime, timedelta

import streamlit as st

import ui
from lafa_core.collections import AccountContext, Outcome, RestructuringKind
from lafa_core.collections import presentation as view
from lafa_core.collections.rules import CHANNELS
from lafa_core.i18n import t

tr = ui.tr
# The contact's own inputs: a newly claimed account starts with them blank (its call time the clock's again).
CONTACT_KEYS = ("collections_call_time", "collections_promise_amount", "collections_promise_date", "collections_notes")


def show_table(table, key: str | None = None) -> None:
    """A table, or a line saying it is empty (in the user's language), never an empty grid."""
    if table.empty:
        st.caption(tr("collections.empty"))
    else:
        st.dataframe(table, hide_index=True, width="stretch", key=key)


def new_account() -> None:
    for key in CONTACT_KEYS:
        st.session_state.pop(key, None)


def account(ctx: AccountContext, now: datetime) -> None:
    """Who and what: the header line, the ladder stage in full, the figures, why it is blocked, the
    message, and the schedule, payments, contacts, promises and offers in tabs."""
    line, stage, figures = view.account_summary(ctx, now.date(), ui.lang())
    st.subheader(tr("collections.account", contract=ctx.header["contract_code"]))
    st.markdown(line)
    st.markdown(stage)  # a whole sentence: a metric would cut "Escalamiento jurídico …" short
    for column, (label, value) in zip(st.columns(4) + st.columns(4), figures):
        column.metric(label, value)
    if notice := view.account_notice(ctx, ui.lang()):
        st.warning(notice)
    if ctx.message:
        st.markdown(f"**{tr('collections.message')}**")
        st.code(ctx.message, language=None, wrap_lines=True)
    tables = view.account_tables(ctx, now.date(), ui.lang())
    for tab, (_, table) in zip(st.tabs([title for title, _ in tables]), tables):
        with tab:
            show_table(table)


def contact_inputs(now: datetime) -> dict:
    """The contact's outcome, channel, call time (the clock's by default), notes, and — only for a
    promise to pay — the promised amount (as typed) and date. No form: choosing the outcome reruns
    the page, so the promise's fields come and go with it."""
    st.markdown(f"**{tr('collections.form')}**")
    lang = ui.lang()  # the labels belong to the widget of this language (ui.language_key): bound, not looked up later
    values = {
        "outcome": st.selectbox(tr("collections.outcome"), [o.value for o in Outcome],
                                key=ui.language_key("collections_outcome"), format_func=lambda o: t(f"collections.outcome.{o}", lang)),
        "channel": st.selectbox(tr("collections.channel"), list(CHANNELS), key=ui.language_key("collections_channel"),
                                format_func=lambda c: t(f"collections.channel.{c}", lang)),
        "call_time": st.time_input(tr("collections.call_time"), value=now.replace(second=0, microsecond=0).time(),
                                   step=60, key="collections_call_time", help=tr("collections.call_time_help")),
        "promise_amount": None, "promise_date": None,
    }
    if values["outcome"] == Outcome.PROMISE_TO_PAY.value:
        values["promise_amount"] = st.text_input(tr("collections.promise_amount"), key="collections_promise_amount",
                                                 placeholder="1,500.00")
        values["promise_date"] = st.date_input(tr("collections.promise_date"), value=now.date() + timedelta(days=3),
                                               format="DD/MM/YYYY", key="collections_promise_date")
    values["notes"] = st.text_area(tr("collections.notes"), max_chars=500, key="collections_notes")
    return values


def restructure_inputs() -> tuple[str, int]:
    """The restructuring's kind and its parameter as the service takes it: a reduced payment is
    typed in pesos (sent in centavos), the other kinds count weeks."""
    lang = ui.lang()
    kind = st.selectbox(tr("collections.restructure.kind"), [k.value for k in RestructuringKind],
                        key=ui.language_key("collections_kind"), format_func=lambda k: t(f"collections.kind.{k}", lang))
    parameter = st.number_input(tr("collections.restructure.parameter"), min_value=1, step=1, value=4,
                                key="collections_parameter")
    return kind, int(parameter) * 100 if kind == RestructuringKind.REDUCE_PAYMENT.value else int(parameter)
