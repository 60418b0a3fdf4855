"""Every executive KPI, defined once: key, unit, the DPD buckets and the PAR
threshold. Pure data; the numbers come from `service`, the words from i18n."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Unit(str, Enum):
    COUNT = "count"
    SHARE = "share"
    MONEY = "money"  # centavos
    PERCENT_POINTS = "percent"  # a value already in % (SOH)


@dataclass(frozen=True)
class Kpi:
    """A KPI's identity and unit; its label and one-line definition are in
    `lafa_core.i18n.kpis` under `kpi.<key>` and `kpi.<key>.help`."""

    key: str
    unit: Unit


KPIS: dict[str, Kpi] = {k.key: k for k in [
    Kpi("active_fleet", Unit.COUNT),
    Kpi("utilization", Unit.SHARE),
    Kpi("revenue", Unit.MONEY),
    Kpi("contribution_per_vehicle", Unit.MONEY),
    Kpi("on_time_rate", Unit.SHARE),
    Kpi("par30", Unit.SHARE),
    Kpi("default_rate", Unit.SHARE),
    Kpi("average_soh", Unit.PERCENT_POINTS),
    Kpi("dpd_buckets", Unit.COUNT),
]}

# Days-past-due buckets for weekly loans: (label, lowest DPD, highest DPD or None).
DPD_BUCKETS: list[tuple[str, int, int | None]] = [
    ("current", 0, 0), ("1-7", 1, 7), ("8-14", 8, 14), ("15-30", 15, 30), ("31-60", 31, 60), ("61+", 61, None),
]
PAR_DAYS = 30


def dpd_bucket(days_past_due: int) -> str:
    for label, low, high in DPD_BUCKETS:
        if days_past_due >= low and (high is None or days_past_due <= high):
            return label
    return DPD_BUCKETS[0][0]

