"""Roadmap services: measure the assumptions in the database and assemble
everything the roadmap page shows, in one read-only unit of work."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


from lafa_core.uow import UnitOfWork
from lafa_core.roadmap import queries
from lafa_core.roadmap.ecosystem import EcosystemSummary, Scaling, ecosystem, scaling
from lafa_core.roadmap.rules import (
    DEFAULT_ENGINEER_MONTHLY_COST_MXN,
    FLEET,
    Assumption,
    MilestoneStatus,
    RoiResult,
    SensitivityRow,
    Strategy,
    compute_roi,
    milestone_status,
    sensitivity,
)
from lafa_core.roadmap.strategy import AVG_DPD, AppCoverage, app_coverage, load_strategy


@dataclass(frozen=True)
class Measurements:
    """The assumptions as the database measures them on `as_of` (None: no data for it)."""

    as_of: date
    fleet: int
    lto_default_rate: Decimal | None
    avg_days_past_due: Decimal | None
    delinquent_leases: int
    dae_charging_cost: Decimal | None  # pesos per DaE vehicle per week
    onboardings_per_month: Decimal | None

    def by_key(self) -> dict[str, Decimal | None]:
        return {
            FLEET: Decimal(self.fleet),
            "lto_default_rate": self.lto_default_rate,
            "dae_charging_cost": self.dae_charging_cost,
            "onboardings_per_month": self.onboardings_per_month,
            AVG_DPD: self.avg_days_past_due,
        }

    def overrides(self) -> dict[str, Decimal]:
        """The measured figures that replace assumptions (what was not measured keeps its assumption)."""
        return {key: value for key, value in self.by_key().items() if value is not None}


def measure_assumptions(uow: UnitOfWork) -> Measurements | None:
    """The assumptions measured on the data's as-of day; None when the database holds no dated activity."""
    with uow:
        session = uow.session
        as_of = uow.as_of()
        if as_of is None:
            return None
        dpd, delinquent = queries.average_days_past_due(session=session, as_of=as_of)
        return Measurements(
            as_of=as_of,
            fleet=queries.fleet_in_service(session=session, as_of=as_of),
            lto_default_rate=queries.lto_default_rate(session=session, as_of=as_of),
            avg_days_past_due=dpd,
            delinquent_leases=delinquent,
            dae_charging_cost=queries.dae_charging_cost_per_vehicle_week(session=session, as_of=as_of),
            onboardings_per_month=queries.onboardings_per_month(session=session, as_of=as_of),
        )


@dataclass(frozen=True)
class MeasuredVsAssumed:
    assumption: Assumption
    measured: Decimal | None

    @property
    def within_range(self) -> bool | None:
        """Whether the measurement falls inside the range the strategy thought possible."""
        bounds = self.assumption.range
        if self.measured is None or bounds is None:
            return None
        return bounds.low <= self.measured <= bounds.high


def compare(strategy: Strategy, measurements: Measurements) -> list[MeasuredVsAssumed]:
    measured = measurements.by_key()
    return [MeasuredVsAssumed(a, measured.get(a.key)) for a in strategy.assumptions]


@dataclass(frozen=True)
class RoadmapOverview:
    strategy: Strategy
    roi: RoiResult  # the strategy's assumptions at the chosen fleet size
    sensitivity: list[SensitivityRow]
    measurements: Measurements | None
    comparison: list[MeasuredVsAssumed]
    measured_roi: RoiResult | None  # every measured figure in place of its assumption
    milestones: list[MilestoneStatus]
    project_coverage: dict[str, AppCoverage]
    ecosystem: EcosystemSummary
    scaling: Scaling


def roadmap_overview(uow: UnitOfWork, *, fleet: int,
                     engineer_monthly_cost: Decimal = DEFAULT_ENGINEER_MONTHLY_COST_MXN) -> RoadmapOverview:
    strategy = load_strategy()
    roi = compute_roi(strategy, fleet=fleet, engineer_monthly_cost=engineer_monthly_cost)
    measurements = measure_assumptions(uow)
    measured_roi, comparison, milestones = None, [], []
    if measurements is not None:
        overrides = measurements.overrides()
        measured_roi = compute_roi(strategy, fleet=overrides.pop(FLEET), engineer_monthly_cost=engineer_monthly_cost,
                                   overrides=overrides)
        comparison = compare(strategy, measurements)
        milestones = milestone_status(strategy, measurements.fleet)
    return RoadmapOverview(
        strategy=strategy, roi=roi, sensitivity=sensitivity(strategy, fleet=fleet),
        measurements=measurements, comparison=comparison, measured_roi=measured_roi, milestones=milestones,
        project_coverage=app_coverage("projects"), ecosystem=ecosystem(), scaling=scaling(),
    )
