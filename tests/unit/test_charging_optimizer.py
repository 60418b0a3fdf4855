"""The night's charging plan: targets met within the charger and site limits, never dearer than
charging on arrival, equal to optima found another way (by hand, greedy, brute force, a separate
formulation), demand charged only above the month's peak, and unserved vehicles named."""
import itertools
import math
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from lafa_core.charging.optimizer import (CHARGER_TIME, SITE_LIMIT, PluggedVehicle, Unserved, plan_night,
                                          plan_on_arrival)
from lafa_core.charging.tariffs import night_periods, night_prices

TOL = 1e-6
NIGHT = date(2026, 11, 24)  # a Tuesday in winter: 18–22 peak, 22–24 intermediate, 0–6 base, then intermediate
PRICES = night_prices(NIGHT)
PERIODS = night_periods(NIGHT)


def soc_reached(plan, vehicle, hours, efficiency=0.92):
    """The vehicle's SOC at departure, recomputed from its schedule."""
    if vehicle.target_soc <= vehicle.arrival_soc:
        return vehicle.arrival_soc
    return vehicle.arrival_soc + sum(plan.schedule[vehicle.vehicle_id]) * hours * efficiency / vehicle.battery_kwh


def cost_of(schedule, prices, hours, demand=0.0, month_peak=0.0):
    """Energy + demand cost of a schedule (vehicle → kW per slot), in float MXN."""
    site = np.sum([np.asarray(kw, dtype=float) for kw in schedule.values()], axis=0)
    energy = float(np.dot(np.asarray(prices, dtype=float), site * hours))
    return energy + demand * max(0.0, float(site.max()) - month_peak)


def assert_within_limits(plan, vehicles, charger_kw, site_kw, slots):
    for vehicle in vehicles:
        kw = plan.schedule[vehicle.vehicle_id]
        assert len(kw) == slots
        for slot, power in enumerate(kw):
            assert -TOL <= power <= charger_kw + TOL, (vehicle.vehicle_id, slot, power)
            if not vehicle.arrival_slot <= slot < vehicle.departure_slot:
                assert power == 0.0, (vehicle.vehicle_id, slot, power)
    for slot in range(slots):
        assert sum(plan.schedule[v.vehicle_id][slot] for v in vehicles) <= site_kw + TOL, slot


def random_fleet(rng, count, slots, *, arrive_by, leave_from, soc=(0.1, 0.5), target=0.8):
    fleet = []
    for index in range(count):
        arrival = int(rng.integers(0, arrive_by))
        departure = int(rng.integers(leave_from, slots + 1))
        fleet.append(PluggedVehicle(f"V{index:03d}", arrival, departure, float(rng.choice([42.0, 50.0, 60.0])),
                                    round(float(rng.uniform(*soc)), 3), target))
    return fleet


def greedy_cost(vehicles, prices, charger_kw, hours, efficiency=0.92):
    """Cheapest plugged slots first, full charger power: optimal per vehicle without a site limit or
    a demand charge (the vehicles do not interact)."""
    total, base_kwh, all_kwh = 0.0, 0.0, 0.0
    for vehicle in vehicles:
        need = max(vehicle.target_soc - vehicle.arrival_soc, 0) * vehicle.battery_kwh / efficiency
        for slot in sorted(range(vehicle.arrival_slot, vehicle.departure_slot), key=lambda s: float(prices[s])):
            take = min(need, charger_kw * hours)
            total += take * float(prices[slot])
            need -= take
            if need <= 0:
                break
    return total


