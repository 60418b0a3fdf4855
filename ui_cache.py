"""The only home of st.cache_*: shared resources and cached query wrappers.

Pages call these; each wrapper is a thin pass-through to a lafa_core service so
the domain stays free of Streamlit. Group wrappers by capability below.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from lafa_core.config import get_settings
from lafa_core.db import DatabaseState, database_state, get_engine
from lafa_core.uow import UnitOfWork


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return get_engine(url)


def engine() -> Engine:
    # Keyed by URL so a changed LAFA_DATABASE_URL (tests, admin) gets its own engine.
    return _engine_for(get_settings().database_url)


def current_database_state() -> DatabaseState:
    # Not cached: a database built or restarted meanwhile must be seen on the next rerun.
    return database_state(engine())


# --- home / executive KPIs ------------------------------------------------------------
@st.cache_data(ttl=600, show_spinner=False)
def data_as_of(database_url: str):
    from lafa_core.kpis import data_as_of as build

    return build(UnitOfWork(_engine_for(database_url)))


@st.cache_data(ttl=600, show_spinner=False)
def executive_summary(database_url: str, start, end, product: str | None):
    from lafa_core.kpis import Period, executive_summary as build

    return build(UnitOfWork(_engine_for(database_url)), Period(start, end), product)


@st.cache_data(ttl=600, show_spinner=False)
def bucket_contracts(database_url: str, as_of, bucket: str):
    from lafa_core.kpis.service import bucket_contracts as build

    return build(UnitOfWork(_engine_for(database_url)), as_of, bucket)


# A resource, not data: Plotly builds a figure slowly (a third of the home page's time at sign-in),
# and every session draws the same one; st.plotly_chart only reads it.
@st.cache_resource(ttl=600, show_spinner=False, max_entries=32)
def home_trends_figure(database_url: str, start, end, product: str | None, lang: str):
    from lafa_core.kpis.charts import trends_figure

    weekly = executive_summary(database_url, start, end, product).weekly
    trend_columns = [c for c in ("fleet", "revenue_centavos", "utilization", "on_time_rate", "par30", "average_soh")
                     if c in weekly.columns]
    return trends_figure(weekly, trend_columns, lang)


@st.cache_data(ttl=600, show_spinner=False)
def kpi_pack(database_url: str, start, end, product: str | None, lang: str) -> bytes:
    from lafa_core.kpis.export import kpi_pack_workbook

    return kpi_pack_workbook(executive_summary(database_url, start, end, product), lang)


# --- roadmap ---------------------------------------------------------------------------
@st.cache_data(ttl=600, show_spinner=False)
def roadmap_overview(database_url: str, fleet: int, engineer_monthly_cost: int):
    """The roadmap page's figures; measured values refresh every ten minutes."""
    from decimal import Decimal

    from lafa_core.roadmap import roadmap_overview as build

    return build(UnitOfWork(_engine_for(database_url)), fleet=fleet, engineer_monthly_cost=Decimal(engineer_monthly_cost))


@st.cache_data(ttl=600, show_spinner=False)
def roadmap_measured_fleet(database_url: str) -> int | None:
    """The fleet in service on the data's as-of day (the roadmap's fleet input starts there)."""
    from lafa_core.roadmap.service import measure_assumptions

    measured = measure_assumptions(UnitOfWork(_engine_for(database_url)))
    return None if measured is None else measured.fleet


@st.cache_data(ttl=600, show_spinner=False)
def roadmap_workbook(database_url: str, fleet: int, engineer_monthly_cost: int, measured: bool, lang: str) -> bytes:
    """The ROI workbook behind the page's download buttons (the strategy's or the measured figures)."""
    from lafa_core.roadmap import load_strategy, roi_workbook

    overview = roadmap_overview(database_url, fleet, engineer_monthly_cost)
    roi = overview.measured_roi if measured else overview.roi
    return roi_workbook(load_strategy(), roi, lang=lang)


# --- credit (Track C: LTO credit decisions) ---------------------------------------------
@st.cache_data(ttl=300, show_spinner=False)
def credit_queue(database_url: str, model_version: str, _model):
    from lafa_core.credit import pending_queue
    from lafa_core.uow import UnitOfWork

    return pending_queue(UnitOfWork(_engine_for(database_url)), _model)


