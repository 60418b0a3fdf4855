"""`python -m lafa_core.generate --vehicles N --weeks W --seed S [--end YYYY-MM-DD] [--replace]`"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from lafa_core.config import DEMO_SEED, DEMO_VEHICLES, DEMO_WEEKS, get_settings
from lafa_core.db import make_engine, normalize_url, unreachable_message
from lafa_core.generate.company import DatabaseNotEmpty, InvalidCompanySpec, build_company


def _drop_everything(url: str) -> None:
    if url.startswith("sqlite"):
        database = make_url(url).database
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        return
    from sqlalchemy import text

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lafa_core.generate", description=__doc__)
    parser.add_argument("--vehicles", type=int, default=DEMO_VEHICLES)
    parser.add_argument("--weeks", type=int, default=DEMO_WEEKS)
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--end", type=date.fromisoformat, default=None,
                        help="last day of data, a Sunday (default: last Sunday before today)")
    parser.add_argument("--database-url", default=None, help="default: LAFA_DATABASE_URL or data/lafa.db")
    parser.add_argument("--replace", action="store_true", help="delete the existing database first")
    parser.add_argument("--if-missing", action="store_true", help="do nothing when the database already has data")
    args = parser.parse_args(argv)

    url = normalize_url(args.database_url or get_settings().database_url)
    shown = make_url(url).render_as_string(hide_password=True)
    if args.replace:
        _drop_everything(url)
    engine = make_engine(url)
    started = time.perf_counter()

    def progress(stage: str, fraction: float) -> None:
        print(f"[{fraction * 100:5.1f}%] {time.perf_counter() - started:6.1f}s  {stage}", flush=True)

    print(f"Building {args.vehicles:,} vehicles × {args.weeks} weeks (seed {args.seed}) into {shown}", flush=True)
    try:
        counts = build_company(engine, args.vehicles, args.weeks, args.seed, args.end, progress)
    except DatabaseNotEmpty:
        if args.if_missing:
            print("The database already holds a company; nothing to build.")
            return 0
        print(f"{shown} already holds data. Use --replace to rebuild it from scratch.", file=sys.stderr)
        return 2
    except InvalidCompanySpec as error:
        print(f"Cannot build: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        print(f"Cannot build: {unreachable_message(engine, error)}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    total = sum(counts.values())
    print(f"Built {total:,} rows in {time.perf_counter() - started:.1f}s: "
          + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