# -- targets, limits, the naive baseline ------------------------------------------------------------
@pytest.mark.parametrize("seed", range(6))
def test_every_feasible_target_is_met_within_the_charger_and_site_limits(seed):
    rng = np.random.default_rng(seed)
    fleet = random_fleet(rng, 40, 96, arrive_by=24, leave_from=56)
    site_kw = float(rng.choice([150.0, 250.0, math.inf]))
    plan = plan_night(fleet, prices=PRICES, periods=PERIODS, charger_kw=7.2, site_kw=site_kw,
                      demand_charge_per_kw_month=275, month_to_date_peak_kw=float(rng.choice([0.0, 60.0])))
    assert plan.unserved == {}  # 40 cars need ≈ 1,100 kWh; all are plugged 0–8 h: ≥ 150 kW × 8 h
    for vehicle in fleet:
        assert soc_reached(plan, vehicle, 0.25) >= vehicle.target_soc - TOL
        assert plan.final_soc[vehicle.vehicle_id] == pytest.approx(soc_reached(plan, vehicle, 0.25), abs=1e-9)
    assert_within_limits(plan, fleet, 7.2, site_kw, 96)
    assert plan.peak_kw == pytest.approx(max(plan.site_kw_by_slot)) and plan.peak_kw <= site_kw + TOL
    assert plan.total_cost == plan.energy_cost + plan.demand_charge
    assert plan.energy_cost == Decimal(str(round(cost_of(plan.schedule, PRICES, 0.25), 2)))


def test_the_plan_never_costs_more_than_charging_on_arrival():
    rng = np.random.default_rng(2026)
    naive_over_the_site = 0
    for _ in range(25):
        fleet = random_fleet(rng, int(rng.integers(5, 40)), 96, arrive_by=24, leave_from=56)
        site_kw = float(rng.choice([0.5, 1.5])) * 7.2 * len(fleet)
        demand = float(rng.choice([0.0, 200.0, 350.0]))
        month_peak = float(rng.choice([0.0, 40.0]))
        args = dict(prices=PRICES, periods=PERIODS, charger_kw=7.2, site_kw=site_kw,
                    demand_charge_per_kw_month=demand, month_to_date_peak_kw=month_peak)
        plan, naive = plan_night(fleet, **args), plan_on_arrival(fleet, **args)
        assert plan.unserved == {} and naive.unserved == {}
        # When "on arrival" stays within the site it is a plan the optimizer could have chosen; when
        # it overloads the site it is not, and only the cost is compared (not peak or base share).
        naive_over_the_site += naive.peak_kw > site_kw + TOL
        assert cost_of(plan.schedule, PRICES, 0.25, demand, month_peak) <= \
            cost_of(naive.schedule, PRICES, 0.25, demand, month_peak) + TOL
        assert plan.total_cost <= naive.total_cost + Decimal("0.01")  # each part rounded to centavos
    assert 5 <= naive_over_the_site < 25  # both kinds of night were compared


def test_charging_on_arrival_runs_the_charger_flat_out_from_arrival_and_ignores_the_site():
    cars = [PluggedVehicle("A", 0, 4, 46.0, 0.3, 0.4), PluggedVehicle("B", 1, 4, 46.0, 0.5, 0.56)]  # 5 and 3 kWh
    naive = plan_on_arrival(cars, prices=[3, 1, 2, 1], slot_minutes=60, charger_kw=2, site_kw=2,
                            demand_charge_per_kw_month=1.5, periods=["peak", "base", "intermediate", "base"])
    assert naive.schedule["A"] == pytest.approx((2, 2, 1, 0))
    assert naive.schedule["B"] == pytest.approx((0, 2, 1, 0))
    assert naive.peak_kw == pytest.approx(4)  # twice the site's 2 kW
    assert naive.energy_cost == Decimal("14.00")  # 2×3 + 4×1 + 2×2
    assert naive.demand_charge == Decimal("6.00") and naive.total_cost == Decimal("20.00")
    assert naive.base_period_share == pytest.approx(4 / 8)
    assert naive.unserved == {}


