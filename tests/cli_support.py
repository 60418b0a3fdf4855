"""Run a `python -m lafa_core.…` command line the way a shell would, in this test process: its own
environment (only the LAFA_* settings given), working folder and standard streams; the exit code
its `main` returns or raises. Each new interpreter costs about 2.5 s of imports, so only a few
tests start a real process (`in_process=False`), to show the module runs as a command at all."""
from __future__ import annotations

import importlib
import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _main_of(module: str):
    """The `main(argv)` that `python -m module` runs: a package's __main__, or the module's own."""
    target = importlib.import_module(module)
    if hasattr(target, "__path__"):
        target = importlib.import_module(f"{module}.__main__")
    return target.main


def run_cli(module: str, *args: str, env: dict[str, str], cwd: Path = ROOT, stdin: str = "",
            in_process: bool = True) -> subprocess.CompletedProcess:
    """`python -m module args…` with the environment's LAFA_* settings replaced by `env`."""
    args = [str(a) for a in args]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LAFA_")} | env
    if not in_process:
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        return subprocess.run([sys.executable, "-m", module, *args], env=environment, cwd=cwd, input=stdin,
                              capture_output=True, text=True, timeout=300)
    from lafa_core.config import get_settings
    from lafa_core.db import get_engine

    main = _main_of(module)
    saved_environ, saved_cwd, saved_stdin = dict(os.environ), Path.cwd(), sys.stdin
    out, err = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(environment)
    get_settings.cache_clear()
    get_engine.cache_clear()  # a fresh process would open the database its settings name
    try:
        os.chdir(cwd)
        sys.stdin = io.StringIO(stdin)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)
        get_settings.cache_clear()
        get_engine.cache_clear()
    return subprocess.CompletedProcess([module, *args], code or 0, out.getvalue(), err.getvalue())
