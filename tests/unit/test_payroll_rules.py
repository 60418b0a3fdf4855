"""The DaE weekly payroll rule and the labor law beside it, at every boundary, with real values."""
import re
from datetime import date, datetime, timezone
from decimal import Decimal as D

import pytest

from lafa_core.clock import NaiveMoment
from lafa_core.config import LOCAL_TZ
from lafa_core.errors import error_text
from lafa_core.i18n import CATALOG
from lafa_core.payroll.law import LaborLaw, LaborLawError, labor_law_on, latest_effective_day, latest_labor_law
from lafa_core.payroll.rules import (
    RULE, PayBreakdown, PayrollInputError, days_employed, explain, format_hours, format_pesos, payroll_week_of,
    weekdays_worked, weekly_pay,
)
from lafa_core.reference import load_reference

LAW_2025 = labor_law_on(date(2025, 6, 2))
LAW_2026 = labor_law_on(date(2026, 6, 1))
# A law whose minimum never binds, to look at the company's rule alone.
NO_FLOOR = LaborLaw(minimum_daily_wage=D("0.01"), weekly_hours_limit=D(48), effective_from=date(2026, 1, 1),
                    source="test")


def pay(hours, billed, previous=D(40), weekdays=5, **kwargs):
    kwargs.setdefault("law", NO_FLOOR)
    return weekly_pay(D(str(hours)), D(str(billed)), None if previous is None else D(str(previous)), weekdays,
                      **kwargs)


def local(y, m, d, h=0, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=LOCAL_TZ)


# ----- the goal ----------------------------------------------------------------------------------

@pytest.mark.parametrize("hours, billed, met", [
    ("39.9", 8000, False), (40, 8000, True),  # hours at the boundary
    ("39.99", 8000, False),
    (45, 5999, False), (45, 6000, True),  # billed at the boundary
    (45, "5999.99", False),
    ("39.9", 5999, False),
])
def test_the_goal_needs_40_hours_and_6000_billed(hours, billed, met):
    result = pay(hours, billed)
    assert result.goal_met is met
    assert result.hours_goal == 40 and result.billed_goal == D("6000.00")
    if met:
        assert result.support == 0 and result.base == D("2500.00")
    else:
        assert result.support == D("1000.00")
        assert result.base == result.bonus == result.overtime == result.overtime_hours == 0
        assert result.rule_total == D("1000.00")


def test_a_missed_goal_pays_support_only_even_with_overtime_hours_and_a_big_bill():
    result = pay(50, 5999, previous=45)
    assert (result.goal_met, result.support, result.bonus_steps, result.overtime, result.rule_total) == \
        (False, D("1000.00"), 0, D("0.00"), D("1000.00"))


@pytest.mark.parametrize("billed, steps", [
    (6000, 0), (6499, 0), ("6499.99", 0), (6500, 1), (6999, 1), (7000, 2), (8800, 5), (8999, 5), (9000, 6),
])
def test_the_bonus_is_100_per_full_500_above_the_goal(billed, steps):
    result = pay(40, billed)
    assert result.bonus_steps == steps
    assert result.bonus == D(100 * steps).quantize(D("0.01"))
    assert result.rule_total == D(2500 + 100 * steps)


# ----- overtime ----------------------------------------------------------------------------------

@pytest.mark.parametrize("hours, overtime_hours, overtime", [
    (40, 0, "0"), ("40.5", "0.5", "25"), ("42.5", "2.5", "125"), (44, 4, "200"), (48, 8, "400"),
    ("48.01", 8, "400"), (50, 8, "400"), (60, 8, "400"),
])
def test_overtime_is_50_per_fractional_hour_above_40_capped_at_8(hours, overtime_hours, overtime):
    result = pay(hours, 6000)
    assert result.overtime_hours == D(str(overtime_hours))
    assert result.overtime == D(overtime)
    assert result.rule_total == D(2500) + D(overtime)


def test_overtime_to_the_minute_is_rounded_to_the_centavo_only_in_money():
    result = pay(D(40) + D(1) / D(60), 6000)  # 40 h 01 min
    assert (result.overtime_hours * 60).quantize(D(1)) == 1 and result.overtime_hours < D("0.017")  # one minute
    assert result.overtime == D("0.83")  # 50 / 60 = 0.8333...


@pytest.mark.parametrize("previous, eligible", [(None, False), ("39.99", False), (40, True), (55, True)])
def test_overtime_needs_40_hours_the_previous_week_and_none_means_a_first_week(previous, eligible):
    result = pay(44, 6000, previous=previous)
    assert result.overtime_eligible is eligible
    assert result.overtime_hours == (4 if eligible else 0)
    assert result.overtime == (D(200) if eligible else 0)
    assert result.rule_total == (D(2700) if eligible else D(2500))


