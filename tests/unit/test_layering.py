"""lafa_core never imports streamlit; pages reach the domain only through lafa_core and the UI modules."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_lafa_core_never_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "lafa_core").rglob("*.py") if "streamlit" in _imports(p)]
    assert offenders == []


def test_pages_do_not_touch_the_database_directly():
    for page in (ROOT / "pages").glob("*.py"):
        assert not {"sqlmodel", "sqlite3", "psycopg"} & _imports(page), page.name
        source = page.read_text(encoding="utf-8")
        for call in ("session.execute", "engine.connect", "engine.begin", "Session("):
            assert call not in source, f"{page.name} calls {call}: go through a lafa_core service"


# The persistence layer, the bulk-loading generator and the benchmarks may run statements;
# everywhere else SQL lives in a capability's queries module.
SQL_ALLOWED = ("db.py", "uow.py", "migrations/", "generate/", "bench.py")
STATEMENT_METHODS = {"execute", "scalar", "scalars", "exec", "add_all", "bulk_insert_mappings"}


def _runs_statements(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            named_session = isinstance(receiver, ast.Name) and receiver.id in ("session", "conn", "connection")
            if node.func.attr in STATEMENT_METHODS or (node.func.attr in ("add", "delete", "merge") and named_session):
                found.append(f"{node.func.attr} (line {node.lineno})")
    return found


def test_sql_runs_only_in_queries_modules():
    offenders = {}
    for path in (ROOT / "lafa_core").rglob("*.py"):
        relative = path.relative_to(ROOT / "lafa_core").as_posix()
        if path.name == "queries.py" or any(relative.startswith(p) or relative.endswith(p) for p in SQL_ALLOWED):
            continue
        if calls := _runs_statements(path):
            offenders[relative] = calls
    assert offenders == {}


def test_the_statement_check_sees_a_service_running_sql(tmp_path):
    service = tmp_path / "service.py"
    service.write_text("def f(session):\n    session.execute('SELECT 1')\n    session.add(object())\n")
    assert _runs_statements(service) == ["execute (line 2)", "add (line 3)"]
