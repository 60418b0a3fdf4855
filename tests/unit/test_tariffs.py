"""The GDMTH tariff read from data/tariffs.yaml: periods at their edges by season and day type,
time zones, holidays, the night's prices across midnight, and the file's dated entries."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
import yaml

from lafa_core.charging.tariffs import load_tariff, night_periods, night_prices, period_at, price_per_kwh
from lafa_core.clock import NaiveMoment
from lafa_core.config import DATA_DIR, LOCAL_TZ
from lafa_core.reference import load_reference
from lafa_core.tables import TariffPeriod

BASE, MID, PEAK = (p.value for p in TariffPeriod)


def local(y, m, d, h=0, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=LOCAL_TZ)


# 2026: summer schedule 5 Apr (first Sunday of April) – 24 Oct (Saturday before the last Sunday of October).
@pytest.mark.parametrize("moment, period", [
    # Winter weekday: Tuesday 24 Nov 2026.
    (local(2026, 11, 24, 5, 59), BASE), (local(2026, 11, 24, 6, 0), MID),
    (local(2026, 11, 24, 17, 59), MID), (local(2026, 11, 24, 18, 0), PEAK),
    (local(2026, 11, 24, 19, 59), PEAK), (local(2026, 11, 24, 20, 0), PEAK),
    (local(2026, 11, 24, 21, 59), PEAK), (local(2026, 11, 24, 22, 0), MID),
    (local(2026, 11, 24, 23, 59), MID), (local(2026, 11, 25, 0, 0), BASE),
    # Winter Saturday: 28 Nov 2026.
    (local(2026, 11, 28, 5, 59), BASE), (local(2026, 11, 28, 6, 0), BASE),
    (local(2026, 11, 28, 7, 59), BASE), (local(2026, 11, 28, 8, 0), MID),
    (local(2026, 11, 28, 18, 59), MID), (local(2026, 11, 28, 19, 0), PEAK),
    (local(2026, 11, 28, 19, 59), PEAK), (local(2026, 11, 28, 20, 0), PEAK),
    (local(2026, 11, 28, 20, 59), PEAK), (local(2026, 11, 28, 21, 0), MID),
    (local(2026, 11, 28, 21, 59), MID), (local(2026, 11, 28, 22, 0), MID),
    # Winter Sunday: 29 Nov 2026.
    (local(2026, 11, 29, 5, 59), BASE), (local(2026, 11, 29, 6, 0), BASE),
    (local(2026, 11, 29, 17, 59), BASE), (local(2026, 11, 29, 18, 0), MID),
    (local(2026, 11, 29, 19, 59), MID), (local(2026, 11, 29, 20, 0), MID),
    (local(2026, 11, 29, 21, 59), MID), (local(2026, 11, 29, 22, 0), MID),
    # Winter holiday on a Monday (Día de la Revolución, 16 Nov 2026): the Sunday schedule.
    (local(2026, 11, 16, 6, 0), BASE), (local(2026, 11, 16, 17, 59), BASE),
    (local(2026, 11, 16, 18, 0), MID), (local(2026, 11, 16, 20, 0), MID),
    (local(2026, 11, 23, 20, 0), PEAK),  # the next Monday, no holiday
    # Summer weekday: Tuesday 16 Jun 2026 (the hours business.yaml states).
    (local(2026, 6, 16, 5, 59), BASE), (local(2026, 6, 16, 6, 0), MID),
    (local(2026, 6, 16, 18, 0), MID), (local(2026, 6, 16, 19, 59), MID),
    (local(2026, 6, 16, 20, 0), PEAK), (local(2026, 6, 16, 21, 59), PEAK),
    (local(2026, 6, 16, 22, 0), MID),
    # Summer Saturday: 20 Jun 2026, no peak.
    (local(2026, 6, 20, 5, 59), BASE), (local(2026, 6, 20, 6, 0), BASE),
    (local(2026, 6, 20, 6, 59), BASE), (local(2026, 6, 20, 7, 0), MID),
    (local(2026, 6, 20, 19, 59), MID), (local(2026, 6, 20, 20, 0), MID),
    (local(2026, 6, 20, 21, 59), MID), (local(2026, 6, 20, 22, 0), MID),
    # Summer Sunday 21 Jun 2026 and a summer holiday on a Wednesday (16 Sep 2026).
    (local(2026, 6, 21, 6, 0), BASE), (local(2026, 6, 21, 18, 59), BASE),
    (local(2026, 6, 21, 19, 0), MID), (local(2026, 6, 21, 20, 0), MID), (local(2026, 6, 21, 22, 0), MID),
    (local(2026, 9, 16, 6, 0), BASE), (local(2026, 9, 16, 18, 59), BASE), (local(2026, 9, 16, 20, 0), MID),
    (local(2026, 9, 17, 20, 0), PEAK),
    # Season changes: the last winter Saturday, the first summer one, the last summer one, winter again.
    (local(2026, 4, 4, 19, 0), PEAK), (local(2026, 4, 11, 19, 0), MID),
    (local(2026, 10, 24, 19, 0), MID), (local(2026, 10, 31, 19, 0), PEAK),
    (local(2026, 10, 23, 18, 0), MID), (local(2026, 10, 26, 18, 0), PEAK),
])
def test_period_at_the_edges_by_season_and_day_type(moment, period):
    assert period_at(moment) == period
    assert load_tariff(moment.date()).period_at(moment) == period


def test_a_utc_moment_is_read_in_mexico_city_time():
    # 02:00 UTC on Wednesday 25 Nov = Tuesday 24 Nov 20:00 in CDMX (UTC-6): weekday peak, not 2 a.m. base.
    assert period_at(datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)) == PEAK
    assert price_per_kwh(datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)) == Decimal("2.85")
    # 00:30 UTC on Sunday 29 Nov = Saturday 28 Nov 18:30 local: Saturday's intermediate, not Sunday's base.
    assert period_at(datetime(2026, 11, 29, 0, 30, tzinfo=timezone.utc)) == MID
    # 11:59 / 12:00 UTC on a weekday = 5:59 / 6:00 local.
    assert period_at(datetime(2026, 11, 24, 11, 59, tzinfo=timezone.utc)) == BASE
    assert period_at(datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)) == MID


def test_a_naive_moment_is_refused():
    with pytest.raises(NaiveMoment, match="time zone"):
        period_at(datetime(2026, 11, 24, 20, 0))
    with pytest.raises(ValueError, match="time zone"):
        price_per_kwh(datetime(2026, 11, 24, 20, 0))
    with pytest.raises(ValueError, match="time zone"):
        load_tariff(date(2026, 11, 24)).period_at(datetime(2026, 11, 24, 20, 0))


def test_prices_agree_with_business_yaml():
    tariff = load_tariff(date(2026, 11, 24))
    reference = load_reference("business")["charging"]
    ranges = {BASE: "base", MID: "intermediate", PEAK: "peak"}
    for period, key in ranges.items():
        low, high = reference["cfe_gdmth_tou_mxn_per_kwh"][key]["rate"]
        assert tariff.energy_mxn_per_kwh[period] == (Decimal(str(low)) + Decimal(str(high))) / 2
    low, high = reference["demand_charge_mxn_per_kw_month"]
    assert tariff.demand_charge_mxn_per_kw_month == Decimal("275") == (Decimal(low) + Decimal(high)) / 2
    assert tariff.charging_efficiency == 0.92
    # Weekday hours business.yaml states are the summer weekday schedule.
    weekday = tariff.hours["summer"]["weekday"]
    for period, key in ranges.items():
        begin, end = reference["cfe_gdmth_tou_mxn_per_kwh"][key]["hours"]
        assert set(weekday[begin:end]) == {period}
    assert set(tariff.sources) == {"energy_mxn_per_kwh", "demand_charge_mxn_per_kw_month", "charging_efficiency",
                                   "schedule", "holidays"}
    assert all("effective from 2025-01-01" in source for source in tariff.sources.values())
    assert price_per_kwh(local(2026, 11, 24, 3, 0)) == Decimal("1.00")
    assert price_per_kwh(local(2026, 11, 24, 12, 0)) == Decimal("1.50")


def test_holidays_of_this_year_and_next_follow_the_federal_labour_law():
    tariff = load_tariff(date(2026, 11, 24))
    assert sorted(tariff.holidays(2026)) == [date(2026, 1, 1), date(2026, 2, 2), date(2026, 3, 16), date(2026, 5, 1),
                                            date(2026, 9, 16), date(2026, 11, 16), date(2026, 12, 25)]
    assert sorted(tariff.holidays(2027)) == [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 15), date(2027, 5, 1),
                                            date(2027, 9, 16), date(2027, 11, 15), date(2027, 12, 25)]
    assert date(2030, 10, 1) in tariff.holidays(2030)  # transmission of the federal executive, every six years
    assert date(2029, 10, 1) not in tariff.holidays(2029)
    assert tariff.day_type(date(2027, 3, 15)) == "sunday_holiday"
    assert tariff.day_type(date(2027, 3, 16)) == "weekday"


def test_night_prices_cross_midnight_from_saturday_into_sunday():
    # Winter: Saturday 18–19 intermediate, 19–21 peak, 21–24 intermediate; Sunday 0–18 base.
    prices = night_prices(date(2026, 11, 28))
    assert len(prices) == 96
    assert prices == [Decimal("1.50")] * 4 + [Decimal("2.85")] * 8 + [Decimal("1.50")] * 12 + [Decimal("1.00")] * 72
    periods = night_periods(date(2026, 11, 28))
    assert periods[23] == MID and periods[24] == BASE and periods[95] == BASE
    # Friday into Saturday: Saturday's base ends at 8:00 (slot 56), not at Sunday's 18:00.
    friday = night_prices(date(2026, 11, 27))
    assert friday[:24] == [Decimal("2.85")] * 16 + [Decimal("1.50")] * 8
    assert friday[24:56] == [Decimal("1.00")] * 32 and set(friday[56:]) == {Decimal("1.50")}
    # Summer Saturday into Sunday: no Saturday peak; Sunday base until 19:00.
    summer = night_prices(date(2026, 6, 20))
    assert summer == [Decimal("1.50")] * 24 + [Decimal("1.00")] * 72
    # Sunday into a holiday Monday (16 Nov 2026) stays base until 18:00; into a normal Monday it does not.
    assert set(night_prices(date(2026, 11, 15))[24:]) == {Decimal("1.00")}
    assert night_prices(date(2026, 11, 22))[48] == Decimal("1.50")  # Monday 23 Nov 6:00


def test_night_prices_with_other_slots_and_start():
    prices = night_prices(date(2026, 11, 24), start="20:00", slots=12, slot_minutes=60)
    assert prices == [Decimal("2.85")] * 2 + [Decimal("1.50")] * 2 + [Decimal("1.00")] * 6 + [Decimal("1.50")] * 2
    tariff = load_tariff(date(2026, 11, 24))
    assert tariff.night_prices(date(2026, 11, 24), start="20:00", slots=12, slot_minutes=60) == prices
    with pytest.raises(ValueError, match="start"):
        night_prices(date(2026, 11, 24), start="8 pm")
    with pytest.raises(ValueError, match="slot_minutes"):
        night_prices(date(2026, 11, 24), slot_minutes=0)


def _copy_file(tmp_path, edit):
    data = yaml.safe_load((DATA_DIR / "tariffs.yaml").read_text(encoding="utf-8"))
    edit(data)
    (tmp_path / "tariffs.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_the_entry_in_force_on_each_day_is_used(tmp_path):
    def raise_prices(data):
        data["energy_mxn_per_kwh"].append({"effective_from": date(2026, 12, 1), "source": "CFE notice, Dec 2026",
                                           "base": 1.10, "intermediate": 1.70, "peak": 3.10})

    folder = _copy_file(tmp_path, raise_prices)
    assert load_tariff(date(2026, 11, 30), folder).energy_mxn_per_kwh[BASE] == Decimal("1.00")
    assert load_tariff(date(2026, 12, 1), folder).energy_mxn_per_kwh[BASE] == Decimal("1.10")
    assert "CFE notice, Dec 2026" in load_tariff(date(2026, 12, 1), folder).sources["energy_mxn_per_kwh"]
    # Monday 30 Nov evening into Tuesday 1 Dec: the new prices from midnight.
    prices = night_prices(date(2026, 11, 30), data_dir=folder)
    assert prices[0] == Decimal("2.85") and prices[24] == Decimal("1.10")
    with pytest.raises(ValueError, match="energy_mxn_per_kwh: no entry is in force on 2024-12-31"):
        load_tariff(date(2024, 12, 31))


def test_a_malformed_hour_table_is_refused_with_its_key(tmp_path):
    def gap(data):
        data["schedule"][0]["periods"]["winter"]["saturday"] = [[0, 8, "base"], [9, 24, "intermediate"]]

    with pytest.raises(ValueError, match=r"schedule\.periods\.winter\.saturday.*without gaps"):
        load_tariff(date(2026, 11, 24), _copy_file(tmp_path, gap))


def test_an_unknown_period_name_is_refused(tmp_path):
    def punta(data):
        data["schedule"][0]["periods"]["summer"]["weekday"][2][2] = "punta"

    with pytest.raises(ValueError, match="'punta' is not a period"):
        load_tariff(date(2026, 11, 24), _copy_file(tmp_path, punta))
