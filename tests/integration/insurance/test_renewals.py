"""The insurance renewal list on both engines: uninsured vehicles first, then policies ending within
90 days with no renewal bought; a vehicle covered later (renewed) or beyond 90 days is not listed."""
from datetime import date, timedelta

import pytest
from sqlmodel import Session

from lafa_core.insurance.service import renewals
from lafa_core.tables import InsurancePolicy, Vehicle
from lafa_core.users.roles import PermissionDenied
from tests.factories import build_tiny_company, local, uow

AS_OF = date(2026, 1, 11)  # the tiny company's data day


@pytest.fixture
def fleet(engine):
    build_tiny_company(engine)
    start = date(2025, 1, 15)

    def policy(i, vehicle, ends_in_days, starts_on=start):
        return InsurancePolicy(vehicle_id=vehicle, insurer="Qualitas", policy_number=f"POL-{i}", starts_on=starts_on,
                               ends_on=AS_OF + timedelta(days=ends_in_days), premium_centavos=3_000_000,
                               coverage="amplia")
    with Session(engine) as session:
        session.add(Vehicle(id=5, vin="VIN00000000000005", oem="JAC", model="E10X", plate="AAA-05-00",
                            battery_kwh=31.4, status="available", depot_id=1, in_service_on=date(2025, 11, 1),
                            acquisition_cost_centavos=40_000_000))
        session.add_all([
            policy(1, 1, 30),  # V1: 30 days left, not renewed → "30"
            policy(2, 2, 31), policy(3, 2, 400, starts_on=AS_OF + timedelta(days=31)),  # V2: renewed → not listed
            policy(4, 3, 91),  # V3: beyond the last window → not listed
            policy(5, 4, 0),  # V4: ended today → uninsured
        ])  # V5: never insured → uninsured
        session.commit()
    return engine


def test_the_renewal_list(fleet):
    day, due = renewals(uow(fleet, "finanzas", at=local(date(2026, 1, 12), 9), role="finance"))
    assert day == AS_OF
    assert [(v["plate"], v["window"], v["days_left"]) for v in due] == [
        ("AAA-04-00", "uninsured", None), ("AAA-05-00", "uninsured", None), ("AAA-01-00", "30", 30)]
    assert due[2]["policy_number"] == "POL-1" and due[2]["premium_centavos"] == 3_000_000


def test_only_finance_reads_it(fleet):
    with pytest.raises(PermissionDenied):
        renewals(uow(fleet, "flota", at=local(date(2026, 1, 12), 9), role="executive"))


def test_the_renewals_workbook_reads_back(fleet):
    from io import BytesIO

    from openpyxl import load_workbook

    from lafa_core.finance.workbooks import insurance_renewals_workbook

    day, due = renewals(uow(fleet, "finanzas", at=local(date(2026, 1, 12), 9), role="finance"))
    data = insurance_renewals_workbook(due, "es", as_of=day, generated_at=local(date(2026, 1, 12), 9),
                                       generated_by="Finanzas")
    sheet = load_workbook(BytesIO(data))["Renovaciones"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows[:3]] == ["AAA-04-00", "AAA-05-00", "AAA-01-00"]
    assert rows[0][7] == "Sin póliza vigente" and rows[2][7] == "30 días o menos" and rows[2][8] == 30_000
    assert rows[2][5].date() == date(2026, 2, 10) and rows[3] == ("Total",) + (None,) * 7 + ("=SUM(I2:I4)",)
    assert sheet.freeze_panes == "A2"
