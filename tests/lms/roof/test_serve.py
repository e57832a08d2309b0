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


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_runs_web_worker_and_beat_and_ctrl_c_stops_them(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=300,
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
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        assert _wait_for(home_page_answers, 60), "".join(output)
        assert _wait_for(lambda: "ready." in "".join(output), 60), "".join(output)
        assert _wait_for(lambda: "beat: Starting" in "".join(output), 30)
        assert f"http://127.0.0.1:{port}/" in "".join(output)
        assert "trainee@jiangxin.local" in "".join(output)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("serve did not stop on Ctrl-C")

    def group_is_gone() -> bool:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return True
        return False

    assert _wait_for(group_is_gone, 20), "a child of serve outlived Ctrl-C"
