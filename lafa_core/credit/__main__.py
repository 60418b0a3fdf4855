"""`python -m lafa_core.credit train [--csv FILE --target COL --date-column C --monotone col=+1,col2=-1]`
writes a candidate model; `publish VERSION` makes a candidate live (a credit lead other than its
trainer); `rollback --reason TEXT` makes the previous live model live again; `models` lists
them; `export FILE` writes the database's training table as CSV. Each change names its user
with `--as USER`. On a database with no live model, `train` publishes its model as the set-up's.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from lafa_core.config import DEMO_SEED, ConfigError, check_database_url, get_settings
from lafa_core import bounds
from lafa_core.credit import (ModelRejected, TrainingDataError, export_training_csv, lifecycle, train_from_csv,
                              train_from_database)
from lafa_core.errors import LocalizedError, error_text
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lafa_core.credit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train a candidate credit model (live only at set-up)")
    train.add_argument("--csv", help="train on this file instead of the database's matured LTO contracts")
    train.add_argument("--target", help="the 0/1 target column of the CSV (1 = bad)")
    train.add_argument("--date-column", help="order rows by this column for out-of-time validation")
    train.add_argument("--monotone", default=None, metavar="COL=+1,COL2=-1",
                       help="known directions for a CSV: +1 the risk never falls as the column rises, -1 it never "
                            "rises (default: none; the database's training uses the credit features' own)")
    train.add_argument("--seed", type=int, default=None, help="random_state (default: LAFA_SEED)")
    train.add_argument("--if-missing", action="store_true",
                       help="only when no model is live yet; too little history is then not an error "
                            "(`make run` uses this on first start)")
    publish = commands.add_parser("publish", help="make a candidate live (a credit lead other than its trainer)")
    publish.add_argument("version")
    publish.add_argument("--reason", default="", help="the override reason a warning of the review requires")
    rollback = commands.add_parser("rollback", help="make the model live before the current one live again")
    rollback.add_argument("--reason", default="", help="why (required)")
    models = commands.add_parser("models", help="the live model, the release history and the candidates")
    export = commands.add_parser("export", help="write the database's training table as CSV")
    export.add_argument("file")
    for command in (train, publish, rollback, models, export):
        command.add_argument("--database-url", help="default: LAFA_DATABASE_URL or data/lafa.db")
    for command in (train, publish, rollback):
        command.add_argument("--as", dest="as_user", default=None, metavar="USER",
                             help="who does it: an existing user whose role allows it (a credit lead); required")
    return parser


def _auc(metrics: dict | None) -> str:
    value = (metrics or {}).get("roc_auc")
    return "n/a" if value is None else f"{value:.3f}"


def _trained(metadata: dict) -> str:
    champion, metrics = metadata["metrics"]["champion"], metadata.get("candidates", {})
    others = ", ".join(f"{kind.replace('_', ' ')} {_auc(found['metrics'])}" for kind, found in metrics.items())
    lines = [f"Saved candidate model {metadata['version']} ({metadata['artifact']}): champion "
             f"{metadata.get('champion', '?').replace('_', ' ')}, validation ROC AUC {_auc(champion)}, "
             f"KS {champion['ks'] or 0:.3f}, Brier {champion['brier']:.4f} on {champion['rows']} rows "
             f"(candidates: {others}; chosen by {metadata.get('selection', {}).get('method', '?')})"]
    if metadata.get("release") == lifecycle.SETUP:
        lines.append("No model was live: the set-up published it, recorded as a set-up publication.")
    else:
        lines.append(f"Not live: another credit lead reviews it on the credit page and publishes it there or with "
                     f"`python -m lafa_core.credit publish {metadata['version']} --as USER`.")
    return "\n".join(lines)


def _models(uow: UnitOfWork) -> str:
    history = lifecycle.releases(uow, limit=10)
    lines = [f"live: {history[0]['version']} ({history[0]['kind']} by {history[0]['published_by']})" if history
             else "live: none"]
    lines += [f"  {r['published_at']:%Y-%m-%d %H:%M} {r['kind']:<8} {r['version']} by {r['published_by']}"
              for r in history]
    lines += [f"candidate: {m['version']} trained by {m.get('trained_by') or '?'}, validation ROC AUC "
              f"{_auc(m.get('metrics', {}).get('champion'))}" for m in lifecycle.candidates(uow)]
    return "\n".join(lines)


def _run(args, parser) -> str:
    """The command's report (stdout); raises what main() turns into one line on stderr."""
    engine = get_engine(args.database_url)
    if args.command == "export":
        rows = export_training_csv(UnitOfWork(engine), args.file)
        return f"Wrote {rows} rows to {args.file} (target column 'bad', date column 'submitted_at')"
    if args.command == "models":
        return _models(UnitOfWork(engine))
    if args.command == "train":
        if args.if_missing and (live := lifecycle.live_model(UnitOfWork(engine))) is not None:
            return f"A credit model is already live ({live.version}); nothing to train."
        if args.csv and not args.target:
            parser.error("--csv needs --target COLUMN")
        if args.monotone and not args.csv:
            parser.error("--monotone is for --csv: the database's training uses the credit features' directions")
        trainer = actor_for_cli(UnitOfWork(engine), args.as_user, Action.CREDIT_TRAIN)
        if args.csv:
            metadata = train_from_csv(args.csv, args.target, args.date_column, monotone=args.monotone,
                                      random_state=args.seed, progress=_progress, trained_by=trainer.name)
            metadata["release"] = lifecycle.record_training(UnitOfWork(engine, actor=trainer), metadata)
        else:
            metadata = train_from_database(UnitOfWork(engine, actor=trainer), random_state=args.seed,
                                           progress=_progress)
        return _trained(metadata)
    publisher = actor_for_cli(UnitOfWork(engine), args.as_user, Action.CREDIT_PUBLISH)
    if args.command == "publish":
        release = lifecycle.publish(UnitOfWork(engine, actor=publisher), args.version, reason=args.reason)
        return f"Published {release['version']}: it is live (before: {release['previous_version'] or 'none'})."
    release = lifecycle.rollback(UnitOfWork(engine, actor=publisher), reason=args.reason)
    return f"Rolled back to {release['version']} (was: {release['previous_version']})."


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        _check_arguments(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "train" and args.csv and not Path(args.csv).is_file():  # said before anything is opened
        print(f"error: --csv {args.csv}: no such file; give the path of the training table", file=sys.stderr)
        return 2
    if_missing = args.command == "train" and args.if_missing
    try:
        print(_run(args, parser))
        return 0
    except (TrainingDataError, ModelRejected) as exc:
        print(f"error: {exc}. Nothing was saved; the live model is unchanged.", file=sys.stderr)
        return 0 if if_missing else 2
    except (DatabaseUnavailable, SQLAlchemyError) as exc:
        print(f"error: {_database_problem(args.database_url, exc)}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (SignInRefused, PermissionDenied) as exc:
        if args.as_user is None:
            print(f"error: {args.command} changes the credit models: name who does it with --as USER (a credit lead)",
                  file=sys.stderr)
        else:
            print(f"error: --as {args.as_user}: {error_text(exc, 'en')}", file=sys.stderr)
        return 0 if if_missing else 2
    except (LocalizedError, bounds.InvalidInput) as exc:  # a publish or rollback refused: nothing changed
        print(f"error: {exc}. Nothing changed; the live model is the same.", file=sys.stderr)
        return 2
    except OSError as exc:  # an unwritable models folder or export file, a missing disk
        print(f"error: {_file_problem(exc, args.command == 'train')}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