# -- optima found another way ------------------------------------------------------------------------
def test_a_hand_computed_optimum_with_site_limit_and_demand_charge():
    # 1-hour slots priced 3, 1, 2, 1 MXN/kWh; chargers 2 kW, site 3 kW, demand 1.5 MXN/kW.
    # A (slots 0–3) needs 5 kWh, B (slots 1–3) 3 kWh: 8 kWh. At a 3 kW peak the two cheap slots take
    # 6 kWh (6 MXN) and slot 2 the other 2 (4 MXN): 10 + 1.5 × 3 = 14.50. A lower peak P moves
    # 2(3 − P) kWh from price 1 to price 2 or 3 and saves only 1.5 per kW: dearer.
    cars = [PluggedVehicle("A", 0, 4, 46.0, 0.3, 0.4), PluggedVehicle("B", 1, 4, 46.0, 0.5, 0.56)]
    plan = plan_night(cars, prices=[3, 1, 2, 1], slot_minutes=60, charger_kw=2, site_kw=3,
                      demand_charge_per_kw_month=1.5)
    assert plan.energy_cost == Decimal("10.00")
    assert plan.demand_charge == Decimal("4.50")
    assert plan.total_cost == Decimal("14.50")
    assert plan.peak_kw == pytest.approx(3)
    assert plan.site_kw_by_slot == pytest.approx((0, 3, 2, 3))
    assert plan.base_period_share == pytest.approx(6 / 8)  # no periods given: the price-1 slots are base
    assert plan.unserved == {}


@pytest.mark.parametrize("seed", range(5))
def test_without_site_limit_or_demand_the_plan_is_greedy_cheapest_slots_first(seed):
    rng = np.random.default_rng(100 + seed)
    fleet = random_fleet(rng, 25, 96, arrive_by=30, leave_from=40, soc=(0.05, 0.7))
    plan = plan_night(fleet, prices=PRICES, periods=PERIODS, charger_kw=7.2, site_kw=math.inf,
                      demand_charge_per_kw_month=0)
    for vid, unserved in plan.unserved.items():  # short stays: as much as the charger gives, greedy too
        car = next(c for c in fleet if c.vehicle_id == vid)
        plugged_kwh = 7.2 * 0.25 * (car.departure_slot - car.arrival_slot)
        assert unserved == Unserved(CHARGER_TIME, pytest.approx(car.arrival_soc + plugged_kwh * 0.92 / car.battery_kwh))
    assert cost_of(plan.schedule, PRICES, 0.25) == pytest.approx(greedy_cost(fleet, PRICES, 7.2, 0.25), abs=TOL)
    assert plan.demand_charge == Decimal("0.00")


def _brute_force(cars, prices, site, hours, levels):
    """Cheapest schedule over every combination of power levels (kW) in each plugged slot: every
    site profile the cars can make together within the site limit, then the cheapest of them."""
    site_profiles = np.zeros((1, len(prices)))
    for car in cars:
        need = (car.target_soc - car.arrival_soc) * car.battery_kwh / 0.92
        window = list(range(car.arrival_slot, car.departure_slot))
        options = []
        for combo in itertools.product(levels, repeat=len(window)):
            if abs(sum(combo) * hours - need) < 1e-6:
                row = np.zeros(len(prices))
                row[window] = combo
                options.append(row)
        sums = (site_profiles[:, None, :] + np.array(options)[None, :, :]).reshape(-1, len(prices))
        site_profiles = np.unique(sums[sums.max(axis=1) <= site + 1e-9], axis=0)
        if len(site_profiles) == 0:
            return math.inf
    return float(((site_profiles * hours) @ np.asarray(prices)).min())


