"""Finance's four sheets on both engines (tests/ingest_support.py's company): template → fill →
import → export gives back what was filled; importing it again changes nothing; money changes are
audited with before and after; the KPI rollup and the collections queue follow the import."""
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from lafa_core.config import LOCAL_TZ
from lafa_core.ingest import export_workbook, import_sheet, template_workbook
from lafa_core.ingest.service import stored_rows
from lafa_core.tables import AuditLog, CollectionQueueItem, Contract, Driver, KpiWeek, Payment, Vehicle
from lafa_core.users import PermissionDenied
from tests.imports_support import audit_records
from tests.ingest_support import (
    ANA_CURP, NOW, VIN1, VIN2, VIN3, WEEKLY, build_book, curp, filled, finance, fingerprint, installments, one,
    payments, rfc, workbook_rows,
)

NEW_CURP = curp("SAHC950505HDFNRR")
NEW_RFC = rfc("SAHC950505Q1")


@pytest.fixture
def book(engine):
    build_book(engine)
    return engine


def _import(engine, kind, data, role="finance", **options):
    return import_sheet(finance(engine, role), kind, data, filename=f"{kind}.xlsx", **options)


def _texts(report) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.text("es")) for p in report.problems]


DRIVER_ROW = [NEW_CURP, "Carlos Sánchez Hernández", NEW_RFC, "55 2468 1357", None, "LTO", "Activo", "Tlalpan",
              date(2026, 1, 19), "Sí", None]
VEHICLE_ROW = [VIN3, "GAC", "Aion S", "LMN-321-C", 55.2, "Disponible", "DEP-01", date(2026, 1, 12),
               Decimal("520000.00"), 12.5, None]


def test_drivers_round_trip_and_a_second_import_changes_nothing(book):
    data = filled(template_workbook("drivers"), [DRIVER_ROW])
    report = _import(book, "drivers", data)
    assert report.ok and (report.created, report.updated) == (1, 0), _texts(report)
    carlos = one(book, Driver, curp=NEW_CURP)
    assert (carlos.code, carlos.phone, carlos.birth_date, carlos.zone) == ("DRV-000003", "+525524681357",
                                                                           date(1995, 5, 5), "Tlalpan")
    exported = export_workbook("drivers", stored_rows(finance(book), "drivers"))
    row = next(r for r in workbook_rows(exported) if r[0] == NEW_CURP)
    assert row[:4] == [NEW_CURP, "Carlos Sánchez Hernández", NEW_RFC, "5524681357"]
    assert row[5:8] == ["LTO", "Activo", "Tlalpan"] and row[9:] == ["Sí", "DRV-000003"]
    before = fingerprint(book)
    again = _import(book, "drivers", exported)
    assert again.ok and again.written == 0 and again.skipped_identical == 3
    assert fingerprint(book) == before  # not even an audit record: nothing was written


def test_vehicles_round_trip_then_an_update_by_vin(book):
    report = _import(book, "vehicles", filled(template_workbook("vehicles"), [VEHICLE_ROW]))
    assert report.ok and report.created == 1, _texts(report)
    aion = one(book, Vehicle, vin=VIN3)
    assert (aion.plate, aion.battery_kwh, aion.acquisition_cost_centavos, aion.status) == (
        "LMN-321-C", 55.2, 52_000_000, "available")
    exported = export_workbook("vehicles", stored_rows(finance(book), "vehicles"))
    assert _import(book, "vehicles", exported).written == 0
    moved = [list(r) for r in workbook_rows(exported)[1:]]
    moved[[r[0] for r in moved].index(VIN3)][5] = "En taller"
    report = _import(book, "vehicles", filled(exported, moved))
    assert (report.created, report.updated, report.skipped_identical) == (0, 1, 2)
    assert one(book, Vehicle, vin=VIN3).status == "maintenance"


