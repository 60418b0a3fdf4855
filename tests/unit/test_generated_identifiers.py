"""Every identifier the generator makes passes lafa_core.fields unchanged: CURPs and RFCs with their
check digits, following the person's name and birth date; E.164 phones; VINs with a correct check
digit; plates."""
from datetime import date, timedelta

import numpy as np
import pytest

from lafa_core import fields
from lafa_core.generate.contracts import Calendar, ContractSimulator
from lafa_core.generate.people import PeopleFactory, _plain

CALENDAR = Calendar(date(2025, 11, 24), date(2026, 3, 29))


def _people(seed: int, count: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    factory = PeopleFactory(np.random.default_rng([seed, 2]))
    # Birth dates from 1958 to 2006: both sides of 2000, leap days included.
    births = [date(1958, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 49 * 365, size=count)]
    births += [date(1960, 2, 29), date(2000, 2, 29), date(1999, 12, 31), date(2000, 1, 1), date(2004, 2, 29)]
    return [factory.person(birth) for birth in births]


def _assert_person_passes(person: dict) -> None:
    curp, rfc = person["curp"], person["rfc"]
    assert fields.curp(curp) == curp
    assert fields.rfc(rfc) == rfc and len(rfc) == 13
    assert fields.phone_mx(person["phone"]) == person["phone"]
    birth = person["birth_date"]
    assert fields.curp_birth_date(curp) == birth  # the century comes from character 17
    assert curp[4:10] == rfc[4:10] == birth.strftime("%y%m%d")
    first, surname1, surname2 = (_plain(part) for part in person["full_name"].split())
    assert (curp[0], curp[2], curp[3]) == (surname1[0], surname2[0], first[0])
    assert rfc[:4] == curp[:4] or curp[1] == "X" or rfc[3] == "X"  # only an offensive word changes a letter


@pytest.mark.parametrize("seed", [1, 8, 2026])
def test_generated_people_pass_the_validators(seed):
    people = _people(seed, 1500)
    for person in people:
        _assert_person_passes(person)
    curps = [p["curp"] for p in people]
    assert len(set(curps)) == len(curps)


def test_the_same_seed_draws_the_same_people():
    assert _people(5, 300) == _people(5, 300)


class _ScriptedRng:
    """Just enough of numpy's Generator to name a man Alberto Castro Castillo."""

    def random(self):
        return 0.5  # a man

    def choice(self, options, size=None):
        return np.array(["Castro", "Castillo"]) if size == 2 else "Alberto"

    def integers(self, low, high):
        return low


def test_an_offensive_stem_is_changed_the_way_renapo_and_the_sat_do():
    person = PeopleFactory(_ScriptedRng()).person(date(1990, 5, 17))  # C-A-C-A
    assert person["curp"].startswith("CXCA900517HDF") and fields.curp(person["curp"]) == person["curp"]
    assert person["rfc"].startswith("CACX900517") and fields.rfc(person["rfc"]) == person["rfc"]


def test_same_name_and_birthday_differ_only_in_the_differentiator():
    factory = PeopleFactory(_ScriptedRng())
    curps = [factory.person(date(2001, 3, 4))["curp"] for _ in range(30)]
    assert len(set(curps)) == 30 and all(fields.curp(c) == c for c in curps)
    assert {c[16] for c in curps[:26]} == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # born in 2000 or later: letters
    assert {c[11:13] for c in curps[26:]} == {"MC"}  # Mexico City's differentiators exhausted: born next door


def test_a_simulated_company_has_valid_drivers_applicants_vehicles_and_plates():
    book = ContractSimulator(80, CALENDAR, seed=3).run()
    assert book.drivers and book.applications and book.vehicles
    for driver in book.drivers:
        _assert_person_passes(driver)
    for application in book.applications:
        assert fields.curp(application["curp"]) == application["curp"]
        assert fields.phone_mx(application["phone"]) == application["phone"]
    for vehicle in book.vehicles:
        assert fields.vin(vehicle["vin"]) == (vehicle["vin"], [])
        assert fields.plate_mx(vehicle["plate"]) == vehicle["plate"]


def test_vins_and_plates_of_a_large_fleet_are_valid_and_unique():
    simulator = ContractSimulator(3000, CALENDAR, seed=11)
    simulator.build_depots()
    simulator.build_vehicles()
    vins = [v["vin"] for v in simulator.vehicles]
    plates = [v["plate"] for v in simulator.vehicles]
    assert all(fields.vin(v) == (v, []) for v in vins)
    assert all(fields.plate_mx(p) == p for p in plates)
    assert len(set(vins)) == len(vins) and len(set(plates)) == len(plates)
