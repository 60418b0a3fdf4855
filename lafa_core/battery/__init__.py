"""Battery health (P4): degradation per vehicle, anomalies with a reason, dates to the LTO floor
and to rotation, residual value; fleet operations' decisions on a vehicle's battery."""
from lafa_core.battery.service import (
    BatteryError, BatteryReport, battery_report, latest_decisions, record_decision, vehicle_readings,
)

__all__ = ["BatteryError", "BatteryReport", "battery_report", "latest_decisions", "record_decision", "vehicle_readings"]
