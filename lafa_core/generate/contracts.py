"""Who drives which car when: fleet growth, DaE employment, LTO leases,
credit applications and the weekly LTO payment behaviour behind delinquency.

Each vehicle lives through a sequence of *spells* (one contract each). LTO
repayment follows a latent risk that is partly visible in the application
features (so a credit model can learn it, imperfectly) and partly hidden: the
deposit and the payment's weight on the applicant's platform earnings have a
true effect on it. When the LTO launch came before the window, the book holds
every lease, default and application (declined ones included) since the launch:
the company's credit history does not start with the window.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from lafa_core.credit.policy import age_in_range
from lafa_core.fields import vin_check_digit
from lafa_core.generate.geography import DEPOT_SITES, ZONES, inside_cdmx
from lafa_core.generate.people import PeopleFactory
from lafa_core.fleet.rules import status_after_contract
from lafa_core.ledger import installment_due_offset
from lafa_core.tables import ApplicationStatus, ContractStatus, DriverStatus, Product, VehicleStatus

LTO_LAUNCH = date(2025, 12, 1)  # business.yaml: LTO launched December 2025
LTO_TERM_WEEKS = 208  # 48 months
DEFAULT_AFTER_DAYS_PAST_DUE = 60
UPGRADE_MIN_TENURE_DAYS = 182  # warm start: 6+ months of DaE history
# At the LTO launch, this share of the DaE drivers with 6+ months took up the warm-start offer
# within four weeks (later, about 30 % of those leaving DaE with 6+ months upgrade).
LAUNCH_UPGRADE_SHARE = 0.40
THIN_FILE_LOG_ODDS = math.log(0.60 / 0.40)  # business.yaml: 60 % of applicants have no bureau file
# The latent risk's scale (log-odds of early trouble): its intercept, and the typical approved
# lessee's value, around which payment habits (how late he pays when all is well) are centred.
RISK_INTERCEPT = -2.5
RISK_TYPICAL = -2.4
# When the generated agents chase a late installment (days past due) and by which channel; a
# payer who missed the due date pays a little more often on the first two contacts' days.
CONTACT_DAYS = [(3, "whatsapp"), (7, "call"), (14, "call"), (21, "call"), (28, "visit")]
MAX_DAYS_LATE = 30  # a payer who is not in trouble pays within a month of the due date
RISK_STEEPNESS = 2.6  # how sharply trouble rises with the latent risk

# (oem, model, battery kWh, price MXN, monthly lease MXN, fleet share)
VEHICLE_MODELS = [
    ("JAC", "E10X", 31.4, 400_000, 11_000, 0.30),
    ("JAC", "E40X", 55.0, 560_000, 14_000, 0.20),
    ("Geely", "Geometry E", 39.4, 470_000, 12_500, 0.18),
    ("Geely", "EX2", 40.0, 430_000, 12_000, 0.12),
    ("GAC", "Aion ES", 55.0, 520_000, 15_000, 0.12),
    ("GAC", "Aion Y", 63.2, 620_000, 16_000, 0.08),
]
_WMI = {"JAC": "LJ1", "Geely": "L6T", "GAC": "LMG"}
_VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass
class Calendar:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def date_of(self, day_index: int) -> date:
        return self.start + timedelta(days=int(day_index))

    def index_of(self, day: date) -> int:
        return (day - self.start).days


@dataclass
class Spell:
    vehicle: int  # vehicle index
    driver: int  # driver index
    product: str
    start: int  # day index, may be negative (before the window)
    end: int | None = None  # first day no longer on this contract (None: still running)
    status: str = ContractStatus.ACTIVE.value
    defaulted_on: int | None = None
    application: int | None = None
    weekly_rate_centavos: int = 0
    deposit_centavos: int = 0
    # LTO repayment: installment due day index → paid day index (None = unpaid by the end)
    paid_day: list[int | None] = field(default_factory=list)


@dataclass
class ContractBook:
    calendar: Calendar
    depots: list[dict]
    vehicles: list[dict]
    drivers: list[dict]
    spells: list[Spell]
    applications: list[dict]
    vehicle_end_status: list[str]


def _vin(oem: str, model_index: int, serial: int) -> str:
    """WMI, descriptor, the check digit at position 9 (ISO 3779), then the serial in 8 base-33 characters."""
    digits = []
    n = serial
    for _ in range(8):
        digits.append(_VIN_CHARS[n % len(_VIN_CHARS)])
        n //= len(_VIN_CHARS)
    if n:
        raise ValueError(f"serial {serial} does not fit a VIN")
    head, tail = f"{_WMI[oem]}E{model_index:02d}A0", "".join(reversed(digits))
    return head + vin_check_digit(f"{head}0{tail}") + tail


def _plate(serial: int) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    a, b, c = serial // (23 * 23 * 100) % 23, serial // (23 * 100) % 23, serial // 100 % 23
    return f"{letters[a]}{letters[b]}{letters[c]}-{serial % 100:02d}-{(serial // 10) % 10}{serial % 7}"


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class ContractSimulator:
    def __init__(self, vehicles: int, calendar: Calendar, seed: int):
        self.n_vehicles = vehicles
        self.cal = calendar
        self.rng = np.random.default_rng([seed, 1])
        self.people = PeopleFactory(np.random.default_rng([seed, 2]))
        self.depots: list[dict] = []
        self.vehicles: list[dict] = []
        self.drivers: list[dict] = []
        self.spells: list[Spell] = []
        self.applications: list[dict] = []
        self.vehicle_end_status: list[str] = []
        lto_launch = self.cal.index_of(LTO_LAUNCH)
        self.lto_launch_index = lto_launch

    # --- fleet -----------------------------------------------------------------
    def build_depots(self) -> None:
        count = min(40, max(2, round(self.n_vehicles / 250)))
        for i in range(count):
            name, zone, lat, lon = DEPOT_SITES[i % len(DEPOT_SITES)]
            if i >= len(DEPOT_SITES):  # a second site in the same area
                name = f"{name} {i // len(DEPOT_SITES) + 1}"
                lat += float(self.rng.normal(0, 0.01))
                lon += float(self.rng.normal(0, 0.01))
            self.depots.append({"id": i + 1, "code": f"DEP-{i + 1:02d}", "name": name, "zone": zone,
                                "lat": round(lat, 5), "lon": round(lon, 5),
                                "charger_count": 0, "charger_kw": 7.2})

    def build_vehicles(self) -> None:
        rng, n, days = self.rng, self.n_vehicles, self.cal.days
        shares = np.array([m[5] for m in VEHICLE_MODELS])
        model_index = rng.choice(len(VEHICLE_MODELS), size=n, p=shares / shares.sum())
        initial = max(min(n, 10), round(n * 0.35))
        # Growth accelerates through the window: density rises toward the end.
        entry = np.empty(n, dtype=int)
        entry[:initial] = -rng.integers(30, 540, size=initial)
        entry[initial:] = np.sort((days * np.sqrt(rng.random(n - initial))).astype(int))
        depot_weights = rng.dirichlet(np.full(len(self.depots), 4.0))
        depot = rng.choice(len(self.depots), size=n, p=depot_weights)
        for v in range(n):
            oem, model, kwh, price, _, _ = VEHICLE_MODELS[model_index[v]]
            self.vehicles.append({
                "id": v + 1, "vin": _vin(oem, int(model_index[v]), v + 1), "oem": oem, "model": model,
                "plate": _plate(v + 1), "battery_kwh": kwh, "depot_id": int(depot[v]) + 1,
                "in_service_index": int(entry[v]), "in_service_on": self.cal.date_of(entry[v]),
                "acquisition_cost_centavos": price * 100, "model_index": int(model_index[v]),
                "odometer_km_at_service_start": 0.0,
            })
        for d in self.depots:  # one Level-2 charger per ~3 vehicles at the depot
            d["charger_count"] = max(4, int(np.ceil((depot == d["id"] - 1).sum() / 3)))

    # --- people ----------------------------------------------------------------
    def _new_driver(self, product: str, joined: int, zone_hint: str | None = None, age: int | None = None) -> int:
        rng = self.rng
        age = age if age is not None else int(np.clip(rng.normal(37, 9), 21, 64))
        birth = self.cal.date_of(joined) - timedelta(days=age * 365 + int(rng.integers(0, 365)))
        person = self.people.person(birth)
        if zone_hint is None or (product == Product.DAE.value and rng.random() < 0.5):
            weights = np.array([z[3] for z in ZONES])
            zone = ZONES[int(rng.choice(len(ZONES), p=weights / weights.sum()))]
        else:
            zone = next(z for z in ZONES if z[0] == zone_hint)
        home_lat, home_lon = inside_cdmx(zone[1] + rng.normal(0, 0.012), zone[2] + rng.normal(0, 0.012))
        index = len(self.drivers)
        self.drivers.append({
            "id": index + 1, "code": f"DRV-{index + 1:06d}", **person, "product": product,
            "status": DriverStatus.ACTIVE.value, "zone": zone[0],
            "home_lat": float(home_lat), "home_lon": float(home_lon),
            "joined_on": self.cal.date_of(joined), "has_valid_licence": True,
            "opted_out_of_messages": bool(rng.random() < 0.04), "do_not_contact": bool(rng.random() < 0.01),
            # Hidden traits the simulation uses; never written to the database.
            "productivity": float(np.exp(rng.normal(0.0, 0.17))),
            "morning": bool(rng.random() < 0.6),
        })
        return index

    def _age_on(self, driver: int, day: int) -> int:
        return int((self.cal.date_of(day) - self.drivers[driver]["birth_date"]).days // 365)

    # --- credit applications ------------------------------------------------------
    # Two hidden traits drive an applicant's risk: `means` (savings and household income) and
    # `reliability` (how steadily he works). Every visible feature is a noisy read of them, so the
    # risk is partly visible: bureau score and deposit mostly reflect means; platform rating,
    # tenure and trips, and a DaE driver's goal-met history, mostly reliability.
    def _draw_application_features(self, submitted: int, weekly_rate_centavos: int, warm_driver: int | None,
                                   tenure_days: int) -> tuple[dict, dict]:
        """The application an underwriter sees, and the hidden traits behind it (never written)."""
        rng = self.rng
        means = float(rng.normal())
        if warm_driver is not None:  # his DaE productivity is the reliability the platform data also shows
            reliability = float(np.clip(math.log(self.drivers[warm_driver]["productivity"]) / 0.17, -3, 3))
        else:
            reliability = float(rng.normal())
        thin = bool(rng.random() < _sigmoid(THIN_FILE_LOG_ODDS - 0.5 * means))
        bureau = int(np.clip(640 + 55 * means + 20 * reliability + rng.normal(0, 50), 380, 850))
        trips = int(np.clip(rng.normal(85 + 12 * reliability, 20), 12, 180))
        fare = 95 * float(np.exp(rng.normal(0, 0.12)))
        earnings = int(round(trips * fare)) * 100
        income = earnings / 100 * 4.33 * float(np.exp(rng.normal(0.08 + 0.08 * means, 0.12)))
        # The deposit he offers: what his savings allow (2 to 8 weeks of lease, in 500 MXN steps).
        deposit_weeks = float(np.clip(np.exp(rng.normal(math.log(3.0) + 0.30 * means, 0.25)), 2.0, 8.0))
        deposit = max(2 * weekly_rate_centavos, int(round(deposit_weeks * weekly_rate_centavos / 50_000)) * 50_000)
        features = {
            "age": int(np.clip(rng.normal(37, 9.5), 19, 70)),
            "zone": ZONES[int(rng.integers(0, len(ZONES)))][0],
            "has_valid_licence": bool(rng.random() > 0.02),
            "bureau_score": None if thin else bureau,
            "thin_file": thin,
            "platform_weekly_earnings_centavos": earnings,
            "platform_trips_per_week": trips,
            "platform_rating": round(float(np.clip(5.0 - abs(rng.normal(0.12 - 0.05 * reliability, 0.13)), 4.0, 5.0)), 2),
            "platform_tenure_months": int(np.clip(rng.geometric(1 / (24 * math.exp(0.3 * reliability))), 1, 120)),
            "declared_monthly_income_centavos": int(round(income)) * 100,
            "dependants": int(min(6, rng.poisson(1.6))),
            "dae_driver_id": None, "dae_weeks_employed": 0, "dae_goal_met_rate": None, "dae_incidents": 0,
            "requested_term_weeks": LTO_TERM_WEEKS,
            "requested_deposit_centavos": deposit,
            "requested_weekly_rate_centavos": weekly_rate_centavos,
        }
        if warm_driver is not None:
            driver = self.drivers[warm_driver]
            goal_rate = float(np.clip(_sigmoid((driver["productivity"] - 0.86) / 0.08) + rng.normal(0, 0.05), 0, 1))
            weeks = max(1, tenure_days // 7)
            features.update({
                "dae_driver_id": driver["id"], "dae_weeks_employed": int(weeks),
                "dae_goal_met_rate": round(goal_rate, 3), "dae_incidents": int(rng.poisson(weeks / 40)),
                "age": self._age_on(warm_driver, submitted),
                "zone": driver["zone"],
            })
        return features, {"means": means, "reliability": reliability}

    def _latent_risk(self, f: dict, hidden: dict, deposit_centavos: int) -> float:
        """Log-odds of getting into trouble early in the lease: a visible part (what the application
        shows, including a true effect of the deposit paid and of the payment's weight on the
        applicant's platform earnings) plus the hidden traits and noise."""
        rate = max(f["requested_weekly_rate_centavos"], 1)
        z = RISK_INTERCEPT
        z += 0.35 if f["thin_file"] else -0.9 * (f["bureau_score"] - 640) / 100
        # Payment-to-income: the lease's share of his platform earnings (typical 1 : 2.8).
        z += 1.2 * math.log(rate / max(f["platform_weekly_earnings_centavos"], 1) * 2.8)
        # Skin in the game: a larger deposit lowers the risk (typical 3 weeks of lease).
        z -= 0.7 * math.log(max(deposit_centavos / rate, 1.0) / 3.0)
        z -= 0.45 * (f["platform_rating"] - 4.85) / 0.15
        z -= 0.3 * (math.log1p(f["platform_tenure_months"]) - math.log1p(24))
        z += 0.12 * (f["dependants"] - 1.6)
        z += 0.25 if f["age"] < 25 else 0.0
        if f["dae_driver_id"] is not None:
            z -= 0.3 + 1.5 * ((f["dae_goal_met_rate"] or 0) - 0.7) - 0.15 * f["dae_incidents"]
        z -= 0.3 * hidden["means"] + 0.3 * hidden["reliability"]
        return z + float(self.rng.normal(0, 0.45))

    @staticmethod
    def _manual_policy_score(f: dict) -> float:
        """The pre-scoring manual policy's rough read: bureau, affordability, deposit, DaE history."""
        rate = f["requested_weekly_rate_centavos"]
        score = 0.0 if f["thin_file"] else (f["bureau_score"] - 560) / 150
        score += (f["platform_weekly_earnings_centavos"] / rate - 2.0) / 1.5
        score += 0.15 * (f["requested_deposit_centavos"] / rate - 3)
        score += 0.8 if f["dae_driver_id"] is not None else 0.0
        return score

    @classmethod
    def _manual_policy_approves(cls, f: dict, u: float) -> bool:
        """The pre-scoring manual policy: licence, age, a rough affordability check, noise."""
        if not f["has_valid_licence"] or not age_in_range(f["age"]):
            return False
        return _sigmoid(1.4 + 1.5 * cls._manual_policy_score(f)) > u

    def _application(self, submitted: int, status: str, features: dict, driver: int | None,
                     decided_after_days: int | None) -> int:
        rng = self.rng
        index = len(self.applications)
        person = (self.drivers[driver] if driver is not None
                  else self.people.person(self.cal.date_of(submitted) - timedelta(days=features["age"] * 365 + 100)))
        submitted_at_minutes = int(rng.integers(8 * 60, 21 * 60))
        self.applications.append({
            "id": index + 1, "code": f"APP-{index + 1:06d}", "applicant_name": person["full_name"],
            "curp": person["curp"], "phone": person["phone"],
            "submitted_index": submitted, "submitted_minute": submitted_at_minutes, "status": status,
            "decided_index": None if decided_after_days is None else submitted + decided_after_days,
            # The applicant becomes our driver only once approved and signed.
            "driver_id": None if driver is None or status in (ApplicationStatus.PENDING.value,
                                                              ApplicationStatus.DECLINED.value)
            else self.drivers[driver]["id"], **features,
        })
        return index

    # --- LTO repayment -----------------------------------------------------------
    @staticmethod
    def _days_late_cdf(hazard: float) -> np.ndarray:
        """Cumulative distribution of days late (1 … MAX_DAYS_LATE) of a payer who missed the due
        date: a daily chance of paying, a little higher the day of the collections ladder's first
        two contacts (the WhatsApp notice at 3 days past due, the call at 7) and the day after."""
        days = np.arange(1, MAX_DAYS_LATE + 1)
        nudges = [d for d, _ in CONTACT_DAYS[:2]]
        h = np.clip(hazard * np.select([np.isin(days, nudges), np.isin(days, [d + 1 for d in nudges])], [1.5, 1.2], 1.0),
                    0, 0.95)
        h[-1] = 1.0
        survival = np.concatenate(([1.0], np.cumprod(1 - h)[:-1]))
        return np.cumsum(survival * h)

    def _simulate_repayment(self, spell: Spell, z: float) -> None:
        """Weekly installments; FIFO payments; default at 60+ days past due.

        A lessee is `ok` (pays every week, and clears arrears when he comes back), `stressed`
        (pays now and then, late) or `gone` (stops paying: default follows). Risky lessees start
        stressed more often and get stressed sooner. When ok, his habit decides how late he pays:
        most on the due date or a day or two early (the reminder two days before), the others
        1–3 days late with a tail, sooner for safer lessees."""
        rng, horizon = self.rng, self.cal.days - 1
        paid_day: list[int | None] = [None] * LTO_TERM_WEEKS
        spell.paid_day = paid_day
        weeks = min(LTO_TERM_WEEKS, max(0, (horizon - spell.start) // 7))
        if weeks == 0:
            return
        excess = z - RISK_TYPICAL  # how much riskier than the typical approved lessee
        p_stress_week = 1 - (1 - _sigmoid(RISK_STEEPNESS * (z + 0.5))) ** (1 / 52)
        # Once stressed, a risky lessee gives up sooner and recovers less often.
        p_gone_week = 0.03 + 0.35 * _sigmoid(1.5 * (z + 0.5))
        p_recover_week = 0.22 * (1 - _sigmoid(1.5 * (z + 1.0)))
        p_prompt = _sigmoid(0.8 - 0.5 * excess + rng.normal(0, 0.6))  # pays by the due date when ok
        late_cdf = self._days_late_cdf(_sigmoid(-0.5 - 0.4 * excess + rng.normal(0, 0.5)))
        draws = rng.random((weeks, 4))
        days_late = np.minimum(np.searchsorted(late_cdf, draws[:, 3], side="right") + 1, MAX_DAYS_LATE)
        early = np.where(draws[:, 3] < 0.05, -2, np.where(draws[:, 3] < 0.20, -1, 0))
        unpaid: list[int] = []  # installment numbers not yet paid, oldest first
        last_payment = spell.start
        # Early payment default: some risky lessees struggle from the first week.
        state = "stressed" if rng.random() < 0.75 * _sigmoid(RISK_STEEPNESS * (z + 1.0)) else "ok"
        for k in range(weeks):
            due = spell.start + installment_due_offset(k + 1)
            unpaid.append(k)
            oldest_due = spell.start + installment_due_offset(unpaid[0] + 1)
            if due - oldest_due >= DEFAULT_AFTER_DAYS_PAST_DUE:
                default_day = oldest_due + DEFAULT_AFTER_DAYS_PAST_DUE + int(rng.integers(0, 8))
                if default_day <= horizon:
                    spell.status, spell.defaulted_on, spell.end = ContractStatus.DEFAULTED.value, default_day, default_day
                break
            r = draws[k, 0]
            if state == "ok" and r < p_stress_week:
                state = "stressed"
            elif state == "stressed":
                state = "gone" if r < p_gone_week else ("ok" if r < p_gone_week + p_recover_week else "stressed")
            if state == "ok":
                lateness = int(early[k]) if draws[k, 2] < p_prompt else int(days_late[k])
                pay_count = len(unpaid)  # catch up on arrears when back on track
            elif state == "stressed":
                if draws[k, 1] > 0.4:
                    continue
                lateness, pay_count = 3 + int(days_late[k]), 1
            else:
                continue
            day = max(due + lateness, last_payment)
            if day > horizon:
                continue
            for _ in range(pay_count):
                paid_day[unpaid.pop(0)] = day
            last_payment = day

    # --- spells --------------------------------------------------------------------
    @property
    def history_floor(self) -> int:
        """The first day whose contracts the book holds in full: the window's first day, or the LTO
        launch when that came earlier (the leases, defaults and applications since the launch are
        the company's credit history, even before the window)."""
        return min(0, self.lto_launch_index)

    def history_start(self, in_service: int) -> int:
        """The latest day a vehicle in service since `in_service` (< 0) may have started its
        first contract of the book."""
        return min(0, max(in_service, self.history_floor))

    def _lto_share(self, day: int) -> float:
        if day < self.lto_launch_index:
            return 0.0
        progress = (day - self.lto_launch_index) / max(1, self.cal.days - self.lto_launch_index)
        return 0.60 + 0.25 * min(1.0, progress)

    def _start_lto(self, vehicle: int, day: int, warm_driver: int | None, tenure_days: int) -> Spell:
        rng = self.rng
        v = self.vehicles[vehicle]
        monthly = VEHICLE_MODELS[v["model_index"]][4] * float(rng.uniform(0.95, 1.05))
        weekly = int(round(monthly * 12 / 52 / 10)) * 10 * 100
        while True:  # declined applicants before the one who got the car
            features, hidden = self._draw_application_features(day - int(rng.integers(3, 12)), weekly, warm_driver,
                                                               tenure_days)
            if self._manual_policy_approves(features, float(rng.random())):
                break
            if warm_driver is not None:  # we upgrade a known DaE driver only once he qualifies: no declined record
                continue
            self._application(day - int(rng.integers(5, 30)), ApplicationStatus.DECLINED.value, features, None,
                              int(rng.integers(1, 4)))
        driver = (warm_driver if warm_driver is not None
                  else self._new_driver(Product.LTO.value, day, features["zone"], features["age"]))
        self.drivers[driver]["product"] = Product.LTO.value
        # The marginal applicants are approved on condition of a double deposit.
        conditions = rng.random() < _sigmoid(-0.8 - 0.8 * self._manual_policy_score(features))
        application = self._application(
            day - int(rng.integers(3, 12)),
            (ApplicationStatus.APPROVED_WITH_CONDITIONS if conditions else ApplicationStatus.APPROVED).value,
            features, driver, int(rng.integers(1, 3)))
        deposit = features["requested_deposit_centavos"] * (2 if conditions else 1)
        spell = Spell(vehicle=vehicle, driver=driver, product=Product.LTO.value, start=day,
                      application=application, weekly_rate_centavos=weekly, deposit_centavos=deposit)
        self._simulate_repayment(spell, self._latent_risk(features, hidden, deposit))
        return spell

    def _start_dae(self, vehicle: int, day: int) -> Spell:
        zone = self.depots[self.vehicles[vehicle]["depot_id"] - 1]["zone"]
        driver = self._new_driver(Product.DAE.value, max(day, self.vehicles[vehicle]["in_service_index"]), zone)
        return Spell(vehicle=vehicle, driver=driver, product=Product.DAE.value, start=day,
                     weekly_rate_centavos=250_000)

    def build_spells(self) -> None:
        rng, horizon = self.rng, self.cal.days
        for v, vehicle in enumerate(self.vehicles):
            day = vehicle["in_service_index"]
            if day < 0:  # already on the road when the window opens: a contract under way since before,
                # and when LTO launched before the window, the vehicle's contracts since the launch.
                day = int(rng.integers(day, self.history_start(day) + 1))
            next_product = None
            upgrade_driver, tenure = None, 0
            end_status = VehicleStatus.AVAILABLE.value
            while day < horizon:
                product = next_product or (Product.LTO.value if rng.random() < self._lto_share(day)
                                           else Product.DAE.value)
                if product == Product.LTO.value:
                    spell = self._start_lto(v, day, upgrade_driver, tenure)
                else:
                    spell = self._start_dae(v, day)
                self.spells.append(spell)
                next_product, upgrade_driver, tenure = None, None, 0
                if spell.product == Product.LTO.value:
                    end_status = status_after_contract(spell.status)
                    if spell.status != ContractStatus.DEFAULTED.value:
                        break
                    self.drivers[spell.driver]["status"] = DriverStatus.DEFAULTED.value
                    # Recovery (GPS, 10–25 days) then refurbish (10–30 days) before the next contract.
                    day = spell.end + int(rng.integers(10, 26)) + int(rng.integers(10, 31))
                    continue
                tenure_end = spell.start + int(rng.geometric(1 / 280))
                if tenure_end < self.history_floor:  # under way when the history starts: memoryless from there
                    tenure_end = self.history_floor + int(rng.geometric(1 / 280))
                launch = self.lto_launch_index
                campaign = (spell.start + UPGRADE_MIN_TENURE_DAYS <= launch < min(tenure_end, horizon)
                            and age_in_range(self._age_on(spell.driver, launch))
                            and rng.random() < LAUNCH_UPGRADE_SHARE)
                if campaign:  # took up the warm-start offer at the launch
                    tenure_end = min(tenure_end, launch + int(rng.integers(0, 28)))
                if tenure_end >= horizon:
                    end_status = status_after_contract(spell.status)
                    break
                spell.end = max(tenure_end, spell.start + 7)
                tenure = spell.end - spell.start
                upgrade = campaign or (tenure >= UPGRADE_MIN_TENURE_DAYS and spell.end >= launch and rng.random() < 0.3
                                       and age_in_range(self._age_on(spell.driver, spell.end)))
                if upgrade:
                    spell.status = ContractStatus.COMPLETED.value
                    next_product, upgrade_driver, day = Product.LTO.value, spell.driver, spell.end
                else:
                    spell.status = ContractStatus.TERMINATED.value
                    self.drivers[spell.driver]["status"] = DriverStatus.INACTIVE.value
                    day = spell.end + int(rng.integers(2, 11))
                    end_status = status_after_contract(spell.status)
            self.vehicle_end_status.append(end_status)

    def build_pending_applications(self) -> None:
        """The queue an analyst opens on Monday: applications of the last ten days."""
        rng, horizon = self.rng, self.cal.days
        active_dae = [s for s in self.spells if s.product == Product.DAE.value and s.end is None
                      and horizon - s.start >= UPGRADE_MIN_TENURE_DAYS]
        count = max(15, round(self.n_vehicles * 0.04))
        for _ in range(count):
            submitted = horizon - 1 - int(rng.integers(0, 10))
            weekly = int(round(VEHICLE_MODELS[int(rng.integers(0, len(VEHICLE_MODELS)))][4] * 12 / 52 / 10)) * 1000
            warm = active_dae[int(rng.integers(0, len(active_dae)))] if active_dae and rng.random() < 0.2 else None
            features, _ = self._draw_application_features(
                submitted, weekly, None if warm is None else warm.driver,
                0 if warm is None else submitted - warm.start)
            self._application(submitted, ApplicationStatus.PENDING.value, features,
                              None if warm is None else warm.driver, None)

    def run(self) -> ContractBook:
        self.build_depots()
        self.build_vehicles()
        self.build_spells()
        self.build_pending_applications()
        return ContractBook(self.cal, self.depots, self.vehicles, self.drivers, self.spells,
                            self.applications, self.vehicle_end_status)
