"""`python -m lafa_core.users create-admin [--username admin] [--name "Full name"]`

Creates an administrator in the database LAFA_DATABASE_URL points at, asking for the password
twice (never on the command line, so it stays out of the shell history); a weak one is refused.
`python -m lafa_core.users demo-passwords` prints the demo accounts of a generated database."""
from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.exc import SQLAlchemyError

from lafa_core.errors import LocalizedError, error_text


def _create_admin(args) -> int:
    from lafa_core.db import DatabaseState, database_state, get_engine, state_message
    from lafa_core.uow import UnitOfWork
    from lafa_core.users import create_admin_from_cli

    engine = get_engine()
    state = database_state(engine)
    if state not in (DatabaseState.READY, DatabaseState.EMPTY):  # said before asking for a password
        print(f"error: {state_message(engine, state)}", file=sys.stderr)
        return 2
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != password:
        print("error: the two passwords differ; nothing was created", file=sys.stderr)
        return 2
    user_id = create_admin_from_cli(UnitOfWork(engine), username=args.username, display_name=args.name,
                                    password=password)
    print(f"Administrator {args.username.strip().lower()} created (user {user_id}).")
    return 0


def _demo_passwords() -> int:
    """Print the demo accounts that still use their documented password (none outside a demo)."""
    from lafa_core.db import get_engine
    from lafa_core.uow import UnitOfWork
    from lafa_core.users.service import demo_accounts_in_use

    accounts = demo_accounts_in_use(UnitOfWork(get_engine()))
    if accounts:
        print("Demo accounts (user name / password) — a generated demo company only:")
        for username, password in accounts.items():
            print(f"  {username:<24} {password}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lafa_core.users", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="create an administrator (asks for the password)")
    create.add_argument("--username", default="admin")
    create.add_argument("--name", default="Administrador")
    commands.add_parser("demo-passwords", help="the demo accounts of a generated database")
    args = parser.parse_args(argv)
    try:
        if args.command == "demo-passwords":
            return _demo_passwords()
        return _create_admin(args)
    except LocalizedError as error:  # a bad setting, a weak password, a taken user name
        print(f"error: {error_text(error, 'en')}", file=sys.stderr)
    except SQLAlchemyError as error:
        print(f"error: the database cannot be used ({type(error).__name__}); run python -m lafa_core.migrate "
              "and check LAFA_DATABASE_URL", file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print("error: no password given; nothing was created", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
