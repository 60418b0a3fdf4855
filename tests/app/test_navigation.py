"""The entry point: navigation by track, language switch."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.factories import build_tiny_company

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_app_opens_on_the_executive_home_with_tracks_in_the_sidebar(sqlite_engine, use_database):
    build_tiny_company(sqlite_engine)
    use_database(sqlite_engine)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Indicadores ejecutivos"
    assert at.sidebar.selectbox(key="lang").value == "es"


def test_every_registered_page_exists_and_has_a_translated_title():
    import ast

    from lafa_core.i18n import CATALOG

    tree = ast.parse(Path(APP).read_text(encoding="utf-8"))
    navigation = next(node.value for node in ast.walk(tree)
                      if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "NAVIGATION")
    entries = ast.literal_eval(navigation)
    assert set(entries) == {"nav.foundation", "nav.dae", "nav.lto", "nav.cross"}
    for group, pages in entries.items():
        assert group in CATALOG
        for path, title, *_ in pages:
            assert (Path(APP).parent / path).is_file(), path
            assert title in CATALOG, title