@pytest.mark.parametrize("seed", range(6))
def test_small_nights_match_a_brute_force_search(seed):
    # Whole kWh needs, whole kW chargers and site, 1-hour slots, no demand charge: a transportation
    # problem, so a whole-kW schedule is optimal and searching 0..2 kW per slot finds the optimum.
    rng = np.random.default_rng(seed)
    slots = int(rng.integers(4, 7))
    prices = [float(p) for p in rng.choice([1.0, 1.5, 2.85], size=slots)]
    cars = []
    for index in range(int(rng.integers(2, 4))):
        arrival = int(rng.integers(0, 2))
        departure = int(rng.integers(arrival + 2, slots + 1))
        need = int(rng.integers(1, 2 * (departure - arrival) + 1))  # kWh, within the charger's reach
        cars.append(PluggedVehicle(f"C{index}", arrival, departure, 46.0, 0.2, 0.2 + need / 50))
    site = float(rng.integers(2, 4))
    best = _brute_force(cars, prices, site, 1.0, levels=(0, 1, 2))
    plan = plan_night(cars, prices=prices, slot_minutes=60, charger_kw=2, site_kw=site, demand_charge_per_kw_month=0)
    if best == math.inf:  # the site cannot serve them all: someone is short, for the site's sake
        assert plan.unserved and {u.reason for u in plan.unserved.values()} == {SITE_LIMIT}
    else:
        assert plan.unserved == {}
        assert cost_of(plan.schedule, prices, 1.0) == pytest.approx(best, abs=TOL)
        assert_within_limits(plan, cars, 2, site, slots)


def _separate_formulation(cars, prices, charger, site, hours, demand, month_peak, efficiency=0.92):
    """The same night written another way: a variable for every (car, slot) (fixed at 0 while
    unplugged), the whole peak P ≥ month_peak as a variable charged demand·(P − month_peak), solved
    by scipy.optimize.milp with no integer variables."""
    n_cars, n_slots = len(cars), len(prices)
    n = n_cars * n_slots + 1
    cost = np.concatenate([np.tile(np.asarray(prices, float) * hours, n_cars), [demand]])
    upper = np.zeros(n)
    for c, car in enumerate(cars):
        upper[c * n_slots + car.arrival_slot: c * n_slots + car.departure_slot] = charger
    upper[-1] = np.inf
    lower = np.zeros(n)
    lower[-1] = month_peak
    energy = np.zeros((n_cars, n))
    for c, car in enumerate(cars):
        energy[c, c * n_slots:(c + 1) * n_slots] = hours
    need = [max(car.target_soc - car.arrival_soc, 0) * car.battery_kwh / efficiency for car in cars]
    per_slot = np.zeros((n_slots, n))
    for t in range(n_slots):
        per_slot[t, t:n - 1:n_slots] = 1
    peak = per_slot.copy()
    peak[:, -1] = -1
    result = milp(cost, integrality=np.zeros(n), bounds=Bounds(lower, upper),
                  constraints=[LinearConstraint(energy, need, need), LinearConstraint(per_slot, 0, site),
                               LinearConstraint(peak, -np.inf, 0)])
    if result.status == 2:  # infeasible: the site cannot serve every car
        return None
    assert result.success, result.message
    return result.fun - demand * month_peak


@pytest.mark.parametrize("seed", range(8))
def test_small_nights_with_demand_charges_match_a_separate_formulation(seed):
    rng = np.random.default_rng(50 + seed)
    slots = int(rng.integers(4, 9))
    prices = [float(p) for p in rng.choice([1.0, 1.5, 2.85], size=slots)]
    cars = []
    for index in range(int(rng.integers(2, 4))):
        arrival = int(rng.integers(0, 3))
        departure = int(rng.integers(arrival + 2, slots + 1))
        cars.append(PluggedVehicle(f"C{index}", arrival, departure, 60.0, round(float(rng.uniform(0.2, 0.5)), 2),
                                   0.8))
    site = float(rng.choice([30.0, 45.0]))
    demand = float(rng.choice([2.0, 20.0, 275.0]))
    month_peak = float(rng.choice([0.0, 5.0, 12.0]))
    # 1-hour slots at 22 kW: every car can reach its target (≤ 39 kWh in ≥ 2 hours) on its own.
    plan = plan_night(cars, prices=prices, slot_minutes=60, charger_kw=22, site_kw=site,
                      demand_charge_per_kw_month=demand, month_to_date_peak_kw=month_peak)
    expected = _separate_formulation(cars, prices, 22, site, 1.0, demand, month_peak)
    if expected is None:
        assert plan.unserved and {u.reason for u in plan.unserved.values()} == {SITE_LIMIT}
        return
    assert plan.unserved == {}
    assert cost_of(plan.schedule, prices, 1.0, demand, month_peak) == pytest.approx(expected, abs=1e-5)
    assert abs(plan.total_cost - Decimal(repr(expected))) <= Decimal("0.01")
    assert_within_limits(plan, cars, 22, site, slots)


