"""Playback through signed, short-lived URLs: the master playlist, the variant view,
local segments and the poster. No URL is permanent or public."""

import re
import time
from urllib.parse import urlparse

import pytest
from django.core import signing
from django.urls import reverse

from media import encryption, playback
from media.services import transcode_video

pytestmark = pytest.mark.django_db

PLAYLIST_TYPE = "application/vnd.apple.mpegurl"


@pytest.fixture
def asset(make_clip, upload):
    return transcode_video(asset_id=upload(make_clip(seconds=2)).pk)


def uris(playlist: str) -> list[str]:
    return [line for line in playlist.splitlines() if line and line[0] != "#"]


def test_the_master_playlist_points_at_signed_variant_urls(asset):
    text = playback.master_playlist(asset)
    assert text.startswith("#EXTM3U")
    variants = uris(text)
    assert [urlparse(u).path.split("/")[3] for u in variants] == ["240p", "audio"]
    for uri in variants:
        assert "token=" in uri and "/media/" not in uri


def test_a_variant_playlist_with_its_token_lists_signed_segments(client, asset):
    variant = uris(playback.master_playlist(asset))[0]
    response = client.get(variant)
    assert response.status_code == 200
    assert response["Content-Type"] == PLAYLIST_TYPE
    assert response["Cache-Control"] == "no-store"
    segments = uris(response.text)
    assert segments and "#EXT-X-ENDLIST" in response.text
    assert all(re.search(r"/seg_\d{5}\.ts\?token=", uri) for uri in segments)


def test_a_segment_with_its_token_is_served_as_mpeg_ts(client, asset, settings):
    variant = uris(playback.master_playlist(asset))[0]
    segment = uris(client.get(variant).text)[0]
    response = client.get(segment)
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp2t"
    body = b"".join(response.streaming_content)
    stored = settings.MEDIA_ROOT / asset.hls_prefix / "240p" / "seg_00000.ts"
    assert body == stored.read_bytes()
    assert body[0] != 0x47  # encrypted: no MPEG-TS sync byte in the clear
    key = encryption.window_key(bytes(asset.delivery_secret), asset.hls_prefix, 0)
    plain = encryption.decrypt_bytes(body, key, encryption.segment_iv(0))
    assert plain[0] == 0x47  # the MPEG-TS sync byte


def test_an_expired_variant_token_is_refused(client, asset, monkeypatch):
    variant = uris(playback.master_playlist(asset))[0]
    later = time.time() + playback.url_seconds() + 1
    monkeypatch.setattr(playback.time, "time", lambda: later)
    assert client.get(variant).status_code == 403


def test_an_expired_segment_token_is_refused(client, asset, monkeypatch):
    variant = uris(playback.master_playlist(asset))[0]
    segment = uris(client.get(variant).text)[0]
    later = time.time() + playback.segment_seconds(asset) + 1
    monkeypatch.setattr(playback.time, "time", lambda: later)
    assert client.get(segment).status_code == 403


def test_segment_urls_outlive_the_playback_of_the_whole_video(asset):
    assert playback.segment_seconds(asset) >= playback.url_seconds() + 2 * 2


def test_a_forged_token_is_refused(client, asset):
    url = reverse("media:variant", args=[asset.pk, "240p"])
    forged = signing.dumps([asset.pk, "240p", time.time() + 999], salt="other")
    assert client.get(f"{url}?token={forged}").status_code == 403
    assert client.get(f"{url}?token=abc").status_code == 403
    assert client.get(url).status_code == 403


def test_a_token_for_one_rendition_opens_no_other(client, asset):
    token = playback.sign(
        salt=playback.VARIANT, asset_id=asset.pk, name="audio", seconds=60
    )
    url = reverse("media:variant", args=[asset.pk, "240p"])
    assert client.get(f"{url}?token={token}").status_code == 403


def test_a_variant_token_does_not_open_segments(client, asset):
    token = playback.sign(
        salt=playback.VARIANT, asset_id=asset.pk, name="240p", seconds=60
    )
    url = reverse("media:segment", args=[asset.pk, "240p", "seg_00000.ts"])
    assert client.get(f"{url}?token={token}").status_code == 403


def test_only_segment_files_can_be_asked_for(client, asset):
    token = playback.sign(
        salt=playback.SEGMENT, asset_id=asset.pk, name="240p", seconds=60
    )
    for name in ("index.m3u8", "..%2F..%2Foriginal.mp4", "poster.jpg", "a.ts.jpg"):
        url = reverse("media:segment", args=[asset.pk, "240p", "x.ts"])
        url = url.replace("x.ts", name)
        assert client.get(f"{url}?token={token}").status_code in (403, 404), name


def test_the_poster_is_served_through_a_signed_url(client, asset):
    url = playback.poster_url(asset)
    assert "token=" in url and "/media/" not in url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert client.get(url.split("?")[0]).status_code == 403


def test_a_video_that_is_not_ready_has_no_playable_variant(client, asset):
    variant = uris(playback.master_playlist(asset))[0]
    asset.status = "processing"
    asset.save()
    assert client.get(variant).status_code == 404


def test_nothing_of_the_ladder_is_under_the_public_media_url(client, asset):
    assert client.get(f"/media/{asset.master_playlist_path}").status_code == 404
