"""Times a page script under AppTest for `python -m lafa_core.bench` (which stays free of
Streamlit): `python ui_bench.py --page pages/home.py --url DATABASE_URL` prints one JSON line.

cold: the first run in this fresh process, imports included; warm: caches cleared, imports loaded.
The page runs signed in as a demo account of the role (`--role`, default executive), so the
timing includes the sign-in check every page run makes; it fails if the page showed no figure.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _session(database_url: str, role: str) -> str:
    from lafa_core.db import make_engine
    from lafa_core.uow import UnitOfWork
    from lafa_core.users import DEMO_PASSWORDS, Role, sign_in

    return sign_in(UnitOfWork(make_engine(database_url)), username=role, password=DEMO_PASSWORDS[Role(role)]).session_id


def time_page(page: str, database_url: str, role: str = "executive") -> dict:
    os.environ["LAFA_DATABASE_URL"] = database_url
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    script = str(ROOT / page)

    def run():
        at = AppTest.from_file(script, default_timeout=120)
        at.session_state["lafa_session"] = session_id
        return at.run()

    session_id = _session(database_url, role)
    started = time.perf_counter()
    at = run()
    cold = time.perf_counter() - started
    if at.exception or not at.metric:
        raise RuntimeError(f"{page} failed: {at.exception or 'no figure shown (not signed in?)'}")
    st.cache_data.clear()
    started = time.perf_counter()
    run()
    warm = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return {"warm_s": round(warm, 3), "cold_s": round(cold, 3), "peak_mb": round(peak_mb)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--page", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--role", default="executive")
    args = parser.parse_args()
    print(json.dumps(time_page(args.page, args.url, args.role)))