# -- the month's peak --------------------------------------------------------------------------------
def test_no_demand_charge_below_the_months_peak_and_charging_spreads_to_the_cheapest_slots():
    rng = np.random.default_rng(7)
    fleet = random_fleet(rng, 30, 96, arrive_by=20, leave_from=60, soc=(0.3, 0.5))  # each fits in 0–6 h
    args = dict(prices=PRICES, periods=PERIODS, charger_kw=7.2, site_kw=math.inf, demand_charge_per_kw_month=275)
    high = plan_night(fleet, month_to_date_peak_kw=30 * 7.2, **args)  # the month already peaked at every charger on
    assert high.demand_charge == Decimal("0.00")
    assert cost_of(high.schedule, PRICES, 0.25) == pytest.approx(greedy_cost(fleet, PRICES, 7.2, 0.25), abs=TOL)
    assert high.base_period_share == pytest.approx(1.0)  # every kWh in the 0–6 h base block
    # With no month's peak to hide under, the plan trades cheap hours for a lower peak.
    low = plan_night(fleet, month_to_date_peak_kw=0, **args)
    assert low.demand_charge > 0 and low.peak_kw < high.peak_kw
    assert low.energy_cost > high.energy_cost
    assert float(low.demand_charge) == pytest.approx(275 * low.peak_kw, abs=0.0051)
    # A month's peak the night can stay under costs nothing, and the night stays under it.
    middle = plan_night(fleet, month_to_date_peak_kw=low.peak_kw + 10, **args)
    assert middle.demand_charge == Decimal("0.00") and middle.peak_kw <= low.peak_kw + 10 + TOL
    assert middle.total_cost < low.total_cost


def test_a_plan_with_the_tariffs_night_lands_in_base_hours():
    car = PluggedVehicle("JAC-01", arrival_slot=2, departure_slot=56, battery_kwh=50.0, arrival_soc=0.3,
                         target_soc=0.8)  # 18:30 to 08:00, 27.2 kWh from the grid
    plan = plan_night([car], prices=PRICES, periods=PERIODS, charger_kw=7.2, site_kw=7.2,
                      demand_charge_per_kw_month=0)
    assert plan.base_period_share == pytest.approx(1.0)
    assert plan.grid_kwh == pytest.approx(0.5 * 50 / 0.92)
    assert plan.energy_cost == Decimal("27.17")  # 27.174 kWh × 1.00 MXN
    assert all(kw == 0 for kw in plan.schedule["JAC-01"][:24])  # nothing before midnight
    naive = plan_on_arrival([car], prices=PRICES, periods=PERIODS, charger_kw=7.2, site_kw=7.2,
                            demand_charge_per_kw_month=0)
    # On arrival: 18:30–22:00 at full power (14 slots × 1.8 kWh at peak 2.85), the last 1.97 kWh from 22:00 (1.50).
    assert naive.schedule["JAC-01"][2:17] == (7.2,) * 15 and 0 < naive.schedule["JAC-01"][17] < 7.2
    assert naive.base_period_share == 0.0 and naive.energy_cost == Decimal("74.78")


