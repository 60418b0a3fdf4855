"""The only home of st.cache_*: shared resources and cached query wrappers.

Pages call these; each wrapper is a thin pass-through to a lafa_core service so
the domain stays free of Streamlit. Group wrappers by capability below.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from lafa_core.config import get_settings
from lafa_core.db import DatabaseState, database_state, get_engine


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return get_engine(url)


def engine() -> Engine:
    # Keyed by URL so a changed LAFA_DATABASE_URL (tests, admin) gets its own engine.
    return _engine_for(get_settings().database_url)


def current_database_state() -> DatabaseState:
    # Not cached: a database built or restarted meanwhile must be seen on the next rerun.
    return database_state(engine())
