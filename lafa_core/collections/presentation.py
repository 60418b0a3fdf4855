"""The collections pages' tables and sentences in the user's language: readable column names,
exact pesos, local times. Pure (no Streamlit); the pages lay these out."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import plotly.graph_objects as go

from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig
from lafa_core.collections.contacts import AccountContext, ContactLogged
from lafa_core.collections.queue import QueueView
from lafa_core.collections.rules import BlockReason, ContactNotAllowed, caps_reached
from lafa_core.config import LOCAL_TZ
from lafa_core.i18n import format_bucket, format_date, format_mxn, format_number, format_percent, t
from lafa_core.kpis.charts import trend_figure

RECENT_WEEKS = 12  # paid installments older than this are left out of the account's schedule
UPCOMING_INSTALLMENTS = 4  # the next installments an agent may talk about; the rest of the lease is noise


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

    promises, offers, contacts, payments = ctx.promises, ctx.offers, ctx.contacts, ctx.payments
    tables = {
        "installments": schedule_columns(ctx.installments, today, lang),
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


def schedule_columns(installments: pd.DataFrame, today: date, lang: str) -> dict[str, list]:
    """The account's schedule as an agent talks it through: the overdue installments (oldest
    first), then the next UPCOMING_INSTALLMENTS, then those paid in the last RECENT_WEEKS (newest
    first); each with its state, "—" where there is nothing."""
    due, unpaid = installments["due_on"], installments["paid_on"].isna()
    parts = [("overdue", installments[unpaid & (due < today)].sort_values("seq")),
             ("upcoming", installments[unpaid & (due >= today)].sort_values("seq").head(UPCOMING_INSTALLMENTS)),
             ("paid", installments[~unpaid & (due >= today - timedelta(weeks=RECENT_WEEKS))]
              .sort_values("seq", ascending=False))]
    rows = [(state, row) for state, part in parts for row in part.itertuples(index=False)]

    def col(key):
        return t(f"collections.col.{key}", lang)
    return {col("seq"): [r.seq for _, r in rows], col("state"): [t(f"collections.installment.{s}", lang) for s, _ in rows],
            col("due_on"): [day(r.due_on, lang) for _, r in rows],
            col("amount"): [money(r.amount_centavos) for _, r in rows],
            col("paid"): [money(r.paid_centavos) if r.paid_centavos else "—" for _, r in rows],
            col("paid_on"): [day(r.paid_on, lang) for _, r in rows]}


def owed_text(overdue_centavos, exposure_centavos, days_past_due, today: date, lang: str) -> str:
    """What an account owes, as an agent reads it: the amount overdue, or, before anything is
    overdue, what falls due next and when (never "$0.00" for an account about to fall due)."""
    if overdue_centavos and int(overdue_centavos) > 0:
        return money(overdue_centavos)
    return t("collections.due_next", lang, amount=money(exposure_centavos),
             day=format_date(today + timedelta(days=-int(days_past_due)), lang))


def queue_tables(view: QueueView, today: date, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The workable and the blocked accounts, as an agent reads them. Accounts not yet due stay
    in the blocked list: an opt-out, a do-not-contact flag or a live promise on an account about to
    fall due is what a supervisor needs to see before the due date (no reminder will reach it); it
    reads as what falls due and when, not as "$0.00" owed."""
    workable, blocked = view.workable, view.blocked

    def owed(frame: pd.DataFrame) -> list[str]:
        return [owed_text(o, e, d, today, lang) for o, e, d in
                zip(frame["amount_overdue_centavos"], frame["exposure_centavos"], frame["days_past_due"])]
    return pd.DataFrame({
        t("collections.col.contract", lang): workable["code"],
        t("collections.dpd", lang): [days_past_due_text(d, lang) for d in workable["days_past_due"]],
        t("collections.bucket", lang): workable["bucket"].map(lambda b: format_bucket(b, lang)),
        t("collections.stage", lang): workable["stage"].map(lambda s: t(f"collections.stage.{s}", lang)),
        t("collections.overdue", lang): owed(workable),
        t("collections.roll", lang): workable["roll_probability"].map(format_percent),
        t("collections.priority", lang): workable["priority_centavos"].map(money),
    }), pd.DataFrame({
        t("collections.col.contract", lang): blocked["code"],
        t("collections.col.reason", lang): blocked["blocked_reason"].map(lambda r: t(f"collections.reason.{r}", lang)),
        t("collections.col.workable_from", lang): [when(m, lang) for m in blocked["workable_from"]],
        t("collections.dpd", lang): [days_past_due_text(d, lang) for d in blocked["days_past_due"]],
        t("collections.overdue", lang): owed(blocked),
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


def account_summary(ctx: AccountContext, today: date, lang: str) -> tuple[str, str, list[tuple[str, str]]]:
    """The account's header line, its ladder stage as a whole sentence (too long for a metric) and
    its figures as (label, value)."""
    header, item = ctx.header, ctx.queue or {}

    def label(key):
        return t(f"collections.{key}", lang)
    line = (f"**{label('driver')}:** {header['full_name']} · **{label('phone')}:** {header['phone'] or t('pii.masked', lang)}"
            f" · **{label('vehicle')}:** {header['plate']} ({header['oem']} {header['vehicle_model']})"
            f" · **{label('contract')}:** {header['product']} {format_date(header['start_on'], lang)}")
    stage = f"**{label('stage')}:** " + (t(f"collections.stage.{item['stage']}", lang) if item else "—")
    owed = owed_text(item["amount_overdue_centavos"], item["exposure_centavos"], item["days_past_due"], today, lang) \
        if item else "—"
    figures = [(label("dpd"), days_past_due_text(item["days_past_due"], lang) if item else "—"),
               (label("bucket"), format_bucket(item["bucket"], lang) if item else "—"),
               (label("overdue"), owed if item and item["amount_overdue_centavos"] else "—"),
               (label("balance"), money(ctx.balance_centavos)),
               (label("roll"), format_percent(item.get("roll_probability"))),
               (label("priority"), money(item.get("priority_centavos"))),
               (label("weekly_rate"), money(header["weekly_rate_centavos"]))]
    if item and not item["amount_overdue_centavos"]:  # nothing overdue yet: what falls due next, in words
        stage += f" · {owed}"
    return line, stage, figures


def cap_notice(caps, workable_from, lang: str, config: CollectionsConfig = DEFAULT_CONFIG) -> str | None:
    """The contact caps an account has reached, named with their limits, and when it can be worked again."""
    if not caps:
        return None
    limits = {BlockReason.DAILY_CAP: config.max_contacts_per_day, BlockReason.WEEKLY_CAP: config.max_contacts_per_week}
    names = [t(f"collections.cap.{BlockReason(cap).value}", lang, count=limits[BlockReason(cap)]) for cap in caps]
    return t("collections.cap_reached", lang, caps=t("collections.and", lang).join(names), when=when(workable_from, lang))


def account_notice(ctx: AccountContext, lang: str) -> str | None:
    """Why the opened account cannot be contacted now: a do-not-contact or opt-out flag first (only a
    person lifts it), then the caps it reached, then any other block (a promise window, the hours)."""
    flagged = ctx.blocked_reason in (BlockReason.DO_NOT_CONTACT.value, BlockReason.OPTED_OUT.value)
    if not flagged and (notice := cap_notice(caps_reached(ctx.facts, DEFAULT_CONFIG), ctx.workable_from, lang)):
        return notice
    if ctx.blocked_reason:
        return blocked_text(ContactNotAllowed(BlockReason(ctx.blocked_reason), ctx.workable_from), lang)
    return None


def logged_notice(logged: ContactLogged, lang: str) -> str | None:
    """After saving a contact: the caps it made the account reach, and when it is workable again."""
    return cap_notice(logged.caps, logged.workable_from, lang)


def call_moment(day: date, clock_time: time) -> datetime:
    """The call's moment from the agent's wall-clock time on the business day (Mexico City)."""
    return datetime.combine(day, clock_time.replace(second=0, microsecond=0), tzinfo=LOCAL_TZ)


def dpd_trend_figure(trend: pd.DataFrame, target: int, lang: str) -> go.Figure:
    """Average days past due by week against the target: the executive home's weekly trend
    (ticks "8 mar" in the reader's language), hover "Semana al 8 mar 2026: 18.3 días" and a
    labelled target line."""
    weeks, values = list(trend["week_ending"]), trend["average_dpd"]
    figure = trend_figure(trend.rename(columns={"week_ending": "week_start"}), "average_dpd", lang)
    figure.update_traces(hovertext=[t("collections.dpd_trend.hover", lang, week=format_date(w, lang),
                                      value=format_number(v, 1)) for w, v in zip(weeks, values)])
    figure.update_xaxes(title=t("collections.col.week_ending", lang))
    figure.update_yaxes(title=t("collections.kpi.avg_dpd", lang),
                        range=[0, max(float(values.max()), float(target)) * 1.2 + 1])
    figure.add_hline(y=target, line_dash="dash", line_color="#C0392B", annotation_position="top left",
                     annotation_text=t("collections.dpd_target", lang, count=target))
    figure.update_layout(title=None, margin={"l": 10, "r": 10, "t": 20, "b": 10})
    return figure
