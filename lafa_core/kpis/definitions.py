"""Every executive KPI, by key. Pure data; the numbers come from `service`, the words from i18n,
and the ledger's rules (DPD buckets, PAR) from lafa_core.ledger."""
from __future__ import annotations

# Every executive KPI; its label and one-line definition are in lafa_core/i18n/locales/*.toml (kpi.<key>, kpi.<key>.help)
# under `kpi.<key>` and `kpi.<key>.help`.
KPIS = ("active_fleet", "utilization", "revenue", "contribution_per_vehicle", "on_time_rate", "par30",
        "default_rate", "average_soh", "dpd_buckets")
