"""DiDi's trip file on a real database (both engines): validated whole, written once, matched to shifts."""
import io
import json
from datetime import datetime, time, timedelta

import pytest
from openpyxl import Workbook
from sqlmodel import Session

from lafa_core.bounds import InvalidInput
from lafa_core.imports import import_didi_trips
from lafa_core.tables import Shift, ShiftStatus
from lafa_core.users.roles import PermissionDenied
from tests import factories
from tests.imports_support import (
    CURPS, MONDAY, NAMES, NEXT_MONDAY, START_BILLED, START_TIPS, START_TRIPS, at, audit_records, build_fleet, counts,
    didi_csv, hr, shift, trips,
)

TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
BASE = [
    ["DRV-000001", "09/02/2026", "T-0001", "06:30", "06:55", "$1,234.50", "20"],  # row 2 → shift 1
    ["DRV-000001", "09/02/2026", "T-0002", "7:05", "07:40:30", "150", ""],  # row 3 → shift 1, no tip
    ["DRV-000001", "10/02/2026", "T-0003", "08:00", "08:30", "$95.00", "$5.50"],  # row 4 → shift 2
    ["DRV-000002", "10/02/2026", "T-0004", "23:50", "00:20", "210.00", "0"],  # row 5 → shift 8, after midnight
    ["DRV-000001", "15/02/2026", "T-0005", "19:59", "20:10", "80", "0"],  # row 6 → shift 7, this payroll week
    ["DRV-000001", "15/02/2026", "T-0006", "20:00", "20:30", "90", "10"],  # row 7 → shift 7, next payroll week
]


@pytest.fixture
def fleet(engine):
    build_fleet(engine)
    return engine


def _import(engine, data, filename="didi_semana.csv", role="hr_payroll"):
    return import_didi_trips(hr(engine, role), data, filename=filename)


def test_a_valid_file_is_written_with_each_trip_matched_to_its_shift_and_vehicle(fleet):
    report = _import(fleet, didi_csv(BASE))
    assert report.ok and (report.read, report.written, report.skipped, report.warnings) == (6, 6, 0, [])
    stored = trips(fleet)
    first = stored["T-0001"]
    assert (first.driver_id, first.shift_id, first.vehicle_id, first.km) == (1, 1, 1, None)
    assert (first.started_at, first.ended_at) == (at(MONDAY, 6, 30), at(MONDAY, 6, 55))
    assert (first.fare_centavos, first.tip_centavos) == (123_450, 2_000)
    assert stored["T-0002"].ended_at == at(MONDAY, 7, 40, 30) and stored["T-0002"].tip_centavos == 0
    assert (stored["T-0003"].shift_id, stored["T-0003"].tip_centavos) == (2, 550)
    assert {code: stored[code].shift_id for code in ("T-0005", "T-0006")} == {"T-0005": 7, "T-0006": 7}
    # The shifts' totals grew by exactly their new trips.
    one, two, eight = shift(fleet, 1), shift(fleet, 2), shift(fleet, 8)
    assert (one.trip_count, one.billed_centavos, one.tips_centavos) == (
        START_TRIPS + 2, START_BILLED + 123_450 + 15_000, START_TIPS + 2_000)
    assert (two.trip_count, two.billed_centavos, two.tips_centavos) == (START_TRIPS + 1, START_BILLED + 9_500,
                                                                         START_TIPS + 550)
    assert (eight.trip_count, eight.billed_centavos, eight.tips_centavos) == (1, 21_000, 0)
    assert shift(fleet, 3).trip_count == START_TRIPS  # untouched
    assert report.shifts_updated == 4


def test_a_trip_ending_after_midnight_ends_the_next_day_and_keeps_its_shift(fleet):
    _import(fleet, didi_csv(BASE))
    trip = trips(fleet)["T-0004"]
    assert (trip.started_at, trip.ended_at) == (at(TUESDAY, 23, 50), at(WEDNESDAY, 0, 20))
    assert (trip.shift_id, trip.vehicle_id) == (8, 2)


def test_sunday_1959_and_2000_fall_in_different_payroll_weeks(fleet):
    report = _import(fleet, didi_csv(BASE[4:5]))
    assert report.weeks == [MONDAY]
    report = _import(fleet, didi_csv(BASE[5:6]))
    assert report.weeks == [NEXT_MONDAY]
    assert _import(fleet, didi_csv(BASE)).weeks == [MONDAY]  # only T-0001..4 were new
    assert audit_records(fleet, "payroll.trips_imported")[-1][3]["weeks"] == [MONDAY.isoformat()]