@st.cache_data(ttl=600, show_spinner=False)
def credit_monitoring(database_url: str, model_version: str, _model):
    from lafa_core.credit import monitoring
    from lafa_core.uow import UnitOfWork

    return monitoring(UnitOfWork(_engine_for(database_url)), _model)


# --- collections -----------------------------------------------------------------------
def _at(database_url: str, now) -> UnitOfWork:
    from lafa_core.clock import FixedClock

    return UnitOfWork(_engine_for(database_url), clock=FixedClock(now))


@st.cache_resource(show_spinner=False, ttl=6 * 3600)
def collections_roll_model(database_url: str, day: str, _now):
    """Today's roll predictor (loaded from models/ or trained once a day)."""
    from lafa_core.collections import roll_model

    return roll_model(_at(database_url, _now))


@st.cache_data(ttl=60, show_spinner=False)
def collections_publish(database_url: str, minute: str, _now) -> int:
    """Rebuild and publish the call queue at most once a minute (claims are kept)."""
    from lafa_core.collections import refresh_queue

    model = collections_roll_model(database_url, _now.date().isoformat(), _now)
    return refresh_queue(_at(database_url, _now), model=model)


@st.cache_data(ttl=600, show_spinner=False)
def collections_supervisor_report(database_url: str, day: str, _now):
    from lafa_core.collections import supervisor_report

    return supervisor_report(_at(database_url, _now))


@st.cache_data(ttl=600, show_spinner=False)
def credit_similar(database_url: str, model_version: str, application_id: int, _model):
    from lafa_core.credit import similar_applicants
    from lafa_core.uow import UnitOfWork

    return similar_applicants(UnitOfWork(_engine_for(database_url)), _model, application_id)


# --- finance -----------------------------------------------------------------------------
# A resource, not data: the loan book of 2,000 vehicles is ~1,500 statements with their schedules,
# and st.cache_data would unpickle a copy on every rerun (0.8 s). Pages only read it.
@st.cache_resource(ttl=300, show_spinner=False, max_entries=8)
def _per_data_day(what: str, database_url: str, as_of, _uow):
    from lafa_core.finance.service import loan_book
    from lafa_core.insurance.service import renewals

    return {"loan_book": loan_book, "renewals": renewals}[what](_uow)


def finance_loan_book(database_url: str, uow):
    """(as-of day, every active LTO lease's statement), computed once per data day; `uow` acts as
    the signed-in user (the service checks the role before the first computation)."""
    return _per_data_day("loan_book", database_url, data_as_of(database_url), uow)


def insurance_renewals(database_url: str, uow):
    """(as-of day, vehicles uninsured or due for renewal), computed once per data day, as above."""
    return _per_data_day("renewals", database_url, data_as_of(database_url), uow)


# --- battery health ----------------------------------------------------------------------------
@st.cache_data(ttl=3600, show_spinner=False, max_entries=4)
def _battery_report(database_url: str, as_of, seed: int):
    from lafa_core.battery import battery_report

    return battery_report(UnitOfWork(_engine_for(database_url)), seed=seed)


def battery_report(database_url: str):
    """The fleet's battery report (fits, anomalies, projections, residual values), computed once per
    data day: a new day of telemetry (a new as-of day) computes it again."""
    return _battery_report(database_url, data_as_of(database_url), get_settings().random_seed)


# --- fleet (Track A: map, maintenance, incidents, insurance) ---------------------------------------
@st.cache_data(ttl=600, show_spinner=False, max_entries=32)
def _fleet(what: str, database_url: str, version: tuple, role: str, _uow):
    from lafa_core.fleet import service

    build = {"maintenance": service.maintenance_overview, "map": service.fleet_map,
             "incidents": service.incident_overview, "insurance": service.insurance_overview}[what]
    return build(_uow)


def fleet_view(what: str, database_url: str, uow):
    """A fleet page's figures, computed once per (data day, fleet writes, role): `uow` acts as the
    signed-in user, whose role decides which positions and names the result holds."""
    from lafa_core.fleet.service import fleet_version

    version = fleet_version(UnitOfWork(_engine_for(database_url)))
    return _fleet(what, database_url, version, str(getattr(uow.actor, "role", "")), uow)
