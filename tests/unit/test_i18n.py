import re
from decimal import Decimal
from pathlib import Path

import pytest

from string import Formatter

from lafa_core.i18n import CATALOG, CATALOGS, LANGUAGES, format_date, format_mxn, format_mxn_millions, format_percent, t

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


def test_every_language_has_every_key_with_the_same_placeholders_and_plural_forms():
    """A text missing or empty in one language, or asking for a value the code does not pass (or
    leaving one out), shows on that language's screens: each catalog holds the default's keys."""
    def placeholders(text) -> set[str]:
        texts = text if isinstance(text, list) else [text]
        return {name.split("!")[0].split(":")[0] for piece in texts for _, name, _, _ in Formatter().parse(piece) if name}

    assert set(CATALOGS) == {"es", "en"} and list(LANGUAGES)[0] == "es"
    for lang, messages in CATALOGS.items():
        assert set(messages) == set(CATALOG), (lang, sorted(set(messages) ^ set(CATALOG))[:10])
        for key, text in messages.items():
            default = CATALOG[key]
            assert type(text) is type(default), (lang, key)
            assert all(piece.strip() for piece in (text if isinstance(text, list) else [text])), (lang, key)
            assert placeholders(text) == placeholders(default), (lang, key)
            if isinstance(text, list):
                assert "count" in placeholders(text) or len(text) == 2, (lang, key)


def test_plural_texts_follow_the_count():
    assert t("attention.soh", "es", count=1, threshold=85).startswith("1 vehículo con SOH de batería bajo 85:")
    assert t("attention.soh", "es", count=3, threshold=85).startswith("3 vehículos con SOH")
    assert t("attention.soh", "en", count=1, threshold=85).startswith("1 vehicle with battery SOH")
    assert t("attention.soh", "en", count=0, threshold=85).startswith("0 vehicles with battery SOH")
    # Counts on the dispatch, credit, finance and import screens: "1 turno", "3 turnos".
    assert t("dispatch.confirm", "es", count=1) == "Confirmar 1 turno" and t("dispatch.confirm", "es", count=3) == "Confirmar 3 turnos"
    assert t("credit.queue.count", "en", count=1) == "1 pending application"
    assert t("credit.queue.count", "en", count=0) == "0 pending applications"
    assert t("finance.ledger.count", "es", count="1,234").startswith("1,234 pagos programados vencen")  # shown formatted


def test_a_third_language_is_one_file(tmp_path):
    """A catalog file for another language (here a copy of English named `fr`) is picked up as is:
    its name in the menu, its months, its plural rule."""
    import shutil

    import lafa_core.i18n as i18n

    folder = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES, folder)
    text = (folder / "en.toml").read_text(encoding="utf-8").replace('name = "English"', 'name = "Français"')
    (folder / "fr.toml").write_text(text.replace('"Jan"', '"janv."').replace(
        'plural_forms = "nplurals=2; plural=(n != 1);"', 'plural_forms = "nplurals=2; plural=(n > 1);"'), encoding="utf-8")
    loaded = {path.stem: i18n._load(path) for path in sorted(folder.glob("*.toml"))}
    assert set(loaded) == {"es", "en", "fr"} and set(loaded["fr"].messages) == set(CATALOG)
    assert loaded["fr"].name == "Français" and loaded["fr"].months[0] == "janv."
    assert loaded["fr"].plural(0) == 0 and loaded["en"].plural(0) == 1  # French: zero is singular


def test_every_key_the_pages_use_exists():
    used = set()
    for path in [*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("ui*.py")]:
        used |= set(re.findall(r"""\btr\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in CATALOG)
    assert not missing, missing
