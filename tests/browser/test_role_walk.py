"""Every role signs in and opens every page of its menu in Spanish: each page's main figure or table
shows, no exception, the URL is the page's, nothing is fetched from outside the machine, and a
full-page screenshot is saved per role and page. Then the role switches to English where it stands:
the page and the menu are in English. (Every page's English texts are asserted under AppTest; set
LAFA_BROWSER_ENGLISH_WALK=1 to walk every page in English too, each once, by the first role whose menu
has it, with its screenshot.) Then a deep link to a page the role may not open, a new page load: the
user is still signed in, still in English, and refused. Then signing out shows the sign-in form (and,
for the credit analyst, a reload after it still does, with no session cookie left). The roles are
split over two files (this one and test_role_walk_more.py) so that the suite's two workers share
the walk."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lafa_core.i18n import t
from lafa_core.users import Role
from tests.browser.harness import choose_language, full_screenshot, menu_shown, settle
from tests.browser.test_app_in_browser import (
    _assert_main_figure, _assert_session_cookie, _assert_sound, _assert_spanish_chrome, _assert_title, _menu,
    _nothing_behind_the_form,
    _session_cookie, _sign_in, _url_path,
)
from ui import NAVIGATION

# Which role walks each page in English: the first whose menu has it (fixed, whatever runs where).
ENGLISH_BY: dict[str, Role] = {}
for _role in Role:
    for _path, _ in _menu(_role.value):
        ENGLISH_BY.setdefault(_path, _role)
# The deep link each role tries: the first page of the app it may not open.
FORBIDDEN = {role: next(path for entries in NAVIGATION.values() for path, *_ in entries
                        if path not in dict(_menu(role.value))) for role in Role}


def walk(page, server, screens: Path, role: Role) -> None:
    menu = _menu(role.value)
    assert menu, f"{role.value} has no page"
    for old in [*screens.glob(f"{role.value}-*.png"), *screens.glob(f"{role.value}-*.jpg")]:
        old.unlink()
    # Nothing at run time may come from the internet (icons, fonts, map tiles): every request stays local.
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if urlparse(request.url).hostname not in (None, "127.0.0.1", "localhost") else None)
    _sign_in(page, server, role)
    # The landing page is on screen already: checked where it stands, then the rest of the menu.
    landing = next(path for path, title in menu if t(title, "es") == page.locator("h1").first.inner_text().strip())
    _assert_main_figure(page, landing, f"{role.value} · {Path(landing).stem} · es (landing)")
    _assert_spanish_chrome(page, f"{role.value} · {Path(landing).stem} · es (landing)")
    assert page.url.rstrip("/") == (server.base + _url_path(landing)).rstrip("/"), f"{role.value}: landing URL"
    full_screenshot(page, screens / f"{role.value}-{Path(landing).stem}-es.jpg")
    menu = [entry for entry in menu if entry[0] != landing]
    for language, label in (("es", "Español (México)"), ("en", "English")):
        if language == "en":
            current = page.locator("h1").first.inner_text().strip()
            here = next(path for path, title in _menu(role.value) if t(title, "es") == current)
            choose_language(page, label)
            _assert_title(page, server, t(dict(_menu(role.value))[here], "en"), f"{role.value}: switching to English")
            _assert_main_figure(page, here, f"{role.value} · {Path(here).stem} · en")
            full_screenshot(page, screens / f"{role.value}-{Path(here).stem}-en.jpg")
            walk_all = os.environ.get("LAFA_BROWSER_ENGLISH_WALK") == "1"
            menu = [entry for entry in menu[::-1] if walk_all and ENGLISH_BY[entry[0]] is role and entry[0] != here]
        expected = [t(title, language) for _, title in _menu(role.value)]
        assert menu_shown(page, expected) == expected, f"{role.value} ({language}) menu"
        for path, title in menu:
            where = f"{role.value} · {Path(path).stem} · {language}"
            page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]',
                         has_text=t(title, language)).click()
            _assert_title(page, server, t(title, language), where)
            _assert_main_figure(page, path, where)
            if language == "es":
                _assert_spanish_chrome(page, where)
            assert page.url.rstrip("/") == (server.base + _url_path(path)).rstrip("/"), where
            full_screenshot(page, screens / f"{role.value}-{Path(path).stem}-{language}.jpg")
    assert outside == [], f"{role.value}: requests left the machine: {sorted(set(outside))[:5]}"


def refused_then_signed_out(page, server, role: Role) -> None:
    """After the walk (in English): a deep link to a page the role may not open is a new page load;
    the session cookie keeps the user signed in and the language cookie keeps English; the page
    refuses, and renders nothing behind the refusal. Then sign out."""
    where = f"{role.value} at {_url_path(FORBIDDEN[role])}"
    _assert_session_cookie(page, role.value)
    page.goto(server.base + _url_path(FORBIDDEN[role]))
    page.get_by_text(t("auth.page_denied", "en", role=t(f"role.{role.value}", "en")), exact=True).wait_for(timeout=30_000)
    settle(page)
    _assert_sound(page, server, where)
    assert "Page not found" not in page.locator("body").inner_text(), where
    assert page.locator("h1").count() == 0 and page.locator('[data-testid="stMetric"]').count() == 0, where
    expected = [t(title, "en") for _, title in _menu(role.value)]
    assert menu_shown(page, expected) == expected, where
    page.locator(".st-key-sign_out button").click()
    page.locator(".st-key-sign_in_username input").wait_for(timeout=30_000)
    settle(page)
    _nothing_behind_the_form(page, f"{role.value} after signing out", "en")
    if role is Role.CREDIT_ANALYST:
        page.reload()
        page.locator(".st-key-sign_in_username input").wait_for(timeout=30_000)
        settle(page)
        _nothing_behind_the_form(page, "reload after signing out", "en")
        assert _session_cookie(page) == ""


# The walk's two halves (this file and test_role_walk_more.py, one per worker), about equal in time.
FIRST_HALF = (Role.ADMIN, Role.FLEET_OPS, Role.COLLECTIONS_AGENT, Role.CREDIT_LEAD)


@pytest.mark.parametrize("role", FIRST_HALF, ids=lambda role: role.value)
def test_each_role_opens_every_page_of_its_menu_and_is_refused_the_others(page, server, screens, role):
    walk(page, server, screens, role)
    refused_then_signed_out(page, server, role)
