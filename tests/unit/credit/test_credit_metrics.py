"""Stability and quality measures."""
import numpy as np
import pandas as pd
import pytest

from lafa_core.credit.metrics import (PSI_ALERT, band_table, current_shares, discrimination, psi,
                                      reference_distribution)


def test_psi_is_zero_for_the_same_population_and_flags_a_shift():
    rng = np.random.default_rng(0)
    training = pd.Series(rng.normal(8_000, 2_000, 5_000))
    reference = reference_distribution(training, categorical=False)
    same = pd.Series(rng.normal(8_000, 2_000, 5_000))
    shifted = pd.Series(rng.normal(5_500, 2_000, 5_000))
    assert psi(reference["shares"], current_shares(same, reference)) < 0.02
    assert psi(reference["shares"], current_shares(shifted, reference)) > PSI_ALERT


def test_psi_counts_missing_values_and_new_categories():
    numeric = reference_distribution(pd.Series([1.0, 2.0, 3.0, 4.0] * 25), categorical=False)
    assert psi(numeric["shares"], current_shares(pd.Series([np.nan] * 50 + [2.0] * 50), numeric)) > PSI_ALERT
    zones = reference_distribution(pd.Series(["Iztapalapa"] * 50 + ["Tlalpan"] * 50), categorical=True)
    assert psi(zones["shares"], current_shares(pd.Series(["Iztapalapa"] * 50 + ["Tlalpan"] * 50), zones)) == 0
    assert psi(zones["shares"], current_shares(pd.Series(["Milpa Alta"] * 100), zones)) > PSI_ALERT


def test_psi_by_hand():
    # (0.3 − 0.5)·ln(0.3/0.5) + (0.7 − 0.5)·ln(0.7/0.5)
    assert psi([0.5, 0.5], [0.3, 0.7]) == pytest.approx(0.2 * np.log(5 / 3) + 0.2 * np.log(1.4))


def test_discrimination_of_a_perfect_and_an_inverted_ranking():
    y = np.array([0, 0, 0, 1, 1])
    perfect = discrimination(y, np.array([0.1, 0.2, 0.3, 0.8, 0.9]))
    assert perfect["roc_auc"] == 1.0 and perfect["ks"] == 1.0
    inverted = discrimination(y, np.array([0.9, 0.8, 0.7, 0.2, 0.1]))
    assert inverted["roc_auc"] == 0.0
    assert perfect["brier"] == pytest.approx(np.mean((np.array([0.1, 0.2, 0.3, 0.8, 0.9]) - y) ** 2))


def test_band_table_shares_and_bad_rates():
    rows = band_table(np.array([0, 1, 0, 0, 1]), ["green", "red", "green", "yellow", "red"], ["green", "yellow", "red"])
    assert rows == [{"band": "green", "rows": 2, "share": 0.4, "bad_rate": 0.0},
                    {"band": "yellow", "rows": 1, "share": 0.2, "bad_rate": 0.0},
                    {"band": "red", "rows": 2, "share": 0.4, "bad_rate": 1.0}]
