"""A real Celery worker process takes a long upload through the chunked path: the
transcode queues a chord, the worker runs every chunk and the join."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from lms import settings_test
from media import storage
from media.models import VideoAsset, VideoChunk
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url() -> str:
    """The test database, for the worker process to share."""
    if connection.vendor != "postgresql":
        skip_or_fail("the worker must share the test database: run on PostgreSQL")
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
        f"{db['NAME']}"
    )


@pytest.fixture
def worker(settings):
    settings.TRANSCODE_CHUNK_THRESHOLD_S = 5
    settings.TRANSCODE_CHUNK_S = 4
    # The worker runs lms.settings_test, whose files are under MEDIA_ROOT.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {"location": str(settings_test.MEDIA_ROOT)},
        },
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings_test",
        "DATABASE_URL": database_url(),
        "TRANSCODE_CHUNK_THRESHOLD_S": "5",
        "TRANSCODE_CHUNK_S": "4",
    }
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "lms", "worker",
            "--pool=solo", "--loglevel=INFO", "--hostname=chunk-worker@%h",
            "-Q", "default,media",
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


def test_a_real_worker_transcodes_a_long_video_in_chunks(worker, make_clip, upload):
    asset = upload(make_clip("long.mp4", seconds=12), title="长视频")
    deadline = time.monotonic() + 240
    while asset.status not in (VideoAsset.Status.READY, VideoAsset.Status.FAILED):
        if time.monotonic() > deadline or worker.poll() is not None:
            worker.terminate()
            log = worker.communicate(timeout=20)[0]
            pytest.fail(
                f"the video was not ready in time; the worker's log:\n{log[-4000:]}"
            )
        time.sleep(0.5)
        asset.refresh_from_db()
    try:
        assert asset.status == VideoAsset.Status.READY, asset.failure_reason
        assert asset.progress == 100
        chunks = VideoChunk.objects.filter(asset=asset)
        assert [(c.index, c.status) for c in chunks] == [
            (0, "done"),
            (1, "done"),
            (2, "done"),
        ]
        assert [r.name for r in asset.renditions.all()] == ["240p", "audio"]
    finally:  # the files are in the shared test folder, not the test's own
        default_storage.delete(asset.original.name)
        storage.delete_tree(default_storage, f"videos/hls/{asset.pk}/")
