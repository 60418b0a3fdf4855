"""Every command line refuses bad settings and arguments with exit code 2 and one line on stderr,
before it writes anything."""
import os
import subprocess
from pathlib import Path

import pytest

from tests.cli_support import run_cli
CLIS = {
    "migrate": ["lafa_core.migrate"],
    "generate": ["lafa_core.generate", "--vehicles", "10", "--weeks", "4"],
    "credit train": ["lafa_core.credit", "train", "--as", "credit_lead"],
    "credit export": ["lafa_core.credit", "export", "out.csv"],
    "ingest": ["lafa_core.ingest", "payments", "../file", "--as", "finance"],
}


def _run(args: list[str], env: dict[str, str], cwd: Path, in_process: bool = True) -> subprocess.CompletedProcess:
    return run_cli(args[0], *args[1:], env=env, cwd=cwd, in_process=in_process)


def _assert_one_line_refusal(result: subprocess.CompletedProcess, *expected: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), result.stderr
    for text in expected:
        assert text in lines[0]
    return lines[0]


@pytest.fixture
def workdir(tmp_path):
    """work/ to run the command in; the database and models folder go next to it; `file` is in the way."""
    (tmp_path / "work").mkdir()
    (tmp_path / "file").write_text("in the way")
    return tmp_path


def _good_env(workdir: Path) -> dict[str, str]:
    return {"LAFA_DATABASE_URL": f"sqlite:///{workdir / 'lafa.db'}", "LAFA_MODELS_DIR": str(workdir / "models")}


def _nothing_written(workdir: Path) -> None:
    assert sorted(p.name for p in workdir.iterdir()) == ["file", "work"]
    assert not any((workdir / "work").iterdir())


SETTINGS = [
    ("LAFA_DATABASE_URL", "garbage", "is not a database URL"),
    ("LAFA_SEED", "abc", "non-negative integer"),
    ("LAFA_LANGUAGE", "fr", "es or en"),
    ("LAFA_MODELS_DIR", "{file}/models", "is not a folder"),
]
MORE_SETTINGS = [
    ("LAFA_DATABASE_URL", "mysql://x/y", "not supported"),
    ("LAFA_DATABASE_URL", "postgresql://", "names no database"),
    ("LAFA_SEED", "-1", "non-negative integer"),
    ("LAFA_MODELS_DIR", "{file}", "is not a folder"),
]


@pytest.mark.parametrize("cli, variable, value, expected",
                         [(cli, *case) for cli in CLIS for case in SETTINGS]
                         + [("migrate", *case) for case in MORE_SETTINGS])
def test_a_bad_setting_is_one_line_and_exit_2(workdir, cli, variable, value, expected):
    env = _good_env(workdir) | {variable: value.format(file=workdir / "file")}
    result = _run(CLIS[cli], env, workdir / "work")
    _assert_one_line_refusal(result, variable, expected)
    assert result.stdout == ""
    _nothing_written(workdir)


@pytest.mark.parametrize("cli", CLIS)
def test_each_command_refuses_in_its_own_process(workdir, cli):
    """The same refusal from a real `python -m …` process: exit code 2, one line, nothing written."""
    variable, value, expected = SETTINGS[0]
    result = _run(CLIS[cli], _good_env(workdir) | {variable: value}, workdir / "work", in_process=False)
    _assert_one_line_refusal(result, variable, expected)
    assert result.stdout == ""
    _nothing_written(workdir)


@pytest.mark.parametrize("args, expected", [
    (["--seed", "-1"], "--seed"),
    (["--end", "not-a-date"], "YYYY-MM-DD"),
    (["--end", "2026-11-23"], "Sunday"),
    (["--vehicles", "0"], "vehicles"),
    (["--weeks", "1"], "weeks"),
    (["--database-url", "garbage"], "--database-url"),
    (["--seed", "-1", "--replace"], "--seed"),
])
def test_generate_validates_its_arguments_before_touching_the_database(workdir, args, expected):
    database = workdir / "lafa.db"
    result = _run(["lafa_core.generate", "--vehicles", "10", "--weeks", "4", *args], _good_env(workdir),
                  workdir / "work")
    _assert_one_line_refusal(result, expected)
    assert result.stdout == ""
    assert not database.exists()
    _nothing_written(workdir)


def test_generate_replace_with_bad_arguments_keeps_the_existing_database(workdir):
    database = workdir / "lafa.db"
    database.write_bytes(b"precious")
    result = _run(["lafa_core.generate", "--replace", "--end", "2026-11-23"], _good_env(workdir), workdir / "work")
    _assert_one_line_refusal(result, "Sunday")
    assert database.read_bytes() == b"precious"


@pytest.mark.parametrize("args, expected", [
    (["train", "--seed", "-1"], "--seed"),
    (["train", "--database-url", "garbage"], "--database-url"),
    (["export", "out.csv", "--database-url", "mysql://x/y"], "--database-url"),
    (["train", "--csv", "missing.csv", "--target", "bad"], "missing.csv"),
])
def test_credit_validates_its_arguments(workdir, args, expected):
    result = _run(["lafa_core.credit", *args], _good_env(workdir), workdir / "work")
    _assert_one_line_refusal(result, expected)
    assert not (workdir / "lafa.db").exists()
    assert not (workdir / "models").exists()


@pytest.mark.parametrize("cli", ["migrate", "credit train", "credit export", "ingest"])
def test_a_corrupt_sqlite_file_is_named_with_the_fix(workdir, cli):
    database = workdir / "lafa.db"
    database.write_bytes(os.urandom(8192))
    before = database.read_bytes()
    result = _run(CLIS[cli], _good_env(workdir), workdir / "work")
    _assert_one_line_refusal(result, str(database), "not a SQLite database", "make run")
    assert database.read_bytes() == before


def test_generate_if_missing_on_a_corrupt_file_says_so(workdir):
    database = workdir / "lafa.db"
    database.write_bytes(os.urandom(8192))
    result = _run(["lafa_core.generate", "--if-missing"], _good_env(workdir), workdir / "work")
    _assert_one_line_refusal(result, "not a SQLite database")


def test_migrate_reports_a_missing_table(workdir):
    import sqlite3

    from lafa_core.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{workdir / 'lafa.db'}")
    migrate(engine)
    engine.dispose()
    with sqlite3.connect(workdir / "lafa.db") as conn:
        conn.execute("DROP TABLE kpi_week")
    result = _run(CLIS["migrate"], _good_env(workdir), workdir / "work")
    _assert_one_line_refusal(result, "kpi_week", "--replace")


def test_credit_on_a_database_without_schema_says_to_build_it(workdir):
    result = _run(CLIS["credit train"], _good_env(workdir), workdir / "work")
    _assert_one_line_refusal(result, "python -m lafa_core.generate")


def test_argparse_usage_errors_still_exit_2(workdir):
    for args in (["lafa_core.generate", "--seed", "abc"], ["lafa_core.credit"], ["lafa_core.migrate", "--nope"]):
        result = _run(args, _good_env(workdir), workdir / "work")
        assert result.returncode == 2 and "Traceback" not in result.stderr
