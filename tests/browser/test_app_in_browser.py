"""The served app in a real browser (Debian's Chromium through pytest-playwright): nothing before
sign-in, a wrong password refused, and a deep link as a fresh server's first request; the helpers
the role walk (test_role_walk.py) shares. The screenshots' folder is printed at the end.

Without /usr/bin/chromium these tests skip, except under CI=true, where they fail (conftest)."""
from __future__ import annotations

from pathlib import Path

from lafa_core.i18n import t
from lafa_core.users import DEMO_PASSWORDS, Role
from tests.browser.harness import (
    Server, log_tail, open_sign_in, serve, menu_shown, settle, sidebar_links, submit_sign_in, wait_for_title,
)
from ui import NAVIGATION, visible_navigation

def _menu(role: str) -> list[tuple[str, str]]:
    """(page file, title key) of the role's pages, in menu order."""
    return [(path, title) for entries in visible_navigation(role).values() for path, title, _ in entries]


def _url_path(page_file: str) -> str:
    stem = Path(page_file).stem
    return "/" if stem == "home" else f"/{stem}"




def _session_cookie(page) -> str:
    return next((c["value"] for c in page.context.cookies() if c["name"] == "lafa_session"), "")


def _assert_session_cookie(page, who: str, seconds: float = 3) -> None:
    """The signed session id reached the browser (a script in an iframe writes it), so that a
    reload or a deep link, each a new page load, finds the user still signed in."""
    for _ in range(int(seconds * 10)):
        if _session_cookie(page):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{who} signed in, but no lafa_session cookie reached the browser: a reload or a deep "
                         "link would show the sign-in form again")


def _assert_sound(page, server: Server, where: str) -> None:
    """No exception box, no traceback; the server log's tail says why otherwise."""
    failures = page.locator('[data-testid="stException"]').count()
    text = page.locator("body").inner_text()
    assert failures == 0 and "Traceback" not in text, (
        f"{where}: {failures} exception box(es) on screen:\n{text[:1500]}\n--- server log ---\n{log_tail(server.log)}")


# Streamlit's own English words, which a Spanish screen must not show (placeholders, the uploader).
STREAMLIT_ENGLISH = ("Choose an option", "Choose options", "No results", "Drag and drop")


def _assert_spanish_chrome(page, where: str) -> None:
    """No Streamlit English on a Spanish screen; each uploader's button and limit read in Spanish
    (Streamlit draws them in English only: the app's CSS writes its own words over them)."""
    text = page.locator('[data-testid="stMain"], [data-testid="stSidebar"]').all_inner_texts()
    assert not [word for word in STREAMLIT_ENGLISH if any(word in part for part in text)], f"{where}: {text}"
    shown = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stFileUploaderDropzone"]')].map(zone => [
        getComputedStyle(zone.querySelector('button [data-testid="stMarkdownContainer"] p'), '::after').content,
        getComputedStyle(zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span'), '::after').content])""")
    for button, limit in shown:
        assert button == f'"{t("upload.button", "es")}"' and limit.startswith('"Hasta 200 MB por archivo'), (where, button, limit)


def _assert_title(page, server: Server, title: str, where: str) -> None:
    try:
        wait_for_title(page, title)
    except Exception as error:  # noqa: BLE001 - a timeout: say what the page showed instead
        raise AssertionError(f"{where}: no title {title!r}; the page showed:\n"
                             f"{page.locator('body').inner_text()[:1500]}\n--- server log ---\n"
                             f"{log_tail(server.log)}") from error
    assert page.locator("h1").first.inner_text().strip() == title, where
    _assert_sound(page, server, where)


def landing_title(role: Role, lang: str = "es") -> str:
    """The title of the page a role starts on after signing in (its own work, or the home KPIs)."""
    from lafa_core.users.roles import LANDING

    page = LANDING.get(role)
    return t(next((title for entries in NAVIGATION.values() for _, p, title, _ in entries if p is page), "home.title"),
             lang)


def _sign_in(page, server: Server, role: Role) -> None:
    open_sign_in(page, server.base)
    submit_sign_in(page, role.value, DEMO_PASSWORDS[role])
    _assert_title(page, server, landing_title(role), f"{role.value} after signing in")


# Each page's main figure or table: what its user came for.
MAIN_ELEMENT = {"home": "stMetric", "credit": "stMetric", "collections": "stMetric",
                "collections_supervisor": "stMetric", "roadmap": "stPlotlyChart", "admin": "stDataFrame",
                "payroll": "stMetric", "charging": "stMetric", "finance": "stMetric", "dispatch": "stMetric",
                "imports": "stFileUploader", "battery": "stMetric", "fleet_map": "stDeckGlJsonChart", "vehicle": "stMetric",
                "maintenance": "stMetric", "incidents": "stMetric", "insurance": "stMetric"}


def _assert_main_figure(page, path: str, where: str) -> None:
    element = MAIN_ELEMENT[Path(path).stem]
    page.locator(f'[data-testid="{element}"]').first.wait_for(timeout=30_000)
    assert page.locator(f'[data-testid="{element}"]:visible').count() > 0, f"{where}: no {element}"


def _nothing_behind_the_form(page, where: str, language: str = "es") -> None:
    assert page.locator("h1").first.inner_text().strip() == t("auth.title", language), where
    assert page.locator(".st-key-sign_in_username input").is_visible(), where
    for element in ("stMetric", "stDataFrame", "stTable", "stPlotlyChart", "stVegaLiteChart", "stSidebarNav"):
        assert page.locator(f'[data-testid="{element}"]').count() == 0, f"{where}: {element} before sign-in"
    assert sidebar_links(page) == [], where
    assert page.locator(".st-key-sign_out").count() == 0, where


# --- a deep link as a fresh server's very first request (its own server) ----------------------
def test_a_deep_link_as_a_fresh_servers_first_request_gets_the_apps_sign_in_and_menu(page, demo):
    """With a pages/ folder, Streamlit answers a fresh server's first request, when it is a deep
    link, with its own file-based menu of every page file; app.py's sign-in and menu must win."""
    fresh = Server("", demo.folder / "fresh-server.log")
    with serve(demo.url, demo.models, fresh.log) as fresh.base:
        open_sign_in(page, fresh.base, "/roadmap")
        _assert_sound(page, fresh, "fresh server, /roadmap")
        _nothing_behind_the_form(page, "fresh server, /roadmap before sign-in")
        submit_sign_in(page, Role.EXECUTIVE.value, DEMO_PASSWORDS[Role.EXECUTIVE])
        _assert_title(page, fresh, t("roadmap.title", "es"), "fresh server, /roadmap after sign-in")
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        expected = [t(title, "es") for _, title in _menu(Role.EXECUTIVE.value)]
        assert menu_shown(page, expected) == expected


# --- sign-in ------------------------------------------------------------------------------------
def test_before_sign_in_nothing_shows_and_a_wrong_password_is_refused(page, server):
    for path in ("/", "/credit", "/roadmap"):
        open_sign_in(page, server.base, path)
        _assert_sound(page, server, path)
        _nothing_behind_the_form(page, f"{path} before sign-in")
    submit_sign_in(page, Role.HR_PAYROLL.value, "Demo-2026-not-the-password")
    page.get_by_text(t("auth.refused", "es"), exact=True).wait_for(timeout=30_000)
    settle(page)
    _nothing_behind_the_form(page, "after a wrong password")
    assert _session_cookie(page) == ""
