"""What an executive should act on: KPIs measured against the strategy's own
targets and ranges (business.yaml). Pure: summary in, findings out."""
from __future__ import annotations

from dataclasses import dataclass, field

from lafa_core.kpis.service import ExecutiveSummary
from lafa_core.reference import load_reference

UTILIZATION_LEVER = 0.90  # business.yaml margin lever: utilization above 90 %


@dataclass(frozen=True)
class Finding:
    key: str  # i18n key "attention.<key>"
    severity: str  # "warning" | "info" | "ok"
    values: dict = field(default_factory=dict)


def findings(summary: ExecutiveSummary, business: dict | None = None) -> list[Finding]:
    business = business or load_reference("business")
    found: list[Finding] = []
    target = business["credit"]["default_rate_target"]["six_months"]
    if summary.default_rate is not None:
        severity = "warning" if summary.default_rate > target else "ok"
        found.append(Finding("default_rate", severity, {"rate": summary.default_rate, "target": target}))
    for figure in summary.contributions:
        if figure.per_vehicle_month_centavos is None:
            continue
        if figure.per_vehicle_month_centavos < figure.strategy_low_centavos:
            found.append(Finding("contribution_below", "warning", {"product": figure.product,
                                 "value": figure.per_vehicle_month_centavos, "low": figure.strategy_low_centavos}))
        elif figure.per_vehicle_month_centavos > figure.strategy_high_centavos:
            found.append(Finding("contribution_above", "info", {"product": figure.product,
                                 "value": figure.per_vehicle_month_centavos, "high": figure.strategy_high_centavos}))
    if summary.utilization is not None and summary.utilization < UTILIZATION_LEVER:
        found.append(Finding("utilization", "warning", {"rate": summary.utilization, "target": UTILIZATION_LEVER}))
    if summary.vehicles_below_soh_alert:
        found.append(Finding("soh", "warning", {"count": summary.vehicles_below_soh_alert,
                                                "threshold": business["battery"]["alerts"]["soh_below"]}))
    upcoming = summary.next_milestone
    if upcoming is not None:
        found.append(Finding("milestone", "info", {"fleet": summary.company_fleet, "next": upcoming.fleet,
                                                   "needs": ", ".join(upcoming.needs)}))
    return found


_SHARES = {"rate", "target", "threshold"}
_MONEY = {"value", "low", "high"}
_COUNTS = {"fleet", "next", "count"}


def finding_text(finding: Finding, lang: str) -> str:
    """The finding as a sentence, values formatted (shares as %, centavos as MXN)."""
    from lafa_core.i18n import format_mxn, format_number, format_percent, t

    values = {name: format_percent(v) if name in _SHARES else format_mxn(v) if name in _MONEY
              else format_number(v) if name in _COUNTS else v for name, v in finding.values.items()}
    return t(f"attention.{finding.key}", lang, **values)
