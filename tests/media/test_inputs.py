"""Awkward and bad inputs each end in a clear state: ready, or failed with a reason
in words. Never stuck in processing, never a traceback."""

import pytest
from django.core.files.base import ContentFile

from media.models import VideoAsset
from media.services import transcode_video

pytestmark = pytest.mark.django_db


def stored(name: str, content: bytes) -> VideoAsset:
    """An asset whose stored file skipped the upload checks (as a damaged copy in
    storage would)."""
    asset = VideoAsset(title="坏文件")
    asset.original.save(name, ContentFile(content), save=False)
    asset.save()
    return asset


def assert_failed_in_words(asset: VideoAsset, *words: str) -> None:
    assert asset.status == VideoAsset.Status.FAILED
    assert "Traceback" not in asset.failure_reason
    for word in words:
        assert word in asset.failure_reason
    assert not asset.renditions.exists()
    assert asset.hls_prefix == ""


def test_a_portrait_video_keeps_its_orientation(make_clip, upload):
    asset = upload(make_clip(size="720x1280", seconds=2))
    asset = transcode_video(asset_id=asset.pk)
    assert asset.status == VideoAsset.Status.READY
    sizes = {r.name: r.resolution for r in asset.renditions.exclude(name="audio")}
    assert sizes == {
        "720p": "720x1280",
        "480p": "480x854",
        "360p": "360x640",
        "240p": "240x426",
    }


def test_a_phone_video_rotated_by_metadata_counts_as_portrait(make_clip, upload):
    asset = upload(make_clip(size="640x360", seconds=2, rotate=90))
    asset = transcode_video(asset_id=asset.pk)
    assert asset.status == VideoAsset.Status.READY
    assert (asset.width, asset.height) == (360, 640)
    assert asset.renditions.get(name="360p").resolution == "360x640"


def test_a_video_without_sound_gets_no_audio_rendition(make_clip, upload):
    asset = transcode_video(asset_id=upload(make_clip(audio=False)).pk)
    assert asset.status == VideoAsset.Status.READY
    assert asset.has_audio is False
    assert [r.name for r in asset.renditions.all()] == ["240p"]
    assert asset.renditions.get().codecs == "avc1.4d401e"


def test_a_one_frame_video_ends_ready_with_a_poster(make_clip, upload):
    asset = upload(make_clip(frames=1, audio=False, seconds=1))
    asset = transcode_video(asset_id=asset.pk)
    assert asset.status == VideoAsset.Status.READY, asset.failure_reason
    assert asset.duration < 0.5
    assert asset.poster


def test_a_small_video_is_never_upscaled(make_clip, upload):
    asset = transcode_video(asset_id=upload(make_clip(size="320x180")).pk)
    assert asset.status == VideoAsset.Status.READY
    assert asset.renditions.get(name="240p").resolution == "320x180"
    assert asset.renditions.count() == 2  # and sound alone


def test_a_truncated_mp4_fails_as_damaged(make_clip):
    whole = make_clip("whole.mp4", seconds=3).read_bytes()
    asset = stored("cut.mp4", whole[: len(whole) // 2])
    asset = transcode_video(asset_id=asset.pk)
    assert_failed_in_words(asset, "damaged or incomplete")


def test_a_truncated_mp4_with_its_index_in_front_fails_as_damaged(make_clip, tmp_path):
    import subprocess

    from media.ffmpeg import ffmpeg_binary

    source = make_clip("whole.mp4", seconds=3)
    faststart = tmp_path / "faststart.mp4"
    subprocess.run(
        [ffmpeg_binary(), "-v", "error", "-i", str(source), "-c", "copy"]
        + ["-movflags", "+faststart", str(faststart)],
        check=True,
    )
    whole = faststart.read_bytes()
    asset = transcode_video(asset_id=stored("cut.mp4", whole[: len(whole) // 2]).pk)
    assert_failed_in_words(asset, "damaged or incomplete")


def test_a_text_file_named_mp4_fails_as_not_a_video():
    asset = stored("notes.mp4", "这不是视频，是一段说明文字。\n".encode() * 50)
    asset = transcode_video(asset_id=asset.pk)
    assert_failed_in_words(asset, "not a video")


def test_an_empty_file_fails_as_empty():
    asset = transcode_video(asset_id=stored("empty.mp4", b"").pk)
    assert_failed_in_words(asset, "empty")


def test_a_sound_file_fails_as_having_no_picture(tmp_path):
    import subprocess

    from media.ffmpeg import ffmpeg_binary

    sound = tmp_path / "tone.m4a"
    subprocess.run(
        [ffmpeg_binary(), "-v", "error", "-f", "lavfi", "-i", "sine=duration=1"]
        + ["-c:a", "aac", str(sound)],
        check=True,
    )
    asset = transcode_video(asset_id=stored("tone.mp4", sound.read_bytes()).pk)
    assert_failed_in_words(asset, "no picture")


def test_a_failed_video_can_be_transcoded_once_repaired(make_clip):
    asset = transcode_video(asset_id=stored("empty.mp4", b"").pk)
    asset.original.save("fixed.mp4", ContentFile(make_clip().read_bytes()))
    asset = transcode_video(asset_id=asset.pk)
    assert asset.status == VideoAsset.Status.READY
    assert asset.failure_reason == ""


def test_a_playlist_posing_as_a_video_cannot_make_ffmpeg_read_other_files(
    make_clip,
):
    """An HLS playlist uploaded as .mp4 would have ffmpeg fetch what it lists: a
    file of the server, or a URL. Only containers of recorded video are read."""
    secret = make_clip("secret.mp4")
    playlist = (
        f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n{secret}\n#EXT-X-ENDLIST\n"
    )
    asset = transcode_video(asset_id=stored("lesson.mp4", playlist.encode()).pk)
    assert_failed_in_words(asset, "not a video")


def test_a_list_of_files_for_concatenation_is_not_a_video(make_clip):
    secret = make_clip("secret.mp4")
    listing = f"ffconcat version 1.0\nfile '{secret}'\n"
    asset = transcode_video(asset_id=stored("lesson.mp4", listing.encode()).pk)
    assert_failed_in_words(asset, "not a video")