# ----- proration for a mid-week start ------------------------------------------------------------

@pytest.mark.parametrize("weekdays, hours_goal, billed_goal", [
    (5, 40, 6000), (4, 32, 4800), (3, 24, 3600), (2, 16, 2400), (1, 8, 1200),
])
def test_a_mid_week_start_scales_both_goals(weekdays, hours_goal, billed_goal):
    result = pay(hours_goal, billed_goal, previous=None, weekdays=weekdays, days_employed=weekdays + 2)
    assert (result.hours_goal, result.billed_goal) == (hours_goal, billed_goal)
    assert result.goal_met and result.base == 2500 and result.bonus_steps == 0
    assert not pay(D(hours_goal) - D("0.01"), billed_goal, None, weekdays).goal_met
    assert not pay(hours_goal, D(billed_goal) - D("0.01"), None, weekdays).goal_met


def test_proration_scales_the_bonus_goal_but_not_the_overtime_threshold():
    three_days = pay(44, 4100, previous=40, weekdays=3)  # goals 24 h / 3,600
    assert three_days.goal_met and three_days.bonus_steps == 1 and three_days.bonus == 100
    assert three_days.overtime_hours == 4  # above 40, not above 24
    assert pay(30, 4100, previous=40, weekdays=3).overtime_hours == 0


def test_a_weekend_start_has_no_weekdays_and_gets_the_support():
    result = pay(30, 9000, previous=None, weekdays=0, days_employed=2)
    assert (result.hours_goal, result.billed_goal) == (0, 0)
    assert not result.goal_met and result.support == 1000 and result.rule_total == 1000


# ----- the payroll week and a first week ---------------------------------------------------------

@pytest.mark.parametrize("moment, monday", [
    (local(2026, 3, 2, 0, 0), date(2026, 3, 2)),  # Monday 00:00 opens the week
    (local(2026, 3, 8, 19, 59), date(2026, 3, 2)),  # Sunday 19:59 is still this week
    (local(2026, 3, 8, 20, 0), date(2026, 3, 9)),  # Sunday 20:00 belongs to the next week
    (datetime(2026, 3, 9, 1, 59, tzinfo=timezone.utc), date(2026, 3, 2)),  # Sunday 19:59 local, in UTC
    (datetime(2026, 3, 9, 2, 0, tzinfo=timezone.utc), date(2026, 3, 9)),  # Sunday 20:00 local, in UTC
    (datetime(2026, 3, 8, 20, 0, tzinfo=timezone.utc), date(2026, 3, 2)),  # Sunday 14:00 local
])
def test_a_trip_belongs_to_the_week_closing_sunday_at_20_mexico_city(moment, monday):
    assert payroll_week_of(moment) == monday


def test_a_naive_trip_start_is_refused():
    with pytest.raises(NaiveMoment, match="trip_start"):
        payroll_week_of(datetime(2026, 3, 8, 19, 59))


@pytest.mark.parametrize("start, weekdays, days", [
    (date(2026, 1, 5), 5, 7),  # before the week
    (date(2026, 3, 2), 5, 7),  # Monday
    (date(2026, 3, 3), 4, 6),  # Tuesday
    (date(2026, 3, 4), 3, 5),  # Wednesday
    (date(2026, 3, 6), 1, 3),  # Friday
    (date(2026, 3, 7), 0, 2),  # Saturday
    (date(2026, 3, 8), 0, 1),  # Sunday
])
def test_weekdays_worked_and_days_employed_from_the_start_date(start, weekdays, days):
    monday = date(2026, 3, 2)
    assert weekdays_worked(start, monday) == weekdays
    assert days_employed(start, monday) == days


@pytest.mark.parametrize("start, monday, key", [
    (date(2026, 3, 9), date(2026, 3, 2), "payroll.error.not_started"),  # starts after the week
    (date(2026, 3, 2), date(2026, 3, 3), "payroll.error.not_monday"),
    (datetime(2026, 3, 3, 9, tzinfo=LOCAL_TZ), date(2026, 3, 2), "payroll.error.not_a_date"),
    ("2026-03-03", date(2026, 3, 2), "payroll.error.not_a_date"),
])
def test_first_week_helpers_refuse_impossible_dates(start, monday, key):
    for helper in (weekdays_worked, days_employed):
        with pytest.raises(PayrollInputError) as raised:
            helper(start, monday)
        assert raised.value.key == key


