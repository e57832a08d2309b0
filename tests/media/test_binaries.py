"""ffmpeg from PATH, else from the imageio-ffmpeg package (which has no ffprobe):
the pipeline works either way."""

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
