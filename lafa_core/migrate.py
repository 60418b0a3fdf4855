"""`python -m lafa_core.migrate`: create or upgrade the schema of LAFA_DATABASE_URL."""
from lafa_core.db import get_engine, migrate

if __name__ == "__main__":
    engine = get_engine()
    migrate(engine)
    print(f"Schema up to date: {engine.url.render_as_string(hide_password=True)}")
