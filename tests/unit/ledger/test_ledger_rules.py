"""The ledger's rules at their edges: the one definition every page, service and export uses."""
from datetime import date, datetime, timezone

import numpy as np
import pytest

from lafa_core.config import LOCAL_TZ
from lafa_core.ledger import (
    PromiseFate, average_days_past_due, dpd_bucket, dpd_buckets, outstanding_centavos, promise_fate,
)

BUCKET_EDGES = [(-2, "current"), (0, "current"), (1, "1-7"), (7, "1-7"), (8, "8-14"), (14, "8-14"), (15, "15-30"),
                (30, "15-30"), (31, "31-60"), (60, "31-60"), (61, "61+"), (400, "61+")]


@pytest.mark.parametrize("days, bucket", BUCKET_EDGES)
def test_dpd_bucket_edges(days, bucket):
    assert dpd_bucket(days) == bucket


def test_the_vectorised_buckets_are_the_same_rule():
    days = [d for d, _ in BUCKET_EDGES]
    assert list(dpd_buckets(np.array(days))) == [bucket for _, bucket in BUCKET_EDGES]


def test_balance_counts_part_payments():
    assert outstanding_centavos([(300_000, 0), (300_000, 120_050)]) == 479_950


def test_average_days_past_due_is_over_accounts_behind_only():
    assert average_days_past_due([0, 0, 10, 20]) == 15
    assert average_days_past_due([0, -2]) is None


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


MADE = at(date(2026, 3, 3), 10)  # Tuesday 10:00
DUE = date(2026, 3, 6)


@pytest.mark.parametrize("payments, today, grace, fate", [
    ([(date(2026, 3, 4), 200_000), (date(2026, 3, 6), 100_000)], date(2026, 3, 10), 0, PromiseFate.KEPT),
    ([(date(2026, 3, 4), 299_999)], date(2026, 3, 10), 0, PromiseFate.BROKEN),
    ([(date(2026, 3, 2), 300_000), (date(2026, 3, 7), 300_000)], date(2026, 3, 10), 0, PromiseFate.BROKEN),
    ([], date(2026, 3, 6), 0, PromiseFate.PENDING),  # still its day
    ([(date(2026, 3, 3), 300_000)], date(2026, 3, 10), 0, PromiseFate.KEPT),  # paid 09:00, promised 10:00, same day
    ([(date(2026, 3, 7), 300_000)], date(2026, 3, 10), 2, PromiseFate.KEPT),  # one day late within 2 days' grace
    ([(date(2026, 3, 9), 300_000)], date(2026, 3, 10), 2, PromiseFate.BROKEN),  # three days late
    ([], date(2026, 3, 8), 2, PromiseFate.PENDING),  # grace not over yet
])
def test_promise_fate_by_local_date_with_grace(payments, today, grace, fate):
    assert promise_fate(MADE, DUE, 300_000, payments, today, grace) is fate


def test_a_promise_made_late_at_night_counts_by_its_mexico_city_day():
    # 23:30 in Mexico City on 3 March is 4 March in UTC: a payment on 3 March still counts.
    made = datetime(2026, 3, 4, 5, 30, tzinfo=timezone.utc)
    assert promise_fate(made, DUE, 100, [(date(2026, 3, 3), 100)], date(2026, 3, 10)) is PromiseFate.KEPT
