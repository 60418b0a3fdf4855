"""Every executive KPI, defined once: the keys, the DPD buckets and the PAR threshold.
Pure data; the numbers come from `service`, the words from i18n."""
from __future__ import annotations

# Every executive KPI; its label and one-line definition are in lafa_core.i18n.kpis
# under `kpi.<key>` and `kpi.<key>.help`.
KPIS = ("active_fleet", "utilization", "revenue", "contribution_per_vehicle", "on_time_rate", "par30",
        "default_rate", "average_soh", "dpd_buckets")

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

