"""Rules inside the generator that the data's realism rests on."""
import re
from datetime import date

import numpy as np

from lafa_core.generate.activity import local_to_utc
from lafa_core.generate.contracts import LTO_TERM_WEEKS, Calendar, ContractSimulator
from lafa_core.generate.geography import CDMX_BBOX, inside_cdmx
from lafa_core.generate.people import PeopleFactory

CURP = re.compile(r"^[A-Z]{4}\d{6}[HM]DF[A-Z]{3}[0-9A-Z]\d$")


def test_local_times_become_utc_six_hours_later():
    utc = local_to_utc(np.array(["2026-01-05", "2026-07-05"], dtype="datetime64[D]"), np.array([6 * 60, 23 * 60 + 30]))
    assert [str(t)[:16] for t in utc] == ["2026-01-05T12:00", "2026-07-06T05:30"]


def test_curps_are_well_formed_and_unique():
    factory = PeopleFactory(np.random.default_rng(1))
    curps = [factory.person(date(1990, 5, 17))["curp"] for _ in range(3000)]  # same birthday: worst case
    assert all(CURP.match(c) for c in curps), [c for c in curps if not CURP.match(c)][:3]
    assert len(set(curps)) == len(curps)


def test_coordinates_are_clipped_into_the_city():
    lat, lon = inside_cdmx(np.array([19.10, 19.40]), np.array([-99.50, -99.10]))
    assert lat.tolist() == [CDMX_BBOX["lat"][0], 19.40] and lon.tolist() == [CDMX_BBOX["lon"][0], -99.10]


def test_lease_repayment_is_fifo_and_defaults_only_after_60_days_past_due():
    calendar = Calendar(date(2025, 11, 24), date(2026, 11, 22))
    book = ContractSimulator(300, calendar, seed=5).run()
    leases = [s for s in book.spells if s.product == "LTO"]
    assert leases
    for lease in leases:
        assert len(lease.paid_day) == LTO_TERM_WEEKS
        paid = [d for d in lease.paid_day if d is not None]
        assert paid == sorted(paid)  # payments settle the oldest installment first
        first_unpaid = next((k for k, d in enumerate(lease.paid_day) if d is None), None)
        if first_unpaid is not None:
            assert all(d is None for d in lease.paid_day[first_unpaid:])
        if lease.status == "defaulted":
            oldest_due = lease.start + 7 * (first_unpaid + 1)
            assert lease.defaulted_on - oldest_due >= 60


def test_warm_start_applicants_carry_their_dae_history():
    calendar = Calendar(date(2025, 11, 24), date(2026, 11, 22))
    book = ContractSimulator(600, calendar, seed=11).run()
    warm = [a for a in book.applications if a["dae_driver_id"] is not None]
    assert warm
    assert all(a["dae_weeks_employed"] >= 1 and 0 <= a["dae_goal_met_rate"] <= 1 for a in warm)
