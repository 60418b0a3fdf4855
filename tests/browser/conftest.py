"""Browser tests with pytest-playwright, driving Debian's Chromium (never a downloaded browser):
the plugin's `browser`, `new_context` and `page` fixtures, launched from /usr/bin/chromium with the
app's viewport and es-MX locale. Under CI=true a missing Chromium fails the tests instead of
skipping them. One small demo company with a trained credit model serves the whole session; the
'browser' section at the end of the run says where the screenshots are and the timings."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.harness import CHROMIUM, LAUNCH_ARGS, VIEWPORT, build_demo, chromium_missing

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
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT, "locale": "es-MX"}


@dataclass
class Demo:
    folder: Path
    url: str
    models: Path


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Demo:
    """The harness's demo company on SQLite and its trained credit model (built once)."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("browser")
    url, models = build_demo(folder)
    return Demo(folder, url, models)


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
