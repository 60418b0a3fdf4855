"""Every fleet page on a company with no fleet records (the KPI tests' tiny company: no work order,
incident, policy or claim) and on a database without any data: no exception, a message not a crash."""
from pathlib import Path

import pytest

from lafa_core.i18n import t
from tests.factories import build_tiny_company, page_as

PAGES = Path(__file__).resolve().parents[3] / "pages"
FLEET_PAGES = ("fleet_map", "vehicle", "maintenance", "incidents", "insurance")


@pytest.mark.parametrize("name", FLEET_PAGES)
def test_a_company_without_fleet_records(sqlite_engine, use_database, name):
    build_tiny_company(sqlite_engine)
    use_database(sqlite_engine)
    page = page_as(PAGES / f"{name}.py", sqlite_engine, "fleet_ops").run()
    assert not page.exception and not page.error
    assert page.metric  # the page's figures, zeros included


@pytest.mark.parametrize("name", FLEET_PAGES)
def test_a_database_without_data(sqlite_engine, use_database, name):
    use_database(sqlite_engine)
    page = page_as(PAGES / f"{name}.py", sqlite_engine, "fleet_ops").run()
    assert not page.exception
    texts = [e.value for e in [*page.info, *page.error, *page.warning]]
    assert texts and (t("fleet.no_data") in texts or any("python -m lafa_core.generate" in x for x in texts)), texts


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("name", FLEET_PAGES)
def test_no_untranslated_key_or_empty_value_is_shown(sqlite_engine, use_database, name, lang):
    from tests.fleet_support import NOW, build_fleet

    build_fleet(sqlite_engine)
    use_database(sqlite_engine)
    page = page_as(PAGES / f"{name}.py", sqlite_engine, "fleet_ops", lang=lang, collections_now=NOW)
    page.query_params["vehicle"] = "2"
    page.run()
    assert not page.exception
    texts = [str(e.value) for e in [*page.title, *page.caption, *page.markdown, *page.subheader, *page.info]]
    texts += [f"{m.label} {m.value} {m.delta} {m.help}" for m in page.metric]
    for frame in (f.value for f in page.dataframe):
        frame = frame.data if hasattr(frame, "data") else frame
        texts += [str(c) for c in frame.columns] + frame.astype(str).to_numpy().ravel().tolist()
    assert not [x for x in texts if "fleet." in x], [x for x in texts if "fleet." in x][:3]
    assert not {"None", "nan", "NaN", "NaT"} & set(texts)
