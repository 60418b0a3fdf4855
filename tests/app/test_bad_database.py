"""Every page, against every kind of bad setting or broken database, shows a message saying what
to do instead of an exception. Pages are globbed, so a new page is covered automatically."""
import os
import sqlite3
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lafa_core.config import get_settings
from lafa_core.db import DatabaseState, database_state, make_engine, migrate

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "pages").glob("*.py"))
APP = ROOT / "app.py"


def _garbage_url(tmp_path):
    return {"LAFA_DATABASE_URL": "garbage"}


def _empty_file(tmp_path):
    (tmp_path / "empty.db").write_bytes(b"")
    return {"LAFA_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}


def _schemaless(tmp_path):
    with sqlite3.connect(tmp_path / "other.db") as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    return {"LAFA_DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}"}


def _corrupt(tmp_path):
    (tmp_path / "corrupt.db").write_bytes(os.urandom(16384))
    return {"LAFA_DATABASE_URL": f"sqlite:///{tmp_path / 'corrupt.db'}"}


def _missing_table(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'dropped.db'}")
    migrate(engine)
    engine.dispose()
    with sqlite3.connect(tmp_path / "dropped.db") as conn:  # foreign keys off: drop just this one
        conn.execute("DROP TABLE credit_application")
    return {"LAFA_DATABASE_URL": f"sqlite:///{tmp_path / 'dropped.db'}"}


def _migrated(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fine.db'}")
    migrate(engine)
    engine.dispose()
    return {"LAFA_DATABASE_URL": f"sqlite:///{tmp_path / 'fine.db'}"}


def _bad_language(tmp_path):
    return _migrated(tmp_path) | {"LAFA_LANGUAGE": "fr"}


def _bad_seed(tmp_path):
    return _migrated(tmp_path) | {"LAFA_SEED": "abc"}


def _models_dir_is_a_file(tmp_path):
    (tmp_path / "models").write_text("not a folder")
    return _migrated(tmp_path) | {"LAFA_MODELS_DIR": str(tmp_path / "models")}


# case: (environment, words the message must contain: what is wrong and the fix)
CASES = {
    "garbage_url": (_garbage_url, ["LAFA_DATABASE_URL", "sqlite:///"]),
    "empty_file": (_empty_file, ["python -m lafa_core.generate"]),
    "schemaless": (_schemaless, ["python -m lafa_core.generate"]),
    "corrupt": (_corrupt, ["corrupt.db", "make run"]),
    "missing_table": (_missing_table, ["credit_application", "--replace"]),
    "bad_language": (_bad_language, ["LAFA_LANGUAGE", "es / en"]),
    "bad_seed": (_bad_seed, ["LAFA_SEED", "42"]),
    "models_dir_is_a_file": (_models_dir_is_a_file, ["LAFA_MODELS_DIR", "no es una carpeta"]),
}


@pytest.fixture
def bad_environment(request, tmp_path, monkeypatch):
    for name in ("LAFA_DATABASE_URL", "LAFA_LANGUAGE", "LAFA_SEED", "LAFA_MODELS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LAFA_MODELS_DIR", str(tmp_path / "models-folder"))
    make, expected = CASES[request.param]
    for name, value in make(tmp_path).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield expected
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()


def _messages(at: AppTest) -> list[str]:
    return [m.value for m in [*at.error, *at.warning, *at.info]]


def _assert_says_what_to_do(at: AppTest, expected: list[str]) -> None:
    assert not at.exception, [e.value for e in at.exception]
    messages = _messages(at)
    assert any(all(word in message for word in expected) for message in messages), messages


@pytest.mark.parametrize("bad_environment", list(CASES), indirect=True)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_page_says_what_to_do(page, bad_environment):
    at = AppTest.from_file(str(page), default_timeout=60).run()
    _assert_says_what_to_do(at, bad_environment)


@pytest.mark.parametrize("bad_environment", ["garbage_url", "bad_language", "corrupt"], indirect=True)
def test_the_app_entry_point_shows_the_message_too(bad_environment):
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    _assert_says_what_to_do(at, bad_environment)
    assert at.sidebar.selectbox(key="lang").value == "es"


def test_english_when_chosen_in_the_sidebar(tmp_path, monkeypatch):
    monkeypatch.setenv("LAFA_DATABASE_URL", "garbage")
    get_settings.cache_clear()
    try:
        at = AppTest.from_file(str(PAGES[0]), default_timeout=60)
        at.session_state["lang"] = "en"
        at.run()
    finally:
        get_settings.cache_clear()
    _assert_says_what_to_do(at, ["Wrong configuration", "LAFA_DATABASE_URL", "is not a database URL"])


def test_the_states_behind_the_messages(tmp_path):
    def state(make):
        engine = make_engine(make(tmp_path)["LAFA_DATABASE_URL"])
        try:
            return database_state(engine)
        finally:
            engine.dispose()

    assert state(_empty_file) is DatabaseState.NO_SCHEMA
    assert state(_schemaless) is DatabaseState.NO_SCHEMA
    assert state(_corrupt) is DatabaseState.CORRUPT
    assert state(_missing_table) is DatabaseState.MISSING_TABLE
    assert state(_migrated) is DatabaseState.EMPTY
