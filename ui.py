"""Page chrome shared by every page: language, translated text, the database guard, and the
signed-in user (sign-in form, session cookie, permission to open the page)."""
from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.pages_manager import PagesManager

from lafa_core.clock import SystemClock
from lafa_core.config import LOCAL_TZ
from lafa_core.config import ConfigError, get_settings, preferred_language
from lafa_core.uow import UnitOfWork
from lafa_core.users import (
    Action, Page, Role, SessionEnded, SignedIn, SignInRefused, can, can_open, provider_sign_in, resume, sign_in,
    sign_out,
)
from lafa_core.users.session_cookie import COOKIE_NAME, sign, unsign
from lafa_core.db import BUILD_COMMAND, MIGRATE_COMMAND, DatabaseState, missing_tables, sqlite_file
from lafa_core.errors import error_text
from lafa_core.i18n import LANGUAGES, t
from ui_cache import current_database_state, engine


def take_over_navigation() -> None:
    """With a pages/ folder, Streamlit answers the very first request of a fresh server with its
    legacy file-based menu when that request is a deep link (/credit): app.py's navigation never
    runs. app.py and every page (through `page`) call this first, so the first run switches the
    server to app.py for good. Called, not done at import: a rerun raised while this module is
    being imported would leave other sessions' concurrent first imports with half a module."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


# Navigation registry, grouped by track: (page file, page, title key, icon). Who may open each
# page is decided in lafa_core.users.roles; add a page here once it exists.
HOME_PATH = "pages/home.py"
NAVIGATION: dict[str, list[tuple[str, Page, str, str]]] = {
    "nav.foundation": [
        ("pages/home.py", Page.HOME, "home.title", ":material/monitoring:"),
    ],
    "nav.fleet": [
        ("pages/fleet_map.py", Page.FLEET_MAP, "fleet.map.title", ":material/map:"),
        ("pages/vehicle.py", Page.VEHICLE, "fleet.story.title", ":material/directions_car:"),
        ("pages/maintenance.py", Page.MAINTENANCE, "fleet.maintenance.title", ":material/build:"),
        ("pages/incidents.py", Page.INCIDENTS, "fleet.incidents.title", ":material/car_crash:"),
        ("pages/insurance.py", Page.INSURANCE, "fleet.insurance.title", ":material/shield:"),
        ("pages/battery.py", Page.BATTERY, "battery.title", ":material/battery_profile:"),
    ],
    "nav.dae": [
        ("pages/payroll.py", Page.PAYROLL, "payroll.title", ":material/payments:"),
        ("pages/charging.py", Page.CHARGING, "charging.title", ":material/ev_station:"),
        ("pages/dispatch.py", Page.DISPATCH, "dispatch.title", ":material/assignment_ind:"),
    ],
    "nav.lto": [
        ("pages/credit.py", Page.CREDIT, "credit.title", ":material/credit_score:"),
    ],
    "nav.cross": [
        ("pages/collections.py", Page.COLLECTIONS, "collections.title", ":material/support_agent:"),
        ("pages/collections_supervisor.py", Page.COLLECTIONS_SUPERVISOR, "collections.supervisor.title",
         ":material/supervisor_account:"),
        ("pages/roadmap.py", Page.ROADMAP, "roadmap.title", ":material/route:"),
        ("pages/finance.py", Page.FINANCE, "finance.title", ":material/account_balance:"),
        ("pages/imports.py", Page.IMPORTS, "ingest.title", ":material/upload_file:"),
        ("pages/admin.py", Page.ADMIN, "admin.title", ":material/admin_panel_settings:"),
    ],
}


def landing_path(role: str, *, at_home: bool) -> str | None:
    """The page file to open on the first run after signing in: the role's landing page when the
    request was for the home page (a deep link opens what it names); None to stay."""
    from lafa_core.users.roles import LANDING

    if not st.session_state.pop(JUST_SIGNED_IN, False) or not at_home:
        return None
    landing = LANDING.get(Role(role)) if role in {r.value for r in Role} else None
    return next((path for entries in NAVIGATION.values() for path, page, _, _ in entries
                 if page is landing and can_open(role, page)), None)


def visible_navigation(role: str | None) -> dict[str, list[tuple[str, str, str]]]:
    """The groups and pages a role may open; empty groups dropped. No role, no pages."""
    groups = {group: [(path, title, icon) for path, page, title, icon in entries if can_open(role, page)]
              for group, entries in NAVIGATION.items()}
    return {group: entries for group, entries in groups.items() if entries}


LANGUAGE_COOKIE = "lafa_lang"  # the browser remembers the language chosen, across reloads and deep links


def _remembered_language() -> str:
    """The language this browser chose before (its cookie), else the configured one."""
    if (remembered := st.context.cookies.get(LANGUAGE_COOKIE)) in LANGUAGES:
        return remembered
    try:
        return get_settings().language
    except ConfigError:  # a wrong setting: the page's guard says which; the chrome still needs a language
        return preferred_language()


def lang() -> str:
    chosen = st.session_state.get("lang")
    return chosen if chosen in LANGUAGES else _remembered_language()


def tr(key: str, **values) -> str:
    """Translate into the language chosen in the sidebar."""
    return t(key, lang(), **values)


_UNSET = object()


def language_key(name: str, default=_UNSET) -> str:
    """The key of a widget whose options are labelled in the user's language: one per language (a
    keyed widget keeps the labels it was made with, so after a switch it must be a new widget),
    carrying the user's choice across the switch. The page passes no `index`/`default` to it."""
    key = f"{name}.{lang()}"
    if key not in st.session_state:
        # The other language's widget, not drawn in this run, is dropped by Streamlit after it.
        chosen = next((st.session_state[f"{name}.{other}"] for other in LANGUAGES
                       if f"{name}.{other}" in st.session_state), default)
        if chosen is not _UNSET:
            st.session_state[key] = chosen
    return key


