"""Model artifacts: `credit-<version>.joblib` + `credit-<version>.json` metadata under models_dir.

Each save writes new files (never over an existing model): a trained model is a *candidate*;
which one is live is recorded in the database (lafa_core.credit.lifecycle), never inferred from
the files. A model is loaded only when its joblib file matches the sha256 recorded in its
metadata — only files we wrote ourselves — and is kept in memory per file (loaded once).
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import joblib

from lafa_core.config import get_settings
from lafa_core.credit.model import CreditModel

KIND = "lafa-credit-model"
PREFIX = "credit-"


def _models_dir(models_dir: Path | None) -> Path:
    return Path(models_dir or get_settings().models_dir)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    import numpy
    import pandas
    import shap
    import sklearn

    return {"scikit-learn": sklearn.__version__, "shap": shap.__version__, "numpy": numpy.__version__,
            "pandas": pandas.__version__, "joblib": joblib.__version__}


def save_model(model: CreditModel, *, source: dict, fingerprint: str, models_dir: Path | None = None,
               now: datetime | None = None) -> dict:
    """Write the model and its metadata; returns the metadata (with version and paths)."""
    directory = _models_dir(models_dir)
    directory.mkdir(parents=True, exist_ok=True)
    trained_at = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    version = f"{trained_at:%Y%m%dT%H%M%S%f}Z-{fingerprint[:8]}"
    artifact = directory / f"{PREFIX}{version}.joblib"
    metadata_path = directory / f"{PREFIX}{version}.json"
    metadata = {"kind": KIND, "version": version, "trained_at": trained_at.isoformat(),
                "trained_by": source.get("trained_by"), "data_fingerprint": fingerprint, "source": source,
                **model.metadata,
                "library_versions": library_versions(), "artifact": artifact.name}
    model.metadata = metadata
    temporary = artifact.with_suffix(".joblib.tmp")
    joblib.dump(model, temporary)
    metadata["artifact_sha256"] = _sha256(temporary)
    os.replace(temporary, artifact)
    # The metadata lands last: a model without it is never loaded.
    temporary_json = metadata_path.with_suffix(".json.tmp")
    temporary_json.write_text(json.dumps(metadata, indent=2, default=str))
    os.replace(temporary_json, metadata_path)
    return metadata


def list_models(models_dir: Path | None = None) -> list[dict]:
    """Metadata of every complete model, newest first."""
    found = []
    for path in _models_dir(models_dir).glob(f"{PREFIX}*.json"):
        try:
            metadata = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if metadata.get("kind") == KIND and (path.parent / metadata.get("artifact", "")).is_file():
            found.append(metadata)
    return sorted(found, key=lambda m: m.get("trained_at", ""), reverse=True)


def newest_version(models_dir: Path | None = None) -> str | None:
    models = list_models(models_dir)
    return models[0]["version"] if models else None


def find_metadata(version: str, models_dir: Path | None = None) -> dict | None:
    """The metadata of one model version, or None."""
    return _metadata_of(_models_dir(models_dir), version)


def trainer_of(metadata: dict) -> str | None:
    """Who trained the model (the user named by the page or `--as`)."""
    return metadata.get("trained_by") or (metadata.get("source") or {}).get("trained_by")


_LOADED: dict[tuple[str, str], tuple[tuple, CreditModel]] = {}  # (folder, version) → (file stamp, model)


def _load_trusted(directory: Path, metadata: dict) -> CreditModel | None:
    artifact = directory / metadata["artifact"]
    try:
        stat = artifact.stat()
    except OSError:
        return None
    key, stamp = (str(directory.resolve()), metadata["version"]), (stat.st_mtime_ns, stat.st_size,
                                                                     metadata.get("artifact_sha256"))
    cached = _LOADED.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if _sha256(artifact) != metadata.get("artifact_sha256"):
        return None  # not the file we wrote: skip rather than unpickle it
    try:
        model = joblib.load(artifact)
    except Exception:  # noqa: BLE001 - a model written by an older version of this code
        return None
    if not isinstance(model, CreditModel) or not hasattr(model, "candidates"):
        return None
    model.metadata = metadata
    _LOADED[key] = (stamp, model)
    return model


def _metadata_of(directory: Path, version: str) -> dict | None:
    """One version's metadata, read from its own file (a version naming another folder: None)."""
    if Path(f"{PREFIX}{version}").name != f"{PREFIX}{version}":
        return None
    path = directory / f"{PREFIX}{version}.json"
    try:
        metadata = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return metadata if metadata.get("kind") == KIND and metadata.get("version") == version else None


def load_model(version: str | None = None, models_dir: Path | None = None) -> CreditModel | None:
    """The given version (or the newest model file), or None when there is none we can trust."""
    directory = _models_dir(models_dir)
    if version is not None:
        metadata = _metadata_of(directory, version)
        return None if metadata is None else _load_trusted(directory, metadata)
    for metadata in list_models(directory):
        model = _load_trusted(directory, metadata)
        if model is not None:
            return model
    return None
