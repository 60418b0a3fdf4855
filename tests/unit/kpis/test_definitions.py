import pytest

from lafa_core.i18n import CATALOG
from lafa_core.kpis import KPIS, Period, dpd_bucket
from datetime import date


@pytest.mark.parametrize("days, bucket", [
    (0, "current"), (1, "1-7"), (7, "1-7"), (8, "8-14"), (14, "8-14"), (15, "15-30"), (30, "15-30"),
    (31, "31-60"), (60, "31-60"), (61, "61+"), (400, "61+"),
])
def test_dpd_bucket_boundaries(days, bucket):
    assert dpd_bucket(days) == bucket


def test_every_kpi_has_a_label_and_a_one_line_definition_in_both_languages():
    for key in KPIS:
        for suffix in ("", ".help"):
            es, en = CATALOG[f"kpi.{key}{suffix}"]
            assert es and en and es != en or key == "par30" and suffix == ""
            assert "\n" not in es and "\n" not in en


def test_period_of_whole_weeks_ends_on_the_last_sunday():
    period = Period.last_weeks(date(2026, 11, 24), 4)  # a Tuesday
    assert period.end == date(2026, 11, 22) and period.end.weekday() == 6
    assert period.start == date(2026, 10, 26) and period.start.weekday() == 0
    assert period.days == 28
    assert Period.last_weeks(date(2026, 11, 22), 1) == Period(date(2026, 11, 16), date(2026, 11, 22))
