"""Resumable uploads straight to an S3 bucket (moto's server over HTTP, or CI's):
multipart parts PUT to presigned URLs, the offset to go on from read from the
bucket, the check on completion, and the video form keeping the object in place."""

import io
import os

import pytest
import requests
from django.urls import reverse
from PIL import Image

from lms.roles import Role
from media import resumable
from media.models import Upload, VideoAsset
from tests import factories
from tests.media.conftest import BUCKET, keys
from trainees.evidence.practical.uploads import PHOTO_UPLOAD

pytestmark = pytest.mark.django_db

CHUNK = resumable.CHUNK_BYTES  # S3's smallest part but the last


@pytest.fixture
def school():
    return factories.institution("510104", "锦江蜀绣学校")


@pytest.fixture
def trainee(client):
    user = factories.trainee()
    client.force_login(user)
    return user


def noise_png() -> bytes:
    """A photo larger than one part: noise does not compress."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3)).save(
        buffer, format="PNG", compress_level=0
    )
    assert CHUNK < len(buffer.getvalue()) < 2 * CHUNK
    return buffer.getvalue()


def start(client, size: int, purpose: str, name: str):
    response = client.post(
        reverse("media:upload-start"),
        {"purpose": purpose, "filename": name, "size": size},
    )
    assert response.status_code == 201, response.content
    return response.json()


def send_part(client, upload_id, number: int, data: bytes):
    response = client.post(
        reverse("media:upload-part", args=[upload_id, number]), {"size": len(data)}
    )
    assert response.status_code == 200, response.content
    put = requests.put(response.json()["url"], data=data, timeout=30)
    assert put.status_code == 200, put.text


def test_a_photo_goes_to_the_bucket_in_parts_and_is_checked_on_completion(
    client, bucket, trainee
):
    data = noise_png()
    state = start(client, len(data), PHOTO_UPLOAD, "leaf.png")
    assert state["multipart"] is True and state["chunk"] == CHUNK
    send_part(client, state["id"], 1, data[:CHUNK])
    send_part(client, state["id"], 2, data[CHUNK:])
    response = client.post(reverse("media:upload-complete", args=[state["id"]]))
    assert response.status_code == 200, response.content
    upload = Upload.objects.get(pk=state["id"])
    assert upload.status == Upload.Status.COMPLETE
    stored = bucket.get_object(Bucket=BUCKET, Key=upload.key)["Body"].read()
    assert stored == data


def test_the_offset_to_go_on_from_is_read_from_the_bucket(client, bucket, trainee):
    data = noise_png()
    state = start(client, len(data), PHOTO_UPLOAD, "leaf.png")
    send_part(client, state["id"], 1, data[:CHUNK])
    again = client.get(reverse("media:upload", args=[state["id"]])).json()
    assert again["offset"] == CHUNK


def test_a_part_of_the_wrong_size_gets_no_url(client, bucket, trainee):
    data = noise_png()
    state = start(client, len(data), PHOTO_UPLOAD, "leaf.png")
    response = client.post(
        reverse("media:upload-part", args=[state["id"], 1]), {"size": CHUNK - 1}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("media:upload-part", args=[state["id"], 3]), {"size": 10}
    )
    assert response.status_code == 400


def test_completing_before_every_part_arrived_is_refused(client, bucket, trainee):
    data = noise_png()
    state = start(client, len(data), PHOTO_UPLOAD, "leaf.png")
    send_part(client, state["id"], 1, data[:CHUNK])
    response = client.post(reverse("media:upload-complete", args=[state["id"]]))
    assert response.status_code == 400
    assert Upload.objects.get(pk=state["id"]).status == Upload.Status.RECEIVING


def test_a_file_that_is_not_a_photo_is_removed_from_the_bucket(client, bucket, trainee):
    data = b"%PDF-1.4 not a photo\n" * 20
    state = start(client, len(data), PHOTO_UPLOAD, "leaf.jpg")
    send_part(client, state["id"], 1, data)
    response = client.post(reverse("media:upload-complete", args=[state["id"]]))
    assert response.status_code == 400
    assert "not a photo" in response.json()["error"]
    assert not Upload.objects.filter(pk=state["id"]).exists()
    prefix = f"uploads/{state['id'].replace('-', '')}/"
    assert not keys(bucket, prefix)
    unfinished = bucket.list_multipart_uploads(Bucket=BUCKET, Prefix=prefix)
    assert not unfinished.get("Uploads")


def test_another_user_gets_no_part_url(client, bucket, trainee):
    state = start(client, 10, PHOTO_UPLOAD, "leaf.png")
    client.force_login(factories.trainee())
    response = client.post(
        reverse("media:upload-part", args=[state["id"], 1]), {"size": 10}
    )
    assert response.status_code == 404


def test_the_video_form_keeps_the_object_where_it_arrived(
    client, bucket, school, make_clip, monkeypatch
):
    monkeypatch.setattr("media.services._enqueue", lambda asset_id: None)
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    data = make_clip(seconds=2).read_bytes()
    state = start(client, len(data), "video", "lesson.mp4")
    send_part(client, state["id"], 1, data)
    assert (
        client.post(reverse("media:upload-complete", args=[state["id"]])).status_code
        == 200
    )
    response = client.post(
        reverse("videos:add"),
        {"title": "劈丝", "institution": school.pk, "upload": state["id"]},
    )
    assert response.status_code == 302
    asset = VideoAsset.objects.get()
    assert asset.original.name == Upload.objects.get(pk=state["id"]).key
    assert asset.original.name in keys(bucket)