def test_a_new_lease_gets_its_schedule_and_a_status_change_is_audited_before_and_after(book):
    _import(book, "vehicles", filled(template_workbook("vehicles"), [VEHICLE_ROW]))
    lease = ["LTO-0000003", "DRV-000002", VIN3, "LTO", date(2026, 1, 19), None, "3,800.00", 10_000, 20_000,
             "Vigente", None, None]
    report = _import(book, "contracts", filled(template_workbook("contracts"), [lease]))
    assert report.ok and report.created == 1, _texts(report)
    assert one(book, Vehicle, vin=VIN3).status == "assigned"  # the car left the depot with its lessee
    assert report.summary("es").endswith(" 1 vehículo cambió de estado con su contrato.")
    schedule = installments(book, "LTO-0000003")
    assert len(schedule) == 208 and schedule[0].due_on == date(2026, 1, 26)
    assert {i.amount_centavos for i in schedule} == {380_000}
    exported = export_workbook("contracts", stored_rows(finance(book), "contracts"))
    assert _import(book, "contracts", exported).written == 0

    rows = [list(r) for r in workbook_rows(exported)[1:]]
    ended = next(r for r in rows if r[0] == "LTO-0000003")
    ended[9], ended[10] = "Rescindido", date(2026, 1, 24)
    report = _import(book, "contracts", filled(exported, rows))
    assert (report.updated, report.skipped_identical) == (1, 2)
    contract = one(book, Contract, code="LTO-0000003")
    assert (contract.status, contract.end_on) == ("terminated", date(2026, 1, 24))
    change = audit_records(book, "ingest.contract_changed")
    assert change == [("finanzas.rosa", "ingest.contract_changed", "contract", {
        "before": {"status": "active", "end_on": None, "defaulted_on": None},
        "after": {"status": "terminated", "end_on": "2026-01-24", "defaulted_on": None}})]
    assert one(book, Vehicle, vin=VIN3).status == "available"  # back at the depot
    assert [details for *_, details in audit_records(book, "ingest.vehicle_status")] == [
        {"before": "available", "after": "assigned"}, {"before": "assigned", "after": "available"}]


def test_a_vehicle_follows_its_latest_contract_but_history_and_the_workshop_move_no_car(book):
    exported = export_workbook("contracts", stored_rows(finance(book), "contracts"))
    rows = [list(r) for r in workbook_rows(exported)[1:]]
    lease = next(r for r in rows if r[0] == "LTO-0000001")
    lease[9], lease[11] = "En incumplimiento", date(2026, 1, 23)
    history = ["DAE-0000009", "DRV-000002", VIN1, "DaE", date(2025, 11, 3), None, "2,500.00", 0, 0, "Rescindido",
               date(2025, 12, 20), None]
    with Session(book) as session:  # the DaE car is in the workshop when its driver leaves
        session.get(Vehicle, one(book, Vehicle, vin=VIN2).id).status = "maintenance"
        session.commit()
    job = next(r for r in rows if r[0] == "DAE-0000002")
    job[9], job[10] = "Rescindido", date(2026, 1, 24)
    report = _import(book, "contracts", filled(exported, [*rows, history]))
    assert report.ok and (report.created, report.updated) == (1, 2), _texts(report)
    assert one(book, Vehicle, vin=VIN1).status == "recovery"  # defaulted: the car is being recovered
    assert report.summary("en").endswith(" 1 vehicle changed status with its contract.")
    assert one(book, Vehicle, vin=VIN2).status == "maintenance"  # the workshop is not the contract's to end
    assert [details for *_, details in audit_records(book, "ingest.vehicle_status")] == [
        {"before": "assigned", "after": "recovery"}]


def test_payments_settle_the_oldest_weeks_first_audited_per_contract(book):
    rows = [["SPEI-0001", "LTO-0000001", date(2026, 1, 12), time(9, 30), "3,500.00", "SPEI"],
            ["OXXO-0002", "LTO-0000001", "19/01/2026", None, "$5,000.00", "Efectivo OXXO"]]
    report = _import(book, "payments", filled(template_workbook("payments"), rows))
    assert report.ok and report.created == 2, _texts(report)
    first, second, third = installments(book)[:3]
    assert (first.paid_centavos, first.paid_on) == (WEEKLY, date(2026, 1, 12))
    assert (second.paid_centavos, second.paid_on) == (WEEKLY, date(2026, 1, 19))
    assert (third.paid_centavos, third.paid_on) == (150_000, None)  # part-paid: still owed
    stored = {p.reference: p for p in payments(book)}
    assert stored["OXXO-0002"].paid_at.astimezone(LOCAL_TZ).time() == time(12, 0)
    assert stored["SPEI-0001"].method == "spei" and stored["OXXO-0002"].amount_centavos == 500_000
    [(actor, action, entity, details)] = audit_records(book, "ingest.installments_paid")
    assert details["payments"] == ["SPEI-0001", "OXXO-0002"]
    assert details["installments"][2] == {"installment_id": third.id, "seq": 3,
                                          "before": {"paid_centavos": 0, "paid_on": None},
                                          "after": {"paid_centavos": 150_000, "paid_on": None}}
    [(_, _, _, summary)] = audit_records(book, "ingest.imported")
    assert summary["kind"] == "payments" and summary["created"] == 2 and ANA_CURP not in str(summary)

    exported = export_workbook("payments", stored_rows(finance(book), "payments"))
    exported_rows = workbook_rows(exported)
    assert exported_rows[0] == ["Referencia", "Número de contrato", "Fecha de pago", "Hora de pago", "Monto", "Método"]
    assert exported_rows[1:] == [["OXXO-0002", "LTO-0000001", datetime(2026, 1, 19), time(12, 0), 5000, "Efectivo OXXO"],
                                 ["SPEI-0001", "LTO-0000001", datetime(2026, 1, 12), time(9, 30), 3500, "SPEI"]]
    before = fingerprint(book)
    again = _import(book, "payments", exported)
    assert again.ok and again.written == 0 and again.skipped_identical == 2
    assert fingerprint(book) == before


