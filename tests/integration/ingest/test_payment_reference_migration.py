"""Migration 0008 on both engines: payments recorded before references existed get PAY- and their id
on eight digits, a reference is unique, and the downgrade gives the column back."""
from datetime import date, datetime

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from lafa_core.config import LOCAL_TZ
from lafa_core.db import alembic_config, make_engine
from tests.conftest import fresh_postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def bare(request, tmp_path):
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'old.db'}", (lambda: None)
    else:
        url, drop = fresh_postgres_url()
    engine = make_engine(url)
    yield engine
    engine.dispose()
    drop()


def test_existing_payments_get_their_reference_and_references_are_unique(bare):
    config = alembic_config(bare)
    command.upgrade(config, "0007_credit_models")
    with bare.begin() as conn:
        conn.execute(text("INSERT INTO depot (id, code, name, zone, lat, lon, charger_count, charger_kw) "
                          "VALUES (1, 'DEP-01', 'Vallejo', 'Azcapotzalco', 19.49, -99.16, 4, 7.2)"))
        conn.execute(text("INSERT INTO driver (id, code, full_name, curp, rfc, phone, birth_date, product, status, zone, "
                          "home_lat, home_lon, joined_on, has_valid_licence, opted_out_of_messages, do_not_contact) "
                          "VALUES (1, 'DRV-000001', 'Ana', 'C', 'R', 'P', :day, 'LTO', 'active', 'Iztapalapa', 19.3, "
                          "-99.0, :day, true, false, false)"), {"day": date(1990, 1, 1)})
        conn.execute(text("INSERT INTO vehicle (id, vin, oem, model, plate, battery_kwh, status, depot_id, in_service_on, "
                          "acquisition_cost_centavos, odometer_km_at_service_start) VALUES (1, 'V', 'JAC', 'E10X', 'P', "
                          "31.4, 'assigned', 1, :day, 1, 0)"), {"day": date(2025, 1, 1)})
        conn.execute(text("INSERT INTO contract (id, code, driver_id, vehicle_id, product, kind, start_on, "
                          "weekly_rate_centavos, deposit_centavos, purchase_option_centavos, status) VALUES (1, "
                          "'LTO-1', 1, 1, 'LTO', 'lease', :day, 350000, 0, 0, 'active')"), {"day": date(2025, 1, 6)})
        for payment_id in (7, 12345678):
            conn.execute(text("INSERT INTO payment (id, contract_id, paid_at, paid_on, amount_centavos, method) "
                              "VALUES (:id, 1, :at, :day, 350000, 'spei')"),
                         {"id": payment_id, "at": datetime(2025, 1, 13, 12, tzinfo=LOCAL_TZ), "day": date(2025, 1, 13)})
    command.upgrade(config, "heads")
    with bare.connect() as conn:
        assert conn.execute(text("SELECT id, reference FROM payment ORDER BY id")).all() == [
            (7, "PAY-00000007"), (12345678, "PAY-12345678")]
    with pytest.raises(IntegrityError), bare.begin() as conn:
        conn.execute(text("UPDATE payment SET reference = 'PAY-00000007' WHERE id = 12345678"))
    command.downgrade(config, "0007_credit_models")
    command.upgrade(config, "heads")
    with bare.connect() as conn:
        assert conn.execute(text("SELECT reference FROM payment WHERE id = 7")).scalar() == "PAY-00000007"
