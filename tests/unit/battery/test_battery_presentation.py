"""How the battery page words its figures: date ranges (central, then the slope interval's dates;
"already there"; beyond the cap; not enough data), fade per year, the reasons, in both languages."""
from datetime import date

from lafa_core.battery.presentation import date_range, fade_range, per_year, reason_text
from lafa_core.battery.rules import load_policy

POLICY = load_policy()
ROW = {"fitted": True, "last_day": date(2026, 11, 19), "date_85": date(2029, 3, 12), "date_85_early": date(2029, 1, 8),
       "date_85_late": None, "date_80": date(2026, 10, 1), "date_80_early": None, "date_80_late": None,
       "fade_pct_year": 4.04, "fade_low": 3.9, "fade_high": 4.2}


def test_date_ranges_read_as_people_say_them():
    assert date_range(ROW, "85", "es", POLICY) == "12 mar 2029 (8 ene 2029 – más de 15 años)"
    assert date_range(ROW, "85", "en", POLICY) == "12 Mar 2029 (8 Jan 2029 – more than 15 years)"
    assert date_range(ROW, "80", "es", POLICY) == "ya está ahí"
    assert date_range({**ROW, "fitted": False}, "85", "es", POLICY) == "datos insuficientes"


def test_fade_reads_per_year_with_its_interval():
    assert per_year(2.04, "es") == "2.0 %/año" and per_year(2.04, "en") == "2.0 %/yr"
    assert per_year(float("nan"), "es") == "datos insuficientes"
    assert fade_range(ROW, "es") == "4.0 %/año (3.9 – 4.2)"


def test_the_reasons_in_words():
    reasons = (("fade", {"ratio": 2.1, "fade": 4.2, "fleet": 2.0}),
               ("fast_charge", {"share": 0.38, "fleet": 0.0}),
               ("heat", {"temp": 41.2, "peak": 47.0, "fleet": 34.6}))
    assert reason_text(reasons, "es", POLICY) == (
        "degrada 2.1× el promedio de la flota a igual kilometraje (4.2 %/año contra 2.0 %/año); "
        "38 % de la energía en carga rápida DC (flota 0 %); 41 °C de máxima diaria promedio (flota 35 °C; pico 47 °C)")
    assert reason_text(reasons[:1], "en", POLICY) == \
        "fades 2.1× the fleet average at the same mileage (4.2 %/yr against 2.0 %/yr)"
