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
