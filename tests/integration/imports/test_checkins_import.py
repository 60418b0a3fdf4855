"""HR's check-in sheet on a real database (both engines): validated whole, shifts written once."""
import json
from datetime import timedelta

import pytest

from lafa_core.imports import import_checkins, import_didi_trips
from lafa_core.tables import ShiftSource
from lafa_core.users.roles import PermissionDenied
from tests.imports_support import (
    CURPS, MONDAY, NAMES, NEXT_MONDAY, SUNDAY, at, audit_records, build_fleet, checkin_csv, counts, didi_csv, hr,
    sheet_csv, shifts, trips,
)

TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
SHEET = [
    ["DRV-000003", "09/02/2026", "08:00", "16:30"],  # row 2: 8.5 h
    ["DRV-000003", "10/02/2026", "22:00", "06:00"],  # row 3: after midnight, 8 h
    ["DRV-000002", "09/02/2026", "7:00", "15:15:30"],  # row 4: seconds
    ["DRV-000003", "15/02/2026", "20:30", "23:00"],  # row 5: Sunday after the payroll week closed
]
SHEET_SOURCE = ShiftSource.CHECKIN_SHEET.value


@pytest.fixture
def fleet(engine):
    build_fleet(engine)
    return engine


def _import(engine, data, filename="asistencia.csv", role="hr_payroll"):
    return import_checkins(hr(engine, role), data, filename=filename)


def test_a_valid_sheet_writes_check_in_shifts_without_vehicle(fleet):
    report = _import(fleet, checkin_csv(SHEET))
    assert report.ok and (report.read, report.written, report.skipped) == (4, 4, 0)
    assert report.weeks == [MONDAY, NEXT_MONDAY]
    written = shifts(fleet, SHEET_SOURCE)
    assert [(s.driver_id, s.work_date, s.starts_at, s.ends_at) for s in written] == [
        (2, MONDAY, at(MONDAY, 7), at(MONDAY, 15, 15, 30)),
        (3, MONDAY, at(MONDAY, 8), at(MONDAY, 16, 30)),
        (3, TUESDAY, at(TUESDAY, 22), at(WEDNESDAY, 6)),
        (3, SUNDAY, at(SUNDAY, 20, 30), at(SUNDAY, 23)),
    ]
    assert [s.hours for s in written] == [pytest.approx(8 + 15.5 / 60), 8.5, 8.0, 2.5]
    assert [round(s.hours * 60, 6) for s in written[1:]] == [510, 480, 150]  # whole minutes stay exact
    assert all((s.vehicle_id, s.depot_id, s.trip_count, s.billed_centavos, s.tips_centavos) == (None, None, 0, 0, 0)
               for s in written)


def test_importing_the_same_sheet_again_changes_nothing(fleet):
    data = checkin_csv(SHEET)
    _import(fleet, data)
    before = counts(fleet)
    report = _import(fleet, data)
    assert report.ok and (report.written, report.skipped_identical, report.weeks) == (0, 4, [])
    assert counts(fleet)["Shift"] == before["Shift"]


def test_a_row_repeated_in_the_sheet_is_skipped_and_back_to_back_shifts_are_fine(fleet):
    rows = [SHEET[0], SHEET[0], ["DRV-000003", "09/02/2026", "16:30", "18:00"]]
    report = _import(fleet, checkin_csv(rows))
    assert report.ok and (report.written, report.skipped_repeated) == (2, 1)


def test_spanish_headers_and_a_sixteen_hour_shift_are_accepted(fleet):
    data = sheet_csv(["ID Conductor", "Fecha", "Entrada", "Salida"], [["drv-000003", "09/02/2026", "05:00", "21:00"]])
    report = _import(fleet, data)
    assert report.ok and report.written == 1 and shifts(fleet, SHEET_SOURCE)[0].hours == 16.0


