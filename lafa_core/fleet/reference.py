"""The fleet's reference data, read from data/ (sources noted in each file): service intervals per
OEM and model, the city's outline and zone centres, and the strategy's cost bands."""
from __future__ import annotations

import json
from functools import lru_cache

from lafa_core.config import DATA_DIR
from lafa_core.fleet.rules import DueSoon, Interval, Zone
from lafa_core.reference import load_reference


@lru_cache(maxsize=1)
def _intervals() -> dict:
    return load_reference("service_intervals")


def interval_for(oem: str, model: str) -> Interval:
    """The model's service interval; the file's default for a model it does not list."""
    data = _intervals()
    found = (data.get("models", {}).get(oem) or {}).get(model) or data["default"]
    return Interval(int(found["km"]), int(found["months"]))


def due_soon() -> DueSoon:
    soon = _intervals().get("due_soon", {})
    return DueSoon(int(soon.get("km", 500)), int(soon.get("days", 14)))


def maintenance_band_mxn() -> tuple[int, int]:
    """The strategy's maintenance cost per vehicle-month (business.yaml, both products alike)."""
    low, high = load_reference("business")["unit_economics_per_vehicle_month"]["LTO"]["costs"]["maintenance"]
    return int(low), int(high)


def premium_band_mxn() -> tuple[int, int]:
    """The strategy's insurance premium per vehicle-year (business.yaml)."""
    low, high = load_reference("business")["insurance"]["premium_per_vehicle_year"]
    return int(low), int(high)


@lru_cache(maxsize=1)
def city() -> dict:
    """data/cdmx_zones.geojson: the outline polygon ([lon, lat] pairs) and the zones' centres."""
    with open(DATA_DIR / "cdmx_zones.geojson", encoding="utf-8") as handle:
        doc = json.load(handle)
    outline = next(f["geometry"]["coordinates"][0] for f in doc["features"] if f["properties"]["kind"] == "outline")
    zones = tuple(Zone(f["properties"]["name"], f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
                  for f in doc["features"] if f["properties"]["kind"] == "zone")
    return {"outline": outline, "zones": zones}
