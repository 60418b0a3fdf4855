"""Page chrome shared by every page: language, translated text, the database guard."""
from __future__ import annotations

import streamlit as st

from lafa_core.config import get_settings
from lafa_core.db import DatabaseState
from lafa_core.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from ui_cache import current_database_state, engine

BUILD_COMMAND = "python -m lafa_core.generate --vehicles 500 --weeks 52 --seed 42"
MIGRATE_COMMAND = "python -m lafa_core.migrate"


def lang() -> str:
    return st.session_state.get("lang", get_settings().language or DEFAULT_LANGUAGE)


def tr(key: str, **values) -> str:
    """Translate into the language chosen in the sidebar."""
    return t(key, lang(), **values)


def language_selector() -> None:
    choices = list(LANGUAGES)
    st.sidebar.selectbox(
        t("app.language", lang()),
        choices,
        index=choices.index(lang()),
        format_func=LANGUAGES.get,
        key="lang",
    )


def require_database():
    """Stop the page with a message saying what to do unless the database is ready.
    Returns the engine when it is."""
    state = current_database_state()
    if state is DatabaseState.READY:
        return engine()
    if state is DatabaseState.UNREACHABLE:
        url = engine().url.render_as_string(hide_password=True)
        st.error(tr("guard.unreachable", url=url))
    elif state is DatabaseState.OUTDATED:
        st.warning(tr("guard.outdated", command=MIGRATE_COMMAND))
    elif state is DatabaseState.NO_SCHEMA:
        st.info(tr("guard.no_schema", command=BUILD_COMMAND))
    else:
        st.info(tr("guard.empty", command=BUILD_COMMAND))
    st.stop()
