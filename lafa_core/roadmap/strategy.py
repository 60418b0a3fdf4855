"""Read the strategy's roadmap, ecosystem and scaling figures from data/ into the model."""
from __future__ import annotations

import glob
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lafa_core.config import DATA_DIR, PROJECT_ROOT
from lafa_core.reference import load_reference
from lafa_core.roadmap.rules import FLEET, Assumption, Milestone, Project, Range, RoadmapError, Strategy

# The strategy names its assumptions in prose; the model needs stable keys and
# which projects' value each one drives (value taken as proportional to it).
ASSUMPTION_KEYS = {
    "Fleet at end of 2026": (FLEET, ()),
    "LTO default rate without scoring": ("lto_default_rate", ("P2",)),  # scoring avoids a share of defaults
    "Smart charging savings": ("smart_charging_savings", ("P5",)),  # P5 saves a share of charging cost
    "DaE charging cost": ("dae_charging_cost", ("P5",)),
    "New onboardings per month": ("onboardings_per_month", ("P1", "P6")),  # per-driver paperwork saved
}
# Not a roadmap.yaml assumption, but measured and it drives the collections bot's
# value: the business's "before" average days past due (business.yaml collections KPI).
AVG_DPD = "avg_days_past_due"
# Every project builds on the operational database; the enhanced dashboard extends the basic one.
FOUNDATION = "P0.1"
EXTRA_DEPENDENCIES = {"P7": ("P0.2",)}


def _range(value) -> Range:
    if isinstance(value, (list, tuple)):
        low, high = value
    else:
        low = high = value
    return Range(Decimal(str(low)), Decimal(str(high)))


def load_strategy(data_dir: Path = DATA_DIR) -> Strategy:
    roadmap = load_reference("roadmap", data_dir)
    business = load_reference("business", data_dir)
    projects = []
    for row in roadmap["projects"]:
        impact = row.get("impact_mxn")
        depends = () if row["id"] == FOUNDATION else (FOUNDATION,) + EXTRA_DEPENDENCIES.get(row["id"], ())
        projects.append(Project(
            id=row["id"], name=row["name"], track=row["track"], primary_user=row["primary_user"],
            first_month=row["months"][0], last_month=row["months"][1],
            effort_weeks=_range(row["effort_weeks"]),
            impact=None if impact is None else {int(fleet): _range(pair) for fleet, pair in impact.items()},
            impact_note=row.get("impact_note", ""), depends_on=depends,
        ))
    assumptions = []
    for row in roadmap["assumptions"]:
        if row["name"] not in ASSUMPTION_KEYS:
            raise RoadmapError(f"roadmap.yaml: assumption {row['name']!r} has no key in the model")
        key, drives = ASSUMPTION_KEYS[row["name"]]
        assumptions.append(Assumption(key, row["name"], row["unit"], _range(row["used"]), _range(row["range"]), drives))
    dpd = business["collections"]["kpi_targets"]["avg_days_past_due"]
    assumptions.append(Assumption(AVG_DPD, "Average days past due", "days", _range(dpd["before"]), None, ("P3",)))
    milestones = tuple(Milestone(m["fleet"], m["name"], tuple(m["needs"]), m["breaks_without"]) for m in roadmap["milestones"])
    totals = {int(fleet): _range(pair) for fleet, pair in roadmap["stated_totals_mxn"].items()}
    tracks = {key: value["name"] for key, value in roadmap["tracks"].items()}
    return Strategy(tuple(projects), tuple(assumptions), milestones, totals, tracks)


# --- what this app delivers, kept in data/app_coverage.yaml -----------------------------

DELIVERED, PARTIAL, IN_PROGRESS, NOT_IN_APP = "delivered", "partial", "in_progress", "not_in_app"


def _coverage_status(entry: dict | None, root: Path) -> tuple[str, tuple[str, ...]]:
    """An entry counts only once every page it lists exists, so the column follows the code."""
    if not entry:
        return NOT_IN_APP, ()
    patterns = tuple(entry.get("pages", ()))
    found = tuple(sorted({Path(p).relative_to(root).as_posix() for pattern in patterns
                          for p in glob.glob(str(root / pattern))}))
    if not patterns or not all(glob.glob(str(root / pattern)) for pattern in patterns):
        return IN_PROGRESS, found
    return entry.get("status", DELIVERED), found


@dataclass(frozen=True)
class AppCoverage:
    status: str
    pages: tuple[str, ...]
    note: str = ""


def app_coverage(kind: str, data_dir: Path = DATA_DIR, root: Path = PROJECT_ROOT) -> dict[str, AppCoverage]:
    """`kind` is "projects" (roadmap project id → coverage) or "ecosystem" (item → coverage)."""
    entries = load_reference("app_coverage", data_dir)[kind]
    result = {}
    for name, entry in entries.items():
        status, pages = _coverage_status(entry, root)
        result[str(name)] = AppCoverage(status, pages, (entry or {}).get("note", ""))
    return result


def coverage_of(coverage: dict[str, AppCoverage], name: str) -> AppCoverage:
    return coverage.get(name, AppCoverage(NOT_IN_APP, ()))
