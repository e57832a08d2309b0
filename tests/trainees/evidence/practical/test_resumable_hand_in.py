"""A trainee's photos and video sent ahead in resumable chunks, then handed in by
their upload ids; an id that is not the trainee's own hands in nothing."""

import zlib

import pytest
from django.urls import reverse

from media.models import Upload
from tests import factories
from tests.trainees.evidence.practical import factories as make
from trainees.evidence.practical.models import Submission
from trainees.evidence.practical.uploads import PHOTO_UPLOAD, VIDEO_UPLOAD

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client):
    course = make.practical_course(factories.institution("510104"))
    lesson = make.task(course)
    enrolment = make.enrolled(course)
    client.force_login(enrolment.user)
    return {"enrolment": enrolment, "url": reverse("practical:task", args=[lesson.pk])}


def send(client, data: bytes, name: str, purpose: str) -> str:
    upload_id = client.post(
        reverse("media:upload-start"),
        {"purpose": purpose, "filename": name, "size": len(data)},
    ).json()["id"]
    client.put(
        reverse("media:upload", args=[upload_id]),
        data=data,
        content_type="application/octet-stream",
        headers={
            "Upload-Offset": "0",
            "Upload-Checksum": f"crc32 {zlib.crc32(data):08x}",
        },
    )
    response = client.post(reverse("media:upload-complete", args=[upload_id]))
    assert response.status_code == 200, response.content
    return upload_id


def test_photos_and_a_video_sent_ahead_are_handed_in(
    client, setting, tmp_path, monkeypatch
):
    monkeypatch.setattr("media.services._enqueue", lambda asset_id: None)
    photos = [
        send(client, make.photo(name).read(), name, PHOTO_UPLOAD)
        for name in ("a.jpg", "b.jpg")
    ]
    video = send(client, make.video(tmp_path).read(), "work.mp4", VIDEO_UPLOAD)
    response = client.post(
        setting["url"],
        {"text": "叶脉用掺针", "photo_uploads": photos, "video_upload": video},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.photos.count() == 2
    assert submission.video is not None
    assert set(Upload.objects.values_list("status", flat=True)) == {"used"}


def test_a_photo_that_is_not_one_is_refused_when_its_upload_completes(client, setting):
    upload_id = client.post(
        reverse("media:upload-start"),
        {"purpose": PHOTO_UPLOAD, "filename": "x.jpg", "size": 5},
    ).json()["id"]
    client.put(
        reverse("media:upload", args=[upload_id]),
        data=b"hello",
        content_type="application/octet-stream",
        headers={
            "Upload-Offset": "0",
            "Upload-Checksum": f"crc32 {zlib.crc32(b'hello'):08x}",
        },
    )
    response = client.post(reverse("media:upload-complete", args=[upload_id]))
    assert response.status_code == 400
    assert "x.jpg is not a photo" in response.json()["error"]
    assert not Upload.objects.exists()


def test_another_trainees_upload_hands_in_nothing(client, setting):
    upload_id = send(client, make.photo("a.jpg").read(), "a.jpg", PHOTO_UPLOAD)
    other = make.enrolled(setting["enrolment"].course)
    client.force_login(other.user)
    response = client.post(
        setting["url"], {"text": "借来的", "photo_uploads": [upload_id]}
    )
    assert response.status_code == 400
    assert "not found or is already used" in response.text
    assert not Submission.objects.exists()
    assert Upload.objects.get().status == Upload.Status.COMPLETE


def test_an_upload_id_that_is_not_one_is_a_form_error(client, setting):
    response = client.post(setting["url"], {"text": "作品", "photo_uploads": ["nope"]})
    assert response.status_code == 400
    assert not Submission.objects.exists()
