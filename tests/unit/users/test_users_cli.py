"""`python -m lafa_core.users create-admin`: asks for the password, refuses weak ones, one line on error."""
import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session, select

from lafa_core.db import make_engine, migrate
from lafa_core.tables import AppUser

ROOT = Path(__file__).resolve().parents[3]


def _run(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "LAFA_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "lafa_core.users", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)


def test_create_admin_refuses_a_weak_or_mistyped_password_and_creates_a_strong_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'lafa.db'}"
    engine = make_engine(url)
    migrate(engine)
    weak = _run(url, "create-admin", "--username", "dora", stdin="dora12345678\ndora12345678\n")
    assert weak.returncode == 2 and "Traceback" not in weak.stderr
    assert weak.stderr.strip().splitlines()[-1].startswith("error: ")
    mistyped = _run(url, "create-admin", "--username", "dora", stdin="Torre-Control-2026\nTorre-Control-2027\n")
    assert mistyped.returncode == 2 and "differ" in mistyped.stderr
    with Session(engine) as session:
        assert session.exec(select(AppUser)).all() == []
    created = _run(url, "create-admin", "--username", "Dora", stdin="Torre-Control-2026\nTorre-Control-2026\n")
    assert created.returncode == 0, created.stderr
    with Session(engine) as session:
        user = session.exec(select(AppUser)).one()
    assert (user.username, user.role) == ("dora", "admin") and user.password_hash.startswith("$argon2id$")
    assert "Torre-Control-2026" not in user.password_hash


def test_demo_passwords_are_printed_only_for_a_demo_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'lafa.db'}"
    migrate(make_engine(url))
    assert _run(url, "demo-passwords").stdout == ""
    from lafa_core.uow import UnitOfWork
    from lafa_core.users import create_demo_accounts

    create_demo_accounts(UnitOfWork(make_engine(url)))
    assert "collections_agent" in _run(url, "demo-passwords").stdout


def test_an_unmigrated_database_gets_one_line(tmp_path):
    result = _run(f"sqlite:///{tmp_path / 'none.db'}", "create-admin", stdin="Torre-Control-2026\nTorre-Control-2026\n")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert "lafa_core.migrate" in result.stderr or "generate" in result.stderr  # what to do
