"""Every role signs in and opens every page of its menu in Spanish: each page's main figure or table
shows, no exception, the URL is the page's, nothing is fetched from outside the machine, and a
full-page screenshot is saved per role and page. Then the role switches to English where it stands:
the page and the menu are in English. (Every page's English texts are asserted under AppTest; set
LAFA_BROWSER_ENGLISH_WALK=1 to walk every page in English too, each once, by the first role whose menu
has it, with its screenshot.) The roles are split over two files (this one and
test_role_walk_more.py) so that the suite's two workers share the walk."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lafa_core.i18n import t
from lafa_core.users import Role
from tests.browser.harness import choose_language, full_screenshot, menu_shown
from tests.browser.test_app_in_browser import (  # noqa: F401 (server, screens: the fixtures, shared)
    _assert_main_figure, _assert_title, _menu, _sign_in, _url_path, screens, server,
)

# Which role walks each page in English: the first whose menu has it (fixed, whatever runs where).
ENGLISH_BY: dict[str, Role] = {}
for _role in Role:
    for _path, _ in _menu(_role.value):
        ENGLISH_BY.setdefault(_path, _role)
# The walk's two halves, about equal in pages to visit (28 and 27).
FIRST_HALF = (Role.EXECUTIVE, Role.FLEET_OPS, Role.FINANCE, Role.CREDIT_LEAD)


def walk(page, server, screens: Path, role: Role) -> None:
    menu = _menu(role.value)
    assert menu, f"{role.value} has no page"
    for old in screens.glob(f"{role.value}-*.png"):
        old.unlink()
    # Nothing at run time may come from the internet (icons, fonts, map tiles): every request stays local.
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if urlparse(request.url).hostname not in (None, "127.0.0.1", "localhost") else None)
    _sign_in(page, server, role)
    # The landing page is on screen already: checked where it stands, then the rest of the menu.
    landing = next(path for path, title in menu if t(title, "es") == page.locator("h1").first.inner_text().strip())
    _assert_main_figure(page, landing, f"{role.value} · {Path(landing).stem} · es (landing)")
    assert page.url.rstrip("/") == (server.base + _url_path(landing)).rstrip("/"), f"{role.value}: landing URL"
    full_screenshot(page, screens / f"{role.value}-{Path(landing).stem}-es.png")
    menu = [entry for entry in menu if entry[0] != landing]
    for language, label in (("es", "Español (México)"), ("en", "English")):
        if language == "en":
            current = page.locator("h1").first.inner_text().strip()
            here = next(path for path, title in _menu(role.value) if t(title, "es") == current)
            choose_language(page, label)
            _assert_title(page, server, t(dict(_menu(role.value))[here], "en"), f"{role.value}: switching to English")
            _assert_main_figure(page, here, f"{role.value} · {Path(here).stem} · en")
            full_screenshot(page, screens / f"{role.value}-{Path(here).stem}-en.png")
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
            assert page.url.rstrip("/") == (server.base + _url_path(path)).rstrip("/"), where
            full_screenshot(page, screens / f"{role.value}-{Path(path).stem}-{language}.png")
    assert outside == [], f"{role.value}: requests left the machine: {sorted(set(outside))[:5]}"


@pytest.mark.parametrize("role", FIRST_HALF, ids=lambda role: role.value)
def test_each_role_opens_every_page_of_its_menu_in_spanish_and_english(page, server, screens, role):
    walk(page, server, screens, role)
