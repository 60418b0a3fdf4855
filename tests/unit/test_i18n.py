import re
from decimal import Decimal
from pathlib import Path

import pytest

from lafa_core.i18n import CATALOG, format_date, format_mxn, format_mxn_millions, format_percent, t

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("centavos, text", [
    (1_234_550, "$12,346"), (1_234_549, "$12,345"), (-81_300, "-$813"), (0, "$0"), (100_000_000, "$1,000,000"),
])
def test_money_in_es_mx_style_rounds_half_up_exactly(centavos, text):
    assert format_mxn(centavos) == text


def test_money_with_centavos_and_millions():
    assert format_mxn(123_456, decimals=2) == "$1,234.56"
    assert format_mxn(Decimal("2300000"), centavos=False) == "$2,300,000"
    assert format_mxn_millions(230_000_000) == "$2.3 M"
    assert format_mxn(None) == "—"


def test_percent_and_dates_per_language():
    assert format_percent(0.4593) == "45.9 %"
    from datetime import date
    assert format_date(date(2026, 1, 5), "es") == "5 ene 2026"
    assert format_date(date(2026, 1, 5), "en") == "5 Jan 2026"


def test_spanish_is_the_default_and_english_is_available():
    assert t("home.title") == "Indicadores ejecutivos"
    assert t("home.title", "en") == "Executive KPIs"
    assert t("guard.empty", "en", command="make run").endswith("`make run`")


def test_every_entry_has_both_languages():
    for key, (es, en) in CATALOG.items():
        assert es.strip() and en.strip(), key


def test_every_key_the_pages_use_exists():
    used = set()
    for path in [*ROOT.glob("pages/*.py"), ROOT / "app.py", ROOT / "ui.py"]:
        used |= set(re.findall(r"""\btr\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in CATALOG)
    assert not missing, missing
