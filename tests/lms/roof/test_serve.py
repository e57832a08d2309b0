"""`make run`'s last step: `manage.py serve` starts web, worker and beat; Ctrl-C stops
all three."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.worker

# Generous deadlines: on two cores busy with the rest of the suite, starting Django
# three times over and a Celery pool takes minutes, not seconds. Each wait ends as
# soon as its condition holds, so an idle machine is not slowed down.
START_SECONDS = 300
STOP_SECONDS = 120


def _wait_until(predicate, deadline: float) -> bool:
    """Poll ``predicate`` until it holds or the monotonic ``deadline`` passes."""
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.3)


def test_serve_runs_web_worker_and_beat_and_ctrl_c_stops_them(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=600,
    )  # fmt: skip
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's
    )
    output: list[str] = []
    reader = threading.Thread(
        target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True
    )
    reader.start()

    def home_page_answers() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
                return r.status == 200
        except OSError:
            return False

    started = time.monotonic() + START_SECONDS
    try:
        assert _wait_until(home_page_answers, started), "".join(output)
        assert _wait_until(lambda: "ready." in "".join(output), started), "".join(
            output
        )
        assert _wait_until(lambda: "beat: Starting" in "".join(output), started)
        assert f"http://127.0.0.1:{port}/" in "".join(output)
        assert "trainee@jiangxin.local" in "".join(output)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("serve did not stop on Ctrl-C")

    def group_is_gone() -> bool:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return True
        return False

    stopped = time.monotonic() + STOP_SECONDS
    assert _wait_until(group_is_gone, stopped), "a child of serve outlived Ctrl-C"
