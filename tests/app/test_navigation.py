"""The entry point: navigation by track and role, language switch."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lafa_core.i18n import CATALOG
from tests.factories import build_tiny_company
from ui import NAVIGATION, ROLES, visible_navigation

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def test_app_opens_on_the_executive_home_with_language_and_role_in_the_sidebar(sqlite_engine, use_database):
    build_tiny_company(sqlite_engine)
    use_database(sqlite_engine)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Indicadores ejecutivos"
    assert at.sidebar.selectbox(key="lang").value == "es"
    at.sidebar.selectbox(key="role").set_value("collections_agent").run()
    assert not at.exception
    assert at.title[0].value == "Indicadores ejecutivos"  # every role lands on the home page


def test_every_registered_page_exists_and_has_a_translated_title():
    assert set(NAVIGATION) == {"nav.foundation", "nav.dae", "nav.lto", "nav.cross"}
    for group, pages in NAVIGATION.items():
        assert group in CATALOG
        for path, title, _icon, roles in pages:
            assert (ROOT / path).is_file(), path
            assert title in CATALOG, title
            assert roles and set(roles) <= set(ROLES), path
    assert all(f"role.{role}" in CATALOG for role in ROLES)


@pytest.mark.parametrize("role, present, absent", [
    ("collections_agent", "pages/collections.py", "pages/roadmap.py"),
    ("credit_analyst", "pages/credit.py", "pages/collections.py"),
    ("executive", "pages/roadmap.py", "pages/collections.py"),
])
def test_a_role_sees_its_pages_and_not_the_others(role, present, absent):
    paths = [path for entries in visible_navigation(role).values() for path, _, _ in entries]
    assert present in paths and absent not in paths
    assert "pages/home.py" in paths
    everything = [path for entries in visible_navigation(None).values() for path, _, _ in entries]
    assert len(paths) < len(everything)



@pytest.mark.parametrize("role", ROLES)
def test_a_group_is_shown_exactly_when_it_holds_a_page_for_the_role(role):
    shown = set(visible_navigation(role))
    expected = {group for group, pages in NAVIGATION.items() if any(role in roles for *_, roles in pages)}
    assert shown == expected
    assert all(visible_navigation(role)[group] for group in shown)