# ----- refused inputs ----------------------------------------------------------------------------

@pytest.mark.parametrize("args, kwargs, field, key", [
    ((40.0, D(6000)), {}, "hours", "payroll.error.not_decimal"),
    ((D(40), 6000.0), {}, "billed", "payroll.error.not_decimal"),
    ((D(40), "6000"), {}, "billed", "payroll.error.not_decimal"),
    ((True, D(6000)), {}, "hours", "payroll.error.not_decimal"),
    ((D(40), D(6000), 40.0), {}, "previous_week_hours", "payroll.error.not_decimal"),
    ((D("-0.01"), D(6000)), {}, "hours", "payroll.error.negative"),
    ((D(40), D("-1")), {}, "billed", "payroll.error.negative"),
    ((D(40), D(6000), D(-1)), {}, "previous_week_hours", "payroll.error.negative"),
    ((D("NaN"), D(6000)), {}, "hours", "payroll.error.not_finite"),
    ((D(40), D("Infinity")), {}, "billed", "payroll.error.not_finite"),
    ((D("168.01"), D(6000)), {}, "hours", "payroll.error.hours_in_week"),
    ((D(40), D("6000.001")), {}, "billed", "payroll.error.centavos"),
    ((D(40), D(6000), None, 6), {}, "weekdays_worked", "payroll.error.count_range"),
    ((D(40), D(6000), None, -1), {}, "weekdays_worked", "payroll.error.count_range"),
    ((D(40), D(6000), None, 2.5), {}, "weekdays_worked", "payroll.error.count_range"),
    ((D(40), D(6000), None, True), {}, "weekdays_worked", "payroll.error.count_range"),
    ((D(40), D(6000)), {"days_employed": 0}, "days_employed", "payroll.error.count_range"),
    ((D(40), D(6000)), {"days_employed": 8}, "days_employed", "payroll.error.count_range"),
    ((D(40), D(6000), None, 5), {"days_employed": 4}, "days_employed", "payroll.error.days_below_weekdays"),
    ((D(40), D(6000)), {"law": "2026"}, "law", "payroll.error.law_type"),
])
def test_bad_inputs_are_refused_with_a_translated_message(args, kwargs, field, key):
    with pytest.raises(PayrollInputError) as raised:
        weekly_pay(*args, **kwargs)
    error = raised.value
    assert isinstance(error, ValueError)
    assert (error.field, error.key) == (field, key)
    assert str(error).startswith(f"{field}: ")
    assert key in CATALOG
    assert error_text(error, "es").startswith(f"{field}: ") and error_text(error, "en") != error_text(error, "es")


def test_an_int_is_exact_and_accepted():
    assert weekly_pay(40, 6000, 40, law=NO_FLOOR) == weekly_pay(D(40), D(6000), D(40), law=NO_FLOOR)


# ----- the law: minimum wage top-up and the legal hours limit ------------------------------------

def test_the_minimum_wage_is_dated_and_sourced():
    assert labor_law_on(date(2024, 1, 1)).minimum_daily_wage == D("248.93")
    assert labor_law_on(date(2024, 12, 31)).minimum_daily_wage == D("248.93")
    assert labor_law_on(date(2025, 1, 1)).minimum_daily_wage == D("278.80")
    assert LAW_2026.minimum_daily_wage == D("315.04") and LAW_2026.effective_from == date(2026, 1, 1)
    assert LAW_2026.weekly_hours_limit == D(48)
    assert "CONASAMI" in LAW_2026.source and "2026" in LAW_2026.source and "art. 61" in LAW_2026.source
    border = labor_law_on(date(2026, 6, 1), zone="frontera_norte")
    assert border.minimum_daily_wage == D("440.87") and border.zone == "frontera_norte"
    assert labor_law_on(date(2025, 6, 2), zone="frontera_norte").minimum_daily_wage == D("419.88")
    assert labor_law_on(date(2024, 6, 3), zone="frontera_norte").minimum_daily_wage == D("374.89")


def test_no_law_before_the_first_value_and_no_unknown_zone():
    with pytest.raises(LaborLawError, match="2023-12-31") as raised:
        labor_law_on(date(2023, 12, 31))
    assert raised.value.key == "payroll.error.no_law" and "2024-01-01" in error_text(raised.value, "es")
    with pytest.raises(LaborLawError) as raised:
        labor_law_on(date(2026, 1, 1), zone="norte")
    assert raised.value.key == "payroll.error.zone"
    with pytest.raises(LaborLawError):
        labor_law_on(datetime(2026, 1, 1, tzinfo=LOCAL_TZ))


