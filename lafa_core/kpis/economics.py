"""Unit economics per vehicle-month: the strategy's standard costs (midpoints of
business.yaml ranges) for what the database does not measure, and the
contribution arithmetic. Pure functions, exact Decimal centavos."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


# Cost lines the database measures itself; every other line is a standard cost.
MEASURED_COSTS = {"insurance", "maintenance", "charging"}
# Revenue lines of the LTO product that the strategy adds on top of the lease.
STANDARD_LTO_REVENUE = ("insurance_margin",)


def _midpoint_centavos(value) -> Decimal:
    if isinstance(value, list):
        return (Decimal(value[0]) + Decimal(value[1])) * 50
    return Decimal(value) * 100


def standard_monthly_costs(business: dict, product: str) -> dict[str, Decimal]:
    """Centavos per vehicle-month for cost lines the database does not measure."""
    costs = business["unit_economics_per_vehicle_month"][product]["costs"]
    return {name: _midpoint_centavos(value) for name, value in costs.items() if name not in MEASURED_COSTS}


def standard_monthly_revenue(business: dict, product: str) -> dict[str, Decimal]:
    if product != "LTO":
        return {}
    revenue = business["unit_economics_per_vehicle_month"]["LTO"]["revenue"]
    return {name: _midpoint_centavos(revenue[name]) for name in STANDARD_LTO_REVENUE}


def strategy_contribution_range(business: dict, product: str) -> tuple[int, int]:
    low, high = business["unit_economics_per_vehicle_month"][product]["contribution"]
    return int(low) * 100, int(high) * 100


@dataclass(frozen=True)
class Contribution:
    product: str
    vehicle_months: Decimal
    revenue_centavos: int
    measured_costs_centavos: int
    standard_costs_centavos: int
    per_vehicle_month_centavos: int | None
    strategy_low_centavos: int
    strategy_high_centavos: int

    @property
    def within_strategy_range(self) -> bool | None:
        if self.per_vehicle_month_centavos is None:
            return None
        return self.strategy_low_centavos <= self.per_vehicle_month_centavos <= self.strategy_high_centavos


def contribution(business: dict, product: str, vehicle_days: int, measured_revenue_centavos: int,
                 measured_costs_centavos: int, monthly_insurance_centavos: int) -> Contribution:
    """(measured revenue + standard revenue − measured costs − insurance − standard costs) ÷ vehicle-months."""
    vehicle_months = Decimal(vehicle_days) * 12 / 365  # a month is a twelfth of a year
    standard_costs = sum(standard_monthly_costs(business, product).values(), Decimal(0)) * vehicle_months
    standard_revenue = sum(standard_monthly_revenue(business, product).values(), Decimal(0)) * vehicle_months
    revenue = Decimal(measured_revenue_centavos) + standard_revenue
    measured = Decimal(measured_costs_centavos) + Decimal(monthly_insurance_centavos) * vehicle_months
    per_month = None
    if vehicle_months > 0:
        per_month = int(((revenue - measured - standard_costs) / vehicle_months).quantize(Decimal(1), ROUND_HALF_UP))
    low, high = strategy_contribution_range(business, product)
    return Contribution(product, vehicle_months, int(revenue.quantize(Decimal(1), ROUND_HALF_UP)),
                        int(measured.quantize(Decimal(1), ROUND_HALF_UP)),
                        int(standard_costs.quantize(Decimal(1), ROUND_HALF_UP)), per_month, low, high)
