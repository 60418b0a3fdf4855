"""`python -m lafa_core.migrate`: create or upgrade the schema of LAFA_DATABASE_URL, connecting as
its owner (LAFA_ADMIN_DATABASE_URL when set) and granting the app's role what it needs."""
import argparse
import sys

from alembic.util.exc import CommandError
from sqlalchemy.exc import SQLAlchemyError

from lafa_core.config import ConfigError, get_settings
from lafa_core.db import DatabaseState, database_state, get_engine, migrate, state_message, unreachable_message


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(prog="python -m lafa_core.migrate", description=__doc__).parse_args(argv)
    try:
        settings = get_settings()  # every setting valid before anything is touched
        engine = get_engine(settings.owner_database_url)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        migrate(engine)
        state = database_state(engine)
    except SQLAlchemyError as error:
        print(f"error: {unreachable_message(engine, error)}", file=sys.stderr)
        return 2
    except CommandError as error:  # e.g. a revision this version does not know (a newer app's database)
        shown = engine.url.render_as_string(hide_password=True)
        reason = (str(error).strip().splitlines() or ["?"])[0]
        print(f"error: cannot migrate {shown} ({reason}): its schema was made by another version of the app; "
              "use that version, or rebuild it with python -m lafa_core.generate --replace.", file=sys.stderr)
        return 2
    if state in (DatabaseState.MISSING_TABLE, DatabaseState.CORRUPT, DatabaseState.UNREACHABLE):
        print(f"error: {state_message(engine, state)}", file=sys.stderr)
        return 2
    print(f"Schema up to date: {engine.url.render_as_string(hide_password=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
