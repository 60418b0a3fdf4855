"""The DaE weekly payroll rule, pure: what a driver-as-employee earns for one payroll week.

The company's rule (data/business.yaml, `dae_weekly_payroll`):

* Goal: at least 40 h worked AND at least $6,000 billed in the week.
* Goal missed: $1,000 support only.
* Goal met: $2,500 base + $100 per FULL $500 billed above the goal + overtime at $50/h for the hours
  above 40, at most 8 h, paid only if the previous week had at least 40 h.
* The week runs Monday–Sunday and closes Sunday 20:00 America/Mexico_City (lafa_core.clock).
* A driver who starts mid-week has BOTH goals scaled by weekdays worked / 5.

Decided details: billed is the sum of the trips' Cost in pesos; hours count to the minute and
overtime hours are fractional; the 40 h overtime threshold and the 40 h previous-week condition are
not prorated; `weekdays_worked` counts Monday–Friday from the start date, so a Saturday or Sunday
start (0 weekdays) gets the support; `previous_week_hours=None` means a first week (no overtime).

Tips are the driver's in full: they are NOT part of `weekly_pay` nor of the goal; the caller pays
them as their own line (`explain(..., tips=...)` shows them).

Beside the rule, the law (lafa_core.payroll.law): when the rule pays less than the legal minimum
wage for the days employed, the difference is paid as its own line (`minimum_wage_topup`); hours
beyond the legal weekly limit are flagged (`hours_over_legal_limit`). The company's rule itself is
never changed. Callers pass `law=labor_law_on(week_monday)`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from lafa_core.clock import payroll_week, require_aware
from lafa_core.errors import LocalizedError
from lafa_core.i18n import DEFAULT_LANGUAGE, format_mxn, t
from lafa_core.payroll.law import LaborLaw, latest_labor_law

CENT = Decimal("0.01")
ZERO = Decimal("0")
HOURS_IN_A_WEEK = Decimal(168)


@dataclass(frozen=True)
class DaeRule:
    """The company's numbers (business.yaml `dae_weekly_payroll`), in pesos and hours."""

    hours_goal: Decimal = Decimal(40)
    billed_goal: Decimal = Decimal(6000)
    support: Decimal = Decimal(1000)
    base: Decimal = Decimal(2500)
    bonus_per_step: Decimal = Decimal(100)
    bonus_step: Decimal = Decimal(500)  # a FULL 500 billed above the goal earns one step
    overtime_rate: Decimal = Decimal(50)  # per hour
    overtime_threshold: Decimal = Decimal(40)  # not prorated
    overtime_cap: Decimal = Decimal(8)  # hours
    previous_week_hours_for_overtime: Decimal = Decimal(40)  # not prorated
    full_week_weekdays: int = 5


RULE = DaeRule()


class PayrollInputError(LocalizedError, ValueError):
    """A payroll input outside its bounds (a float, a negative, a count out of range...); the
    message names the field."""

    def __init__(self, field: str, message: str, *, key: str, **values):
        super().__init__(f"{field}: {message}", key=key, field=field, **values)
        self.field = field


