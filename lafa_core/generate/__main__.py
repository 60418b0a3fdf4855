"""`python -m lafa_core.generate --vehicles N --weeks W --seed S [--end YYYY-MM-DD] [--replace]`"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from lafa_core.config import DEMO_SEED, DEMO_VEHICLES, DEMO_WEEKS, ConfigError, check_database_url, get_settings
from lafa_core.db import make_engine, normalize_url, unreachable_message
from lafa_core.generate.company import (CompanySpec, DatabaseNotEmpty, InvalidCompanySpec, build_company,
                                        last_complete_week_end)


class BadArguments(ValueError):
    """An argument argparse accepted but the generator cannot use; the message says the fix."""


def _end_date(text: str | None) -> date:
    if text is None:
        return last_complete_week_end()
    try:
        end = date.fromisoformat(text.strip())
    except ValueError:
        raise BadArguments(f"--end {text!r} is not a date: give the last day of data as YYYY-MM-DD, "
                           "a Sunday (e.g. 2026-11-22)") from None
    if end.weekday() != 6:
        sunday = end - timedelta(days=end.weekday() + 1)
        raise BadArguments(f"--end {end} is a {end:%A}, not a Sunday (the payroll week closes on Sunday): "
                           f"use e.g. --end {sunday}")
    return end


def _checked(args) -> tuple[str, date]:
    """The database URL and end date once every setting and argument is valid; nothing is touched before."""
    settings = get_settings()
    if args.database_url:
        check_database_url(args.database_url, "--database-url")
    if args.seed < 0:
        raise BadArguments(f"--seed {args.seed} is negative: give a whole number 0 or above (default {DEMO_SEED})")
    end = _end_date(args.end)
    CompanySpec(args.vehicles, args.weeks, args.seed, end)  # InvalidCompanySpec names vehicles or weeks
    return normalize_url(args.database_url or settings.owner_database_url), end


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
    parser.add_argument("--end", default=None, metavar="YYYY-MM-DD",
                        help="last day of data, a Sunday (default: last Sunday before today)")
    parser.add_argument("--database-url", default=None, help="default: LAFA_DATABASE_URL or data/lafa.db")
    parser.add_argument("--replace", action="store_true", help="delete the existing database first")
    parser.add_argument("--if-missing", action="store_true", help="do nothing when the database already has data")
    args = parser.parse_args(argv)

    try:
        url, end = _checked(args)
    except (ConfigError, BadArguments, InvalidCompanySpec) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        engine = make_engine(url)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.replace:
        try:
            _drop_everything(url)
        except OSError as error:
            print(f"error: cannot delete the database files of {shown} ({error.strerror or error}). "
                  "Check the folder's permissions.", file=sys.stderr)
            return 2
        except SQLAlchemyError as error:
            print(f"Cannot build: {unreachable_message(engine, error)}", file=sys.stderr)
            return 2
    started, announced = time.perf_counter(), []

    def progress(stage: str, fraction: float) -> None:
        if not announced:  # said once the build starts: not before finding the database already full
            announced.append(True)
            print(f"Building {args.vehicles:,} vehicles × {args.weeks} weeks (seed {args.seed}) into {shown}", flush=True)
        print(f"[{fraction * 100:5.1f}%] {time.perf_counter() - started:6.1f}s  {stage}", flush=True)

    try:
        counts = build_company(engine, args.vehicles, args.weeks, args.seed, end, progress)
    except DatabaseNotEmpty:
        if args.if_missing:
            print(f"{shown} already holds a company; nothing to build (make demo rebuilds it).")
            return 0
        print(f"{shown} already holds data. Use --replace to rebuild it from scratch.", file=sys.stderr)
        return 2
    except InvalidCompanySpec as error:
        print(f"Cannot build: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"Cannot build: {unreachable_message(engine, error)}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"Cannot build: {error.strerror or error} ({getattr(error, 'filename', None) or shown}). "
              "Check the disk space and the folder's permissions.", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    total = sum(counts.values())
    print(f"Built {total:,} rows in {time.perf_counter() - started:.1f}s: "
          + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
