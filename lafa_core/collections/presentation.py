"""The collections pages' tables and sentences in the user's language: readable column names,
exact pesos, local times. Pure (no Streamlit); the pages lay these out."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from lafa_core.collections.config import DEFAULT_CONFIG
from lafa_core.collections.contacts import AccountContext
from lafa_core.collections.queue import QueueView
from lafa_core.collections.rules import ContactNotAllowed
from lafa_core.config import LOCAL_TZ
from lafa_core.i18n import format_bucket, format_date, format_mxn, format_number, format_percent, t

RECENT_WEEKS = 12  # paid installments older than this are left out of the account's schedule


def when(moment, lang: str) -> str:
    if moment is None or pd.isna(moment):
        return t("collections.never", lang)
    local = pd.Timestamp(moment).tz_convert(LOCAL_TZ)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def money(centavos) -> str:
    return format_mxn(None if centavos is None or pd.isna(centavos) else int(centavos), decimals=2)


def day(value, lang: str) -> str:
    return "—" if value is None or pd.isna(value) else format_date(value, lang)


def blocked_text(error: ContactNotAllowed, lang: str) -> str:
    if error.reason.value == "outside_hours":
        return t("collections.outside_hours", lang, start=f"{DEFAULT_CONFIG.contact_start:%H:%M}",
                 end=f"{DEFAULT_CONFIG.contact_end:%H:%M}", when=when(error.workable_from, lang))
    return t("collections.blocked", lang, reason=t(f"collections.reason.{error.reason.value}", lang),
             when=when(error.workable_from, lang))


def account_tables(ctx: AccountContext, today: date, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """(tab title, table) for the account's schedule, payments, contacts, promises and offers."""
    def col(key):
        return t(f"collections.col.{key}", lang)

    schedule = ctx.installments
    schedule = schedule[schedule["paid_on"].isna() | (schedule["due_on"] >= today - timedelta(weeks=RECENT_WEEKS))]
    promises, offers, contacts, payments = ctx.promises, ctx.offers, ctx.contacts, ctx.payments
    tables = {
        "installments": {col("seq"): schedule["seq"], col("due_on"): [day(d, lang) for d in schedule["due_on"]],
                         col("amount"): schedule["amount_centavos"].map(money),
                         col("paid"): schedule["paid_centavos"].map(money),
                         col("paid_on"): [day(d, lang) for d in schedule["paid_on"]]},
        "payments": {col("paid_at"): [when(m, lang) for m in payments["paid_at"]],
                     col("amount"): payments["amount_centavos"].map(money),
                     col("method"): payments["method"].map(lambda m: t(f"collections.method.{m}", lang))},
        "contacts": {col("contacted_at"): [when(m, lang) for m in contacts["contacted_at"]],
                     col("channel"): contacts["channel"].map(lambda c: t(f"collections.channel.{c}", lang)),
                     col("agent"): contacts["agent"],
                     col("outcome"): contacts["outcome"].map(lambda o: t(f"collections.outcome.{o}", lang)),
                     col("promised"): contacts["promise_amount_centavos"].map(money),
                     col("promise_due_on"): [day(d, lang) for d in contacts["promise_due_on"]],
                     col("notes"): contacts["notes"]},
        "promises": {col("made_on"): [day(d, lang) for d in promises["made_on"]],
                     col("promise_due_on"): [day(d, lang) for d in promises["promise_due_on"]],
                     col("promised"): promises["promise_amount_centavos"].map(money),
                     col("fate"): promises["fate"].map(lambda f: t(f"collections.fate.{f}", lang)),
                     col("agent"): promises["agent"]},
        "offers": {col("offer"): offers["id"], col("kind"): offers["kind"].map(lambda k: t(f"collections.kind.{k}", lang)),
                   col("balance"): offers["balance_centavos"].map(money), col("installments"): offers["installments"],
                   col("first_due_on"): [day(d, lang) for d in offers["first_due_on"]],
                   col("installment"): offers["installment_centavos"].map(money),
                   col("status"): offers["status"].map(lambda v: t(f"collections.status.{v}", lang)),
                   col("proposed_by"): offers["proposed_by"], col("decided_by"): offers["decided_by"].fillna("—")},
    }
    return [(t(f"collections.tab.{name}", lang), pd.DataFrame(columns)) for name, columns in tables.items()]


def queue_tables(view: QueueView, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The workable and the blocked accounts, as an agent reads them."""
    workable, blocked = view.workable, view.blocked
    return pd.DataFrame({
        t("collections.col.contract", lang): workable["code"],
        t("collections.dpd", lang): [days_past_due_text(d, lang) for d in workable["days_past_due"]],
        t("collections.bucket", lang): workable["bucket"].map(lambda b: format_bucket(b, lang)),
        t("collections.stage", lang): workable["stage"].map(lambda s: t(f"collections.stage.{s}", lang)),
        t("collections.overdue", lang): workable["amount_overdue_centavos"].map(money),
        t("collections.roll", lang): workable["roll_probability"].map(format_percent),
        t("collections.priority", lang): workable["priority_centavos"].map(money),
    }), pd.DataFrame({
        t("collections.col.contract", lang): blocked["code"],
        t("collections.col.reason", lang): blocked["blocked_reason"].map(lambda r: t(f"collections.reason.{r}", lang)),
        t("collections.col.workable_from", lang): [when(m, lang) for m in blocked["workable_from"]],
        t("collections.dpd", lang): [days_past_due_text(d, lang) for d in blocked["days_past_due"]],
        t("collections.overdue", lang): blocked["amount_overdue_centavos"].map(money),
    })


def days_past_due_text(days, lang: str) -> str:
    """Days past due as an agent reads them: "12", or "vence hoy" / "vence en 2 días" before it is late."""
    days = int(days)
    if days > 0:
        return str(days)
    if days == 0:
        return t("collections.due_today", lang)
    return t("collections.due_in", lang, days=-days)


def supervisor_tables(report, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The roll rates (week × bucket move) and the contacts per agent, with readable headers."""
    rolls, counts = report.roll_rates, report.roll_counts
    moves = [c for c in rolls.columns if c != "week_ending"]

    def cell(rate, count) -> str:  # "50.0 % (1 de 2)": a rate means little without how many it is of
        rolled, members = count
        return "—" if not members else t("collections.roll_cell", lang, rate=format_percent(rate), rolled=rolled,
                                         members=members)
    roll_table = pd.DataFrame({t("collections.col.week_ending", lang): [day(d, lang) for d in rolls.get("week_ending", [])],
                               **{" → ".join(format_bucket(b, lang) for b in move.split("→")):
                                  [cell(v, c) for v, c in zip(rolls[move], counts[move])] for move in moves}})
    agents = report.contacts_per_agent
    agent_table = pd.DataFrame({
        t("collections.col.agent", lang): agents["agent"],
        t("collections.col.contacts", lang): agents["contacts"],
        t("collections.col.days_worked", lang): agents["days"],
        t("collections.col.contacts_per_day", lang): [format_number(v, 1) for v in agents["contacts_per_day"]],
    })
    return roll_table, agent_table
