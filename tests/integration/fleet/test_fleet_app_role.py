"""On PostgreSQL the app's own role (not the owner who migrated) records and reads fleet work:
the grants `migrate` gives it after 0010_fleet cover work orders, incidents and claims."""
from datetime import date

import pytest

from lafa_core.db import make_engine, migrate
from lafa_core.fleet import service
from tests.conftest import owner_and_app_role
from tests.factories import uow
from tests.fleet_support import DAY, NOW, at, build_fleet


@pytest.fixture
def app_engine():
    with owner_and_app_role() as (url, role, app_url):
        owner = make_engine(url)
        migrate(owner, app_role=role)
        build_fleet(owner)
        app = make_engine(app_url)
        yield app
        app.dispose()
        owner.dispose()


def test_the_apps_role_records_fleet_work(app_engine):
    ops = lambda role="fleet_ops": uow(app_engine, "flota", at=NOW, role=role)  # noqa: E731
    order = service.open_work_order(ops(), vehicle_id=1, kind="brakes", description="Balatas", opened_on=DAY,
                                    odometer_km=29_800)
    service.close_work_order(ops(), order_id=order, closed_on=date(2026, 1, 12), cost="1800")
    incident = service.log_incident(ops(), vehicle_id=3, occurred_at=at(DAY, 9), kind="other", severity="low",
                                    description="Rayón", place="Vallejo", lat=19.49, lon=-99.16, cost="500")
    service.resolve_incident(ops(), incident_id=incident)
    claim = service.file_claim(ops(), incident_id=2, filed_on=DAY, claimed="2000")
    service.decide_claim(ops("finance"), claim_id=claim, decision="rejected", decided_on=DAY)
    assert service.maintenance_overview(ops()).orders[0]["id"] == order
    assert service.insurance_overview(ops("finance")).claims[0]["status"] == "rejected"
