"""A tiny company small enough to compute every KPI by hand.

Week under test: Monday 2026-01-05 to Sunday 2026-01-11.
- V1 on a DaE contract (driver D1): six shifts that week, 1,200 MXN billed each;
  200 km Monday–Saturday, 0 on Sunday; SOH 98.0 on Sunday.
- V2 on LTO contract C2 (3,000 MXN a week, from 2025-12-01): every installment
  paid on its due date (12-08 … 01-05); 150 km every day; SOH 97.0.
  One depot charge on 01-06: 20 kWh, cost 30 MXN, sold for 40.50 MXN.
- V3 on LTO contract C3 (2,500 MXN a week, from 2025-11-24): paid only the first
  installment (12-01); 100 km on five days; SOH 95.0.
- V4 in service with no contract, never driven; SOH 89.0.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from lafa_core.config import LOCAL_TZ
from lafa_core.kpis import refresh_weekly_rollup
from lafa_core.clock import FixedClock
from lafa_core.identity import Actor
from lafa_core.uow import UnitOfWork
from lafa_core.tables import (
    ChargingSession, Contract, Depot, Driver, Installment, Payment, Shift, TelemetryDaily, Vehicle,
)

WEEK_START = date(2026, 1, 5)
WEEK_END = date(2026, 1, 11)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def driver(i: int, product: str, joined_on: date = date(2025, 11, 20), name: str = "Conductor") -> Driver:
    """Driver `i` (code DRV-00000i) with placeholder identifiers."""
    return Driver(id=i, code=f"DRV-{i:06d}", full_name=f"{name} {i}", curp=f"CURP{i:014d}", rfc=f"RFC{i:010d}",
                  phone=f"+52 55 0000 000{i}", birth_date=date(1990, 1, i), product=product, status="active",
                  zone="Iztapalapa", home_lat=19.35, home_lon=-99.06, joined_on=joined_on)


def _lease(contract_id: int, driver_id: int, vehicle_id: int, start: date, weekly: int, paid_seqs: set[int],
           session: Session) -> None:
    """A 208-week lease with its whole schedule; the installments in `paid_seqs` paid on their due date."""
    session.add(Contract(id=contract_id, code=f"LTO-{contract_id}", driver_id=driver_id, vehicle_id=vehicle_id,
                         product="LTO", kind="lease", start_on=start, term_weeks=208, weekly_rate_centavos=weekly,
                         status="active"))
    session.flush()
    for seq in range(1, 209):
        due = start + timedelta(days=7 * seq)
        paid = seq in paid_seqs
        session.add(Installment(contract_id=contract_id, seq=seq, due_on=due, amount_centavos=weekly,
                                paid_centavos=weekly if paid else 0, paid_on=due if paid else None))
        if paid:
            session.add(Payment(contract_id=contract_id, paid_at=local(due, 12), paid_on=due,
                                amount_centavos=weekly, method="spei"))


def build_tiny_company(engine) -> None:
    with Session(engine) as session:
        session.add(Depot(id=1, code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16,
                          charger_count=4, charger_kw=7.2))
        session.flush()
        for i in range(1, 5):
            session.add(Vehicle(id=i, vin=f"VIN{i:014d}", oem="JAC", model="E10X", plate=f"AAA-0{i}-00",
                                battery_kwh=31.4, status="assigned" if i < 4 else "available", depot_id=1,
                                in_service_on=date(2025, 11, 1), acquisition_cost_centavos=40_000_000))
        session.add_all([driver(1, "DaE"), driver(2, "LTO"), driver(3, "LTO")])
        session.flush()
        session.add(Contract(id=1, code="DAE-1", driver_id=1, vehicle_id=1, product="DaE", kind="employment",
                             start_on=date(2025, 12, 1), weekly_rate_centavos=250_000, status="active"))
        _lease(2, 2, 2, date(2025, 12, 1), 300_000, {1, 2, 3, 4, 5}, session)
        _lease(3, 3, 3, date(2025, 11, 24), 250_000, {1}, session)
        for offset in range(7):
            day = WEEK_START + timedelta(days=offset)
            sunday = offset == 6
            if not sunday:
                session.add(Shift(driver_id=1, vehicle_id=1, depot_id=1, work_date=day, starts_at=local(day, 6),
                                  ends_at=local(day, 15), hours=9.0, trip_count=11, billed_centavos=120_000))
            readings = {1: (0.0 if sunday else 200.0, 98.0), 2: (150.0, 97.0),
                        3: (100.0 if offset < 5 else 0.0, 95.0), 4: (0.0, 89.0)}
            for vehicle_id, (km, soh) in readings.items():
                session.add(TelemetryDaily(vehicle_id=vehicle_id, day=day, km=km, odometer_km=1000 + km,
                                           soc_end_pct=80.0, soh_pct=soh, max_battery_temp_c=30.0,
                                           lat=19.4, lon=-99.1))
        session.add(ChargingSession(vehicle_id=2, depot_id=1, driver_id=2, product="LTO", charge_date=date(2026, 1, 6),
                                    started_at=local(date(2026, 1, 6), 10), ended_at=local(date(2026, 1, 6), 13),
                                    energy_kwh=20.0, tariff_period="intermediate", cost_centavos=3_000,
                                    price_centavos=4_050))
        session.commit()
    refresh_weekly_rollup(UnitOfWork(engine))


def uow(engine, actor: str | None = None, at: datetime | None = None, role: str | None = None,
        user_id: int | None = None) -> UnitOfWork:
    """A unit of work on `engine`, acting as `actor` in `role`, its wall clock stopped at `at` (default: now)."""
    return UnitOfWork(engine, actor=None if actor is None else Actor(actor, role, user_id),
                      clock=FixedClock(at) if at is not None else None)


def signed_in(engine, role: str, username: str | None = None) -> str:
    """A user of `role` (user name: the role's, unless given) with a live session opened now;
    returns the session id a page reads from session state."""
    import secrets

    from lafa_core.clock import SystemClock
    from lafa_core.tables import AppUser, UserSession

    now = SystemClock().now()
    name = username or role
    with Session(engine) as session:
        user = session.exec(select(AppUser).where(AppUser.username == name)).first()
        if user is None:
            user = AppUser(username=name, display_name=name.replace("_", " ").title(), role=role, created_at=now)
            session.add(user)
            session.flush()
        session_id = secrets.token_urlsafe(32)
        session.add(UserSession(id=session_id, user_id=user.id, created_at=now, last_seen_at=now))
        session.commit()
    return session_id


def page_as(path: str, engine, role: str | None, username: str | None = None, timeout: int = 60, **state):
    """An AppTest of a page (or app.py) signed in as `role` (None: nobody signed in), not yet run."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(path), default_timeout=timeout)
    if role is not None:
        app.session_state["lafa_session"] = signed_in(engine, role, username)
    for key, value in state.items():
        app.session_state[key] = value
    return app


@contextmanager
def unit_of_work(engine):
    """Fixture data in one transaction: commits when the block succeeds (services use lafa_core.uow)."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.commit()


# --- what a page shows, for the language checks -------------------------------------------
def screen_texts(at) -> list[str]:
    """Every text an AppTest run shows: titles, headings, captions, notices, metrics, widget
    labels and options, and table headers."""
    texts = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        texts += [element.value for element in getattr(at, kind)]
    texts += [text for m in at.metric for text in (m.label, str(m.value))]
    for kind in ("button", "selectbox", "radio", "multiselect", "number_input", "text_input", "text_area", "checkbox",
                 "toggle", "date_input"):
        for widget in getattr(at, kind):
            texts.append(widget.label)
            texts += [str(option) for option in getattr(widget, "options", [])]
    texts += [str(column) for frame in at.dataframe for column in frame.value.columns]
    return [text for text in texts if text]


def assert_english_screen(at) -> None:
    """An English screen: no Spanish catalogue text (a text the two catalogues word differently), no
    "None", no raw column name."""
    import re

    from lafa_core.i18n import CATALOGS

    spanish = {value for key, value in CATALOGS["es"].items()
               if isinstance(value, str) and "{" not in value and len(value) > 3 and value != CATALOGS["en"].get(key)}
    texts = screen_texts(at)
    assert texts, "nothing on screen"
    assert [text for text in texts if text.strip() in spanish] == []
    assert [text for text in texts if re.search(r"\bNone\b", text)] == []
    assert [column for frame in at.dataframe for column in frame.value.columns
            if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", str(column))] == []