def test_after_an_import_the_kpi_rollup_and_the_collections_queue_are_rebuilt(book):
    rows = [["SPEI-0001", "LTO-0000001", date(2026, 1, 12), None, "3,500.00", "SPEI"]]
    report = _import(book, "payments", filled(template_workbook("payments"), rows))
    assert report.refreshed
    with Session(book) as session:
        weeks = {(w.week_start, w.product): w for w in session.exec(select(KpiWeek))}
        queued = session.exec(select(CollectionQueueItem)).all()
    assert weeks[(date(2026, 1, 12), "LTO")].lease_collected_centavos == WEEKLY
    # Ana paid the 12 Jan week; the 19 Jan week is a week late on Monday 26 Jan.
    assert [(q.contract_id, q.days_past_due) for q in queued] == [(one(book, Contract, code="LTO-0000001").id, 7)]


def test_a_payment_already_recorded_with_other_values_is_refused_never_changed(book):
    rows = [["SPEI-0001", "LTO-0000001", date(2026, 1, 12), None, "3,500.00", "SPEI"]]
    _import(book, "payments", filled(template_workbook("payments"), rows))
    before = fingerprint(book)
    changed = [["SPEI-0001", "LTO-0000001", date(2026, 1, 12), None, "3,600.00", "Tarjeta"]]
    report = _import(book, "payments", filled(template_workbook("payments"), changed))
    assert _texts(report) == [(2, "Referencia", "Referencia: el pago SPEI-0001 ya está registrado con otro valor en: "
                                                "Monto, Método. Un pago registrado no se cambia.")]
    assert fingerprint(book) == before


def test_contract_terms_are_not_changed_by_a_sheet(book):
    exported = export_workbook("contracts", stored_rows(finance(book), "contracts"))
    rows = [list(r) for r in workbook_rows(exported)[1:]]
    rows[[r[0] for r in rows].index("LTO-0000001")][6] = Decimal("3000.00")
    before = fingerprint(book)
    report = _import(book, "contracts", filled(exported, rows))
    assert [p.key for p in report.problems] == ["ingest.contract_terms_changed"]
    assert "Pago semanal" in report.problems[0].text("es")
    assert fingerprint(book) == before


@pytest.mark.parametrize("kind, row, expected", [
    ("contracts", ["LTO-0000009", "DRV-999999", VIN2, "LTO", date(2026, 1, 19), 208, 3500, 0, 0, "Vigente", None,
                   None], [(2, "ID de conductor", "ID de conductor: no hay ningún conductor con el ID «DRV-999999».")]),
    ("contracts", ["LTO-0000009", "DRV-000001", VIN2, "LTO", date(2026, 1, 19), 208, 3500, 0, 0, "Vigente", None,
                   None], [(2, "VIN", "VIN: el vehículo ya está en el contrato vigente DAE-0000002.")]),
    ("payments", ["SPEI-9", "DAE-0000002", date(2026, 1, 19), None, 100, "SPEI"],
     [(2, "Número de contrato", "Número de contrato: el contrato DAE-0000002 es DaE; los pagos se registran en "
                                "contratos LTO.")]),
    ("payments", ["SPEI-9", "LTO-0000001", date(2026, 2, 19), None, 100, "SPEI"],
     [(2, "Fecha de pago", "Fecha de pago: la fecha es posterior a hoy.")]),
    ("vehicles", [VIN3, "Tesla", "Y", "MEX-456-B", 75, "Disponible", "DEP-99", date(2026, 1, 12), 1, None, None],
     [(2, "Marca", "Marca: no es un valor de la lista; usa uno de: Geely, JAC, GAC."),
      (2, "Placa", "Placa: la placa MEX-456-B ya es de otro vehículo."),
      (2, "Depósito", "Depósito: no hay ningún depósito con la clave «DEP-99».")]),
])
def test_references_are_checked_and_nothing_is_written(book, kind, row, expected):
    before = fingerprint(book)
    report = _import(book, kind, filled(template_workbook(kind), [row]))
    assert sorted(_texts(report)) == sorted(expected)
    assert fingerprint(book) == before


