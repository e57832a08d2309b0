"""ffmpeg from PATH, else from the imageio-ffmpeg package (which has no ffprobe):
the pipeline works either way."""

import time

import pytest

from media import ffmpeg
from media.models import VideoAsset
from media.services import transcode_video
from tests.conftest import skip_or_fail


@pytest.fixture
def without_system_ffmpeg(monkeypatch):
    pytest.importorskip("imageio_ffmpeg", reason="imageio-ffmpeg is not installed")
    monkeypatch.setattr(ffmpeg.shutil, "which", lambda name: None)
    ffmpeg.ffmpeg_binary.cache_clear()
    ffmpeg.ffprobe_binary.cache_clear()
    yield
    ffmpeg.ffmpeg_binary.cache_clear()
    ffmpeg.ffprobe_binary.cache_clear()


def test_the_probe_from_ffmpegs_report_matches_ffprobe(make_clip):
    clip = make_clip(size="640x360", rotate=90)
    if ffmpeg.ffprobe_binary() is None:
        skip_or_fail("ffprobe is not on PATH (install Debian's ffmpeg)")
    assert ffmpeg.probe_with_ffmpeg(str(clip)) == ffmpeg.probe(str(clip))


def test_a_text_file_is_no_input_for_either_probe(tmp_path):
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video")
    with pytest.raises(ffmpeg.FFmpegError):
        ffmpeg.probe_with_ffmpeg(str(notes))


@pytest.mark.django_db
def test_without_system_ffmpeg_the_bundled_one_transcodes(
    make_clip, upload, without_system_ffmpeg
):
    clip = make_clip(seconds=2)
    assert "imageio_ffmpeg" in ffmpeg.ffmpeg_binary()
    assert ffmpeg.ffprobe_binary() is None
    asset = transcode_video(asset_id=upload(clip).pk)
    assert asset.status == VideoAsset.Status.READY, asset.failure_reason
    assert [r.name for r in asset.renditions.all()] == ["240p", "audio"]
    assert asset.duration == pytest.approx(2.0, abs=0.1)


def test_a_job_that_reports_no_progress_is_stopped():
    started = time.monotonic()
    with pytest.raises(ffmpeg.FFmpegStalled):
        ffmpeg.run(["sleep", "30"], stall_seconds=1)
    assert time.monotonic() - started < 10


def test_a_job_killed_by_a_signal_is_worth_another_try():
    with pytest.raises(OSError):
        ffmpeg.run(["sh", "-c", "kill -9 $$"])


def test_a_full_disk_is_worth_another_try():
    with pytest.raises(OSError):
        ffmpeg.run(["sh", "-c", "echo 'seg.ts: No space left on device' >&2; exit 1"])


def test_progress_is_reported_as_a_share_of_the_duration():
    seen = []
    script = "printf 'out_time_us=1000000\\nprogress=continue\\nout_time_us=2000000\\n'"
    ffmpeg.run(["sh", "-c", script], duration=4.0, on_progress=seen.append)
    assert seen == [0.25, 0.5]
