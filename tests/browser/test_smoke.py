"""Real-browser smoke test: the served app in headless Chromium, driven over the DevTools
protocol (websockets, already a Streamlit dependency). Skips where no Chromium is installed
(Debian: `apt-get install chromium`)."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from websockets.sync.client import connect

from tests.factories import build_tiny_company

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@contextmanager
def _process(args: list[str], **kwargs):
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class Browser:
    def __init__(self, websocket):
        self.ws, self.next_id = websocket, 0

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=30))
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def text_after(self, url: str, expected: list[str], seconds: float = 45) -> str:
        self.call("Page.navigate", url=url)
        deadline, text = time.monotonic() + seconds, ""
        while time.monotonic() < deadline:
            result = self.call("Runtime.evaluate", expression="document.body ? document.body.innerText : ''")
            text = result.get("result", {}).get("value", "")
            if all(e in text for e in expected):
                return text
            time.sleep(0.5)
        raise AssertionError(f"{url}: never showed {expected}; page text was:\n{text[:1500]}")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    from lafa_core.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{folder / 'lafa.db'}")
    migrate(engine)
    build_tiny_company(engine)
    engine.dispose()
    app_port, debug_port = _free_port(), _free_port()
    env = os.environ | {"LAFA_DATABASE_URL": f"sqlite:///{folder / 'lafa.db'}", "LAFA_MODELS_DIR": str(folder)}
    server = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(app_port),
              "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    chromium = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={folder / 'profile'}", f"--remote-debugging-port={debug_port}", "about:blank"]
    with _process(server, cwd=ROOT, env=env), _process(chromium):
        _wait_for(f"http://127.0.0.1:{app_port}/_stcore/health")
        targets = json.loads(_wait_for(f"http://127.0.0.1:{debug_port}/json"))
        page = next(t for t in targets if t.get("type") == "page")
        with connect(page["webSocketDebuggerUrl"], max_size=None) as websocket:
            client = Browser(websocket)
            client.call("Runtime.enable")
            yield client, f"http://127.0.0.1:{app_port}"


def test_deep_link_on_a_fresh_server_gets_the_apps_navigation(browser):
    client, base = browser
    # The very first request of the server is a deep link: it must still show app.py's menu.
    text = client.text_after(f"{base}/roadmap", ["Hoja de ruta, ROI y ecosistema", "Fundación", "Ver como"])
    assert "Transversal" in text


def test_home_page_renders_its_kpis_in_a_real_browser(browser):
    client, base = browser
    text = client.text_after(base + "/", ["Indicadores ejecutivos", "Flota activa", "Qué requiere atención"])
    assert "Traceback" not in text and "Error" not in text.split("Qué requiere atención")[0]
