"""Imports rebuild the collections queue, which keeps its roll model in LAFA_MODELS_DIR: here a
folder of the test's own, never the repository's models/."""
import pytest


@pytest.fixture(autouse=True)
def scratch_models(tmp_path, monkeypatch):
    from lafa_core.config import get_settings

    monkeypatch.setenv("LAFA_MODELS_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
