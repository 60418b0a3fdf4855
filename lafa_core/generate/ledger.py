"""Rows for the people and money tables, cut from the simulated contract book:
depots, vehicles, drivers, credit applications, contracts, LTO installments and
payments, and the collection contacts that chased late installments.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from lafa_core.collections.config import DEFAULT_CONFIG
from lafa_core.collections.rules import stage_for
from lafa_core.generate.activity import local_to_utc
from lafa_core.generate.contracts import CONTACT_DAYS, LTO_TERM_WEEKS, ContractBook
from lafa_core.ledger import installment_due_offset
from lafa_core.tables import ContractKind, PaymentMethod, Product, VehicleStatus

PURCHASE_OPTION_CENTAVOS = 20_000 * 100  # symbolic residual paid at week 208
_SIMULATION_ONLY = ("in_service_index", "model_index")
# The ladder stage of each contact (contracts.CONTACT_DAYS) comes from the collections rules, the
# hours from the collections contact window.
CONTACT_STEPS = [(days, stage_for(days), channel) for days, channel in CONTACT_DAYS]
_FIRST_MINUTE = DEFAULT_CONFIG.contact_start.hour * 60 + DEFAULT_CONFIG.contact_start.minute
_END_MINUTE = DEFAULT_CONFIG.contact_end.hour * 60 + DEFAULT_CONFIG.contact_end.minute


def depots_frame(book: ContractBook) -> pd.DataFrame:
    return pd.DataFrame(book.depots)


def vehicles_frame(book: ContractBook, open_maintenance: set[int]) -> pd.DataFrame:
    frame = pd.DataFrame(book.vehicles).drop(columns=list(_SIMULATION_ONLY))
    status = np.array(book.vehicle_end_status, dtype=object)
    in_shop = frame["id"].isin(open_maintenance).to_numpy()
    frame["status"] = np.where(in_shop & (status == VehicleStatus.ASSIGNED.value), VehicleStatus.MAINTENANCE.value,
                               status)
    frame["retired_on"] = None
    return frame


def drivers_frame(book: ContractBook) -> pd.DataFrame:
    return pd.DataFrame(book.drivers).drop(columns=["productivity", "morning"])


def applications_frame(book: ContractBook) -> pd.DataFrame:
    cal = book.calendar
    frame = pd.DataFrame(book.applications)
    submitted_day = np.array([cal.date_of(i) for i in frame["submitted_index"]], dtype="datetime64[D]")
    frame["submitted_at"] = local_to_utc(submitted_day, frame["submitted_minute"].to_numpy())
    has_decision = frame["decided_index"].notna().to_numpy()
    decided_day = np.array([cal.date_of(d) for d in frame["decided_index"].fillna(0)], dtype="datetime64[D]")
    decided_at = local_to_utc(decided_day, np.full(len(frame), 11 * 60))
    frame["decided_at"] = pd.Series(decided_at).where(has_decision, pd.NaT).to_numpy()
    return frame.drop(columns=["submitted_index", "submitted_minute", "decided_index"])


def contracts_frame(book: ContractBook) -> pd.DataFrame:
    cal = book.calendar
    rows = []
    for i, spell in enumerate(book.spells):
        lto = spell.product == Product.LTO.value
        rows.append({
            "id": i + 1, "code": f"{'LTO' if lto else 'DAE'}-{i + 1:07d}",
            "driver_id": book.drivers[spell.driver]["id"], "vehicle_id": spell.vehicle + 1,
            "product": spell.product, "kind": (ContractKind.LEASE if lto else ContractKind.EMPLOYMENT).value,
            "start_on": cal.date_of(spell.start), "end_on": None if spell.end is None else cal.date_of(spell.end),
            "term_weeks": LTO_TERM_WEEKS if lto else None, "weekly_rate_centavos": spell.weekly_rate_centavos,
            "deposit_centavos": spell.deposit_centavos,
            "purchase_option_centavos": PURCHASE_OPTION_CENTAVOS if lto else 0, "status": spell.status,
            "defaulted_on": None if spell.defaulted_on is None else cal.date_of(spell.defaulted_on),
            "application_id": None if spell.application is None else book.applications[spell.application]["id"],
        })
    return pd.DataFrame(rows)


def installments_and_payments(book: ContractBook, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The full 208-week schedule of every lease, and one payment per (contract, day) paid.

    A defaulted lease keeps its schedule up to the default; later installments were cancelled.
    """
    rng = np.random.default_rng([seed, 5])
    cal = book.calendar
    contract_ids, seqs, due_days, amounts, paid_days = [], [], [], [], []
    for i, spell in enumerate(book.spells):
        if spell.product != Product.LTO.value:
            continue
        weeks = LTO_TERM_WEEKS
        if spell.defaulted_on is not None:
            weeks = (spell.defaulted_on - spell.start) // 7
        k = np.arange(weeks)
        contract_ids.append(np.full(weeks, i + 1))
        seqs.append(k + 1)
        due_days.append(spell.start + installment_due_offset(k + 1))
        amounts.append(np.full(weeks, spell.weekly_rate_centavos))
        paid = np.array([np.nan if (p := spell.paid_day[j]) is None else p for j in range(weeks)], dtype=float)
        paid_days.append(paid)
    if not contract_ids:
        return pd.DataFrame(), pd.DataFrame()
    contract = np.concatenate(contract_ids)
    due = np.concatenate(due_days)
    amount = np.concatenate(amounts).astype(np.int64)
    paid_day = np.concatenate(paid_days)
    is_paid = ~np.isnan(paid_day)
    start = np.datetime64(cal.start, "D")
    installments = pd.DataFrame({
        "id": np.arange(1, len(contract) + 1), "contract_id": contract, "seq": np.concatenate(seqs),
        "due_on": start + due.astype("timedelta64[D]"), "amount_centavos": amount,
        "paid_centavos": np.where(is_paid, amount, 0),
        "paid_on": pd.Series(start + np.nan_to_num(paid_day).astype(np.int64).astype("timedelta64[D]")).where(is_paid, pd.NaT).to_numpy(),
    })
    paid = installments[is_paid]
    grouped = (paid.assign(_day=paid_day[is_paid].astype(np.int64))
               .groupby(["contract_id", "_day"], sort=True)["amount_centavos"].sum().reset_index())
    n = len(grouped)
    paid_on = start + grouped["_day"].to_numpy().astype("timedelta64[D]")
    methods = np.array([PaymentMethod.SPEI.value, PaymentMethod.CASH_OXXO.value, PaymentMethod.CARD.value])
    payments = pd.DataFrame({
        "id": np.arange(1, n + 1), "contract_id": grouped["contract_id"].to_numpy(),
        "paid_at": local_to_utc(paid_on, rng.integers(7 * 60, 23 * 60, n)), "paid_on": paid_on,
        "amount_centavos": grouped["amount_centavos"].to_numpy(),
        "method": methods[rng.choice(3, size=n, p=[0.55, 0.35, 0.10])],
        "reference": [f"PAY-{i:08d}" for i in range(1, n + 1)],  # as migration 0008 backfills them
    })
    return installments, payments