@dataclass(frozen=True)
class PayBreakdown:
    """One driver's week: the inputs, the goals after proration, each line of pay, and the law's
    check. Money is Decimal pesos with 2 decimals; hours are exact Decimals."""

    hours: Decimal
    billed: Decimal
    previous_week_hours: Decimal | None
    weekdays_worked: int
    days_employed: int
    hours_goal: Decimal  # after proration
    billed_goal: Decimal  # after proration
    goal_met: bool
    support: Decimal
    base: Decimal
    bonus_steps: int
    bonus: Decimal
    overtime_eligible: bool  # the previous week had at least 40 h
    overtime_hours: Decimal  # paid overtime hours (fractional, capped at 8)
    overtime: Decimal
    rule_total: Decimal  # what the company's rule pays
    legal_minimum: Decimal  # minimum daily wage × days employed
    minimum_wage_topup: Decimal  # legal_minimum - rule_total when positive, else 0
    total: Decimal  # rule_total + minimum_wage_topup (tips not included)
    hours_over_legal_limit: Decimal  # hours beyond the legal weekly limit, 0 if none (flagged only)
    law: LaborLaw

    @property
    def unpaid_overtime_hours(self) -> Decimal:
        """Hours above the overtime threshold that the rule does not pay as overtime (cap, no
        previous-week 40 h, or goal missed)."""
        return max(ZERO, self.hours - RULE.overtime_threshold) - self.overtime_hours


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value, field: str) -> Decimal:
    """An exact, finite, non-negative Decimal (an int is taken as exact); floats are refused."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        kind = type(value).__name__
        raise PayrollInputError(field, f"a Decimal is required, got {kind} {value!r} (floats are inexact)",
                                key="payroll.error.not_decimal", kind=kind)
    value = Decimal(value)
    if not value.is_finite():
        raise PayrollInputError(field, f"{value} is not a number", key="payroll.error.not_finite")
    if value < 0:
        raise PayrollInputError(field, f"{value} is negative", key="payroll.error.negative", value=value)
    return value


def _hours(value, field: str) -> Decimal:
    hours = _decimal(value, field)
    if hours > HOURS_IN_A_WEEK:
        raise PayrollInputError(field, f"{hours} h is more than the {HOURS_IN_A_WEEK} h of a week",
                                key="payroll.error.hours_in_week", value=hours, maximum=HOURS_IN_A_WEEK)
    return hours


def _pesos(value, field: str) -> Decimal:
    amount = _decimal(value, field)
    if amount != amount.quantize(CENT, rounding=ROUND_FLOOR):
        raise PayrollInputError(field, f"{amount} has more than two decimals (centavos)",
                                key="payroll.error.centavos", value=amount)
    return amount


def _count(value, field: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise PayrollInputError(field, f"must be a whole number from {minimum} to {maximum}, got {value!r}",
                                key="payroll.error.count_range", minimum=minimum, maximum=maximum, value=value)
    return value


def weekly_pay(hours: Decimal, billed: Decimal, previous_week_hours: Decimal | None = None,
               weekdays_worked: int = 5, *, law: LaborLaw | None = None, days_employed: int = 7) -> PayBreakdown:
    """The week's pay under the company's rule, with the legal minimum-wage top-up beside it.

    `hours` worked (to the minute) and `billed` (sum of trip Cost, pesos, tips excluded) are Decimal;
    `previous_week_hours` None means a first week (no overtime); `weekdays_worked` 0..5 scales both
    goals (0: a weekend start, support only); `days_employed` 1..7 is what the legal minimum covers
    (a full week is 7 days: the weekly wage pays the rest day). Use `weekdays_worked()` and
    `days_employed()` of this module for a driver's first week. Pass `law=labor_law_on(week_monday)`;
    without it the newest law in data/labor_law.yaml applies. Tips are not part of this: the
    caller pays them as their own line.
    """
    hours = _hours(hours, "hours")
    billed = _pesos(billed, "billed")
    previous = None if previous_week_hours is None else _hours(previous_week_hours, "previous_week_hours")
    weekdays = _count(weekdays_worked, "weekdays_worked", 0, RULE.full_week_weekdays)
    days = _count(days_employed, "days_employed", 1, 7)
    if days < weekdays:
        raise PayrollInputError("days_employed", f"{days} days employed cannot hold {weekdays} weekdays worked",
                                key="payroll.error.days_below_weekdays", days=days, weekdays=weekdays)
    if law is None:
        law = latest_labor_law()
    elif not isinstance(law, LaborLaw):
        raise PayrollInputError("law", f"a LaborLaw is required, got {type(law).__name__}",
                                key="payroll.error.law_type")

    hours_goal = RULE.hours_goal * weekdays / RULE.full_week_weekdays
    billed_goal = RULE.billed_goal * weekdays / RULE.full_week_weekdays
    goal_met = weekdays > 0 and hours >= hours_goal and billed >= billed_goal
    overtime_eligible = previous is not None and previous >= RULE.previous_week_hours_for_overtime

    support = base = bonus = overtime = overtime_hours = ZERO
    bonus_steps = 0
    if goal_met:
        base = RULE.base
        bonus_steps = int((billed - billed_goal) // RULE.bonus_step)  # full steps only
        bonus = RULE.bonus_per_step * bonus_steps
        if overtime_eligible:
            overtime_hours = min(max(ZERO, hours - RULE.overtime_threshold), RULE.overtime_cap)
            overtime = overtime_hours * RULE.overtime_rate
    else:
        support = RULE.support

    rule_total = _money(support + base + bonus + overtime)
    legal_minimum = _money(law.minimum_daily_wage * days)
    topup = max(ZERO, legal_minimum - rule_total)
    return PayBreakdown(
        hours=hours, billed=billed, previous_week_hours=previous, weekdays_worked=weekdays, days_employed=days,
        hours_goal=hours_goal, billed_goal=_money(billed_goal), goal_met=goal_met,
        support=_money(support), base=_money(base), bonus_steps=bonus_steps, bonus=_money(bonus),
        overtime_eligible=overtime_eligible, overtime_hours=overtime_hours, overtime=_money(overtime),
        rule_total=rule_total, legal_minimum=legal_minimum, minimum_wage_topup=_money(topup),
        total=_money(rule_total + topup), hours_over_legal_limit=max(ZERO, hours - law.weekly_hours_limit),
        law=law,
    )


# ----- the payroll week and a first week ---------------------------------------------------------

def payroll_week_of(trip_start: datetime) -> date:
    """The Monday of the payroll week a trip belongs to (a trip starting Sunday 20:00 Mexico City
    time or later is next week's). Any time zone is accepted and converted; naive is refused."""
    return payroll_week(require_aware(trip_start, "trip_start")).start


def _day(value, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise PayrollInputError(field, f"a date is required, got {value!r}", key="payroll.error.not_a_date")
    return value


def _days_into_week(start_date: date, week_monday: date) -> int:
    """0 when the driver started on or before the week's Monday, else the start's weekday (0..6)."""
    start_date = _day(start_date, "start_date")
    week_monday = _day(week_monday, "week_monday")
    if week_monday.weekday() != 0:
        raise PayrollInputError("week_monday", f"{week_monday} is not a Monday", key="payroll.error.not_monday",
                                day=week_monday.isoformat())
    offset = (start_date - week_monday).days
    if offset > 6:
        raise PayrollInputError("start_date", f"the driver starts on {start_date}, after the week of {week_monday}",
                                key="payroll.error.not_started", start=start_date.isoformat(),
                                week=week_monday.isoformat(), sunday=(week_monday + timedelta(days=6)).isoformat())
    return max(0, offset)


def weekdays_worked(start_date: date, week_monday: date) -> int:
    """Weekdays (Monday–Friday) of the week from the start date on: 5 if the driver started on or
    before the Monday, 0 for a Saturday or Sunday start."""
    return max(0, RULE.full_week_weekdays - _days_into_week(start_date, week_monday))


def days_employed(start_date: date, week_monday: date) -> int:
    """Calendar days of the week from the start date on (7 if the driver started on or before the
    Monday): the days the legal minimum wage covers."""
    return 7 - _days_into_week(start_date, week_monday)


# ----- the payslip, explained --------------------------------------------------------------------

def format_pesos(amount: Decimal) -> str:
    """`$2,500`, or `$1,205.28` when there are centavos."""
    amount = _money(Decimal(amount))
    return format_mxn(amount, centavos=False, decimals=0 if amount == amount.to_integral_value() else 2)


def format_hours(hours: Decimal) -> str:
    """`44 h`, `42.5 h`, `40.02 h` (to the hundredth of an hour)."""
    text = f"{_money(Decimal(hours)):,.2f}".rstrip("0").rstrip(".")
    return f"{text} h"


def explain(breakdown: PayBreakdown, *, tips: Decimal = Decimal("0"), lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The payslip's lines in `lang` (Spanish by default): proration, the goal and the pay it earns,
    why no overtime was paid, the minimum-wage top-up, the legal hours flag and the total with tips."""
    tips = _pesos(tips, "tips")
    b = breakdown
    lines = []
    if 0 < b.weekdays_worked < RULE.full_week_weekdays:
        lines.append(t("payroll.explain.partial_week", lang, weekdays=b.weekdays_worked,
                       full=RULE.full_week_weekdays, hours_goal=format_hours(b.hours_goal),
                       billed_goal=format_pesos(b.billed_goal)))

    if b.goal_met:
        parts = [t("payroll.explain.base", lang, amount=format_pesos(b.base))]
        if b.bonus_steps:
            parts.append(t("payroll.explain.bonus", lang, amount=format_pesos(b.bonus), steps=b.bonus_steps,
                           per_step=format_pesos(RULE.bonus_per_step), step=format_pesos(RULE.bonus_step)))
        if b.overtime_hours:
            parts.append(t("payroll.explain.overtime", lang, hours=format_hours(b.overtime_hours),
                           rate=format_pesos(RULE.overtime_rate)))
        pay = " + ".join(parts) + (f" = {format_pesos(b.rule_total)}" if len(parts) > 1 else "")
        head = t("payroll.explain.goal_met", lang, hours=format_hours(b.hours), billed=format_pesos(b.billed))
    elif b.weekdays_worked == 0:
        head = t("payroll.explain.weekend_start", lang)
        pay = t("payroll.explain.support", lang, amount=format_pesos(b.support))
    else:
        head = t("payroll.explain.goal_missed", lang, hours=format_hours(b.hours),
                 hours_goal=format_hours(b.hours_goal), billed=format_pesos(b.billed),
                 billed_goal=format_pesos(b.billed_goal))
        pay = t("payroll.explain.support", lang, amount=format_pesos(b.support))
    if tips:
        pay += "; " + t("payroll.explain.tips", lang, amount=format_pesos(tips))
    lines.append(f"{head} {pay}")

    above_threshold = b.hours - RULE.overtime_threshold
    if b.goal_met and above_threshold > 0:
        if b.previous_week_hours is None:
            lines.append(t("payroll.explain.no_overtime_first_week", lang,
                           required=format_hours(RULE.previous_week_hours_for_overtime)))
        elif not b.overtime_eligible:
            lines.append(t("payroll.explain.no_overtime_previous_week", lang,
                           previous=format_hours(b.previous_week_hours),
                           required=format_hours(RULE.previous_week_hours_for_overtime)))
        elif above_threshold > RULE.overtime_cap:
            lines.append(t("payroll.explain.overtime_cap", lang, cap=format_hours(RULE.overtime_cap),
                           above=format_hours(above_threshold), threshold=format_hours(RULE.overtime_threshold)))

    if b.minimum_wage_topup > 0:
        key = "payroll.explain.topup_one_day" if b.days_employed == 1 else "payroll.explain.topup"
        lines.append(t(key, lang, amount=format_pesos(b.minimum_wage_topup), days=b.days_employed,
                       daily=format_pesos(b.law.minimum_daily_wage)))

    if b.hours_over_legal_limit > 0:
        lines.append(t("payroll.explain.over_legal_limit", lang, hours=format_hours(b.hours),
                       limit=format_hours(b.law.weekly_hours_limit), over=format_hours(b.hours_over_legal_limit)))

    if tips:
        lines.append(t("payroll.explain.total_with_tips", lang, total=format_pesos(b.total),
                       tips=format_pesos(tips), grand=format_pesos(b.total + tips)))
    elif b.minimum_wage_topup > 0:
        lines.append(t("payroll.explain.total", lang, total=format_pesos(b.total)))
    return lines
