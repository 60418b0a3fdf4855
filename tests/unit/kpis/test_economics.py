from decimal import Decimal

from lafa_core.kpis.economics import contribution, standard_monthly_costs, strategy_contribution_range
from lafa_core.reference import load_reference

BUSINESS = load_reference("business")


def test_standard_costs_are_midpoints_of_the_strategy_ranges_without_measured_lines():
    costs = standard_monthly_costs(BUSINESS, "LTO")
    assert costs["depreciation_48m"] == Decimal(875_000)  # (7,500 + 10,000) / 2 MXN
    assert costs["default_provision_at_5pct"] == Decimal(21_300)
    assert "insurance" not in costs and "maintenance" not in costs
    assert sum(costs.values()) == Decimal(1_176_300)  # 8,750 + 350 + 200 + 750 + 1,500 + 213 MXN


def test_contribution_per_vehicle_month_by_hand():
    # One DaE vehicle for 365 days = 12 vehicle-months.
    figure = contribution(BUSINESS, "DaE", 365, measured_revenue_centavos=12 * 3_200_000,
                          measured_costs_centavos=12 * 150_000, monthly_insurance_centavos=250_000)
    dae_standard = 1_200_000 + 875_000 + 35_000 + 20_000 + 75_000 + 150_000  # payroll, depreciation, infra, telematics, admin, capital
    assert figure.vehicle_months == Decimal(12)
    assert figure.per_vehicle_month_centavos == 3_200_000 - 150_000 - 250_000 - dae_standard
    assert figure.within_strategy_range
    assert strategy_contribution_range(BUSINESS, "DaE") == (-500_000, 1_300_000)


def test_no_vehicle_days_means_no_figure():
    figure = contribution(BUSINESS, "LTO", 0, 0, 0, 0)
    assert figure.per_vehicle_month_centavos is None and figure.within_strategy_range is None