# -- vehicles the night cannot serve ---------------------------------------------------------------
def test_unserved_vehicles_are_named_with_their_reason_and_best_soc_and_the_rest_are_met():
    cars = [
        # Plugged for two 15-minute slots: 2 × 7.2 × 0.25 = 3.6 grid kWh → +0.0552 SOC at most.
        PluggedVehicle("short-stay", 0, 2, 60.0, 0.2, 0.8),
        # Two cars sharing 4 slots at a 7.2 kW site, each needing 3 slots' worth: 2 slots' worth short.
        PluggedVehicle("A", 4, 8, 46.0, 0.1, 0.1 + 3 * 1.8 * 0.92 / 46),
        PluggedVehicle("B", 4, 8, 46.0, 0.1, 0.1 + 3 * 1.8 * 0.92 / 46),
        PluggedVehicle("later", 8, 12, 46.0, 0.5, 0.5 + 4 * 1.8 * 0.92 / 46),  # needs the whole site after 8
        PluggedVehicle("full", 0, 12, 46.0, 0.9, 0.8),  # above its target: needs nothing
    ]
    plan = plan_night(cars, prices=[1.0] * 12, charger_kw=7.2, site_kw=7.2, demand_charge_per_kw_month=0)
    assert plan.unserved["short-stay"] == Unserved(CHARGER_TIME, pytest.approx(0.2 + 3.6 * 0.92 / 60))
    assert plan.schedule["short-stay"][:2] == pytest.approx((7.2, 7.2))
    short = {vid: u for vid, u in plan.unserved.items() if vid != "short-stay"}
    assert short and set(short) <= {"A", "B"} and {u.reason for u in short.values()} == {SITE_LIMIT}
    for vid, unserved in short.items():
        car = next(c for c in cars if c.vehicle_id == vid)
        assert unserved.best_soc == pytest.approx(soc_reached(plan, car, 0.25))
        assert unserved.best_soc < car.target_soc - TOL
    a_and_b_kwh = sum(sum(plan.schedule[v][4:8]) for v in ("A", "B")) * 0.25
    assert a_and_b_kwh == pytest.approx(4 * 1.8)  # the site, full, in their four slots
    assert "later" not in plan.unserved and soc_reached(plan, cars[3], 0.25) >= cars[3].target_soc - TOL
    assert "full" not in plan.unserved and plan.schedule["full"] == (0.0,) * 12
    assert plan.final_soc["full"] == 0.9
    assert_within_limits(plan, cars, 7.2, 7.2, 12)
    # The baseline knows only the charger's limit.
    naive = plan_on_arrival(cars, prices=[1.0] * 12, charger_kw=7.2, site_kw=7.2, demand_charge_per_kw_month=0)
    assert set(naive.unserved) == {"short-stay"}
    assert naive.unserved["short-stay"].reason == CHARGER_TIME


def test_a_charger_time_vehicle_still_gets_all_its_charger_can_give_at_the_cheapest_slots():
    cars = [PluggedVehicle("tight", 0, 4, 60.0, 0.2, 0.9), PluggedVehicle("easy", 0, 8, 60.0, 0.5, 0.6)]
    plan = plan_night(cars, prices=[2.85, 2.85, 1.5, 1.0, 1.0, 1.0, 1.0, 1.0], charger_kw=7.2, site_kw=math.inf,
                      demand_charge_per_kw_month=0)
    assert plan.unserved == {"tight": Unserved(CHARGER_TIME, pytest.approx(0.2 + 4 * 1.8 * 0.92 / 60))}
    assert plan.schedule["tight"][:4] == pytest.approx((7.2,) * 4)
    assert sum(plan.schedule["easy"][:3]) == pytest.approx(0)  # its 6.5 kWh wait for price 1.0
    assert soc_reached(plan, cars[1], 0.25) >= 0.6 - TOL


# -- inputs -----------------------------------------------------------------------------------------
def _plan(cars, **overrides):
    args = dict(prices=[1.0] * 8, charger_kw=7.2, site_kw=50, demand_charge_per_kw_month=275)
    args.update(overrides)
    return plan_night(cars, **args)


