"""The services around the transcode: upload limits, idempotence, retries, the
sweeper of stuck jobs and deletion."""

import os
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from media import services, storage
from media.models import VideoAsset, VideoRendition
from media.services import transcode_video
from media.tasks import transcode_video_task
from tests.media.conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The asset ids handed to the transcode queue."""
    ids = []
    monkeypatch.setattr(transcode_video_task, "delay", ids.append)
    return ids


def test_an_upload_is_queued_for_transcoding_once_committed(
    make_clip, upload, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = upload(make_clip())
    assert asset.status == VideoAsset.Status.UPLOADED
    assert asset.original.name.startswith("videos/originals/")
    assert queued == [asset.pk]


def test_an_upload_over_the_limit_is_refused_and_nothing_is_kept(
    settings, make_clip, upload, queued
):
    settings.MEDIA_MAX_UPLOAD_BYTES = 10_000
    with pytest.raises(ValidationError) as refused:
        upload(make_clip(seconds=2))
    message = " ".join(refused.value.messages)
    assert "videos may be at most 9.8\xa0KB" in message
    assert not VideoAsset.objects.exists()
    assert not (settings.MEDIA_ROOT / "videos").exists()
    assert queued == []


def test_an_empty_upload_is_refused(upload, tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="empty"):
        upload(empty)


def test_transcoding_twice_leaves_one_set_of_renditions_and_no_orphans(
    settings, make_clip, upload, django_capture_on_commit_callbacks
):
    asset = upload(make_clip())
    with django_capture_on_commit_callbacks(execute=True):
        first = transcode_video(asset_id=asset.pk)
        second = transcode_video(asset_id=asset.pk)
    assert second.status == VideoAsset.Status.READY
    assert second.hls_prefix != first.hls_prefix
    assert VideoRendition.objects.filter(asset=asset).count() == 2
    files = stored_files(settings.MEDIA_ROOT)
    assert all(
        name == asset.original.name or name.startswith(second.hls_prefix)
        for name in files
    )
    assert f"{second.hls_prefix}master.m3u8" in files


def test_leftovers_of_a_run_that_died_are_removed_by_the_next(
    settings, make_clip, upload
):
    asset = upload(make_clip())
    root = f"videos/hls/{asset.pk}/"
    storage.default_storage.save(f"{root}dead0run/240p/seg_00000.ts", ContentFile(b"x"))
    asset = transcode_video(asset_id=asset.pk)
    assert storage.subfolders(storage.default_storage, root) == [
        asset.hls_prefix.split("/")[3]
    ]


def test_progress_is_recorded_while_ffmpeg_runs(monkeypatch, make_clip, upload):
    monkeypatch.setattr(services, "PROGRESS_WRITE_SECONDS", 0)
    seen = []
    original = services.progress_writer

    def spy(asset_id, **kwargs):
        write = original(asset_id, **kwargs)

        def record(done):
            write(done)
            seen.append(VideoAsset.objects.get(pk=asset_id).progress)

        return record

    monkeypatch.setattr(services, "progress_writer", spy)
    asset = transcode_video(asset_id=upload(make_clip(seconds=3)).pk)
    assert seen and max(seen) <= 99 and seen == sorted(seen)
    assert asset.progress == 100


def test_a_storage_fault_hands_the_job_back_for_a_retry(monkeypatch, make_clip, upload):
    asset = upload(make_clip())

    def broken(*args, **kwargs):
        raise ConnectionResetError("the bucket hung up")

    monkeypatch.setattr(storage, "upload_tree", broken)
    with pytest.raises(OSError):
        transcode_video(asset_id=asset.pk)
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.UPLOADED
    assert storage.subfolders(storage.default_storage, f"videos/hls/{asset.pk}/") == []


def test_the_last_failed_retry_is_recorded_in_words(make_clip, upload):
    asset = upload(make_clip())
    transcode_video_task.on_failure(
        ConnectionResetError("the bucket hung up"), "task-id", (asset.pk,), {}, None
    )
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.FAILED
    assert "could not read or store the files" in asset.failure_reason
    assert "the bucket hung up" in asset.failure_reason


def test_a_video_that_keeps_killing_its_worker_fails_instead_of_looping(
    settings, make_clip, upload
):
    settings.MEDIA_MAX_ATTEMPTS = 3
    asset = upload(make_clip())
    VideoAsset.objects.filter(pk=asset.pk).update(
        attempts=3, status=VideoAsset.Status.PROCESSING
    )
    asset = transcode_video(asset_id=asset.pk)
    assert asset.status == VideoAsset.Status.FAILED
    assert "started 3 times without finishing" in asset.failure_reason


def test_an_asset_deleted_while_queued_is_skipped():
    assert transcode_video(asset_id=987654) is None


def test_stuck_assets_are_failed_with_the_reason_and_counted():
    long_ago = timezone.now() - timedelta(hours=3)
    stuck = VideoAsset.objects.create(title="卡住", status="processing")
    moving = VideoAsset.objects.create(title="进行中", status="processing")
    waiting = VideoAsset.objects.create(title="排队", status="uploaded")
    VideoAsset.objects.filter(pk__in=[stuck.pk, waiting.pk]).update(updated_at=long_ago)
    assert services.fail_stuck_assets(older_than=timedelta(minutes=60)) == 1
    stuck.refresh_from_db(), moving.refresh_from_db(), waiting.refresh_from_db()
    assert stuck.status == VideoAsset.Status.FAILED
    assert "no progress for 60 minutes" in stuck.failure_reason
    assert moving.status == VideoAsset.Status.PROCESSING
    assert waiting.status == VideoAsset.Status.UPLOADED


def test_the_periodic_task_uses_the_configured_limit(settings):
    from media.tasks import fail_stuck_assets_task

    settings.MEDIA_STUCK_AFTER_MINUTES = 5
    asset = VideoAsset.objects.create(title="卡住", status="processing")
    VideoAsset.objects.filter(pk=asset.pk).update(
        updated_at=timezone.now() - timedelta(minutes=6)
    )
    assert fail_stuck_assets_task() == 1


def test_a_failed_asset_needs_a_reason_in_the_database():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        VideoAsset.objects.create(title="无因", status="failed", failure_reason="")


def test_asking_again_resets_the_attempts_and_queues_it(
    make_clip, upload, queued, django_capture_on_commit_callbacks
):
    asset = upload(make_clip())
    services.fail_video_asset(asset_id=asset.pk, reason="测试")
    VideoAsset.objects.filter(pk=asset.pk).update(attempts=6)
    with django_capture_on_commit_callbacks(execute=True):
        asset = services.request_transcode(asset=asset, user=None)
    assert (asset.status, asset.attempts, asset.failure_reason) == ("uploaded", 0, "")
    assert queued == [asset.pk]


def test_deleting_an_asset_removes_its_files(
    settings, make_clip, upload, django_capture_on_commit_callbacks
):
    asset = transcode_video(asset_id=upload(make_clip()).pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_video_asset(asset=asset, user=None)
    assert stored_files(settings.MEDIA_ROOT) == set()
    assert not VideoAsset.objects.exists()


def test_working_folders_of_a_killed_run_are_removed_by_the_next(make_clip, upload):
    finished = subprocess.Popen(["true"])
    finished.wait()  # its process id now belongs to no process, as a killed worker's
    asset = upload(make_clip())
    dead = Path(tempfile.mkdtemp(prefix=f"jiangxin-video-{asset.pk}-{finished.pid}-"))
    (dead / "ladder").mkdir()
    live = Path(tempfile.mkdtemp(prefix=f"jiangxin-video-{asset.pk}-{os.getppid()}-"))
    other_asset = f"{asset.pk}987654"  # whose id starts with this one's
    other = Path(
        tempfile.mkdtemp(prefix=f"jiangxin-video-{other_asset}-{finished.pid}-")
    )
    transcode_video(asset_id=asset.pk)
    assert not dead.exists()
    assert live.exists() and other.exists()  # a running worker's, another asset's
    live.rmdir()
    other.rmdir()
