"""The served app in Debian's Chromium through Playwright (sync API): a small demo company with a
trained credit model, a Streamlit server, and the moves of a real user (sign in, follow a sidebar
link, switch language, wait until the page has settled, screenshot the whole page).

Also the benchmark's real-browser figure: `sign_in_to_home_seconds(page, base_url)` on a served
app, or `measure_sign_in_to_home(database_url)` which serves the app and launches Chromium itself;
`python -m tests.browser.harness --url DATABASE_URL [--models DIR] [--runs N]` prints one JSON line.
Never a downloaded browser: only /usr/bin/chromium (Debian: `apt-get install chromium`).
"""
from __future__ import annotations

import argparse
import re
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# WebGL (the fleet map's deck.gl layers) in headless Chromium without a GPU: SwiftShader, which
# recent Chromium enables only when asked. The benchmark keeps a GPU process (SwiftShader), where
# the map draws four times faster, as it would on a user's GPU.
LAUNCH_ARGS = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
               "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
# The tests draw pages without a GPU process (--disable-gpu): compositing every frame through
# emulated GL cost a third more CPU than Chromium's software path; WebGL still gets SwiftShader.
TEST_LAUNCH_ARGS = [*LAUNCH_ARGS, "--disable-gpu"]
VIEWPORT = {"width": 1400, "height": 900}
# The smallest generated company whose matured LTO contracts train a publishable credit model
# (60 vehicles × 26 weeks has 1 bad contract, 300 × 52 has 6; the model needs 10 of each class).
# Fixed end, so every run builds the same company; about 4 s to build and 5 s to train.
COMPANY = {"vehicles": 500, "weeks": 52, "seed": 42, "end": date(2026, 11, 22)}
SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.dataset.testScriptState === 'notRunning'
        && document.querySelector('[data-testid="stSpinner"]') === null
        && document.querySelector('[data-testid="stStatusWidgetRunningIcon"]') === null;
}"""


# Injected into every test page: no CSS animation or transition. While a page waits for the server
# (ten people share two cores), Streamlit's running indicator and fading elements would otherwise
# have the renderer draw frames for nothing. What is on screen, once settled, is the same.
STILL = """(() => {
    const style = document.createElement('style');
    style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
    (document.head || document.documentElement).appendChild(style);
})();"""


# How often a wait re-checks the page, in ms. Not Playwright's default (every animation frame): a
# page waiting on the server would draw frames only to be asked again.
POLL_MS = 50


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    return None


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


# --- the data and the server ------------------------------------------------------------------
def build_demo(folder: Path) -> tuple[str, Path]:
    """A generated company (one demo account per role) and its trained credit model in `folder`.
    Returns the database URL and the models folder."""
    from lafa_core.db import make_engine
    from lafa_core.generate import build_company

    url, models = f"sqlite:///{folder / 'lafa.db'}", folder / "models"
    engine = make_engine(url)
    try:
        counts = build_company(engine, **COMPANY)
    finally:
        engine.dispose()
    if counts.get("app_user", 0) < 9:
        raise RuntimeError(f"the generator created {counts.get('app_user')} demo accounts, not one per role")
    env = os.environ | {"LAFA_DATABASE_URL": url, "LAFA_MODELS_DIR": str(models)}
    trained = subprocess.run([sys.executable, "-m", "lafa_core.credit", "train", "--as", "credit_lead"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
    if trained.returncode != 0:
        raise RuntimeError(f"training the credit model failed:\n{trained.stdout[-2000:]}{trained.stderr[-2000:]}")
    return url, models


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_tail(log: Path, chars: int = 4000) -> str:
    try:
        return log.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


@dataclass
class Server:
    """A served app: its base URL and the log its output goes to."""
    base: str
    log: Path


@contextmanager
def serve(database_url: str, models_dir: Path, log: Path, seconds: float = 90, extra_env: dict | None = None):
    """`python serve.py` (`streamlit run app.py`, as `make run` serves it) on a free port until the block ends; yields the base URL once the
    server answers. Its output goes to `log`; `extra_env` adds settings (e.g. LAFA_CLOCK)."""
    port = _free_port()
    env = os.environ | {"LAFA_DATABASE_URL": database_url, "LAFA_MODELS_DIR": str(models_dir),
                        "LAFA_SESSION_SECRET": secrets.token_urlsafe(32), "LAFA_LANGUAGE": "es"} | (extra_env or {})
    command = [sys.executable, "serve.py", "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               # As served in production: a source file saved mid-run (an editor, a parallel
               # checkout) must not unload modules under live sessions.
               "--server.fileWatcherType", "none"]
    with open(log, "ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the Streamlit server exited with {process.returncode}:\n{log_tail(log)}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Streamlit server did not answer within {seconds:.0f} s:\n{log_tail(log)}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- a user's moves -------------------------------------------------------------------------
def settle(page, timeout_ms: float = 60_000) -> None:
    """Wait until the script run is over and no spinner turns. Call it after something the new
    run shows (a title, a metric) has appeared: just after a click the old run's state still reads
    'notRunning'."""
    page.wait_for_function(SETTLED, timeout=timeout_ms, polling=POLL_MS)


def wait_for_title(page, title: str, timeout_ms: float = 60_000) -> None:
    page.locator("h1", has_text=title).first.wait_for(timeout=timeout_ms)
    settle(page, timeout_ms)


def submit_sign_in(page, username: str, password: str) -> None:
    """Fill the sign-in form (already on screen) and press its button."""
    page.locator(".st-key-sign_in_username input").fill(username)
    page.locator(".st-key-sign_in_password input").fill(password)
    page.locator('[data-testid="stForm"] [data-testid="stBaseButton-primaryFormSubmit"]').click()


def open_sign_in(page, base_url: str, path: str = "/") -> None:
    page.goto(base_url + path)
    page.locator(".st-key-sign_in_username input").wait_for(timeout=60_000)
    settle(page)


def sign_in_to_home_seconds(page, base_url: str, username: str = "executive", password: str | None = None,
                            timeout_ms: float = 120_000) -> float:
    """Seconds from submitting the sign-in form to the home page's KPIs settled (a visible
    metric, the script run over, no spinner), in a page with no session yet."""
    from lafa_core.users import DEMO_PASSWORDS, Role

    open_sign_in(page, base_url)
    started = time.perf_counter()
    submit_sign_in(page, username, password or DEMO_PASSWORDS[Role(username)])
    page.locator('[data-testid="stMetric"]:visible').first.wait_for(timeout=timeout_ms)
    settle(page, timeout_ms)
    return time.perf_counter() - started


def sign_in(page, base_url: str, username: str, timeout_ms: float = 120_000) -> None:
    """Sign in as `username` (a demo account) and wait for the landing page (home, or the role's own
    work) to settle."""
    from lafa_core.users import DEMO_PASSWORDS, Role

    open_sign_in(page, base_url)
    submit_sign_in(page, username, DEMO_PASSWORDS[Role(username)])
    page.locator(".st-key-sign_out").wait_for(timeout=timeout_ms)
    page.locator("h1").first.wait_for(timeout=timeout_ms)
    settle(page, timeout_ms)


# Pages timed in the benchmark: (role, page file stem, title key) — a click on the page's link in the
# sidebar to the page settled, the first time in the session (cold) and again after home (warm).
TIMED_PAGES = [("fleet_ops", "dispatch", "dispatch.title"), ("fleet_ops", "charging", "charging.title"),
               ("finance", "finance", "finance.title"), ("credit_analyst", "credit", "credit.title"),
               ("hr_payroll", "payroll", "payroll.title"), ("collections_agent", "collections", "collections.title"),
               ("executive", "roadmap", "roadmap.title"), ("fleet_ops", "battery", "battery.title"),
               ("fleet_ops", "fleet_map", "fleet.map.title"), ("fleet_ops", "vehicle", "fleet.story.title"),
               ("fleet_ops", "maintenance", "fleet.maintenance.title"), ("fleet_ops", "incidents", "fleet.incidents.title"),
               ("fleet_ops", "insurance", "fleet.insurance.title")]


WARM_VISITS = 3  # a warm figure is the median of this many: one visit's time swings with the browser's own work


def page_seconds(page, title: str, timeout_ms: float = 120_000) -> float:
    """Seconds from a click on the sidebar link titled `title` to that page settled."""
    started = time.perf_counter()
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]', has_text=title).click()
    page.locator("h1", has_text=title).first.wait_for(timeout=timeout_ms)
    settle(page, timeout_ms)
    return time.perf_counter() - started


def time_pages(browser, base_url: str) -> dict:
    """`<page>_page_s` (cold) and `<page>_page_warm_s` for each of TIMED_PAGES, as its role."""
    from lafa_core.i18n import t

    figures = {}
    for role, stem, title_key in TIMED_PAGES:
        context = browser.new_context(viewport=VIEWPORT, locale="es-MX")
        try:
            page = context.new_page()
            sign_in(page, base_url, role)
            if page.locator("h1").first.inner_text().strip() == t(title_key, "es"):  # the role's landing page
                page_seconds(page, t("home.title", "es"))
            figures[f"{stem}_page_s"] = round(page_seconds(page, t(title_key, "es")), 3)
            warm = []
            for _ in range(WARM_VISITS):  # warm: the median of a few returns from the home page
                page_seconds(page, t("home.title", "es"))
                warm.append(page_seconds(page, t(title_key, "es")))
            figures[f"{stem}_page_warm_s"] = _median(warm)
            if stem == "credit" and page.locator("h3").filter(has_text=re.compile(r"APP-\d+")).count():
                switches = [switch_application_seconds(page, option=1 - n % 2) for n in range(WARM_VISITS)]
                figures["credit_switch_application_s"] = _median(switches)
        finally:
            context.close()
    return figures


def switch_application_seconds(page, option: int = 1, timeout_ms: float = 120_000) -> float:
    """On the credit page: seconds from choosing the queue selector's `option` (another application
    than the one shown) to its assessment (title, score, explanation) settled."""
    heading = page.locator("h3").filter(has_text=re.compile(r"APP-\d+")).first
    before = heading.inner_text()
    page.locator(".st-key-credit_application [role='combobox']").click()
    options = page.get_by_role("option")
    started = time.perf_counter()
    options.nth(option).click()
    page.wait_for_function("""(before) => [...document.querySelectorAll('h3')]
        .some(h => /APP-\\d+/.test(h.innerText) && h.innerText !== before)""", arg=before, timeout=timeout_ms,
                           polling=POLL_MS)
    settle(page, timeout_ms)
    return time.perf_counter() - started


def _changed(page, selector: str, before: str, timeout_ms: float) -> None:
    """Wait until the first element matching `selector` reads other than `before` (the new run's
    content is on screen), then until the run is over."""
    page.wait_for_function("""([selector, before]) => {
        const element = document.querySelector(selector);
        return element !== null && element.innerText !== before;
    }""", arg=[selector, before], timeout=timeout_ms, polling=POLL_MS)
    settle(page, timeout_ms)


def home_period_change_seconds(page, option: int = 0, timeout_ms: float = 120_000) -> float:
    """On the home page: seconds from choosing the period selector's `option` (another period than
    the one shown; 0 is 4 weeks, 1 the default 13) to the KPIs of that period settled."""
    caption = '[data-testid="stMain"] [data-testid="stCaptionContainer"]'
    before = page.locator(caption).first.inner_text()
    page.locator(".st-key-home_weeks [role='combobox'], [class*='st-key-home_weeks'] [role='combobox']").first.click()
    started = time.perf_counter()
    page.get_by_role("option").nth(option).click()
    _changed(page, caption, before, timeout_ms)
    return time.perf_counter() - started


def collections_claim_seconds(page, timeout_ms: float = 120_000) -> float:
    """On the collections page: seconds from "next account" to the claimed account's record settled."""
    started = time.perf_counter()
    page.locator(".st-key-collections_next button").click()
    page.locator("h3").filter(has_text=re.compile(r"[A-Z]+-\d+$")).first.wait_for(timeout=timeout_ms)
    settle(page, timeout_ms)
    return time.perf_counter() - started