def test_importing_the_same_file_again_changes_nothing(fleet):
    data = didi_csv(BASE)
    _import(fleet, data)
    before, one = counts(fleet), shift(fleet, 1)
    report = _import(fleet, data)
    assert report.ok and (report.read, report.written, report.skipped_identical, report.shifts_updated) == (6, 0, 6, 0)
    after = counts(fleet)
    assert after["Trip"] == before["Trip"] and after["AuditLog"] == before["AuditLog"] + 1
    again = shift(fleet, 1)
    assert (again.trip_count, again.billed_centavos, again.tips_centavos) == (
        one.trip_count, one.billed_centavos, one.tips_centavos)


def test_an_overlapping_re_export_writes_only_the_new_trips(fleet):
    _import(fleet, didi_csv(BASE[:3]))
    report = _import(fleet, didi_csv(BASE[1:]))  # rows 2-3 already imported, four new
    assert (report.read, report.written, report.skipped_identical) == (5, 3, 2)
    assert len(trips(fleet)) == 6
    assert shift(fleet, 1).trip_count == START_TRIPS + 2  # T-0001 and T-0002 counted once


def test_a_row_repeated_in_the_file_is_skipped(fleet):
    report = _import(fleet, didi_csv([BASE[0], BASE[1], BASE[0]]))
    assert report.ok and (report.written, report.skipped_repeated) == (2, 1)
    assert shift(fleet, 1).trip_count == START_TRIPS + 2


BAD_ROWS = {
    "unknown driver": (["DRV-999999", "11/02/2026", "T-0100", "09:00", "09:20", "100", "0"], "Driver ID",
                       "import.unknown_driver"),
    "impossible date": (["DRV-000001", "31/02/2026", "T-0100", "09:00", "09:20", "100", "0"], "Date",
                        "field.date_impossible"),
    "hour 25": (["DRV-000001", "11/02/2026", "T-0100", "25:10", "09:20", "100", "0"], "Initial time",
                "field.time_range"),
    "negative cost": (["DRV-000001", "11/02/2026", "T-0100", "09:00", "09:20", "-50.00", "0"], "Cost",
                      "field.amount_negative"),
    "negative tip": (["DRV-000001", "11/02/2026", "T-0100", "09:00", "09:20", "50.00", "-$5"], "Tip",
                     "field.amount_negative"),
    "Trip ID twice, other values": (["DRV-000001", "09/02/2026", "T-0001", "06:30", "06:55", "$1,234.00", "20"],
                                    "Trip ID", "import.trip_conflict_in_file"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_refuses_the_whole_file_naming_its_row_and_column(fleet, case):
    bad, column, key = BAD_ROWS[case]
    before = counts(fleet)
    report = _import(fleet, didi_csv(BASE[:3] + [bad] + BASE[3:]))  # the bad row is Excel's row 5
    assert [(p.row, p.column, p.key) for p in report.problems] == [(5, column, key)]
    assert report.problems[0].value == bad[["Driver ID", "Date", "Trip ID", "Initial time", "Final time", "Cost",
                                            "Tip"].index(column)]
    assert report.written == 0 and not report.warnings
    after = counts(fleet)
    assert after["Trip"] == before["Trip"] and after["Shift"] == before["Shift"]
    assert shift(fleet, 1).trip_count == START_TRIPS
    refused = audit_records(fleet, "payroll.import_refused")
    assert len(refused) == 1 and refused[0][3]["problems"] == 1 and refused[0][3]["rows_read"] == 7
    assert report.problems[0].text("es") and report.problems[0].text("en") != report.problems[0].text("es")


def test_a_trip_id_twice_names_the_first_row_and_what_differs(fleet):
    bad = BAD_ROWS["Trip ID twice, other values"][0]
    problem = _import(fleet, didi_csv(BASE[:3] + [bad])).problems[0]
    assert problem.values["first_row"] == 2 and problem.values["columns"] == "Cost"
    assert problem.text("es") == ("Trip ID: el viaje T-0001 ya aparece en la fila 2 con otros datos (Cost).")


def test_a_trip_already_imported_with_other_values_refuses_the_file(fleet):
    _import(fleet, didi_csv(BASE[:2]))
    before = counts(fleet)
    changed = ["DRV-000001", "09/02/2026", "T-0002", "7:05", "07:41", "150", "3"]
    report = _import(fleet, didi_csv([BASE[2], changed]))
    assert [(p.row, p.column, p.key, p.values["columns"]) for p in report.problems] == [
        (3, "Trip ID", "import.trip_conflict_existing", "Final time, Tip")]
    assert counts(fleet)["Trip"] == before["Trip"]  # not even the new row 2


def test_every_problem_of_every_row_is_listed_in_row_order(fleet):
    rows = [["DRV-000001", "31/02/2026", "T-1", "9:00", "25:00", "abc", ""],
            ["", "01/02/2026", "", "9:00", "9:10", "1", "0"],
            BAD_ROWS["unknown driver"][0]]
    report = _import(fleet, didi_csv(rows))
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "Date"), (2, "Final time"), (2, "Cost"), (3, "Driver ID"), (3, "Trip ID"), (4, "Driver ID")]
    csv_text = report.problems_csv("es").decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "Fila,Columna,Valor,Motivo" and "31/02/2026" in csv_text


