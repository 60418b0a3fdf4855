"""Settings are validated once: each wrong variable gives a ConfigError naming it and the fix."""
from pathlib import Path

import pytest

from lafa_core.config import DEMO_SEED, MODELS_DIR, ConfigError, Settings, default_sqlite_url, get_settings, preferred_language
from lafa_core.errors import LocalizedError, error_text

VARIABLES = ("LAFA_DATABASE_URL", "LAFA_LANGUAGE", "LAFA_SEED", "LAFA_MODELS_DIR", "LAFA_CLOCK")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _error(monkeypatch, name: str, value: str) -> ConfigError:
    monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    with pytest.raises(ConfigError) as raised:
        get_settings()
    return raised.value


def test_defaults_are_valid_and_unchanged():
    settings = get_settings()
    assert settings == Settings()
    assert settings.database_url == default_sqlite_url()
    assert settings.models_dir == MODELS_DIR
    assert settings.random_seed == DEMO_SEED
    assert settings.language == "es"
    assert get_settings() is settings  # cached


def test_valid_values_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("LAFA_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/lafa")
    monkeypatch.setenv("LAFA_LANGUAGE", "en")
    monkeypatch.setenv("LAFA_SEED", "7")
    monkeypatch.setenv("LAFA_MODELS_DIR", str(tmp_path / "not" / "yet" / "there"))
    settings = get_settings()
    assert settings.database_url == "postgresql://postgres@127.0.0.1:5432/lafa"
    assert settings.language == "en"
    assert settings.random_seed == 7
    assert settings.models_dir == tmp_path / "not" / "yet" / "there"
    assert not (tmp_path / "not").exists()  # validation creates nothing


def test_empty_variables_count_as_unset(monkeypatch):
    for name in VARIABLES:
        monkeypatch.setenv(name, "")
    assert get_settings() == Settings()


@pytest.mark.parametrize("url, key", [
    ("garbage", "config.database_url.unparseable"),
    ("postgresql://u@h:port/db", "config.database_url.unparseable"),
    ("mysql://x", "config.database_url.dialect"),
    ("postgresql://", "config.database_url.no_database"),
    ("sqlite://", "config.database_url.no_database"),
])
def test_bad_database_url(monkeypatch, url, key):
    error = _error(monkeypatch, "LAFA_DATABASE_URL", url)
    assert error.key == key and error.variable == "LAFA_DATABASE_URL"
    assert "LAFA_DATABASE_URL" in str(error) and "sqlite:///" in str(error)
    assert "LAFA_DATABASE_URL" in error_text(error, "es") and "sqlite:///" in error_text(error, "es")


def test_a_password_in_a_bad_url_is_not_shown(monkeypatch):
    error = _error(monkeypatch, "LAFA_DATABASE_URL", "mysql://me:s3cret@host/db")
    assert "s3cret" not in str(error) and "s3cret" not in error_text(error, "es")
    error = _error(monkeypatch, "LAFA_DATABASE_URL", "postgresql://me:s3cret@host:port/db")
    assert "s3cret" not in str(error)


@pytest.mark.parametrize("value", ["fr", "spanish", "e"])
def test_bad_language(monkeypatch, value):
    error = _error(monkeypatch, "LAFA_LANGUAGE", value)
    assert error.variable == "LAFA_LANGUAGE"
    assert "LAFA_LANGUAGE" in str(error) and "es or en" in str(error)
    assert "LAFA_LANGUAGE" in error_text(error, "es")
    assert preferred_language() == "es"


def test_preferred_language_follows_a_valid_setting(monkeypatch):
    monkeypatch.setenv("LAFA_LANGUAGE", "en")
    monkeypatch.setenv("LAFA_SEED", "abc")  # another setting being wrong does not change the language
    assert preferred_language() == "en"


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "4e2"])
def test_bad_seed(monkeypatch, value):
    error = _error(monkeypatch, "LAFA_SEED", value)
    assert error.variable == "LAFA_SEED" and "LAFA_SEED" in str(error) and "non-negative integer" in str(error)
    assert "LAFA_SEED" in error_text(error, "en") and "entero no negativo" in error_text(error, "es")


