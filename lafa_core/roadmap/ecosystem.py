"""The product ecosystem map and the scaling figures of the strategy, as plain rows."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lafa_core.config import DATA_DIR
from lafa_core.reference import load_reference
from lafa_core.roadmap.strategy import AppCoverage, app_coverage, coverage_of

COVERED, PARTIAL, GAP = "covered", "partial", "gap"


@dataclass(frozen=True)
class EcosystemItem:
    group: str  # user type key, e.g. "lto_drivers"
    item: str
    project: str | None
    track: str | None
    status: str  # the strategy's: covered / partial / gap
    app: AppCoverage  # what this app delivers today


@dataclass(frozen=True)
class EcosystemSummary:
    items: tuple[EcosystemItem, ...]

    @property
    def counts(self) -> Counter:
        return Counter(item.status for item in self.items)

    @property
    def in_roadmap(self) -> int:
        """Covered or partial: the strategy's "in the roadmap" count."""
        return self.counts[COVERED] + self.counts[PARTIAL]

    @property
    def gaps(self) -> int:
        return self.counts[GAP]

    @property
    def coverage(self) -> Decimal:
        return Decimal(self.in_roadmap) / Decimal(len(self.items)) if self.items else Decimal(0)

    @property
    def app_counts(self) -> Counter:
        return Counter(item.app.status for item in self.items)


def ecosystem(data_dir: Path = DATA_DIR) -> EcosystemSummary:
    data = load_reference("ecosystem", data_dir)
    coverage = app_coverage("ecosystem", data_dir)
    items = tuple(
        EcosystemItem(group, row["item"], row.get("project"), row.get("track"), row["status"],
                      coverage_of(coverage, row["item"]))
        for group, rows in data["groups"].items() for row in rows
    )
    return EcosystemSummary(items)


def _pair(value) -> tuple[int | None, int | None]:
    low, high = value
    return low, high


@dataclass(frozen=True)
class DataStackPhase:
    phase: int
    fleet: tuple[int | None, int | None]  # None: open-ended
    monthly_cost_usd: tuple[int, int]
    components: tuple[str, ...]  # what the phase runs (phase 1) or adds (later phases)
    note: str = ""


@dataclass(frozen=True)
class Scaling:
    phases: tuple[DataStackPhase, ...]
    data_cost_by_fleet: tuple[dict, ...]
    tech_spend_by_fleet: tuple[dict, ...]
    build_vs_buy: tuple[dict, ...]
    ml_priorities: tuple[dict, ...]

    def phase_for(self, fleet: int) -> DataStackPhase:
        """The data-stack phase a fleet of this size runs on (boundaries belong to the next phase)."""
        for phase in self.phases:
            low, high = phase.fleet
            if fleet >= (low or 0) and (high is None or fleet < high):
                return phase
        return self.phases[-1]


def scaling(data_dir: Path = DATA_DIR) -> Scaling:
    data = load_reference("scaling", data_dir)
    phases = tuple(
        DataStackPhase(row["phase"], _pair(row["fleet"]), _pair(row["monthly_cost_usd"]),
                       tuple(row.get("stack") or row.get("adds") or ()), row.get("note", ""))
        for row in data["data_stack_phases"]
    )
    return Scaling(phases, tuple(data["data_cost_by_fleet"]), tuple(data["tech_spend_by_fleet"]),
                   tuple(data["build_vs_buy"]), tuple(data["ml_priorities"]))