def test_a_trip_outside_every_shift_is_written_without_shift_and_listed_as_a_warning(fleet):
    rows = BASE[:1] + [["DRV-000003", "11/02/2026", "T-0200", "10:00", "10:30", "120", "0"],
                       ["DRV-000001", "11/02/2026", "T-0201", "15:00", "15:20", "80", "0"]]  # shift 3 ends 15:00
    report = _import(fleet, didi_csv(rows))
    assert report.ok and report.written == 3
    assert [(w.row, w.column, w.value, w.key) for w in report.warnings] == [
        (3, "Trip ID", "T-0200", "import.trip_outside_shift"), (4, "Trip ID", "T-0201", "import.trip_outside_shift")]
    assert "11/02/2026 10:00" in report.warnings[0].text("es")
    stored = trips(fleet)
    assert (stored["T-0200"].shift_id, stored["T-0200"].vehicle_id) == (None, None)
    assert stored["T-0201"].shift_id is None and shift(fleet, 3).trip_count == START_TRIPS
    assert audit_records(fleet, "payroll.trips_imported")[0][3]["warnings"] == 2
    assert report.warnings_csv("en").decode("utf-8-sig").startswith("Row,Column,Value,Reason")


def test_a_role_without_the_import_permission_is_refused_before_anything(fleet):
    before = counts(fleet)
    with pytest.raises(PermissionDenied):
        _import(fleet, didi_csv(BASE), role="finance")
    with pytest.raises(InvalidInput):  # nobody signed in
        import_didi_trips(factories.uow(fleet), didi_csv(BASE), filename="x.csv")
    assert counts(fleet) == before


def test_the_audit_record_holds_counts_and_no_personal_data(fleet):
    data = didi_csv(BASE + [["DRV-000003", "11/02/2026", "T-0200", "10:00", "10:30", "120", "0"]])
    _import(fleet, data, filename="viajes_feb.csv")
    _import(fleet, data, filename="viajes_feb.csv")
    _import(fleet, didi_csv([BAD_ROWS["unknown driver"][0]]), filename="malo.csv")
    records = audit_records(fleet)
    assert [(actor, action, entity) for actor, action, entity, _ in records] == [
        ("nomina.ana", "payroll.trips_imported", "import"), ("nomina.ana", "payroll.trips_imported", "import"),
        ("nomina.ana", "payroll.import_refused", "import")]
    first, second, refused = (details for *_, details in records)
    assert first == {"filename": "viajes_feb.csv", "rows_read": 7, "written": 7, "skipped": 0, "warnings": 1,
                     "shifts_updated": 4, "weeks": [MONDAY.isoformat(), NEXT_MONDAY.isoformat()]}
    assert (second["written"], second["skipped"], second["weeks"]) == (0, 7, [])
    assert refused == {"kind": "didi_trips", "filename": "malo.csv", "rows_read": 1, "problems": 1,
                       "rows_with_problems": 1}
    text = json.dumps([details for *_, details in records], ensure_ascii=False)
    for personal in [*NAMES.values(), *CURPS.values(), "DRV-0000"]:
        assert personal not in text


def test_a_missing_column_refuses_the_file_naming_it(fleet):
    data = didi_csv(BASE).replace(b",Tip\r\n", b",Propina\r\n", 1)
    report = _import(fleet, data)
    assert [(p.row, p.column, p.key) for p in report.problems] == [(1, "Tip", "import.missing_column")]
    assert "«Tip»" in report.problems[0].text("es") and counts(fleet)["Trip"] == 0


