"""Times a page script under AppTest for `python -m lafa_core.bench` (which stays free of
Streamlit): `python ui_bench.py --page pages/home.py --url DATABASE_URL` prints one JSON line.

cold: the first run in this fresh process, imports included; warm: caches cleared, imports loaded.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def time_page(page: str, database_url: str) -> dict:
    os.environ["LAFA_DATABASE_URL"] = database_url
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    script = str(ROOT / page)
    started = time.perf_counter()
    at = AppTest.from_file(script, default_timeout=120).run()
    cold = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page} failed: {at.exception}")
    st.cache_data.clear()
    started = time.perf_counter()
    AppTest.from_file(script, default_timeout=120).run()
    warm = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return {"warm_s": round(warm, 3), "cold_s": round(cold, 3), "peak_mb": round(peak_mb)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--page", required=True)
    parser.add_argument("--url", required=True)
    args = parser.parse_args()
    print(json.dumps(time_page(args.page, args.url)))
