"""Transcoding real clips into the HLS ladder: renditions, playlists, durations."""

import json
import subprocess

import pytest
from django.conf import settings

from media.models import VideoAsset
from media.services import transcode_video
from tests.media.conftest import ffprobe_or_skip, keys_beside

pytestmark = pytest.mark.django_db


def ffprobe_json(path, *args) -> dict:
    if str(path).endswith(".m3u8"):  # its keys beside it (``keys_beside``)
        args = ("-allowed_extensions", "ALL", *args)
    result = subprocess.run(
        [ffprobe_or_skip(), "-v", "error", "-print_format", "json", *args, str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def media_path(name: str):
    return settings.MEDIA_ROOT / name


@pytest.fixture
def ready_720p(make_clip, upload):
    asset = upload(make_clip("lesson.mp4", size="1280x720", seconds=2))
    asset = transcode_video(asset_id=asset.pk)
    keys_beside(asset)
    return asset


def test_a_720p_clip_gets_a_ladder_down_to_240p_with_sound_alone(ready_720p):
    assert ready_720p.status == VideoAsset.Status.READY
    assert ready_720p.progress == 100
    names = [r.name for r in ready_720p.renditions.all()]
    assert sorted(names) == ["240p", "360p", "480p", "720p", "audio"]
    assert names == ["240p", "360p", "480p", "720p", "audio"]  # start low, climb
    sizes = {r.name: r.resolution for r in ready_720p.renditions.all()}
    assert sizes == {
        "720p": "1280x720",
        "480p": "854x480",
        "360p": "640x360",
        "240p": "426x240",
        "audio": "",
    }


def test_ffprobe_reads_the_master_playlist_and_every_rendition(ready_720p):
    master = ffprobe_json(
        media_path(ready_720p.master_playlist_path), "-show_programs", "-show_format"
    )
    assert len(master["programs"]) == 5
    for rendition in ready_720p.renditions.all():
        streams = ffprobe_json(media_path(rendition.playlist), "-show_streams")
        codecs = sorted(s["codec_name"] for s in streams["streams"])
        expected = ["aac"] if rendition.is_audio_only else ["aac", "h264"]
        assert codecs == expected, rendition.name
        for stream in streams["streams"]:
            if stream["codec_name"] == "h264":
                assert stream["profile"] == "Main"
                assert f"{stream['width']}x{stream['height']}" == rendition.resolution


def test_every_rendition_lasts_as_long_as_the_source(ready_720p):
    assert ready_720p.duration == pytest.approx(2.0, abs=0.1)
    for rendition in ready_720p.renditions.all():
        probe = ffprobe_json(media_path(rendition.playlist), "-show_format")
        duration = float(probe["format"]["duration"])
        assert duration == pytest.approx(2.0, abs=0.15), rendition.name


def test_keyframes_fall_on_the_same_times_in_every_rendition(make_clip, upload):
    asset = transcode_video(
        asset_id=upload(make_clip(size="640x360", seconds=9, audio=False)).pk
    )
    keys_beside(asset)
    keyframes = {}
    for rendition in asset.renditions.all():
        packets = ffprobe_json(
            media_path(rendition.playlist),
            "-select_streams", "v", "-show_entries", "packet=pts_time,flags",
        )["packets"]  # fmt: skip
        keyframes[rendition.name] = [
            round(float(p["pts_time"]), 2) for p in packets if "K" in p["flags"]
        ]
    assert len(set(map(tuple, keyframes.values()))) == 1, keyframes
    first = keyframes["360p"][0]
    assert [round(t - first) for t in keyframes["360p"]] == [0, 4, 8]


def test_master_playlist_declares_bandwidth_codecs_and_resolution(ready_720p):
    text = media_path(ready_720p.master_playlist_path).read_text()
    assert 'CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=1280x720' in text
    assert 'CODECS="avc1.4d401e,mp4a.40.2",RESOLUTION=640x360' in text
    assert 'CODECS="mp4a.40.2"\naudio/index.m3u8' in text
    for rendition in ready_720p.renditions.all():
        assert rendition.bandwidth >= rendition.average_bandwidth > 0
        assert f"BANDWIDTH={rendition.bandwidth}," in text


def test_a_poster_image_is_stored_beside_the_ladder(ready_720p):
    assert ready_720p.poster.name == f"{ready_720p.hls_prefix}poster.jpg"
    probe = ffprobe_json(media_path(ready_720p.poster.name), "-show_streams")
    stream = probe["streams"][0]
    assert (stream["codec_name"], stream["width"], stream["height"]) == (
        "mjpeg",
        1280,
        720,
    )


def test_the_probe_is_recorded(ready_720p):
    assert (ready_720p.width, ready_720p.height) == (1280, 720)
    assert ready_720p.has_audio is True
    assert ready_720p.failure_reason == ""
    assert ready_720p.processed_at is not None


def test_the_poster_comes_from_the_ladders_own_process(monkeypatch, make_clip, upload):
    from media import ffmpeg

    runs = []
    original = ffmpeg.run

    def counting(command, **kwargs):
        runs.append(" ".join(command))
        return original(command, **kwargs)

    uploaded = upload(make_clip(seconds=3))  # the upload's own check runs here
    monkeypatch.setattr(ffmpeg, "run", counting)
    asset = transcode_video(asset_id=uploaded.pk)
    assert asset.poster
    assert len(runs) == 2  # the check, then the ladder with the poster
    assert "-f null" in runs[0]
    assert "split=2" in runs[1] and "poster.jpg" in runs[1]  # 240p and the still
