"""Feature engineering: a credit application (the columns of `credit_application`) → the
model's input row. Pure: dicts or a DataFrame in, a DataFrame out.

Money enters the model as pesos (a float feature, not a ledger amount); ratios express
affordability the way an underwriter reads it (platform earnings per peso of lease).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

WEEKS_PER_MONTH = 52 / 12

# The application columns the features are built from (what the queries must select).
APPLICATION_COLUMNS = [
    "age", "zone", "has_valid_licence", "bureau_score", "thin_file",
    "platform_weekly_earnings_centavos", "platform_trips_per_week", "platform_rating",
    "platform_tenure_months", "declared_monthly_income_centavos", "dependants",
    "dae_driver_id", "dae_weeks_employed", "dae_goal_met_rate", "dae_incidents",
    "requested_term_weeks", "requested_deposit_centavos", "requested_weekly_rate_centavos",
]

CATEGORICAL_FEATURES = ["zone"]
NUMERIC_FEATURES = [
    "age", "thin_file", "bureau_score", "platform_weekly_earnings", "platform_trips_per_week",
    "platform_rating", "platform_tenure_months", "declared_monthly_income", "dependants",
    "dae_upgrade", "dae_weeks_employed", "dae_goal_met_rate", "dae_incidents",
    "requested_term_weeks", "deposit_weeks", "weekly_rate", "earnings_to_weekly_rate",
    "income_to_monthly_rate",
]
FEATURES = NUMERIC_FEATURES + CATEGORICAL_FEATURES

# Features whose effect on the risk is known, constrained in every model trained on the
# application features: −1, more of it never raises the probability of default; +1, never
# lowers it. Deposit, income, earnings, tenure, rating, bureau score and DaE goal-met rate
# protect; a higher payment for the same income (lower cover ratios) exposes.
MONOTONE = {
    "bureau_score": -1, "platform_weekly_earnings": -1, "platform_rating": -1, "platform_tenure_months": -1,
    "declared_monthly_income": -1, "dae_goal_met_rate": -1, "deposit_weeks": -1,
    "earnings_to_weekly_rate": -1, "income_to_monthly_rate": -1, "weekly_rate": 1, "dae_incidents": 1,
}

# How each feature's value reads in a sentence (see explain.format_value).
FEATURE_KINDS = {
    "platform_weekly_earnings": "money", "declared_monthly_income": "money", "weekly_rate": "money",
    "thin_file": "flag", "dae_upgrade": "flag", "dae_goal_met_rate": "share",
    "earnings_to_weekly_rate": "ratio", "income_to_monthly_rate": "ratio", "deposit_weeks": "decimal",
    "platform_rating": "rating", "zone": "category",
}


def _number(values: pd.Series, coerce: bool = True) -> np.ndarray:
    """A column as floats (missing → NaN); text that is no number → NaN when `coerce`."""
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "biuf":
        return values.to_numpy(dtype=float)
    return pd.to_numeric(values, errors="coerce" if coerce else "raise").to_numpy(dtype=float, na_value=np.nan)


def application_features(applications: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """The model's feature frame, one row per application, index preserved. The one feature
    function: training, scoring, the what-if (on the edited application) and monitoring."""
    apps = pd.DataFrame(applications) if not isinstance(applications, pd.DataFrame) else applications
    missing = [c for c in APPLICATION_COLUMNS if c not in apps.columns]
    if missing:
        raise KeyError(f"application columns missing: {', '.join(missing)}")
    earnings = _number(apps["platform_weekly_earnings_centavos"]) / 100
    rate = _number(apps["requested_weekly_rate_centavos"]) / 100
    rate[rate == 0] = np.nan
    income = _number(apps["declared_monthly_income_centavos"]) / 100
    frame = pd.DataFrame({
        "age": _number(apps["age"], coerce=False),
        "thin_file": apps["thin_file"].astype(bool).to_numpy(dtype=float),
        # A thin file has no bureau score: left missing (the booster splits on it; the logistic
        # model imputes it and adds a missing flag).
        "bureau_score": _number(apps["bureau_score"]),
        "platform_weekly_earnings": earnings,
        "platform_trips_per_week": _number(apps["platform_trips_per_week"], coerce=False),
        "platform_rating": _number(apps["platform_rating"], coerce=False),
        "platform_tenure_months": _number(apps["platform_tenure_months"], coerce=False),
        "declared_monthly_income": income,
        "dependants": _number(apps["dependants"], coerce=False),
        "dae_upgrade": apps["dae_driver_id"].notna().to_numpy(dtype=float),
        "dae_weeks_employed": np.nan_to_num(_number(apps["dae_weeks_employed"], coerce=False), nan=0.0),
        "dae_goal_met_rate": _number(apps["dae_goal_met_rate"]),
        "dae_incidents": np.nan_to_num(_number(apps["dae_incidents"], coerce=False), nan=0.0),
        "requested_term_weeks": _number(apps["requested_term_weeks"], coerce=False),
        "deposit_weeks": _number(apps["requested_deposit_centavos"]) / 100 / rate,
        "weekly_rate": rate,
        "earnings_to_weekly_rate": earnings / rate,
        "income_to_monthly_rate": income / (rate * WEEKS_PER_MONTH),
        "zone": apps["zone"].astype(str),
    }, index=apps.index)
    return frame[FEATURES]
