"""The demo videos: generated with ffmpeg, uploaded and queued; loading twice adds
nothing."""

import pytest

from media import demo
from media.models import VideoAsset
from media.tasks import transcode_video_task
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_demo_videos_are_generated_queued_and_loaded_once(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(transcode_video_task, "delay", queued.append)
    school = factories.institution("510104", "成都蜀绣学校")
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load_demo(institution=school) == 3
    assets = demo.demo_assets(school)
    assert [a.title for a in assets] == [title for title, *_ in demo.DEMO_VIDEOS]
    assert sorted(queued) == sorted(a.pk for a in assets)
    assert all(a.original.size > 10_000 for a in assets)
    assert demo.load_demo(institution=school) == 0
    lecture = assets[-1]
    assert lecture.original.size > 1_000_000
    assert 300 > settings.TRANSCODE_CHUNK_THRESHOLD_S  # the chunked path
    assert VideoAsset.objects.count() == 3


def test_the_factory_makes_a_playable_video(tmp_path):
    asset = factories.transcoded_video_asset(tmp_path)
    assert asset.is_ready
    assert [r.name for r in asset.renditions.all()] == ["240p", "audio"]
