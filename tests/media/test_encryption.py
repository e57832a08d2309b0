"""Encrypted delivery with the real ffmpeg: every segment is AES-128 encrypted after
segmenting, a key per window, the same key in every rendition, and the ladder plays
with the keys Jiangxin serves. Old, unencrypted ladders are converted by a task."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from media import conversion, ffmpeg, playback, services
from media.models import VideoAsset
from media.services import transcode_video
from tests import factories

pytestmark = pytest.mark.django_db

KEY_LINE = re.compile(r'#EXT-X-KEY:METHOD=AES-128,URI="([^"]+)",IV=0x([0-9a-f]{32})')


def uris(playlist: str) -> list[str]:
    return [line for line in playlist.splitlines() if line and line[0] != "#"]


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def local_copy(client, variant_url: str, folder: Path) -> Path:
    """Fetch a variant playlist, its segments and its keys through the site, as a
    player does, into a folder with a playlist pointing at the local files."""
    folder.mkdir(parents=True)
    text = fetch(client, variant_url).decode()
    keys, lines = {}, []
    for line in text.splitlines():
        if match := KEY_LINE.match(line):
            uri = match.group(1)
            if uri not in keys:
                keys[uri] = folder / f"key{len(keys)}.bin"
                keys[uri].write_bytes(fetch(client, uri))
            line = line.replace(uri, keys[uri].name)
        elif line and not line.startswith("#"):
            name = re.search(r"seg_\d+\.ts", line).group(0)
            (folder / name).write_bytes(fetch(client, line))
            line = name
        lines.append(line)
    playlist = folder / "index.m3u8"
    playlist.write_text("\n".join(lines) + "\n")
    return playlist


def decoded_seconds(playlist: Path) -> float:
    """Decode the whole playlist with ffmpeg (any bad byte is an error); the
    seconds of picture or sound it decoded."""
    report = subprocess.run(
        [ffmpeg.ffmpeg_binary(), "-v", "error", "-xerror"]
        + ["-allowed_extensions", "ALL", "-i", str(playlist)]
        + ["-f", "null", "-", "-progress", "pipe:1", "-nostats"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    times = re.findall(r"out_time_us=(\d+)", report.stdout)
    return int(times[-1]) / 1e6


@pytest.fixture
def asset(make_clip, upload, settings):
    settings.MEDIA_KEY_WINDOW_SEGMENTS = 1
    return transcode_video(asset_id=upload(make_clip(seconds=9)).pk)


def test_a_new_ladder_is_encrypted_with_a_key_window_per_setting(asset):
    assert asset.is_encrypted
    assert asset.key_windows == [[0.0, 4.0], [4.0, 8.0], [8.0, pytest.approx(9, 0.1)]]
    stored = settings.MEDIA_ROOT / asset.hls_prefix
    for rendition in ("240p", "audio"):
        assert (stored / rendition / "seg_00000.ts").read_bytes()[0] != 0x47
        assert "key:0" in (stored / rendition / "index.m3u8").read_text()
    assert not list(stored.rglob("*.key"))  # no key sits beside the segments


def test_the_ladder_plays_with_the_keys_jiangxin_serves(client, asset, tmp_path):
    for number, variant in enumerate(uris(playback.master_playlist(asset))):
        playlist = local_copy(client, variant, tmp_path / str(number))
        assert decoded_seconds(playlist) == pytest.approx(9, abs=0.5)


def test_a_window_has_the_same_key_in_every_rendition(client, asset):
    keys = {}
    for variant in uris(playback.master_playlist(asset)):
        text = fetch(client, variant).decode()
        found = [m.groups() for m in map(KEY_LINE.match, text.splitlines()) if m]
        keys[variant] = [fetch(client, uri) for uri, _ in found]
        ivs = [int(iv, 16) for _, iv in found]
        assert ivs == list(range(len(found)))  # the IV is the segment's number
    video, audio = keys.values()
    assert video == audio and len(set(video)) == 3


def test_a_key_uri_with_a_changed_window_or_expired_token_is_refused(
    client, asset, monkeypatch
):
    variant = uris(playback.master_playlist(asset))[0]
    uri = KEY_LINE.search(fetch(client, variant).decode()).group(1)
    assert client.get(uri.replace("/keys/0?", "/keys/1?")).status_code == 403
    later = playback.time.time() + playback.segment_seconds(asset) + 1
    monkeypatch.setattr(playback.time, "time", lambda: later)
    assert client.get(uri).status_code == 403


@pytest.fixture
def old_asset(make_clip, upload, monkeypatch, settings):
    """A ladder transcoded before encrypted delivery existed."""
    settings.MEDIA_KEY_WINDOW_SEGMENTS = 1
    monkeypatch.setattr(services.encryption, "encrypt_ladder", lambda *a, **k: [])
    asset = transcode_video(asset_id=upload(make_clip(seconds=9)).pk)
    monkeypatch.undo()
    assert asset.is_ready and not asset.is_encrypted
    return asset


def test_a_video_in_the_old_format_still_plays(client, old_asset, tmp_path):
    variant = uris(playback.master_playlist(old_asset))[0]
    text = fetch(client, variant).decode()
    assert "#EXT-X-KEY" not in text
    assert decoded_seconds(local_copy(client, variant, tmp_path / "old")) > 8.5


def test_converting_an_old_ladder_reports_progress_and_then_plays_encrypted(
    client, old_asset, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    monkeypatch.setattr(services, "PROGRESS_WRITE_SECONDS", 0)
    writer = services.progress_writer

    def watching(asset_id, *, field):
        write = writer(asset_id, field=field)

        def record(done):
            write(done)
            seen.append(VideoAsset.objects.get(pk=asset_id).encryption_progress)

        return record

    monkeypatch.setattr(services, "progress_writer", watching)
    old_prefix = old_asset.hls_prefix
    with django_capture_on_commit_callbacks(execute=True):
        asset = conversion.encrypt_existing_ladder(asset_id=old_asset.pk)
    assert asset.is_encrypted and asset.encryption_progress is None
    assert asset.hls_prefix != old_prefix
    assert not (settings.MEDIA_ROOT / old_prefix).exists()
    assert seen and seen == sorted(seen) and 0 < seen[-1] <= 99
    variant = uris(playback.master_playlist(asset))[0]
    playlist = local_copy(client, variant, tmp_path / "converted")
    assert decoded_seconds(playlist) == pytest.approx(9, abs=0.5)


def test_converting_again_changes_nothing(old_asset):
    first = conversion.encrypt_existing_ladder(asset_id=old_asset.pk)
    again = conversion.encrypt_existing_ladder(asset_id=old_asset.pk)
    assert again.hls_prefix == first.hls_prefix
    assert again.key_windows == first.key_windows


def test_staff_convert_a_video_from_its_page(client, old_asset, monkeypatch):
    queued = []
    monkeypatch.setattr(conversion, "_enqueue", queued.append)
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get(reverse("videos:inspect", args=[old_asset.pk]))
    assert "Convert to encrypted delivery" in page.text
    response = client.post(reverse("videos:encrypt", args=[old_asset.pk]))
    assert response.status_code == 302
    old_asset.refresh_from_db()
    assert old_asset.encryption_progress == 0
    assert ModelLogEntry.objects.filter(action="media.encrypt").count() == 1
    assert (
        "Converting to encrypted delivery: 0"
        in client.get(reverse("videos:inspect", args=[old_asset.pk])).text
    )


def test_the_command_queues_every_old_video_once(
    old_asset, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    queued = []
    monkeypatch.setattr(conversion, "_enqueue", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("encrypt_videos")
        call_command("encrypt_videos")  # already queued: not again
    assert queued == [old_asset.pk]
    old_asset.refresh_from_db()
    assert old_asset.encryption_progress == 0
