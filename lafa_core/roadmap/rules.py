"""The roadmap ROI model as pure rules: value by fleet size, cost from effort,
ROI and payback, sensitivity, growth milestones. Standard library only.

Money is Decimal pesos. A range is (low, high); in ROI figures "low" is the
conservative case (low value, high effort) and "high" the optimistic one
(high value, low effort), so the range brackets what the strategy thinks possible.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# The fleet sizes at which the strategy states each project's value.
SCENARIO_FLEETS = (500, 1000, 2000)
WEEKS_PER_YEAR = Decimal(52)
MONTHS_PER_YEAR = Decimal(12)
CENT = Decimal("0.01")
# A loaded (salary, benefits, IMSS, equipment) senior engineer in CDMX; finance
# changes it on the page or in the workbook.
DEFAULT_ENGINEER_MONTHLY_COST_MXN = Decimal(100_000)


class RoadmapError(ValueError):
    """The strategy data or an input to the model is unusable; the message says which."""


@dataclass(frozen=True)
class Range:
    low: Decimal
    high: Decimal

    @property
    def mid(self) -> Decimal:
        return (self.low + self.high) / 2

    def __add__(self, other: "Range") -> "Range":
        return Range(self.low + other.low, self.high + other.high)

    def scaled(self, factor: Decimal) -> "Range":
        return Range(self.low * factor, self.high * factor)


ZERO = Range(Decimal(0), Decimal(0))


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    track: str
    primary_user: str
    first_month: int
    last_month: int
    effort_weeks: Range
    # Annual value (MXN) at each scenario fleet size; None for enablers without a money figure.
    impact: dict[int, Range] | None
    impact_note: str = ""
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assumption:
    """One assumption behind the impact figures, and the projects whose value moves with it."""

    key: str
    name: str
    unit: str
    used: Range  # a single figure is a range with low == high
    range: Range | None  # what the strategy thinks possible; None: not in the sensitivity
    drives: tuple[str, ...] = ()  # project ids whose value is proportional to it

    @property
    def base(self) -> Decimal:
        return self.used.mid


FLEET = "fleet"


@dataclass(frozen=True)
class Milestone:
    fleet: int
    name: str
    needs: tuple[str, ...]
    breaks_without: str


@dataclass(frozen=True)
class Strategy:
    projects: tuple[Project, ...]
    assumptions: tuple[Assumption, ...]
    milestones: tuple[Milestone, ...]
    stated_totals: dict[int, Range]
    tracks: dict[str, str]

    def project(self, project_id: str) -> Project:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise RoadmapError(f"unknown project {project_id!r}")

    def assumption(self, key: str) -> Assumption:
        for assumption in self.assumptions:
            if assumption.key == key:
                return assumption
        raise RoadmapError(f"unknown assumption {key!r}")

    def base_values(self) -> dict[str, Decimal]:
        return {a.key: a.base for a in self.assumptions}


def value_at_fleet(impact: dict[int, Range], fleet: int | Decimal) -> Range:
    """The strategy's linear-scaling rule: exact at 500 / 1,000 / 2,000 vehicles,
    straight lines between them, proportional to the fleet below 500 and above 2,000."""
    fleet = Decimal(fleet)
    if fleet < 0:
        raise RoadmapError(f"fleet size must not be negative (got {fleet})")
    points = [(Decimal(0), ZERO)] + [(Decimal(f), impact[f]) for f in SCENARIO_FLEETS]
    for (f0, v0), (f1, v1) in zip(points, points[1:]):
        if fleet <= f1:
            share = (fleet - f0) / (f1 - f0)
            return Range(v0.low + (v1.low - v0.low) * share, v0.high + (v1.high - v0.high) * share)
    last_fleet, last = points[-1]
    return last.scaled(fleet / last_fleet)


def engineering_cost(effort_weeks: Decimal, engineer_monthly_cost: Decimal) -> Decimal:
    """Build cost of `effort_weeks` of one engineer at a loaded monthly cost, to the centavo."""
    return (effort_weeks * engineer_monthly_cost * MONTHS_PER_YEAR / WEEKS_PER_YEAR).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Economics:
    """Annual value against one-off build cost. ROI is first-year: (value - cost) / cost."""

    value: Range | None
    cost: Range  # low = low effort, high = high effort
    effort_weeks: Range

    @property
    def roi(self) -> Range | None:
        if self.value is None:
            return None
        return Range(_ratio(self.value.low - self.cost.high, self.cost.high),
                     _ratio(self.value.high - self.cost.low, self.cost.low))

    @property
    def payback_months(self) -> Range | None:
        """Months of value to recover the build cost; low = fastest case. None when no value."""
        if self.value is None or self.value.high <= 0:
            return None
        slowest = None if self.value.low <= 0 else self.cost.high * MONTHS_PER_YEAR / self.value.low
        return Range(self.cost.low * MONTHS_PER_YEAR / self.value.high, slowest)

    @property
    def value_per_engineer_week(self) -> Range | None:
        if self.value is None:
            return None
        return Range(_ratio(self.value.low, self.effort_weeks.high), _ratio(self.value.high, self.effort_weeks.low))


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if denominator == 0 else numerator / denominator


@dataclass(frozen=True)
class ProjectRoi:
    project: Project
    economics: Economics


@dataclass(frozen=True)
class RoiResult:
    fleet: Decimal
    engineer_monthly_cost: Decimal
    assumptions: dict[str, Decimal]
    projects: tuple[ProjectRoi, ...]
    total: Economics
    track_totals: dict[str, Economics] = field(default_factory=dict)


def driver_factor(strategy: Strategy, project_id: str, values: dict[str, Decimal]) -> Decimal:
    """How much a project's value moves when its assumptions leave their base:
    the product of value / base over the assumptions that drive it."""
    factor = Decimal(1)
    for assumption in strategy.assumptions:
        if project_id in assumption.drives and assumption.base != 0:
            factor *= Decimal(values.get(assumption.key, assumption.base)) / assumption.base
    return factor


def project_value(strategy: Strategy, project: Project, values: dict[str, Decimal]) -> Range | None:
    if project.impact is None:
        return None
    fleet = values.get(FLEET, strategy.assumption(FLEET).base)
    return value_at_fleet(project.impact, fleet).scaled(driver_factor(strategy, project.id, values))


def compute_roi(strategy: Strategy, *, fleet: int | Decimal,
                engineer_monthly_cost: Decimal = DEFAULT_ENGINEER_MONTHLY_COST_MXN,
                overrides: dict[str, Decimal] | None = None) -> RoiResult:
    """ROI of every project and of the whole roadmap at a fleet size, with any
    assumption moved off its base by `overrides`."""
    engineer_monthly_cost = Decimal(engineer_monthly_cost)
    if engineer_monthly_cost <= 0:
        raise RoadmapError(f"engineer monthly cost must be positive (got {engineer_monthly_cost})")
    values = strategy.base_values() | (overrides or {}) | {FLEET: Decimal(fleet)}
    rows = []
    for project in strategy.projects:
        effort = project.effort_weeks
        cost = Range(engineering_cost(effort.low, engineer_monthly_cost), engineering_cost(effort.high, engineer_monthly_cost))
        rows.append(ProjectRoi(project, Economics(project_value(strategy, project, values), cost, effort)))
    tracks = {}
    for track in strategy.tracks:
        tracks[track] = _sum_economics([r.economics for r in rows if r.project.track == track])
    return RoiResult(Decimal(fleet), engineer_monthly_cost, values, tuple(rows),
                     _sum_economics([r.economics for r in rows]), tracks)


def _sum_economics(items: list[Economics]) -> Economics:
    value, cost, effort = ZERO, ZERO, ZERO
    for item in items:
        value = value + (item.value or ZERO)
        cost = cost + item.cost
        effort = effort + item.effort_weeks
    return Economics(value, cost, effort)


def round_millions(amount: Decimal) -> Decimal:
    """Pesos to millions at 0.1 M, the precision the strategy states its totals in."""
    return (amount / Decimal(1_000_000)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class SensitivityRow:
    assumption: Assumption
    at_low: Range  # total annual value with the assumption at its range's low end
    at_high: Range
    base: Range

    @property
    def swing(self) -> Decimal:
        return abs(self.at_high.mid - self.at_low.mid)


def sensitivity(strategy: Strategy, *, fleet: int | Decimal,
                overrides: dict[str, Decimal] | None = None) -> list[SensitivityRow]:
    """Each assumption moved across its stated range, the others held: the tornado's
    bars, widest swing first. The fleet assumption replaces the chosen fleet size."""
    def total(moved: dict[str, Decimal]) -> Range:
        values = (overrides or {}) | moved
        chosen = values.pop(FLEET, Decimal(fleet))
        return compute_roi(strategy, fleet=chosen, overrides=values).total.value

    base = total({})
    rows = [SensitivityRow(a, total({a.key: a.range.low}), total({a.key: a.range.high}), base)
            for a in strategy.assumptions if a.range is not None]
    return sorted(rows, key=lambda row: row.swing, reverse=True)


@dataclass(frozen=True)
class MilestoneStatus:
    milestone: Milestone
    reached: bool
    is_next: bool


def milestone_status(strategy: Strategy, fleet: int) -> list[MilestoneStatus]:
    """Which growth milestones the fleet has passed, and the next one it heads to."""
    ordered = sorted(strategy.milestones, key=lambda m: m.fleet)
    next_fleet = next((m.fleet for m in ordered if fleet < m.fleet), None)
    return [MilestoneStatus(m, fleet >= m.fleet, m.fleet == next_fleet) for m in ordered]