def test_an_excel_workbook_with_typed_cells_is_read_like_the_csv(fleet):
    book = Workbook()
    sheet = book.active
    sheet.append([" driver  id", "DATE", "Trip ID", "Initial Time", "Final  time", "Cost", "Tip"])
    sheet.append(["DRV-000001", datetime(2026, 2, 9), 123456789, time(6, 30), time(6, 55), 1234.5, 20])
    sheet.append([None] * 7)
    sheet.append(["DRV-000002", datetime(2026, 2, 10), "A-77", time(23, 50), time(0, 20), 210, None])
    buffer = io.BytesIO()
    book.save(buffer)
    report = _import(fleet, buffer.getvalue(), filename="didi.xlsx")
    assert report.ok and report.written == 2, [p.text("en") for p in report.problems]
    stored = trips(fleet)
    assert (stored["123456789"].fare_centavos, stored["123456789"].shift_id) == (123_450, 1)
    assert stored["A-77"].ended_at == at(WEDNESDAY, 0, 20) and stored["A-77"].tip_centavos == 0


def test_a_windows_1252_file_with_semicolons_is_read(fleet):
    data = didi_csv(BASE[:2], encoding="cp1252", delimiter=";")
    report = _import(fleet, data)
    assert report.ok and report.written == 2


def test_bulk_written_trips_are_stored_exactly_as_the_orm_stores_them(fleet):
    from sqlalchemy import text
    from sqlmodel import Session

    from lafa_core.tables import Trip

    _import(fleet, didi_csv(BASE[:1]))
    with Session(fleet) as session:
        session.add(Trip(trip_code="ORM-1", shift_id=1, driver_id=1, vehicle_id=1, started_at=at(MONDAY, 6, 30),
                         ended_at=at(MONDAY, 6, 55), fare_centavos=123_450, tip_centavos=2_000))
        session.commit()
        raw = dict(session.execute(text("SELECT trip_code, CAST(started_at AS TEXT) || '|' || CAST(ended_at AS TEXT) "
                                        "FROM trip")).all())
    assert raw["T-0001"] == raw["ORM-1"]


def test_the_benchmark_imports_its_own_file_and_has_a_budget(sqlite_engine):
    from lafa_core.bench import BUDGETS
    from lafa_core.imports.bench import bench_didi_import

    figures = bench_didi_import(sqlite_engine, rows=2_000, drivers=50)
    assert (figures["rows"], figures["written"], figures["reimport_skipped"]) == (2_000, 2_000, 2_000)
    assert 0 < figures["warnings"] < 100 and figures["shifts_updated"] > 300
    assert any(b.figure == "imports.didi_100k_rows_s" and b.limit == 20 for b in BUDGETS)


def test_new_trips_in_a_closed_payroll_week_are_refused_until_it_is_reopened(fleet):
    from tests.imports_support import close_week

    _import(fleet, didi_csv(BASE[:2]))
    close_week(fleet, MONDAY)
    assert _import(fleet, didi_csv(BASE[:2])).ok  # the same trips again: nothing new, nothing refused
    report = _import(fleet, didi_csv(BASE[:2] + BASE[4:6]))  # Sunday 19:59 is the closed week's, 20:00 is not
    assert [(p.row, p.column, p.key, p.value) for p in report.problems] == [
        (4, "Date", "import.week_closed", "15/02/2026")]
    assert report.problems[0].text("es").startswith("Date: la semana de nómina del 09/02/2026 ya está cerrada")
    assert len(trips(fleet)) == 2
    close_week(fleet, NEXT_MONDAY, reopened=True)  # a reopened week takes new trips
    close_week(fleet, MONDAY + timedelta(days=-7), reopened=True)
    assert _import(fleet, didi_csv(BASE[5:6])).written == 1


def test_a_trip_in_a_shift_only_confirmed_is_not_matched_to_it(fleet):
    # Shift 8 (driver 2, Tuesday 18:00-02:00) only planned on the dispatch board: its times are the plan.
    with Session(fleet) as session:
        session.get(Shift, 8).status = ShiftStatus.CONFIRMED.value
        session.commit()
    report = _import(fleet, didi_csv([BASE[3]]))
    assert report.ok and report.written == 1
    assert trips(fleet)["T-0004"].shift_id is None and shift(fleet, 8).trip_count == 0
    assert [(w.row, w.key) for w in report.warnings] == [(2, "import.trip_outside_shift")]