def language_selector() -> None:
    choices = list(LANGUAGES)
    st.sidebar.selectbox(
        t("app.language", lang()),
        choices,
        index=choices.index(lang()),
        format_func=LANGUAGES.get,
        key="lang",
    )
    if (chosen := lang()) != _remembered_language():
        # Chosen in this session: the browser keeps it for the next page load.
        st.sidebar.html(f"<script>document.cookie = '{LANGUAGE_COOKIE}={chosen}; path=/; SameSite=Strict; "
                        "max-age=31536000';</script>", unsafe_allow_javascript=True)


# --- the signed-in user -------------------------------------------------------------------
SESSION_KEY = "lafa_session"  # the session id only: the role is read from the database every run
JUST_SIGNED_IN = "lafa_just_signed_in"  # set by the sign-in form for the next run only


def _session_id() -> str | None:
    if sid := st.session_state.get(SESSION_KEY):
        return sid
    try:
        cookie = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # noqa: BLE001 - no browser behind the script (tests, bare mode)
        cookie = None
    sid = unsign(cookie)
    # The cookie read at connection outlives a sign-out or an expiry: once refused, it is ignored.
    return None if sid == st.session_state.get("ended_session") else sid


COOKIE_KEY = "lafa_cookie"  # what the browser's cookie should hold: a signed session id, or "" to forget it


def _write_cookie(value: str | None) -> None:
    """Keep (or forget) the signed session id in the browser, so a reload stays signed in within
    the inactivity window. Streamlit cannot set cookies, so a script does; it is rendered on every
    run (a script rendered just before a rerun would be dropped unexecuted)."""
    st.session_state[COOKIE_KEY] = value or ""


def _cookie_script() -> None:
    value = st.session_state.get(COOKIE_KEY)
    if value is None:
        return
    expiry = "max-age=0" if not value else "max-age=43200"
    st.sidebar.html(
        f"<script>document.cookie = '{COOKIE_NAME}={value}; path=/; SameSite=Strict; {expiry}'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>", unsafe_allow_javascript=True)


def _work() -> UnitOfWork:
    return UnitOfWork(engine())


def _provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file
        return False


def signed_in_user() -> SignedIn | None:
    """The user of this browser session, its role read from the database now; None (and why, in
    session state) when nobody is signed in or the session lapsed."""
    sid = _session_id()
    if sid:
        try:
            user = resume(_work(), session_id=sid, inactivity=get_settings().inactivity)
        except SessionEnded as ended:
            st.session_state.pop(SESSION_KEY, None)
            st.session_state["ended_session"] = sid
            st.session_state["auth_notice"] = error_text(ended, lang())
            _write_cookie(None)
            if _provider_configured() and getattr(st.user, "is_logged_in", False):
                st.logout()  # the provider's 30-day cookie must not outlive our inactivity rule
        else:
            st.session_state[SESSION_KEY] = user.session_id
            if COOKIE_KEY not in st.session_state:  # restored from the cookie: keep it as it is
                _write_cookie(sign(user.session_id))
            return user
    if _provider_configured() and getattr(st.user, "is_logged_in", False):
        try:
            user = provider_sign_in(_work(), issuer=st.user.get("iss", ""), subject=st.user.get("sub", ""))
        except SignInRefused as refused:
            st.session_state["auth_notice"] = error_text(refused, lang())
            return None
        st.session_state[SESSION_KEY] = user.session_id
        _write_cookie(sign(user.session_id))
        return user
    return None


# Streamlit fetches an element's script the first time a page shows one. The first page after
# sign-in (home) needs these; fetched while the user types, it no longer waits on them one by one
# after the server has already answered (Plotly alone is 4.7 MB of script).
FIRST_PAGE_ELEMENTS = ("PlotlyChart", "Metric", "DataFrame", "Button", "PageLink", "ButtonGroup", "DownloadButton")


