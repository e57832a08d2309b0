"""The transcode runs on its own queue, survives a killed worker, and retries only
faults of the machine; the sweeper runs periodically."""

import pytest
from django.conf import settings

from lms.celery import app
from media.tasks import fail_stuck_assets_task, transcode_video_task


def route_of(task) -> str:
    return app.amqp.router.route({}, task.name)["queue"].name


def test_the_transcode_is_routed_to_the_media_queue():
    assert route_of(transcode_video_task) == "media"


def test_the_sweeper_is_not_stuck_behind_transcodes():
    assert route_of(fail_stuck_assets_task) == "default"


def test_a_worker_killed_mid_job_leads_to_a_redelivery():
    assert transcode_video_task.acks_late is True
    assert transcode_video_task.reject_on_worker_lost is True


def test_only_faults_of_the_machine_are_retried_with_backoff_and_a_limit():
    assert transcode_video_task.autoretry_for == (OSError,)
    assert transcode_video_task.retry_backoff
    assert 0 < transcode_video_task.max_retries <= 10


def test_the_sweeper_runs_periodically():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "media.tasks.fail_stuck_assets_task" in tasks


def test_make_runs_worker_consumes_the_media_queue():
    from lms.roof.management.commands.serve import worker_queues

    assert worker_queues() == ["default", "media"]


@pytest.mark.django_db
def test_a_bad_file_is_not_retried(settings):
    from django.core.files.base import ContentFile

    from media.models import VideoAsset

    asset = VideoAsset(title="坏")
    asset.original.save("bad.mp4", ContentFile(b"not a video at all"), save=False)
    asset.save()
    result = transcode_video_task.apply(args=[asset.pk])
    assert result.successful() and result.result == "failed"
    assert result.info == "failed"
