"""Learning records in tests: an LRS switched on in the settings, a small recording
LRS over real HTTP in a thread, and Ralph started and stopped from its venv."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import free_port


@pytest.fixture
def lrs_on(settings):
    """Learning records switched on, towards an address nobody answers at: the
    statements are written; sending them fails unless a test points elsewhere."""
    settings.XAPI_LRS_ENDPOINT = f"http://127.0.0.1:{free_port()}/xAPI/"
    settings.XAPI_LRS_USERNAME = "jiangxin"
    settings.XAPI_LRS_PASSWORD = "lrs-secret"
    settings.XAPI_TIMEOUT_SECONDS = 5
    return settings


class RecordingLrs:
    """An LRS that keeps what it is sent and answers with ``status`` (or, for
    ``conflict_ids``, 409 to a batch naming one of them)."""

    def __init__(self):
        self.requests: list[tuple[str, str, object, dict]] = []
        self.status = 200
        self.conflict_ids: set[str] = set()
        self.stored: dict[str, dict] = {}

    def handle(self, method: str, path: str, body, headers) -> int:
        self.requests.append((method, path, body, headers))
        if self.status != 200:
            return self.status
        batch = body if isinstance(body, list) else [body]
        if any(item["id"] in self.conflict_ids for item in batch):
            return 409
        for item in batch:
            self.stored[item["id"]] = item
        return 200 if method == "POST" else 204


@pytest.fixture
def recording_lrs(lrs_on):
    lrs = RecordingLrs()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null")
            status = lrs.handle(self.command, self.path, body, self.headers)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_PUT = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    lrs_on.XAPI_LRS_ENDPOINT = f"http://127.0.0.1:{server.server_address[1]}/xAPI/"
    yield lrs
    server.shutdown()
    server.server_close()


# --- Ralph --------------------------------------------------------------------------


def _get(url: str, username: str, password: str):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    request = urllib.request.Request(
        url,
        headers={
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": "1.0.3",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def read_statements(endpoint: str, username: str, password: str, *, agent: dict):
    """Every statement the LRS holds about ``agent`` (following ``more``)."""
    base = endpoint.rstrip("/")
    query = urllib.parse.urlencode({"agent": json.dumps(agent), "limit": 100})
    url = f"{base}/statements?{query}"
    found = []
    while url:
        page = _get(url, username, password)
        found.extend(page["statements"])
        more = page.get("more")
        url = urllib.parse.urljoin(base + "/", more) if more else None
    return found


LAUNCHER = Path(__file__).resolve().parents[2] / ".ci" / "ralph_lrs.py"


class Ralph:
    """Ralph's LRS with its file-system backend (``.ci/ralph_lrs.py``), run from
    ``venv`` in ``workdir``; its data stays in ``workdir/data`` across a stop and a
    start."""

    username = "jiangxin"
    password = "lrs-test-secret"

    def __init__(self, venv: str, workdir: Path):
        self.venv = Path(venv)
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(workdir / "app"),
            "RALPH_AUTH_FILE": str(workdir / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
        }
        (workdir / "data").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                self.venv / "bin" / "ralph", "auth", "-u", self.username,
                "-p", self.password, "-s", "all",
                "-M", "mailto:jiangxin-tests@example.com", "-w",
            ],
            env=self.env, cwd=workdir, check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> None:
        with open(self.workdir / "ralph.log", "a") as log:  # the child keeps its copy
            self.process = subprocess.Popen(
                [
                    self.venv / "bin" / "python", LAUNCHER, "--host", "127.0.0.1",
                    "--port", str(self.port), "--data", self.workdir / "data",
                ],
                env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                self.read(agent={"mbox": "mailto:nobody@example.com"})
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        self.stop()
        raise AssertionError((self.workdir / "ralph.log").read_text()[-3000:])

    def stop(self) -> None:
        """Kill it, as a crash would (SIGKILL to its whole process group)."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self.process = None

    def read(self, *, agent: dict) -> list[dict]:
        return read_statements(self.endpoint, self.username, self.password, agent=agent)


@pytest.fixture
def ralph(ralph_venv, tmp_path):
    """A Ralph of this test's own, on a free port, stopped at the end."""
    server = Ralph(ralph_venv, tmp_path / "ralph")
    server.start()
    yield server
    server.stop()
