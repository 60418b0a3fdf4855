"""`python -m lafa_core.credit train [--csv FILE --target COL --date-column C]` and
`python -m lafa_core.credit export FILE` (the database's training table as CSV)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from lafa_core.config import DEMO_SEED, ConfigError, check_database_url, get_settings
from lafa_core.credit import (ModelRejected, TrainingDataError, export_training_csv, train_from_csv,
                              train_from_database)
from lafa_core.credit.service import record_publication
from lafa_core.credit.artifacts import newest_version
from lafa_core.errors import error_text
from lafa_core.uow import UnitOfWork
from lafa_core.users import Action, PermissionDenied, SignInRefused, actor_for_cli
from lafa_core.db import (DatabaseState, DatabaseUnavailable, database_state, get_engine, is_corrupt_error,
                          state_message, unreachable_message)


def _progress(stage: str, fraction: float) -> None:
    print(f"[{fraction:6.1%}] {stage}", flush=True)


def _database_problem(url: str | None, error: BaseException) -> str:
    """One line: what is wrong with the database and what to do."""
    if isinstance(error, DatabaseUnavailable):
        return (str(error).strip().splitlines() or ["the database is unavailable"])[0]
    engine = get_engine(url)
    state = database_state(engine)
    if state is DatabaseState.UNREACHABLE or is_corrupt_error(engine, error):
        return unreachable_message(engine, error)
    if state is not DatabaseState.READY:
        return state_message(engine, state)
    reason = (str(getattr(error, "orig", None) or error).strip().splitlines() or [error.__class__.__name__])[0]
    return (f"cannot read the database {engine.url.render_as_string(hide_password=True)} ({reason}). "
            "Check LAFA_DATABASE_URL and that the schema is built (python -m lafa_core.migrate).")


def _file_problem(error: OSError, training: bool) -> str:
    """One line for a file that cannot be read or written (a model artifact, the export)."""
    where = error.filename or "?"
    reason = error.strerror or str(error).strip().splitlines()[0]
    try:
        models_dir = get_settings().models_dir.resolve()
        in_models = models_dir == Path(where).resolve() or models_dir in Path(where).resolve().parents
    except (ConfigError, OSError):
        in_models = False
    fix = "Point LAFA_MODELS_DIR at a writable folder" if in_models else "Check the path and its permissions"
    outcome = "; nothing was saved and the current model is unchanged" if training else ""
    return f"cannot use {where} ({reason}). {fix}{outcome}."


def _check_arguments(args) -> None:
    """Every setting and argument valid before anything is read or written (ConfigError otherwise)."""
    get_settings()
    if getattr(args, "database_url", None):
        check_database_url(args.database_url, "--database-url")
    if getattr(args, "seed", None) is not None and args.seed < 0:
        raise ConfigError(f"--seed {args.seed} is negative: give a whole number 0 or above",
                          variable="--seed", key="config.seed", value=str(args.seed), default=DEMO_SEED)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lafa_core.credit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train and publish a new credit model")
    train.add_argument("--csv", help="train on this file instead of the database's matured LTO contracts")
    train.add_argument("--target", help="the 0/1 target column of the CSV (1 = bad)")
    train.add_argument("--date-column", help="order rows by this column for out-of-time validation")
    train.add_argument("--database-url", help="default: LAFA_DATABASE_URL or data/lafa.db")
    train.add_argument("--seed", type=int, default=None, help="random_state (default: LAFA_SEED)")
    train.add_argument("--as", dest="as_user", default=None, metavar="USER",
                       help="who publishes the model: an existing user whose role may publish (a credit lead); "
                            "required, recorded as the trainer")
    train.add_argument("--if-missing", action="store_true",
                       help="only when no model is published yet; too little history is then not an error "
                            "(`make run` uses this on first start)")
    export = commands.add_parser("export", help="write the database's training table as CSV")
    export.add_argument("file")
    export.add_argument("--database-url")
    args = parser.parse_args(argv)
    try:
        _check_arguments(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "train" and args.if_missing and (version := newest_version()):
        print(f"A credit model is already published ({version}); nothing to train.")
        return 0
    try:
        if args.command == "export":
            rows = export_training_csv(UnitOfWork(get_engine(args.database_url)), args.file)
            print(f"Wrote {rows} rows to {args.file} (target column 'bad', date column 'submitted_at')")
            return 0
        if args.csv and not args.target:
            parser.error("--csv needs --target COLUMN")
        if args.csv and not Path(args.csv).is_file():  # said before anything else is opened
            print(f"error: --csv {args.csv}: no such file; give the path of the training table", file=sys.stderr)
            return 2
        # Training publishes the model the analysts' page uses: a named user whose role allows it.
        engine = get_engine(args.database_url)
        publisher = actor_for_cli(UnitOfWork(engine), args.as_user, Action.CREDIT_PUBLISH)
        if args.csv:
            metadata = train_from_csv(args.csv, args.target, args.date_column, random_state=args.seed,
                                      progress=_progress, trained_by=publisher.name)
            record_publication(UnitOfWork(engine, actor=publisher), metadata)
        else:
            metadata = train_from_database(UnitOfWork(engine, actor=publisher), random_state=args.seed,
                                           progress=_progress)
    except (TrainingDataError, ModelRejected) as exc:
        print(f"error: {exc}. Nothing was saved; the current model is unchanged.", file=sys.stderr)
        return 0 if args.command == "train" and args.if_missing else 2
    except (DatabaseUnavailable, SQLAlchemyError) as exc:
        print(f"error: {_database_problem(args.database_url, exc)}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (SignInRefused, PermissionDenied) as exc:
        if args.as_user is None:
            print("error: training publishes the model: name who publishes it with --as USER (a credit lead)",
                  file=sys.stderr)
        else:
            print(f"error: --as {args.as_user}: {error_text(exc, 'en')}", file=sys.stderr)
        return 0 if getattr(args, "if_missing", False) else 2
    except OSError as exc:  # an unwritable models folder or export file, a missing disk
        print(f"error: {_file_problem(exc, args.command == 'train')}", file=sys.stderr)
        return 2
    champion = metadata["metrics"]["champion"]
    auc = "n/a" if champion["roc_auc"] is None else f"{champion['roc_auc']:.3f}"
    print(f"Saved model {metadata['version']} ({metadata['artifact']}): validation ROC AUC {auc}, "
          f"KS {champion['ks'] or 0:.3f}, Brier {champion['brier']:.4f} on {champion['rows']} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