def collection_contacts(book: ContractBook, seed: int) -> pd.DataFrame:
    """Agents chased each late episode's first installment at days 3, 7, 14, 21, 28 past due."""
    rng = np.random.default_rng([seed, 6])
    horizon = book.calendar.days - 1
    agents = [f"agente.{i:02d}" for i in range(1, max(3, len(book.vehicles) // 150) + 1)]
    rows = []
    for i, spell in enumerate(book.spells):
        if spell.product != Product.LTO.value:
            continue
        driver = book.drivers[spell.driver]
        previous_late = False
        for k, paid in enumerate(spell.paid_day):
            due = spell.start + installment_due_offset(k + 1)
            if due > horizon or (spell.defaulted_on is not None and due >= spell.defaulted_on):
                break
            settled = paid if paid is not None else horizon + 1
            late = settled - due
            if late < 3 or previous_late:
                previous_late = late >= 3
                continue
            previous_late = True
            for days, stage, channel in CONTACT_STEPS:
                contact_day = due + days
                if contact_day >= settled or contact_day > horizon:
                    break
                if driver["do_not_contact"]:
                    break
                pays_soon = paid is not None and paid - contact_day <= 4
                if pays_soon:
                    outcome = "promise_to_pay"
                else:
                    outcome = str(rng.choice(["no_answer", "promise_to_pay", "hardship", "refused", "wrong_number"],
                                             p=[0.45, 0.25, 0.15, 0.10, 0.05]))
                promise_day = (paid if pays_soon else contact_day + int(rng.integers(2, 6))) if outcome == "promise_to_pay" else None
                rows.append({
                    "contract_id": i + 1, "driver_id": driver["id"], "contact_day": contact_day,
                    "contact_minute": int(rng.integers(_FIRST_MINUTE, _END_MINUTE)), "channel": channel,
                    "agent": agents[int(rng.integers(0, len(agents)))], "stage": stage, "days_past_due": days,
                    "outcome": outcome,
                    "promise_amount_centavos": spell.weekly_rate_centavos if promise_day is not None else None,
                    "promise_due_on": None if promise_day is None else book.calendar.date_of(promise_day),
                    "notes": "",
                })
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame(rows)
    start = np.datetime64(book.calendar.start, "D")
    frame["contacted_at"] = local_to_utc(start + frame["contact_day"].to_numpy().astype("timedelta64[D]"),
                                         frame["contact_minute"].to_numpy())
    frame = frame.drop(columns=["contact_day", "contact_minute"]).sort_values("contacted_at", kind="stable")
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame.reset_index(drop=True)


# A DaE driver owes the deductible of a minor collision or the fine he got; payroll deducts it
# on the next payday, but a week that missed the goal pays only the 1,000 MXN support, so part
# of it can go unrecovered: that shortfall is what collections chases for DaE.
DRIVER_LIABLE_INCIDENTS = {"minor_collision": 0.10, "traffic_fine": 1.0}
DEDUCTIBLE_CAP_CENTAVOS = 3_000 * 100


def payroll_shortfalls(book: ContractBook, incidents: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 10])
    cal = book.calendar
    spell = incidents["_spell"].to_numpy()
    is_dae = np.array([s >= 0 and book.spells[s].product == Product.DAE.value for s in spell.tolist()], dtype=bool)
    chosen = is_dae & incidents["kind"].isin(list(DRIVER_LIABLE_INCIDENTS)).to_numpy()
    liable = incidents[chosen]
    if liable.empty:
        return pd.DataFrame()
    share = liable["kind"].map(DRIVER_LIABLE_INCIDENTS).to_numpy()
    owed = np.minimum(np.round(liable["estimated_cost_centavos"].to_numpy() * share / 100) * 100,
                      DEDUCTIBLE_CAP_CENTAVOS).astype(np.int64)
    day = liable["_day"].to_numpy()
    payday = day + (7 - day % 7)  # the Monday after: payroll runs on the closed week
    n = len(liable)
    covered = rng.random(n) < 0.7  # most weeks pay enough to deduct it all
    deducted = np.where(covered, owed, np.round(owed * rng.uniform(0, 0.6, n) / 100) * 100).astype(np.int64)
    settle_after = rng.integers(7, 35, n)
    settled_day = np.where(covered, payday, np.where(rng.random(n) < 0.6, payday + settle_after, -1))
    keep = (payday <= cal.days - 1) & ~covered  # only paydays that left something owed
    start = np.datetime64(cal.start, "D")
    settled = settled_day[keep]
    frame = pd.DataFrame({
        "contract_id": spell[chosen][keep] + 1,
        "due_on": start + payday[keep].astype("timedelta64[D]"),
        "due_centavos": owed[keep], "deducted_centavos": deducted[keep],
        "settled_on": pd.Series(start + np.clip(settled, 0, None).astype("timedelta64[D]")).where(
            (settled >= 0) & (settled <= cal.days - 1), pd.NaT).to_numpy(),
    }).sort_values(["due_on", "contract_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame
