"""The LTO statement's arithmetic, pure: paid + outstanding = contract total, days past due from the
oldest unpaid installment, the next payment, and equity by the lease's own pricing."""
from datetime import date, timedelta

from lafa_core.credit.pricing import LEASE_ANNUAL_RATE
from lafa_core.finance.statement import Installment, Lease, Payment, build_statement

START, WEEKLY, TERM, DEPOSIT = date(2026, 1, 5), 300_000, 10, 900_000


def lease() -> Lease:
    return Lease(contract_id=1, code="LTO-1", driver_code="DRV-000001", driver_name="Ana", vehicle="JAC E10X",
                 plate="AAA-01-00", vin="VIN", start_on=START, term_weeks=TERM, weekly_rate_centavos=WEEKLY,
                 deposit_centavos=DEPOSIT, purchase_option_centavos=1_000_000, status="active")


def schedule(paid: dict[int, int]) -> list[Installment]:
    """seq → centavos paid toward it (fully paid ones on their due date)."""
    rows = []
    for seq in range(1, TERM + 1):
        due = START + timedelta(days=7 * seq)
        amount = paid.get(seq, 0)
        rows.append(Installment(seq, due, WEEKLY, amount, due if amount == WEEKLY else None))
    return rows


def annuity(weeks: int) -> float:
    r = LEASE_ANNUAL_RATE / 52
    return (1 - (1 + r) ** -weeks) / r


def test_a_lessee_behind_with_a_part_payment():
    # Paid weeks 1-2 in full and 1,000 MXN toward week 3; on 2026-02-09 weeks 3-5 are due.
    rows = schedule({1: WEEKLY, 2: WEEKLY, 3: 100_000})
    s = build_statement(lease(), rows, [Payment(date(2026, 1, 12), WEEKLY, "spei")], date(2026, 2, 9))
    assert s.contract_total_centavos == TERM * WEEKLY == 3_000_000
    assert s.paid_centavos == 700_000 and s.outstanding_centavos == 2_300_000
    assert s.paid_centavos + s.outstanding_centavos == s.contract_total_centavos
    assert s.overdue_centavos == 200_000 + 2 * WEEKLY  # the rest of week 3, weeks 4 and 5
    assert s.days_past_due == (date(2026, 2, 9) - date(2026, 1, 26)).days == 14 and s.bucket == "8-14"
    assert (s.next_due_on, s.next_due_centavos) == (date(2026, 2, 16), WEEKLY)
    assert s.installments_paid == 2 and s.weeks_remaining == 8
    assert s.first_due_on == date(2026, 1, 12) and s.last_due_on == date(2026, 3, 16)
    assert [p.paid_on for p in s.recent_payments] == [date(2026, 1, 12)]


def test_equity_is_the_deposit_at_signing_and_the_price_when_all_is_paid():
    price = DEPOSIT + round(WEEKLY * annuity(TERM))
    nothing = build_statement(lease(), schedule({}), [], START)
    assert nothing.vehicle_price_centavos == price
    assert nothing.equity_centavos == DEPOSIT and nothing.days_past_due == 0 and nothing.bucket == "current"
    two = build_statement(lease(), schedule({1: WEEKLY, 2: WEEKLY}), [], date(2026, 1, 20))
    assert two.equity_centavos == price - round(WEEKLY * annuity(TERM - 2))
    everything = build_statement(lease(), schedule({k: WEEKLY for k in range(1, TERM + 1)}), [], date(2026, 3, 20))
    assert everything.equity_centavos == price and everything.equity_share == 1
    assert everything.outstanding_centavos == 0 and everything.next_due_on is None and everything.weeks_remaining == 0
    # Each payment adds more principal than the one before (the interest part shrinks).
    steps = [build_statement(lease(), schedule({k: WEEKLY for k in range(1, n + 1)}), [], date(2026, 3, 20))
             .equity_centavos for n in range(TERM + 1)]
    gains = [b - a for a, b in zip(steps, steps[1:])]
    assert all(later > earlier for earlier, later in zip(gains, gains[1:]))


def test_payments_after_the_as_of_day_are_not_shown():
    rows = schedule({1: WEEKLY})
    s = build_statement(lease(), rows, [Payment(date(2026, 1, 12), WEEKLY, "spei"),
                                        Payment(date(2026, 1, 19), WEEKLY, "card")], date(2026, 1, 15))
    assert [p.method for p in s.recent_payments] == ["spei"]