def test_models_dir_that_is_a_file(monkeypatch, tmp_path):
    (tmp_path / "file").write_text("x")
    for value in (tmp_path / "file", tmp_path / "file" / "models"):
        error = _error(monkeypatch, "LAFA_MODELS_DIR", str(value))
        assert error.key == "config.models_dir.not_dir"
        assert "LAFA_MODELS_DIR" in str(error) and "is not a folder" in str(error)
        assert "LAFA_MODELS_DIR" in error_text(error, "es")


def test_models_dir_that_is_not_writable(monkeypatch, tmp_path):
    import lafa_core.config as config

    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = config.os.access
    monkeypatch.setattr(config.os, "access", lambda path, mode: Path(path) != locked and real_access(path, mode))
    for value in (locked, locked / "models"):  # existing, and to be created inside it
        error = _error(monkeypatch, "LAFA_MODELS_DIR", str(value))
        assert error.key == "config.models_dir.not_writable"
        assert "LAFA_MODELS_DIR" in str(error) and "not writable" in str(error)


def test_config_error_is_a_localized_value_error(monkeypatch):
    error = _error(monkeypatch, "LAFA_SEED", "x")
    assert isinstance(error, LocalizedError) and isinstance(error, ValueError)
    assert error.values["variable"] == "LAFA_SEED" and error.values["value"] == "x"


def test_a_bad_setting_is_not_cached(monkeypatch):
    monkeypatch.setenv("LAFA_SEED", "x")
    with pytest.raises(ConfigError):
        get_settings()
    monkeypatch.setenv("LAFA_SEED", "3")
    assert get_settings().random_seed == 3  # fixed without clearing the cache


def test_make_engine_refuses_a_bad_url_with_a_config_error(tmp_path):
    from lafa_core.db import make_engine

    for url in ("garbage", "mysql://x/y"):
        with pytest.raises(ConfigError, match="not"):
            make_engine(url)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="LAFA_DATABASE_URL"):
        make_engine(f"sqlite:///{tmp_path / 'file' / 'lafa.db'}")


def test_i18n_does_not_import_config():
    import subprocess
    import sys

    code = "import sys, lafa_core.i18n; print('lafa_core.config' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "False"


def test_the_app_role_must_be_a_postgresql_role_name(monkeypatch):
    from lafa_core.config import ConfigError, get_settings

    monkeypatch.setenv("LAFA_APP_DB_ROLE", "lafa app; DROP")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="LAFA_APP_DB_ROLE"):
            get_settings()
        monkeypatch.setenv("LAFA_APP_DB_ROLE", "lafa_app")
        get_settings.cache_clear()
        assert get_settings().app_db_role == "lafa_app"
        monkeypatch.delenv("LAFA_APP_DB_ROLE")
        monkeypatch.setenv("LAFA_ADMIN_DATABASE_URL", "postgresql://owner@127.0.0.1:5432/lafa")
        monkeypatch.setenv("LAFA_DATABASE_URL", "postgresql://lafa_app@127.0.0.1:5432/lafa")
        get_settings.cache_clear()
        settings = get_settings()
        assert (settings.app_db_role, settings.owner_database_url) == ("lafa_app", "postgresql://owner@127.0.0.1:5432/lafa")
    finally:
        get_settings.cache_clear()


def test_a_demo_clock_is_a_moment_with_its_offset(monkeypatch):
    from datetime import datetime, timedelta, timezone

    monkeypatch.setenv("LAFA_CLOCK", "2026-11-24T11:00:00-06:00")
    pinned = get_settings().frozen_clock
    assert pinned == datetime(2026, 11, 24, 17, 0, tzinfo=timezone.utc)
    assert pinned.utcoffset() == timedelta(hours=-6)


@pytest.mark.parametrize("value", ["2026-11-24T11:00:00", "mañana", "2026-13-01T00:00:00-06:00"])
def test_a_demo_clock_without_an_offset_or_unreadable_is_refused(monkeypatch, value):
    error = _error(monkeypatch, "LAFA_CLOCK", value)
    assert error.variable == "LAFA_CLOCK" and "UTC offset" in str(error)
    assert "desfase UTC" in error_text(error, "es")