@functools.cache
def _element_scripts() -> tuple[str, ...]:
    """The URL paths of FIRST_PAGE_ELEMENTS' scripts in this Streamlit build (named by content hash)."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return tuple(f"{prefix}/static/js/{found.name}" for name in FIRST_PAGE_ELEMENTS
                 for found in sorted(folder.glob(f"{name}.*.js"))[:1])


def _preload_first_page() -> None:
    if scripts := _element_scripts():
        imports = "".join(f"import('{path}').catch(() => {{}});" for path in scripts)
        st.sidebar.html(f"<script>{imports}</script>", unsafe_allow_javascript=True)


def sign_in_form() -> None:
    """The sign-in form; stops the script (nothing behind it is rendered)."""
    _cookie_script()
    _preload_first_page()
    st.title(tr("auth.title"))
    st.caption(tr("auth.intro"))
    if notice := st.session_state.pop("auth_notice", None):
        st.warning(notice)
    with st.form("sign_in_form"):
        username = st.text_input(tr("auth.username"), key="sign_in_username", max_chars=60)
        password = st.text_input(tr("auth.password"), type="password", key="sign_in_password", max_chars=256)
        submitted = st.form_submit_button(tr("auth.submit"), type="primary")
    if _provider_configured() and st.button(tr("auth.provider"), key="sign_in_provider"):
        st.login()
    if submitted:
        try:
            user = sign_in(_work(), username=username, password=password)
        except SignInRefused as refused:
            st.error(error_text(refused, lang()))
        else:
            st.session_state[SESSION_KEY] = user.session_id
            st.session_state[JUST_SIGNED_IN] = True  # app.py opens the role's landing page once
            _write_cookie(sign(user.session_id))
            st.rerun()
    st.stop()


def sign_out_button(user: SignedIn) -> None:
    _cookie_script()
    st.sidebar.caption(tr("auth.signed_in_as", name=user.display_name, role=tr(f"role.{user.role}")))
    if frozen := get_settings().frozen_clock:
        st.sidebar.warning(tr("config.clock.banner", when=frozen.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")))
    if st.sidebar.button(tr("auth.sign_out"), key="sign_out"):
        sign_out(_work(), session_id=user.session_id)
        st.session_state.pop(SESSION_KEY, None)
        st.session_state["ended_session"] = user.session_id
        _write_cookie(None)
        if _provider_configured() and getattr(st.user, "is_logged_in", False):
            st.logout()
        st.rerun()


def menu_role(user: SignedIn) -> str:
    """The role whose menu to show: the user's own, or (admins only) a previewed one."""
    if not can(user.role, Action.PREVIEW_ROLES):
        return user.role
    # "" is the admin's own menu: a widget whose value is None shows no choice at all, only
    # Streamlit's English placeholder.
    choices = ["", *(r.value for r in Role)]
    chosen = st.sidebar.selectbox(tr("auth.preview"), choices, key=language_key("preview_role", ""),
                                  format_func=lambda r: tr(f"role.{r}") if r else tr("auth.preview.none"))
    return chosen or user.role


def page(which: Page):
    """Every page's first call: a valid configuration, a ready database, a signed-in user whose
    role may open this page. Returns (engine, user); otherwise says why and stops the page."""
    take_over_navigation()
    database = require_database()
    user = signed_in_user()
    if user is None:
        sign_in_form()
    if not can_open(user.role, which):
        st.error(tr("auth.page_denied", role=tr(f"role.{user.role}")))
        st.stop()
    return database, user


def audited(user: SignedIn, action: str, entity: str, build, **details):
    """A download's data, built only when the user asks for it, and recorded in the audit trail
    (who took what out, with which filters)."""
    from lafa_core.audit import record_export

    def deliver():
        record_export(work(user), action, entity, **details)
        return build()
    return deliver


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def file_uploader(label: str, *, key: str, type: list[str], **options):
    """st.file_uploader in the user's language: Streamlit writes its button ("Upload") and its limit
    ("200MB per file") in English only, so this uploader's own words replace them on screen."""
    limit = tr("upload.limit", size=st.get_option("server.maxUploadSize"), types=", ".join(kind.upper() for kind in type))
    scope = f'.st-key-{key} [data-testid="stFileUploaderDropzone"]'
    st.html(f"<style>{scope} button [data-testid='stMarkdownContainer'] p {{ font-size: 0 }}"
            f"{scope} button [data-testid='stMarkdownContainer'] p::after {{ content: {_css_text(tr('upload.button'))};"
            " font-size: 1rem }"
            f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span {{ font-size: 0 }}"
            f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after {{ content: {_css_text(limit)};"
            " font-size: 0.875rem }</style>")
    return st.file_uploader(label, key=key, type=type, **options)


def render_blocks(blocks, where=st) -> None:
    """Draw presentation Blocks (a service's content as (kind, value, options)) in order."""
    for block in blocks:
        if block.kind == "columns":
            for column, inner in zip(where.columns(block.value[0]), block.value[1]):
                render_blocks(inner, column)
        else:
            getattr(where, block.kind)(block.value, **block.options)


def now():
    """The business clock in Mexico City: the wall clock, or a demo server's LAFA_CLOCK; tests stop
    it through session state ("collections_now")."""
    frozen = get_settings().frozen_clock
    return st.session_state.get("collections_now") or (frozen.astimezone(LOCAL_TZ) if frozen else SystemClock().now())


def work(user: SignedIn, clock=None) -> UnitOfWork:
    """A unit of work acting as the signed-in user."""
    return UnitOfWork(engine(), actor=user.actor, clock=clock)


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