def test_one_bad_row_among_thousands_imports_nothing_and_names_row_column_and_why(book):
    rows = [[f"SPEI-{n:05d}", "LTO-0000001", date(2026, 1, 12), None, "10.00", "SPEI"] for n in range(3_000)]
    rows[2_345][4] = "10.005"
    before = fingerprint(book)
    report = _import(book, "payments", filled(template_workbook("payments"), rows))
    assert [(p.row, p.column, p.value) for p in report.problems] == [(2_347, "Monto", "10.005")]
    assert report.summary("es").startswith("No se importó nada: 1 problema en 1 fila.")
    assert fingerprint(book) == before


def test_a_dry_run_says_what_would_happen_and_writes_nothing(book):
    rows = [["SPEI-0001", "LTO-0000001", date(2026, 1, 12), None, "3,500.00", "SPEI"]]
    before = fingerprint(book)
    report = _import(book, "payments", filled(template_workbook("payments"), rows), dry_run=True)
    assert report.ok and report.dry_run and report.created == 1
    assert report.summary("en").startswith("Check passed: 1 rows read; 1 would be created")
    assert fingerprint(book) == before


def test_the_admin_imports_vehicles_but_not_money(book):
    assert _import(book, "vehicles", filled(template_workbook("vehicles"), [VEHICLE_ROW]), role="admin").ok
    with pytest.raises(PermissionDenied):
        _import(book, "payments", template_workbook("payments"), role="admin")
    with pytest.raises(PermissionDenied):
        _import(book, "drivers", template_workbook("drivers"), role="collections_agent")


def test_the_drivers_personal_data_leaves_only_with_the_right_to_see_it(book):
    from lafa_core.ingest import export_sheet

    with pytest.raises(PermissionDenied):
        export_sheet(finance(book), "drivers")
    assert [r["code"] for r in export_sheet(finance(book), "contracts")] == ["DAE-0000002", "LTO-0000001"]


def test_a_refused_drivers_sheet_names_row_and_column_but_never_repeats_personal_data(book):
    """Finance and the administrator import drivers but may not see their CURP, RFC or phone: each
    problem says where and why, without the value or a piece of it (the birth date inside a CURP)."""
    bad_curp = NEW_CURP[:4] + "991331" + NEW_CURP[10:]  # month 13: no such birth date
    twin = [NEW_CURP, "Carlos S. Hernández", *DRIVER_ROW[2:]]  # the same CURP with another name
    rows = [[bad_curp, *DRIVER_ROW[1:]], [ANA_CURP, "Ana", "XX", "12", *DRIVER_ROW[4:]], DRIVER_ROW, twin]
    report = _import(book, "drivers", filled(template_workbook("drivers"), rows))
    assert not report.ok
    where = {(p.row, p.column) for p in report.problems}
    assert {(2, "CURP"), (3, "RFC"), (3, "Teléfono"), (5, "CURP")} <= where, _texts(report)
    shown = " ".join(f"{p.value} {p.text('es')} {p.text('en')}" for p in report.problems)
    for secret in (bad_curp, "991331", NEW_CURP, ANA_CURP, "XX", NEW_RFC, "2468"):
        assert secret not in shown, (secret, shown)


def test_the_audit_trail_keeps_ids_and_counts_never_personal_data(book):
    _import(book, "drivers", filled(template_workbook("drivers"), [DRIVER_ROW]))
    with Session(book) as session:
        details = [r.details for r in session.exec(select(AuditLog))]
    assert details and not any(NEW_CURP in d or "Carlos" in d or "2468" in d for d in details)


def test_a_colleague_importing_the_same_payments_meanwhile_leaves_nothing_half_written(book, monkeypatch):
    from lafa_core.ingest import queries

    original = queries.insert_payments

    def raced(*, session, records):  # the other import's rows land between our check and our write
        original(session=session, records=records)
        original(session=session, records=records)

    monkeypatch.setattr(queries, "insert_payments", raced)
    before = fingerprint(book)
    rows = [["SPEI-0001", "LTO-0000001", date(2026, 1, 12), None, "3,500.00", "SPEI"]]
    report = _import(book, "payments", filled(template_workbook("payments"), rows))
    assert report.summary("es") == ("No se importó nada: Alguien importó los mismos registros mientras tanto: no se "
                                    "guardó nada de este archivo. Vuelve a revisarlo.")
    assert fingerprint(book) == before