def first_load_seconds(browser, base_url: str, path: str = "/", timeout_ms: float = 120_000) -> float:
    """Seconds from opening `path` in a new browser session (no cookie) to the sign-in form settled."""
    context = browser.new_context(viewport=VIEWPORT, locale="es-MX")
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(base_url + path)
        page.locator(".st-key-sign_in_username input").wait_for(timeout=timeout_ms)
        settle(page, timeout_ms)
        return time.perf_counter() - started
    finally:
        context.close()


def collections_log_contact_seconds(page, timeout_ms: float = 120_000) -> float:
    """On a claimed account: seconds from "save the contact" (the form as it opens: the first
    outcome, the call at the clock's time) to the confirmation settled."""
    started = time.perf_counter()
    page.locator(".st-key-collections_save button").click()
    page.locator('[data-testid="stAlertContentSuccess"]').first.wait_for(timeout=timeout_ms)
    settle(page, timeout_ms)
    return time.perf_counter() - started


def _median(times: list[float]) -> float:
    return round(sorted(times)[len(times) // 2], 3)


def _signed_in_on(browser, base_url: str, role: str, title_key: str):
    """A new browser session signed in as `role`, on the page titled `title_key` (settled)."""
    from lafa_core.i18n import t

    context = browser.new_context(viewport=VIEWPORT, locale="es-MX")
    try:
        page = context.new_page()
        sign_in(page, base_url, role)
        if page.locator("h1").first.inner_text().strip() != t(title_key, "es"):
            page_seconds(page, t(title_key, "es"))
    except Exception:
        context.close()
        raise
    return context, page


def time_interactions(browser, base_url: str) -> dict:
    """The interactions a user waits on, warm: a new session's first load, the period change on
    home, and, when the business clock is in contact hours, claiming an account in collections and
    logging the call (each the median of WARM_VISITS)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    figures = {"first_load_s": round(first_load_seconds(browser, base_url), 3)}
    context, page = _signed_in_on(browser, base_url, "executive", "home.title")
    try:
        figures["home_period_change_s"] = _median([home_period_change_seconds(page, option=n % 2)
                                                   for n in range(WARM_VISITS)])
    finally:
        context.close()
    context, page = _signed_in_on(browser, base_url, "collections_agent", "collections.title")
    try:
        page.locator(".st-key-collections_next button").wait_for(timeout=15_000)  # still drawing the queue?
    except PlaywrightTimeout:
        context.close()
        return figures  # outside contact hours or an empty queue: nothing to claim
    try:
        claims, logs = [], []
        for _ in range(WARM_VISITS):
            claims.append(collections_claim_seconds(page))
            logs.append(collections_log_contact_seconds(page))
        figures |= {"collections_claim_s": _median(claims), "collections_log_contact_s": _median(logs)}
    finally:
        context.close()
    return figures


def choose_language(page, label: str) -> None:
    """Pick a language in the sidebar selectbox ("Español (México)" or "English")."""
    page.locator(".st-key-lang [role='combobox']").click()
    page.get_by_role("option", name=label, exact=True).click()


def sidebar_links(page) -> list[str]:
    """The titles of the sidebar's page links, in order."""
    return [text.strip() for text in
            page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"]')
            .all_inner_texts()]


def menu_shown(page, expected: list[str], seconds: float = 15) -> list[str]:
    """The sidebar's links once they read `expected` (the sidebar may still be drawing), or what
    they read after `seconds`."""
    deadline = time.monotonic() + seconds
    shown = sidebar_links(page)
    while shown != expected and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        shown = sidebar_links(page)
    return shown


def full_screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls its main block itself, so the viewport grows to fit it.
    JPEG (`path` ends in .jpg): PNG encoding of a page this tall costs half a second a shot."""
    height = page.evaluate("""() => Math.max(
        document.querySelector('[data-testid="stMain"]')?.scrollHeight ?? 0,
        document.querySelector('[data-testid="stSidebarContent"]')?.scrollHeight ?? 0,
        document.documentElement.scrollHeight)""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(int(height), VIEWPORT["height"]), 16_000)})
    try:
        # Two animation frames: the page has re-laid out to the new size.
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.screenshot(path=str(path), full_page=True, type="jpeg", quality=85)
    finally:
        page.set_viewport_size(VIEWPORT)


