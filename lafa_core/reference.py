"""The strategy's figures, read from the copies in data/ (sources noted in each file)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lafa_core.config import DATA_DIR

# libyaml's safe loader when PyYAML was built with it (the wheels are): the same data, read about
# ten times faster than the pure-Python loader (the roadmap and business files cost 0.2 s).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=8)
def load_reference(name: str, data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """`load_reference("business")` reads data/business.yaml."""
    with open(data_dir / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)
