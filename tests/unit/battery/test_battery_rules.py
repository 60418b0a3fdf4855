"""Battery health rules: the band, the grouped Theil–Sen fit (scipy's figures, robust to bad
readings), projected dates on a known linear fade, residual value arithmetic, the suggestion."""
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from scipy.stats import theilslopes

from lafa_core.battery import rules
from lafa_core.battery.rules import DAYS_PER_YEAR, load_policy

POLICY = load_policy()


def test_the_band_is_the_strategys_by_year_and_interpolates_between():
    low, high = rules.band_at(POLICY, [0, 1, 2, 2.5, 4])
    assert low.tolist() == pytest.approx([100, 97, 94, 92.5, 88])
    assert high.tolist() == pytest.approx([100, 98, 96, 95, 92])
    # Past year 4 at the year-3-to-4 pace (low −3 %/yr, high −2 %/yr).
    low5, high5 = rules.band_at(POLICY, [5])
    assert (low5[0], high5[0]) == pytest.approx((85, 90))
    assert POLICY.lto_floor_pct == 85 and POLICY.rotate_pct == 80
    assert POLICY.geotab_pct_per_year == (1.8, 2.3)


def test_grouped_theil_sen_gives_scipys_slope_interval_and_intercept():
    rng = np.random.default_rng(3)
    x = np.tile(np.arange(30, dtype=float), (4, 1))
    y = 98 - 0.05 * x + rng.normal(0, 0.3, x.shape)
    x[2, 20:] = np.nan  # a shorter series
    y[2, 20:] = np.nan
    fit = rules.theil_sen(x, y, confidence=0.90)
    for row in range(4):
        ok = np.isfinite(x[row])
        slope, intercept, low, high = theilslopes(y[row][ok], x[row][ok], alpha=0.90)
        assert fit.slope[row] == pytest.approx(slope)
        assert (fit.low[row], fit.high[row]) == pytest.approx((low, high))
        assert fit.intercept[row] == pytest.approx(np.median(y[row][ok] - slope * x[row][ok]))
    assert fit.points.tolist() == [30, 30, 20, 30]


def _daily(fade_per_year: float, days: int, start_soh: float = 99.0, first_day: int = 0):
    day = np.arange(first_day, first_day + days)
    return day, start_soh - fade_per_year * (day - first_day) / DAYS_PER_YEAR


def test_a_known_linear_fade_projects_its_dates_to_85_and_80_within_a_day():
    day, soh = _daily(4.0, 364)
    series = rules.weekly_series(np.ones(len(day), int), day, 20_000 + 200.0 * day, soh)
    fit = rules.theil_sen(series.day, series.soh)
    assert -fit.slope[0] * DAYS_PER_YEAR == pytest.approx(4.0)
    assert fit.low[0] == pytest.approx(fit.slope[0]) and fit.high[0] == pytest.approx(fit.slope[0])
    last = float(np.nanmax(series.day))
    now = fit.intercept[0] + fit.slope[0] * last
    assert now == pytest.approx(99.0 - 4.0 * last / DAYS_PER_YEAR, abs=1e-6)  # the line at the last week's middle
    cap = 15 * DAYS_PER_YEAR
    to_85 = rules.days_until(85, now, fit.slope[0], cap)
    to_80 = rules.days_until(80, now, fit.slope[0], cap)
    # 99 − 4 %/yr reaches 85 after 3.5 years and 80 after 4.75 years from the first reading.
    start = date(2025, 1, 1)
    last_day = start + timedelta(days=int(last))
    truth_85 = start + timedelta(days=14 / 4 * DAYS_PER_YEAR)
    truth_80 = start + timedelta(days=19 / 4 * DAYS_PER_YEAR)
    assert abs((last_day + timedelta(days=float(to_85)) - truth_85).days) <= 1
    assert abs((last_day + timedelta(days=float(to_80)) - truth_80).days) <= 1
    # Reading under the level already: 0 days; a flat or rising line: never (inf).
    assert rules.days_until(85, 84.0, -0.01, cap) == 0
    assert np.isinf(rules.days_until(85, 95.0, 0.0, cap)) and np.isinf(rules.days_until(85, 95.0, -1e-6, cap))