# --- the benchmark figure ----------------------------------------------------------------------
def measure_sign_in_to_home(database_url: str, models_dir: str | Path | None = None, runs: int = 3,
                            username: str = "executive", clock: str | None = None) -> dict:
    """Serve the app on `database_url` (which must hold the demo accounts), then sign in `runs`
    times, each in a fresh browser context: the first is cold (empty caches of a fresh server),
    the rest warm. Seconds from submitting the form to the home page's KPIs settled; then each page
    of TIMED_PAGES opened as its role, cold and warm (`time_pages`)."""
    from playwright.sync_api import sync_playwright

    if reason := chromium_missing():
        raise RuntimeError(reason)
    with tempfile.TemporaryDirectory(prefix="lafa-browser-") as folder:
        models = Path(models_dir) if models_dir else Path(folder) / "models"
        extra = {"LAFA_CLOCK": clock} if clock else None
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                # A deep link as a fresh server's very first request (its own server).
                with serve(database_url, models, Path(folder) / "fresh.log", extra_env=extra) as fresh:
                    deep_link = first_load_seconds(browser, fresh, "/credit")
                with serve(database_url, models, Path(folder) / "server.log", extra_env=extra) as base:
                    times = []
                    for _ in range(max(runs, 1)):
                        context = browser.new_context(viewport=VIEWPORT, locale="es-MX")
                        try:
                            times.append(sign_in_to_home_seconds(context.new_page(), base, username))
                        finally:
                            context.close()
                    pages = time_pages(browser, base) | time_interactions(browser, base)
            finally:
                browser.close()
    warm = times[1:]
    return {"sign_in_to_home_s": round(times[0], 3),
            "sign_in_to_home_warm_s": _median(warm) if warm else None,
            "deep_link_fresh_server_s": round(deep_link, 3), **pages}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m tests.browser.harness", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="database with the demo accounts (default: build a small demo company)")
    parser.add_argument("--models", help="trained models folder (default: none / the demo's)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clock", help="the server's business clock (LAFA_CLOCK), e.g. inside contact hours")
    args = parser.parse_args()
    if args.url:
        print(json.dumps(measure_sign_in_to_home(args.url, args.models, args.runs, clock=args.clock)))
    else:
        with tempfile.TemporaryDirectory(prefix="lafa-browser-demo-") as demo:
            url, models = build_demo(Path(demo))
            print(json.dumps(measure_sign_in_to_home(url, models, args.runs)))