BAD_ROWS = {
    "unknown driver": (["DRV-999999", "11/02/2026", "08:00", "16:00"], "Driver ID", "import.unknown_driver"),
    "impossible date": (["DRV-000003", "31/02/2026", "08:00", "16:00"], "Date", "field.date_impossible"),
    "minute 60": (["DRV-000003", "11/02/2026", "7:60", "16:00"], "Check-in", "field.time_range"),
    "no length": (["DRV-000003", "11/02/2026", "09:00", "9:00"], "Check-out", "import.shift_zero_length"),
    "over 16 hours": (["DRV-000003", "11/02/2026", "05:00", "21:30"], "Check-out", "import.shift_too_long"),
    "overlaps a row": (["DRV-000003", "09/02/2026", "16:00", "18:00"], "Check-in", "import.shift_overlaps_row"),
    "overlaps a dispatch shift": (["DRV-000001", "09/02/2026", "14:00", "16:00"], "Check-in",
                                  "import.shift_overlaps_existing"),
    "same as a dispatch shift": (["DRV-000001", "10/02/2026", "06:00", "15:00"], "Check-in",
                                 "import.shift_overlaps_existing"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_refuses_the_whole_sheet_naming_its_row_and_column(fleet, case):
    bad, column, key = BAD_ROWS[case]
    before = counts(fleet)
    report = _import(fleet, checkin_csv(SHEET[:3] + [bad] + SHEET[3:]))  # the bad row is Excel's row 5
    assert [(p.row, p.column, p.key) for p in report.problems] == [(5, column, key)]
    assert report.written == 0 and report.problems[0].text("en")
    after = counts(fleet)
    assert after["Shift"] == before["Shift"] and after["AuditLog"] == before["AuditLog"] + 1
    assert audit_records(fleet)[-1][1:3] == ("payroll.import_refused", "import")


def test_overlap_problems_say_with_what(fleet):
    report = _import(fleet, checkin_csv(SHEET[:3] + [BAD_ROWS["overlaps a row"][0]]))
    assert report.problems[0].values["other_row"] == 2
    assert report.problems[0].text("es") == "Check-in: el turno se encima con el de la fila 2 del mismo conductor."
    report = _import(fleet, checkin_csv([BAD_ROWS["overlaps a dispatch shift"][0]]))
    assert report.problems[0].text("es") == ("Check-in: el turno se encima con otro ya registrado del conductor "
                                             "(09/02/2026 06:00 a 09/02/2026 15:00).")
    over = _import(fleet, checkin_csv([BAD_ROWS["over 16 hours"][0]])).problems[0]
    assert over.text("en") == "Check-out: the shift lasts 16.5 h; at most 16 h."


def test_an_imported_shift_that_overlaps_a_new_row_is_a_problem_unless_identical(fleet):
    _import(fleet, checkin_csv(SHEET[:1]))
    report = _import(fleet, checkin_csv([["DRV-000003", "09/02/2026", "08:00", "16:45"]]))  # corrected check-out
    assert [p.key for p in report.problems] == ["import.shift_overlaps_existing"]
    assert len(shifts(fleet, SHEET_SOURCE)) == 1


def test_trips_imported_afterwards_take_the_check_in_shift_without_vehicle(fleet):
    _import(fleet, checkin_csv(SHEET[:1]))
    report = import_didi_trips(hr(fleet), didi_csv([["DRV-000003", "09/02/2026", "T-9", "10:00", "10:20", "99", "1"]]),
                               filename="didi.csv")
    assert report.ok and not report.warnings
    sheet_shift = shifts(fleet, SHEET_SOURCE)[0]
    assert (trips(fleet)["T-9"].shift_id, trips(fleet)["T-9"].vehicle_id) == (sheet_shift.id, None)
    assert (sheet_shift.trip_count, sheet_shift.billed_centavos, sheet_shift.tips_centavos) == (1, 9_900, 100)


def test_a_role_without_the_import_permission_is_refused_before_anything(fleet):
    before = counts(fleet)
    with pytest.raises(PermissionDenied):
        _import(fleet, checkin_csv(SHEET), role="fleet_ops")
    assert counts(fleet) == before


def test_the_audit_record_holds_counts_and_no_personal_data(fleet):
    _import(fleet, checkin_csv(SHEET), filename="asistencia_feb.csv")
    (actor, action, entity, details), = audit_records(fleet)
    assert (actor, action, entity) == ("nomina.ana", "payroll.checkins_imported", "import")
    assert details == {"filename": "asistencia_feb.csv", "rows_read": 4, "written": 4, "skipped": 0,
                       "weeks": [MONDAY.isoformat(), NEXT_MONDAY.isoformat()]}
    text = json.dumps(details, ensure_ascii=False)
    assert not any(personal in text for personal in [*NAMES.values(), *CURPS.values(), "DRV-"])


def test_new_shifts_in_a_closed_payroll_week_are_refused(fleet):
    from tests.imports_support import close_week

    close_week(fleet, NEXT_MONDAY)
    report = _import(fleet, checkin_csv(SHEET))
    assert [(p.row, p.column, p.key) for p in report.problems] == [(5, "Date", "import.week_closed")]
    assert shifts(fleet, SHEET_SOURCE) == []
