"""A real Celery worker process on the configured broker runs a task to completion.

Embedded: kombu's filesystem transport and file results under var/test/.
CI: Redis (CELERY_BROKER_URL) as broker and result backend."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.exceptions import TimeoutError as CeleryTimeout

from lms.tasks import ping

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.worker


@pytest.fixture
def worker():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings_test"}
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "lms", "worker",
            "--pool=solo", "--loglevel=INFO", "--hostname=test-worker@%h",
            "--without-heartbeat", "--without-mingle", "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_real_worker_completes_a_task(worker):
    result = ping.delay()
    try:
        answer = result.get(timeout=60)
    except CeleryTimeout:
        worker.terminate()
        output = worker.communicate(timeout=20)[0]
        pytest.fail(f"the worker did not answer; its log:\n{output[-3000:]}")
    assert answer["pong"] is True
    assert result.successful()