def test_a_malformed_law_file_is_refused_naming_the_row(tmp_path):
    (tmp_path / "labor_law.yaml").write_text(
        "minimum_daily_wage:\n  - {effective_from: 2026-01-01, general: 'abc', source: x}\n"
        "weekly_hours_limit:\n  - {effective_from: 1970-05-01, hours: '48', source: LFT}\n", encoding="utf-8")
    with pytest.raises(LaborLawError, match="minimum_daily_wage 2026-01-01 general"):
        labor_law_on(date(2026, 3, 2), tmp_path)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "labor_law.yaml").write_text(
        "minimum_daily_wage:\n  - {effective_from: 2026-01-01, general: '315.04'}\n"
        "weekly_hours_limit:\n  - {effective_from: 1970-05-01, hours: '48', source: LFT}\n", encoding="utf-8")
    with pytest.raises(LaborLawError, match="needs a source"):
        labor_law_on(date(2026, 3, 2), tmp_path / "other")


def test_without_a_law_the_newest_in_the_file_applies():
    assert latest_effective_day() == date(2026, 1, 1)
    assert latest_labor_law() == LAW_2026
    assert weekly_pay(D(38), D(5200)).law == LAW_2026


@pytest.mark.parametrize("law, days, legal_minimum, topup", [
    (LAW_2026, 7, "2205.28", "1205.28"),  # 7 × 315.04
    (LAW_2025, 7, "1951.60", "951.60"),  # 7 × 278.80
    (LAW_2026, 3, "945.12", "0.00"),  # a Friday start: 3 days cost less than the support
    (LAW_2026, 4, "1260.16", "260.16"),  # a Thursday start
    (LAW_2025, 1, "278.80", "0.00"),  # a Sunday start
])
def test_a_missed_goal_is_topped_up_to_the_minimum_wage_of_the_days_employed(law, days, legal_minimum, topup):
    result = weekly_pay(D(5), D(500), None, max(0, days - 2), law=law, days_employed=days)  # missed in any week
    assert result.rule_total == D("1000.00")
    assert result.legal_minimum == D(legal_minimum)
    assert result.minimum_wage_topup == D(topup)
    assert result.total == D("1000.00") + D(topup)


def test_a_met_goal_already_pays_above_the_minimum_wage():
    result = weekly_pay(D(40), D(6000), None, law=LAW_2026)
    assert result.rule_total == result.total == D("2500.00") and result.minimum_wage_topup == 0


@pytest.mark.parametrize("hours, over", [(48, "0"), ("48.5", "0.5"), (50, "2"), (60, "12")])
def test_hours_beyond_the_legal_weekly_limit_are_flagged_without_changing_the_rule(hours, over):
    result = weekly_pay(D(str(hours)), D(6000), D(40), law=LAW_2026)
    assert result.hours_over_legal_limit == D(over)
    assert result.overtime_hours == min(D(str(hours)) - 40, D(8)) and result.rule_total == D(2500) + result.overtime


# ----- the payslip explained ---------------------------------------------------------------------

def test_explain_a_met_goal_with_bonus_overtime_and_tips():
    result = weekly_pay(D(44), D(8800), D(40), law=LAW_2026)
    assert (result.base, result.bonus, result.overtime, result.rule_total, result.total) == \
        (D(2500), D(500), D(200), D(3200), D(3200))
    assert explain(result, tips=D(310)) == [
        "Meta cumplida: 44 h y $8,800 facturados. Base $2,500 + bono $500 (5 × $100 por cada $500 sobre la meta)"
        " + 4 h extra × $50 = $3,200; propinas $310",
        "Total a pagar: $3,200 + propinas $310 = $3,510",
    ]
    assert explain(result, tips=D(310), lang="en")[0] == (
        "Goal met: 44 h and $8,800 billed. Base $2,500 + bonus $500 (5 × $100 per $500 above the goal)"
        " + 4 h overtime × $50 = $3,200; tips $310")


def test_explain_a_missed_goal_with_the_minimum_wage_top_up():
    result = weekly_pay(D(38), D(5200), D(40), law=LAW_2026)
    assert explain(result) == [
        "Meta no cumplida: 38 h (meta 40 h) y $5,200 facturados (meta $6,000). Apoyo $1,000",
        "Complemento a salario mínimo: $1,205.28 (7 días × $315.04)",
        "Total a pagar: $2,205.28",
    ]


