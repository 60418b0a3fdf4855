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

# How each feature's value reads in a sentence (see explain.format_value).
FEATURE_KINDS = {
    "platform_weekly_earnings": "money", "declared_monthly_income": "money", "weekly_rate": "money",
    "thin_file": "flag", "dae_upgrade": "flag", "dae_goal_met_rate": "share",
    "earnings_to_weekly_rate": "ratio", "income_to_monthly_rate": "ratio", "deposit_weeks": "decimal",
    "platform_rating": "rating", "zone": "category",
}


def _pesos(centavos: pd.Series) -> pd.Series:
    return pd.to_numeric(centavos, errors="coerce").astype(float) / 100


def application_features(applications: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """The model's feature frame, one row per application, index preserved."""
    apps = pd.DataFrame(applications) if not isinstance(applications, pd.DataFrame) else applications
    missing = [c for c in APPLICATION_COLUMNS if c not in apps.columns]
    if missing:
        raise KeyError(f"application columns missing: {', '.join(missing)}")
    earnings = _pesos(apps["platform_weekly_earnings_centavos"])
    rate = _pesos(apps["requested_weekly_rate_centavos"]).replace(0, np.nan)
    income = _pesos(apps["declared_monthly_income_centavos"])
    is_dae = apps["dae_driver_id"].notna()
    frame = pd.DataFrame({
        "age": pd.to_numeric(apps["age"]).astype(float),
        "thin_file": apps["thin_file"].astype(bool).astype(float),
        # A thin file has no bureau score: left missing, the imputer adds an indicator.
        "bureau_score": pd.to_numeric(apps["bureau_score"], errors="coerce").astype(float),
        "platform_weekly_earnings": earnings,
        "platform_trips_per_week": pd.to_numeric(apps["platform_trips_per_week"]).astype(float),
        "platform_rating": pd.to_numeric(apps["platform_rating"]).astype(float),
        "platform_tenure_months": pd.to_numeric(apps["platform_tenure_months"]).astype(float),
        "declared_monthly_income": income,
        "dependants": pd.to_numeric(apps["dependants"]).astype(float),
        "dae_upgrade": is_dae.astype(float),
        "dae_weeks_employed": pd.to_numeric(apps["dae_weeks_employed"]).fillna(0).astype(float),
        "dae_goal_met_rate": pd.to_numeric(apps["dae_goal_met_rate"], errors="coerce").astype(float),
        "dae_incidents": pd.to_numeric(apps["dae_incidents"]).fillna(0).astype(float),
        "requested_term_weeks": pd.to_numeric(apps["requested_term_weeks"]).astype(float),
        "deposit_weeks": _pesos(apps["requested_deposit_centavos"]) / rate,
        "weekly_rate": rate,
        "earnings_to_weekly_rate": earnings / rate,
        "income_to_monthly_rate": income / (rate * WEEKS_PER_MONTH),
        "zone": apps["zone"].astype(str),
    }, index=apps.index)
    return frame[FEATURES]
