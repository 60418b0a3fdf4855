"""The renewal window of a policy at its edges: 29/30/31, 60/61, 90/91 days left, and no cover."""
from datetime import date, timedelta

import pytest

from lafa_core.insurance.rules import renewal_window

DAY = date(2026, 11, 22)


@pytest.mark.parametrize("days_left, window", [
    (None, "uninsured"), (0, "uninsured"), (-3, "uninsured"),  # ends today: it no longer covers today
    (1, "30"), (29, "30"), (30, "30"), (31, "60"), (60, "60"), (61, "90"), (90, "90"), (91, "later"),
])
def test_windows_at_their_edges(days_left, window):
    ends_on = None if days_left is None else DAY + timedelta(days=days_left)
    assert renewal_window(ends_on, DAY) == window