def test_explain_fractional_overtime_base_alone_and_why_no_overtime():
    assert explain(weekly_pay(D("42.5"), D(6000), D(40), law=LAW_2026)) == [
        "Meta cumplida: 42.5 h y $6,000 facturados. Base $2,500 + 2.5 h extra × $50 = $2,625"]
    assert explain(weekly_pay(D(40), D(6000), None, law=LAW_2026)) == [
        "Meta cumplida: 40 h y $6,000 facturados. Base $2,500"]
    assert explain(weekly_pay(D(44), D(6000), None, law=LAW_2026))[1] == \
        "Sin horas extra: es la primera semana (se requieren 40 h la semana anterior)."
    assert explain(weekly_pay(D(44), D(6000), D("39.99"), law=LAW_2026))[1] == \
        "Sin horas extra: la semana anterior tuvo 39.99 h (se requieren 40 h)."


def test_explain_the_cap_and_the_legal_hours_flag():
    assert explain(weekly_pay(D(50), D(6000), D(40), law=LAW_2026)) == [
        "Meta cumplida: 50 h y $6,000 facturados. Base $2,500 + 8 h extra × $50 = $2,900",
        "Horas extra con tope de 8 h: trabajó 10 h sobre 40 h.",
        "Aviso: 50 h superan el límite legal de 48 h por semana en 2 h; revisar con Recursos Humanos.",
    ]


def test_explain_a_partial_week_and_a_weekend_start():
    partial = weekly_pay(D(20), D(3000), None, 3, law=LAW_2026, days_employed=5)
    assert explain(partial) == [
        "Semana parcial: 3 de 5 días hábiles trabajados; meta ajustada a 24 h y $3,600.",
        "Meta no cumplida: 20 h (meta 24 h) y $3,000 facturados (meta $3,600). Apoyo $1,000",
        "Complemento a salario mínimo: $575.20 (5 días × $315.04)",
        "Total a pagar: $1,575.20",
    ]
    weekend = weekly_pay(D(10), D(2000), None, 0, law=LAW_2026, days_employed=1)
    assert explain(weekend) == [
        "Ingreso en fin de semana: sin días hábiles trabajados en la semana. Apoyo $1,000"]
    assert explain(weekly_pay(D(10), D(2000), None, 0, law=LAW_2026, days_employed=4))[1] == \
        "Complemento a salario mínimo: $260.16 (4 días × $315.04)"


def test_explain_refuses_float_tips_and_every_line_is_translated():
    result = weekly_pay(D(60), D(4000), D(40), 4, law=LAW_2026, days_employed=6)
    with pytest.raises(PayrollInputError):
        explain(result, tips=1.5)
    for lang in ("es", "en"):
        for line in explain(result, tips=D("12.50"), lang=lang):
            assert "payroll." not in line and "{" not in line


def test_money_and_hours_formats():
    assert format_pesos(D("2500.00")) == "$2,500" and format_pesos(D("1205.28")) == "$1,205.28"
    assert format_pesos(D("12.5")) == "$12.50"
    assert format_hours(D(44)) == "44 h" and format_hours(D("42.50")) == "42.5 h"
    assert format_hours(D(40) + D(1) / 60) == "40.02 h"


# ----- the rule's numbers are the company's ------------------------------------------------------

def test_the_numbers_match_business_yaml():
    rule = load_reference("business")["dae_weekly_payroll"]
    numbers = lambda text: [D(n) for n in re.findall(r"\d+", text)]  # noqa: E731
    assert numbers(rule["goal"]) == [RULE.hours_goal, RULE.billed_goal]
    assert numbers(rule["if_goal_missed"]) == [RULE.support]
    assert D(rule["base_salary_if_goal_met"]) == RULE.base
    assert numbers(rule["productivity_bonus"]) == [RULE.bonus_per_step, RULE.bonus_step]
    assert numbers(rule["overtime"]) == [RULE.overtime_rate, RULE.overtime_threshold, RULE.overtime_cap,
                                         RULE.previous_week_hours_for_overtime]
    assert numbers(rule["proration"]) == [RULE.full_week_weekdays]
    assert "20:00" in rule["week"]


def test_the_breakdown_is_frozen():
    result = pay(40, 6000)
    assert isinstance(result, PayBreakdown)
    with pytest.raises(AttributeError):
        result.total = D(0)
    assert result.unpaid_overtime_hours == 0
    assert pay(50, 6000).unpaid_overtime_hours == 2
    assert pay(44, 6000, previous=None).unpaid_overtime_hours == 4
