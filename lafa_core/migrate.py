"""`python -m lafa_core.migrate`: create or upgrade the schema of LAFA_DATABASE_URL."""
import sys

from sqlalchemy.exc import OperationalError

from lafa_core.db import get_engine, migrate, unreachable_message

if __name__ == "__main__":
    engine = get_engine()
    try:
        migrate(engine)
    except OperationalError as error:
        print(f"error: {unreachable_message(engine, error)}", file=sys.stderr)
        sys.exit(2)
    print(f"Schema up to date: {engine.url.render_as_string(hide_password=True)}")