def test_the_fit_shrugs_off_bad_readings():
    rng = np.random.default_rng(7)
    day, soh = _daily(2.0, 364)
    noisy = soh + rng.normal(0, 0.12, len(day))
    bad = rng.random(len(day)) < 0.08  # one reading in twelve is garbage: a zero, a 100 or a 60
    noisy[bad] = rng.choice([0.0, 100.0, 60.0], bad.sum())
    series = rules.weekly_series(np.ones(len(day), int), day, 200.0 * day, noisy)
    robust = rules.theil_sen(series.day, series.soh)
    assert -robust.slope[0] * DAYS_PER_YEAR == pytest.approx(2.0, abs=0.15)
    assert -robust.high[0] * DAYS_PER_YEAR < 2.0 < -robust.low[0] * DAYS_PER_YEAR + 0.15
    # Least squares on the same daily readings is thrown far off.
    ols = np.polyfit(day, noisy, 1)[0]
    assert abs(-ols * DAYS_PER_YEAR - 2.0) > 1.0


def test_weekly_series_keeps_vehicles_apart_and_takes_medians():
    vehicle = np.array([7, 7, 7, 3, 3, 7])
    day = np.array([0, 1, 2, 0, 8, 9])
    soh = np.array([99.0, 10.0, 98.0, 97.0, 96.0, 95.0])
    series = rules.weekly_series(vehicle, day, day * 100.0, soh)
    assert series.vehicle_ids.tolist() == [3, 7]
    assert series.soh[1].tolist() == [98.0, 95.0] and series.day[1].tolist() == [1.0, 9.0]
    assert series.soh[0].tolist() == [97.0, 96.0]


def test_residual_share_follows_the_strategy_at_three_and_four_years():
    assert rules.residual_share(0, 0.30, 0.23) == pytest.approx(1.0)
    assert rules.residual_share(3, 0.30, 0.23) == pytest.approx(0.30)
    assert rules.residual_share(4, 0.30, 0.23) == pytest.approx(0.23)
    assert rules.residual_share(1.5, 0.30, 0.23) == pytest.approx(0.30 ** 0.5)


def test_residual_value_arithmetic_in_centavos():
    cost = 400_000 * 100
    # At the band's middle the battery changes nothing: 400,000 × 30 % = 120,000 MXN.
    assert rules.residual_value_centavos(cost, share=0.30, battery_share=0.45, soh_pct=92.5, band_middle_pct=92.5) \
        == 12_000_000
    # 5 points under: the battery's 45 % of the value scaled by 87.5 / 92.5.
    expected = Decimal(cost) * Decimal("0.30") * (Decimal("0.55") + Decimal("0.45") * Decimal("87.5") / Decimal("92.5"))
    value = rules.residual_value_centavos(cost, share=0.30, battery_share=0.45, soh_pct=87.5, band_middle_pct=92.5)
    assert value == int(expected.quantize(Decimal(1)))
    assert value == 11_708_108  # $117,081.08
    [(low, mid, high)] = rules.residual_range_centavos([cost], [3.0], [92.5], POLICY)
    assert (low, mid, high) == (10_000_000, 12_000_000, 14_000_000)  # 25 %, 30 %, 35 % at the band's middle


def test_the_suggestion_rotates_claims_or_inspects():
    assert rules.suggested_action(soh_now=79.9, days_to_rotate=0, causes=1, policy=POLICY) == "rotate"
    assert rules.suggested_action(soh_now=83.0, days_to_rotate=120, causes=0, policy=POLICY) == "rotate"
    assert rules.suggested_action(soh_now=93.0, days_to_rotate=900, causes=0, policy=POLICY) == "warranty_claim"
    assert rules.suggested_action(soh_now=93.0, days_to_rotate=900, causes=2, policy=POLICY) == "inspect"


def test_the_reasons_name_what_stands_out():
    fleet = {"fade_pct_year": 2.0, "temp_mean_c": 34.5, "temp_p90": 35.5, "fast_share": 0.0, "fast_p90": 0.0,
             "deep_share": 0.0, "deep_p90": 0.01, "km_per_day": 200.0, "km_p90": 240.0}
    row = {"fade_ratio": 2.1, "fade_pct_year": 4.2, "temp_mean_c": 41.0, "temp_max_c": 47.0, "fast_share": 0.38,
           "deep_share": 0.02, "km_per_day": 190.0}
    found = rules.reasons_for(row, fleet, POLICY)
    assert [code for code, _ in found] == ["fade", "heat", "fast_charge"]
    assert found[0][1]["ratio"] == 2.1 and found[1][1]["peak"] == 47.0
