"""The pipeline on an S3-compatible server over HTTP (moto's server mode, or the one
CI names in TEST_S3_ENDPOINT_URL): upload, transcode, presigned playback."""

import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

from media import encryption, playback
from media.services import transcode_video
from tests.media.conftest import BUCKET, keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(bucket, make_clip, upload):
    asset = upload(make_clip(seconds=2))
    assert asset.original.name in keys(bucket)
    return transcode_video(asset_id=asset.pk)


def test_the_ladder_is_stored_in_the_bucket_with_its_content_types(bucket, ready):
    stored = keys(bucket, ready.hls_prefix)
    assert f"{ready.hls_prefix}master.m3u8" in stored
    assert f"{ready.hls_prefix}240p/seg_00000.ts" in stored
    head = bucket.head_object(Bucket=BUCKET, Key=f"{ready.hls_prefix}240p/seg_00000.ts")
    assert head["ContentType"] == "video/mp2t"
    head = bucket.head_object(Bucket=BUCKET, Key=f"{ready.hls_prefix}240p/index.m3u8")
    assert head["ContentType"] == "application/vnd.apple.mpegurl"


def test_segments_play_from_presigned_urls_fetched_over_http(client, bucket, ready):
    master = playback.master_playlist(ready)
    variant = next(line for line in master.splitlines() if "/240p/" in line)
    response = client.get(variant)
    assert response.status_code == 200
    segment = next(line for line in response.text.splitlines() if ".ts" in line)
    query = parse_qs(urlparse(segment).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == [str(playback.segment_seconds(ready))]
    with urllib.request.urlopen(segment, timeout=10) as fetched:
        body = fetched.read()
    key = f"{ready.hls_prefix}240p/seg_00000.ts"
    assert body == bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert body[0] != 0x47  # encrypted: useless without the key Jiangxin serves
    window_key = encryption.window_key(
        bytes(ready.delivery_secret), ready.hls_prefix, 0
    )
    plain = encryption.decrypt_bytes(body, window_key, encryption.segment_iv(0))
    assert plain[0] == 0x47


def test_the_poster_url_is_presigned_and_short_lived(bucket, ready):
    url = playback.poster_url(ready)
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Expires"] == [str(playback.url_seconds())]
    with urllib.request.urlopen(url, timeout=10) as fetched:
        assert fetched.read(3) == b"\xff\xd8\xff"  # JPEG


def test_nothing_in_the_bucket_is_public(bucket, ready):
    for key in keys(bucket):
        grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert not [g for g in grants if "AllUsers" in str(g["Grantee"])], key


def test_transcoding_again_leaves_one_ladder_in_the_bucket(
    bucket, ready, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        again = transcode_video(asset_id=ready.pk)
    prefixes = {key.split("/")[3] for key in keys(bucket, f"videos/hls/{ready.pk}/")}
    assert prefixes == {again.hls_prefix.split("/")[3]}


def test_a_long_video_is_chunked_reading_its_source_from_the_bucket_in_place(
    bucket, make_clip, upload, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from media import chunked, storage
    from media.models import VideoAsset

    settings.TRANSCODE_CHUNK_THRESHOLD_S = 5
    settings.TRANSCODE_CHUNK_S = 4
    runs = []
    monkeypatch.setattr(chunked, "_enqueue", lambda *args: runs.append(args))
    asset = upload(make_clip(seconds=12))
    with django_capture_on_commit_callbacks(execute=True):
        transcode_video(asset_id=asset.pk)
    copied = []
    real_download = storage.download

    def spy(storage_, name, directory):
        copied.append(name)
        return real_download(storage_, name, directory)

    monkeypatch.setattr(storage, "download", spy)
    asset_id, prefix, probe, count = runs[0]
    for index in range(count):
        chunked.transcode_chunk(
            asset_id=asset_id, prefix=prefix, index=index, probe=probe
        )
    ready = chunked.join_chunks(asset_id=asset_id, prefix=prefix, probe=probe)
    assert ready.status == VideoAsset.Status.READY, ready.failure_reason
    # Each chunk copied only its own sound piece; the source was read by URL.
    assert sorted(name.rsplit("/", 1)[1] for name in copied) == [
        "audio-64k-0000.nut",
        "audio-64k-0001.nut",
        "audio-64k-0002.nut",
    ]
    stored = keys(bucket, prefix)
    assert (
        f"{prefix}240p/index.m3u8" in stored and f"{prefix}240p/seg_00002.ts" in stored
    )
    assert not [key for key in stored if "/parts/" in key]
