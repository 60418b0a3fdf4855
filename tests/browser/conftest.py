"""The browser tests' lines for the end of the run: where the screenshots are, the timings."""
from __future__ import annotations

import pytest

REPORT = pytest.StashKey[list]()


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
