"""Insurance rules, pure: the renewal window a policy falls in."""
from __future__ import annotations

from datetime import date

RENEWAL_WINDOWS = (30, 60, 90)  # days before a policy ends: the renewal list's windows
UNINSURED = "uninsured"  # no policy covers the vehicle on the day
LATER = "later"


def renewal_window(ends_on: date | None, day: date) -> str:
    """"uninsured" without a policy in force; else the first window (of RENEWAL_WINDOWS, in days
    left, both ends included: 30 days left is the 30-day window) the policy's end falls in, or
    "later". A policy ends the day it no longer covers (ledger.sql.insured_on)."""
    if ends_on is None or ends_on <= day:
        return UNINSURED
    left = (ends_on - day).days
    return next((str(window) for window in RENEWAL_WINDOWS if left <= window), LATER)
