"""`python -m lafa_core.ingest KIND FILE [--dry-run] --as USER [--database-url URL]`

Imports a filled sheet (KIND: drivers, vehicles, contracts, payments; FILE: .xlsx or .csv) as USER,
an existing user whose role may import it. Every row is checked first: with any problem the problems
are printed (row as Excel shows it, column, value, why), nothing is written and the exit code is 2.
With --dry-run the check runs and nothing is written either way. `--template OUT` writes the empty
template of KIND instead (no user needed). Exit codes: 0 done, 2 refused or a setting to fix.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from lafa_core.config import ConfigError, check_database_url, get_settings
from lafa_core.db import DatabaseState, normalize_url, DatabaseUnavailable, database_state, get_engine, state_message, unreachable_message
from lafa_core.errors import LocalizedError, error_text
from lafa_core.ingest.kinds import KINDS
from lafa_core.uow import UnitOfWork

MAX_PRINTED = 200  # problems printed; the rest are counted


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lafa_core.ingest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=KINDS, help="which sheet")
    parser.add_argument("file", nargs="?", help="the filled sheet (.xlsx or .csv)")
    parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    parser.add_argument("--as", dest="as_user", default=None, metavar="USER",
                        help="who imports: an existing user whose role may import this sheet (required)")
    parser.add_argument("--template", metavar="OUT", help="write the empty template (.xlsx) to OUT and stop")
    parser.add_argument("--lang", choices=("es", "en"), default=None, help="language of the template and messages")
    parser.add_argument("--database-url", help="default: LAFA_DATABASE_URL or data/lafa.db")
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _database(url: str | None):
    """The engine when the database is ready for an import; else a message saying what to do."""
    from sqlalchemy.engine import make_url

    address = make_url(normalize_url(url or get_settings().database_url))
    if address.get_backend_name() == "sqlite" and address.database and address.database != ":memory:" \
            and not Path(address.database).is_file():
        return None, (f"there is no database at {address.database}: build it with python -m lafa_core.migrate "
                      "(an empty company) or make run (the demo company), or point LAFA_DATABASE_URL at yours")
    engine = get_engine(url)
    state = database_state(engine)
    if state not in (DatabaseState.READY, DatabaseState.EMPTY):
        return None, state_message(engine, state)
    return engine, None


def _run(args, lang: str) -> int:
    from lafa_core.ingest.service import import_sheet
    from lafa_core.users import actor_for_cli

    data = Path(args.file).read_bytes()
    engine, problem = _database(args.database_url)
    if problem:
        return _fail(problem)
    from lafa_core.ingest.service import ACTION

    actor = actor_for_cli(UnitOfWork(engine), args.as_user, ACTION[args.kind])
    report = import_sheet(UnitOfWork(engine, actor=actor), args.kind, data, filename=Path(args.file).name,
                          dry_run=args.dry_run)
    for note in report.problems[:MAX_PRINTED]:
        where = f"row {note.row}, " if note.row else ""
        print(f"{where}{note.column or '-'}: {note.text(lang)}" + (f" [{note.value}]" if note.value else ""),
              file=sys.stderr)
    if len(report.problems) > MAX_PRINTED:
        print(f"… {len(report.problems) - MAX_PRINTED} more", file=sys.stderr)
    for note in report.warnings[:MAX_PRINTED]:
        print(f"warning: row {note.row}, {note.column}: {note.text(lang)}")
    print(report.summary(lang), file=sys.stderr if report.problems else sys.stdout)
    if not report.problems and not args.dry_run and report.written and not report.refreshed:
        from lafa_core.i18n import t

        print(f"warning: {t('ingest.refresh_failed', lang)}")
    return 2 if report.problems else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = get_settings()
        if args.database_url:
            check_database_url(args.database_url, "--database-url")
    except ConfigError as error:
        return _fail(str(error))
    lang = args.lang or settings.language
    if args.template:
        from lafa_core.ingest.workbooks import template_workbook

        try:
            Path(args.template).write_bytes(template_workbook(args.kind, lang))
        except OSError as error:
            return _fail(f"cannot write {args.template} ({error.strerror}); check the path and its permissions")
        print(f"Wrote the {args.kind} template to {args.template}")
        return 0
    if not args.file:
        return _fail(f"name the file to import: python -m lafa_core.ingest {args.kind} FILE --as USER")
    if not args.as_user:
        return _fail("an import changes data: name who does it with --as USER (finance; admin for drivers and "
                     "vehicles)")
    if not Path(args.file).is_file():
        return _fail(f"{args.file}: no such file; give the path of the filled sheet (.xlsx or .csv)")
    try:
        return _run(args, lang)
    except (DatabaseUnavailable, SQLAlchemyError) as error:
        engine = get_engine(args.database_url)
        return _fail(unreachable_message(engine, error) if database_state(engine) is DatabaseState.UNREACHABLE
                     else f"the database could not take the import ({str(error).strip().splitlines()[0]}); "
                          "nothing was written. Check LAFA_DATABASE_URL and run python -m lafa_core.migrate")
    except LocalizedError as error:  # the user is unknown, inactive or may not import this sheet
        return _fail(f"--as {args.as_user}: {error_text(error, lang)}")
    except OSError as error:
        return _fail(f"cannot read {args.file} ({error.strerror or error}); check the path and its permissions")


if __name__ == "__main__":
    sys.exit(main())
