"""The entry point: sign-in first, then the menu of the user's pages; every page refuses a role
that may not open it (in Spanish, also on a deep link); language switch."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lafa_core.i18n import CATALOG, t
from lafa_core.uow import UnitOfWork
from lafa_core.users import DEMO_PASSWORDS, Page, Role, can_open, create_demo_accounts
from tests.factories import assert_english_screen, build_tiny_company, page_as
from ui import NAVIGATION, visible_navigation

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGE_FILES = {page: path for entries in NAVIGATION.values() for path, page, _, _ in entries}


@pytest.fixture
def company(sqlite_engine, use_database):
    build_tiny_company(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def _menu(at: AppTest) -> list[str]:
    """The page files the sidebar links to, in order."""
    titles = {t(title): path.split("/")[-1] for entries in NAVIGATION.values() for path, _, title, _ in entries}
    return [titles[link.proto.label] for link in at.sidebar.get("page_link")]


def test_the_app_opens_on_the_sign_in_form_and_renders_nothing_else(company):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Iniciar sesión"
    assert not at.metric and not at.dataframe and not _menu(at)


def test_the_sign_in_form_fetches_the_first_pages_element_scripts_while_the_user_types(company):
    """Each element script the first page needs exists in this Streamlit build under the path the
    form imports: a Streamlit upgrade that renames one fails here, not silently in the browser."""
    import streamlit

    import ui

    scripts = ui._element_scripts()
    assert [path.split("/")[-1].split(".")[0] for path in scripts] == list(ui.FIRST_PAGE_ELEMENTS)
    static = Path(streamlit.__file__).parent / "static"
    assert all((static / path.lstrip("/")).is_file() for path in scripts)
    at = AppTest.from_file(APP, default_timeout=60).run()
    shown = " ".join(element.proto.body for element in at.sidebar.get("html"))
    assert all(f"import('{path}')" in shown for path in scripts)


HOME = str(ROOT / "pages" / "home.py")  # AppTest reruns the page, not app.py: forms are driven on a page


def test_signing_in_opens_the_page_and_the_menu_holds_the_roles_pages(company):
    create_demo_accounts(UnitOfWork(company))
    at = AppTest.from_file(HOME, default_timeout=60).run()
    at.text_input(key="sign_in_username").set_value("collections_agent")
    at.text_input(key="sign_in_password").set_value(DEMO_PASSWORDS[Role.COLLECTIONS_AGENT])
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Indicadores ejecutivos"
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["lafa_session"] = at.session_state["lafa_session"]
    app.run()
    assert _menu(app) == ["home.py", "collections.py"]
    assert [b.key for b in app.sidebar.button] == ["sign_out"]  # signing out is tested in the browser


def test_right_after_signing_in_a_role_lands_on_its_own_work_and_a_deep_link_wins(company):
    """An agent starts on the call queue, not on KPIs it did not come for; once only; the executive
    starts on the KPIs; a deep link opens the page it names."""
    create_demo_accounts(UnitOfWork(company))
    at = AppTest.from_file(HOME, default_timeout=60).run()
    at.text_input(key="sign_in_username").set_value("collections_agent")
    at.text_input(key="sign_in_password").set_value(DEMO_PASSWORDS[Role.COLLECTIONS_AGENT])
    at.button[0].click().run()
    assert at.session_state["lafa_just_signed_in"] is True
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["lafa_session"] = at.session_state["lafa_session"]
    app.session_state["lafa_just_signed_in"] = True
    app.run()
    assert not app.exception and app.title[0].value == t("collections.title")
    assert "lafa_just_signed_in" not in app.session_state  # once: the menu's home link then opens home
    app.switch_page("pages/home.py").run()
    assert app.title[0].value == t("home.title")


@pytest.mark.parametrize("username, password", [
    ("collections_agent", "wrong"), ("' OR 1=1 --", "x"), ("x" * 10_000, "y" * 10_000), ("", ""),
])
def test_bad_credentials_get_a_message_not_a_page(company, username, password):
    create_demo_accounts(UnitOfWork(company))
    at = AppTest.from_file(HOME, default_timeout=60).run()
    at.text_input(key="sign_in_username").set_value(username[:60])
    at.text_input(key="sign_in_password").set_value(password[:256])
    at.button[0].click().run()
    assert not at.exception
    assert at.error[0].value == "Usuario o contraseña incorrectos."
    assert at.title[0].value == "Iniciar sesión" and not at.metric


def test_a_role_edited_in_session_state_changes_nothing(company):
    at = page_as(APP, company, "executive")
    at.session_state["role"] = "admin"
    at.session_state["preview_role.es"] = "admin"
    at.run()
    assert not at.exception
    assert _menu(at) == ["home.py", "battery.py", "collections_supervisor.py", "roadmap.py"]
    assert not at.sidebar.get("selectbox")[1:]  # no preview for an executive: only the language


def test_a_forged_session_id_is_a_signed_out_visitor(company):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lafa_session"] = "forged"
    at.run()
    assert at.title[0].value == "Iniciar sesión"


def test_only_an_admin_previews_another_roles_menu(company):
    # AppTest reruns only the page after the first run, so the preview is chosen before it.
    at = page_as(APP, company, "admin").run()
    assert len(_menu(at)) == len(PAGE_FILES) - 1 and "finance.py" not in _menu(at)  # statements are finance's
    view_as = at.sidebar.selectbox[1]  # shows the admin's own menu chosen, not an empty box
    assert view_as.label == "Vista previa del menú como" and view_as.options[view_as.index] == "(mi rol)"
    preview = page_as(APP, company, "admin", **{"preview_role.es": "credit_analyst"}).run()
    assert _menu(preview) == ["home.py", "credit.py"]


@pytest.mark.parametrize("role", list(Role))
def test_every_page_refuses_a_role_that_may_not_open_it(company, role):
    for page, path in PAGE_FILES.items():
        if can_open(role, page):
            continue
        at = page_as(ROOT / path, company, role.value).run()
        assert not at.exception, path
        assert at.error[0].value.startswith("Tu rol (") and "no tiene acceso" in at.error[0].value, path
        assert not at.metric and not at.dataframe, path


def test_every_registered_page_exists_and_has_a_translated_title():
    assert set(NAVIGATION) == {"nav.foundation", "nav.fleet", "nav.dae", "nav.lto", "nav.cross"}
    for group, pages in NAVIGATION.items():
        assert group in CATALOG
        for path, page, title, _icon in pages:
            assert (ROOT / path).is_file(), path
            assert isinstance(page, Page) and title in CATALOG, title
    assert set(PAGE_FILES) <= set(Page)
    assert all(f"role.{role.value}" in CATALOG for role in Role)


@pytest.mark.parametrize("role", list(Role))
def test_a_group_is_shown_exactly_when_it_holds_a_page_for_the_role(role):
    shown = set(visible_navigation(role.value))
    expected = {group for group, pages in NAVIGATION.items() if any(can_open(role, page) for _, page, _, _ in pages)}
    assert shown == expected and all(visible_navigation(role.value)[group] for group in shown)
    assert visible_navigation(None) == {}  # no role, no pages


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_before_sign_in_a_page_renders_no_figure_or_table(company, page):
    at = page_as(ROOT / PAGE_FILES[page], company, None).run()
    assert not at.exception
    assert at.title[0].value == "Iniciar sesión"
    assert not at.metric and not at.dataframe and not at.table and not at.get("plotly_chart")


def test_an_idle_session_ends_with_a_message_saying_why(company):
    from datetime import timedelta

    from sqlalchemy import update

    from lafa_core.clock import SystemClock
    from lafa_core.tables import UserSession

    at = page_as(APP, company, "executive")
    session_id = at.session_state["lafa_session"]
    with company.begin() as conn:
        conn.execute(update(UserSession.__table__).where(UserSession.__table__.c.id == session_id)
                     .values(last_seen_at=SystemClock().now() - timedelta(minutes=31)))
    at.run()
    assert not at.exception
    assert at.title[0].value == "Iniciar sesión"
    assert at.warning[0].value == "Tu sesión se cerró tras 30 minutos sin actividad. Vuelve a iniciar sesión."


def test_the_admin_page_lists_users_and_creates_one(company):
    at = page_as(ROOT / "pages/admin.py", company, "admin").run()
    assert not at.exception
    assert "admin" in at.dataframe[0].value["Usuario"].tolist()
    at.text_input(key="admin_new_username").set_value("luz.ortega")
    at.text_input(key="admin_new_name").set_value("Luz Ortega")
    at.selectbox(key="admin_new_role.es").set_value("credit_analyst")
    at.text_input(key="admin_new_password").set_value("Credito-Seguro-2026")
    next(b for b in at.button if b.label == "Crear cuenta").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Listo")
    assert "luz.ortega" in at.dataframe[0].value["Usuario"].tolist()
    audit = at.dataframe[1].value
    assert audit.iloc[0]["Acción"] == "Cuenta creada" and audit.iloc[0]["Quién"] == "admin"


def test_the_admin_page_in_english(company):
    at = page_as(ROOT / "pages/admin.py", company, "admin", lang="en").run()
    assert not at.exception
    assert at.title[0].value == t("admin.title", "en")
    assert "admin" in at.dataframe[0].value["User name"].tolist()
    assert at.selectbox(key="admin_new_role.en").options[:2] == [t("role.executive", "en"), t("role.collections_agent", "en")]
    assert_english_screen(at)


def test_every_audited_action_has_a_name_in_both_languages():
    import re

    sources = "\n".join(p.read_text() for p in (ROOT / "lafa_core").rglob("*.py"))
    written = re.findall(r'_audit\(uow, [^,]+, f?"([a-z_.{}]+)"', sources) + re.findall(r'"action": "([a-z_.]+)"', sources)
    actions = {a.replace("{status}", status) for a in written for status in ("approved", "rejected")}
    assert len(actions) >= 10
    assert {a for a in actions if f"audit.action.{a}" not in CATALOG} == set()
