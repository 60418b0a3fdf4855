"""Browser tests with pytest-playwright, driving Debian's Chromium (never a downloaded browser):
the plugin's `browser`, `new_context` and `page` fixtures, launched from /usr/bin/chromium with the
app's viewport and es-MX locale. Under CI=true a missing Chromium fails the tests instead of
skipping them. One small demo company with a trained credit model is built once for the run (the
workers wait for the first to build it, then each serves its own copy of the database) and one
server per worker serves every test file that needs no server of its own; the 'browser' section at
the end of the run says where the screenshots are and the timings."""
from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.harness import CHROMIUM, STILL, TEST_LAUNCH_ARGS, VIEWPORT, Server, build_demo, chromium_missing, serve

IN_CI = os.environ.get("CI", "").lower() == "true"
REPORT = pytest.StashKey[list]()


def _require_chromium() -> None:
    if reason := chromium_missing():
        if IN_CI:
            pytest.fail(f"CI=true and {reason}: the browser tests must run in CI")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": TEST_LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT, "locale": "es-MX"}


@pytest.fixture
def context(context):
    """pytest-playwright's context, its pages without CSS animations (harness.STILL)."""
    context.add_init_script(STILL)
    return context


@dataclass
class Demo:
    folder: Path
    url: str
    models: Path


@pytest.fixture(scope="session")
def demo(tmp_path_factory, worker_id) -> Demo:
    """The harness's demo company on SQLite and its trained credit model, built once for the run:
    the first worker builds it under a lock in the run's shared folder, the others wait for it. Each
    worker then serves its own copy (sign-ins and views write audit records)."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("browser")
    shared = folder / "built" if worker_id == "master" else tmp_path_factory.getbasetemp().parent / "browser-demo"
    shared.mkdir(exist_ok=True)
    with open(shared / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "built").exists():
            build_demo(shared)
            (shared / "built").touch()
    with sqlite3.connect(shared / "lafa.db") as source, sqlite3.connect(folder / "lafa.db") as copy:
        source.backup(copy)
    shutil.copytree(shared / "models", folder / "models")
    return Demo(folder, f"sqlite:///{folder / 'lafa.db'}", folder / "models")


@pytest.fixture(scope="session")
def server(demo) -> Server:
    """The app served on the worker's copy of the demo company, shared by its test files."""
    log = demo.folder / "server.log"
    with serve(demo.url, demo.models, log) as base:
        yield Server(base, log)


@pytest.fixture(scope="session")
def screens(browser_report) -> Path:
    """test-artifacts/screenshots/ in the checkout (ignored by git); each role's walk replaces its own."""
    folder = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    if not any("screenshots" in line for line in browser_report):
        browser_report.append(f"screenshots (one per role, page and language): {folder}")
    return folder


@pytest.fixture(scope="session")
def browser_report(request) -> list[str]:
    """Lines printed in a 'browser' section at the end of the run (also under -q)."""
    return request.config.stash.setdefault(REPORT, [])


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(REPORT, [])
    if lines:
        terminalreporter.section("browser")
        for line in lines:
            terminalreporter.write_line(line)