@pytest.mark.parametrize("car, overrides, message", [
    (PluggedVehicle("V1", 5, 5, 50, 0.2, 0.8), {}, r"vehicle 'V1': arrival_slot 5 must come before departure_slot 5"),
    (PluggedVehicle("V1", 6, 3, 50, 0.2, 0.8), {}, r"vehicle 'V1': arrival_slot 6 must come before departure_slot 3"),
    (PluggedVehicle("V1", 0, 9, 50, 0.2, 0.8), {}, r"vehicle 'V1': departure_slot 9 .*only 8 prices"),
    (PluggedVehicle("V1", -1, 4, 50, 0.2, 0.8), {}, r"vehicle 'V1': arrival_slot -1 is outside"),
    (PluggedVehicle("V1", 0, 4, 50, 1.2, 0.8), {}, r"vehicle 'V1': arrival_soc 1.2 is outside 0–1"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 80), {}, r"vehicle 'V1': target_soc 80 is outside 0–1"),
    (PluggedVehicle("V1", 0, 4, 50, -0.1, 0.8), {}, r"vehicle 'V1': arrival_soc: -0.1 must be at least 0"),
    (PluggedVehicle("V1", 0, 4, 0, 0.2, 0.8), {}, r"vehicle 'V1': battery_kwh: 0 must be above 0"),
    (PluggedVehicle("V1", 0, 4.5, 50, 0.2, 0.8), {}, r"vehicle 'V1': departure_slot 4.5 is not a slot number"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"charger_kw": -7.2}, r"charger_kw: -7.2 must be above 0"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"site_kw": 0}, r"site_kw: 0 must be above 0"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"month_to_date_peak_kw": -5}, r"month_to_date_peak_kw: -5"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"demand_charge_per_kw_month": -1}, r"demand_charge_per_kw_month"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"efficiency": 1.5}, r"efficiency: 1.5 must be a share"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"prices": []}, r"prices: one MXN/kWh price per slot"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"prices": [1.0, -2.0, 1.0, 1.0]}, r"prices\[1\]"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"periods": ["base"] * 7}, r"periods: .*8 prices, 7 periods"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"periods": ["base"] * 7 + ["punta"]}, r"periods\[7\]: 'punta'"),
    (PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8), {"slot_minutes": 0}, r"slot_minutes"),
])
def test_bad_inputs_are_refused_naming_the_vehicle_and_field(car, overrides, message):
    with pytest.raises(ValueError, match=message):
        _plan([car], **overrides)
    with pytest.raises(ValueError, match=message):
        plan_on_arrival([car], **{**dict(prices=[1.0] * 8, charger_kw=7.2, site_kw=50,
                                         demand_charge_per_kw_month=275), **overrides})


def test_a_vehicle_listed_twice_is_refused():
    car = PluggedVehicle("V1", 0, 4, 50, 0.2, 0.8)
    with pytest.raises(ValueError, match="vehicle 'V1': vehicle_id appears twice"):
        _plan([car, car])


def test_a_target_below_the_arrival_soc_needs_nothing():
    plan = _plan([PluggedVehicle("V1", 0, 4, 50, 0.9, 0.8)], prices=[Decimal("1.50")] * 8)
    assert plan.schedule["V1"] == (0.0,) * 8 and plan.unserved == {} and plan.final_soc["V1"] == 0.9
    assert plan.total_cost == Decimal("0.00") and plan.peak_kw == 0 and plan.base_period_share == 0.0


def test_an_empty_night_costs_nothing():
    plan = _plan([])
    assert plan.schedule == {} and plan.total_cost == Decimal("0.00") and plan.site_kw_by_slot == (0.0,) * 8


def test_any_object_with_the_fields_is_a_vehicle_and_decimal_prices_work():
    class Row:
        vehicle_id, arrival_slot, departure_slot, battery_kwh, arrival_soc, target_soc = 17, 0, 4, 46.0, 0.3, 0.4

    plan = _plan([Row()], prices=[Decimal("2.85"), Decimal("1.00"), Decimal("1.00"), Decimal("1.50")],
                 slot_minutes=60, charger_kw=3, demand_charge_per_kw_month=0)
    kw = plan.schedule[17]
    assert kw[0] == kw[3] == 0 and kw[1] + kw[2] == pytest.approx(5)  # 5 kWh in the two cheapest hours
    assert plan.energy_cost == Decimal("5.00")
