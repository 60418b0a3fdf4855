"""The ledger's database rules at their edges, on both engines: active on a day, days past due,
PAR30 (the SQL is their one definition)."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from lafa_core.ledger.queries import portfolio_snapshot
from lafa_core.ledger.sql import active_on
from lafa_core.tables import Contract
from tests.collections_support import TODAY, WEEKLY, build_book

C = Contract.__table__


@pytest.mark.parametrize("end_on, defaulted_on, offset, active", [
    (None, None, 0, True),  # the start day counts
    (None, None, -1, False),
    (5, None, 4, True),
    (5, None, 5, False),  # the end day does not
    (None, 5, 5, False),  # nor the day it defaulted, even without an end
    (None, 5, 4, True),
])
def test_active_on_a_day(engine, end_on, defaulted_on, offset, active):
    build_book(engine, [3])
    with engine.begin() as conn:
        start = conn.execute(select(C.c.start_on)).scalar()
        start = start if isinstance(start, date) else date.fromisoformat(str(start))
        conn.execute(update(C).values(
            end_on=None if end_on is None else start + timedelta(days=end_on),
            defaulted_on=None if defaulted_on is None else start + timedelta(days=defaulted_on)))
        found = conn.execute(select(C.c.id).where(active_on(C, start + timedelta(days=offset)))).scalars().all()
    assert (found == [1]) is active


def test_days_past_due_and_par30_at_their_edges(engine):
    # Leases whose oldest unpaid installment fell due today (not late), 29 and 30 days ago.
    build_book(engine, [0, 29, 30])
    with engine.connect() as conn:
        book = portfolio_snapshot(session=conn, as_of=TODAY)
    by_bucket = {b.bucket: (b.contracts, b.days_past_due_total) for b in book.buckets}
    assert by_bucket["current"] == (1, 0) and by_bucket["15-30"] == (2, 59)
    per_lease = book.balance_centavos // 3
    assert book.balance_centavos == 3 * per_lease and per_lease % WEEKLY == 0
    assert book.par30_balance_centavos == per_lease  # 30 days is at risk, 29 is not
    assert book.average_days_past_due == pytest.approx(29.5)
