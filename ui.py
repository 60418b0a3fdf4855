"""Page chrome shared by every page: language, translated text, the database guard."""
from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.pages_manager import PagesManager

from lafa_core.config import ConfigError, get_settings, preferred_language
from lafa_core.db import BUILD_COMMAND, MIGRATE_COMMAND, DatabaseState, missing_tables, sqlite_file
from lafa_core.errors import error_text
from lafa_core.i18n import LANGUAGES, t
from ui_cache import current_database_state, engine

# With a pages/ folder, Streamlit answers the very first request of a fresh server with its
# legacy file-based menu when that request is a deep link (/credit): app.py's navigation never
# runs. Every page imports this module, so the first run switches the server to app.py for good.
if PagesManager.uses_pages_directory:
    PagesManager.uses_pages_directory = False
    st.rerun()


# Who uses the app; the sidebar's role choice narrows the navigation to their pages.
ROLES = ("executive", "credit_analyst", "collections_agent", "collections_supervisor", "fleet_ops", "finance")

# Navigation registry, grouped by track: (page file, title key, icon, roles that use it).
# Add a page here once it exists; empty groups are not shown.
NAVIGATION: dict[str, list[tuple[str, str, str, tuple[str, ...]]]] = {
    "nav.foundation": [
        ("pages/home.py", "home.title", ":material/monitoring:", ROLES),
    ],
    "nav.dae": [],
    "nav.lto": [
        ("pages/credit.py", "credit.title", ":material/credit_score:", ("credit_analyst", "finance")),
    ],
    "nav.cross": [
        ("pages/collections.py", "collections.title", ":material/support_agent:",
         ("collections_agent", "collections_supervisor")),
        ("pages/collections_supervisor.py", "collections.supervisor.title", ":material/supervisor_account:",
         ("collections_supervisor", "executive")),
        ("pages/roadmap.py", "roadmap.title", ":material/route:", ("executive", "finance")),
    ],
}


def visible_navigation(role: str | None) -> dict[str, list[tuple[str, str, str]]]:
    """The groups and pages a role uses (every page when role is None); empty groups dropped."""
    groups = {group: [(path, title, icon) for path, title, icon, roles in entries if role is None or role in roles]
              for group, entries in NAVIGATION.items()}
    return {group: entries for group, entries in groups.items() if entries}


def lang() -> str:
    chosen = st.session_state.get("lang")
    if chosen in LANGUAGES:
        return chosen
    try:
        return get_settings().language
    except ConfigError:  # a wrong setting: the page's guard says which; the chrome still needs a language
        return preferred_language()


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


def role_selector() -> str | None:
    """The role whose pages to show; None shows every page."""
    choices = [None, *ROLES]
    return st.sidebar.selectbox(tr("app.role"), choices, key="role",
                                format_func=lambda r: tr("role.all") if r is None else tr(f"role.{r}"))


def require_database():
    """Stop the page with a message saying what to do unless the settings are valid and the
    database is ready. Returns the engine when it is."""
    try:
        state = current_database_state()
        if state is DatabaseState.READY:
            return engine()
        _show_state(state)
    except ConfigError as error:
        st.error(tr("guard.config", error=error_text(error, lang())))
    st.stop()


def _show_state(state: DatabaseState) -> None:
    if state is DatabaseState.UNREACHABLE:
        url = engine().url.render_as_string(hide_password=True)
        st.error(tr("guard.unreachable", url=url))
    elif state is DatabaseState.CORRUPT:
        st.error(tr("guard.corrupt", path=sqlite_file(engine())))
    elif state is DatabaseState.MISSING_TABLE:
        try:
            tables = ", ".join(missing_tables(engine()))
        except SQLAlchemyError:
            tables = "?"
        st.error(tr("guard.missing_table", tables=tables, migrate=MIGRATE_COMMAND, command=f"{BUILD_COMMAND} --replace"))
    elif state is DatabaseState.OUTDATED:
        st.warning(tr("guard.outdated", command=MIGRATE_COMMAND))
    elif state is DatabaseState.NO_SCHEMA:
        st.info(tr("guard.no_schema", command=BUILD_COMMAND))
    else:
        st.info(tr("guard.empty", command=BUILD_COMMAND))
