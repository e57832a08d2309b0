"""Resumable uploads to the server's disk: chunks at offsets with a CRC-32 each, going
on after a failure, refusing what is wrong without losing what arrived, and the
admin's video form taking the upload id in place of the file."""

import zlib

import pytest
from django.urls import reverse

from lms.roles import Role
from media import resumable
from media.models import Upload, VideoAsset
from media.services import VIDEO_UPLOAD
from tests import factories

pytestmark = pytest.mark.django_db

CHUNK = 64 * 1024


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.RESUMABLE_CHUNK_BYTES = CHUNK


@pytest.fixture
def school():
    return factories.institution("510104", "锦江蜀绣学校")


@pytest.fixture
def instructor(client, school):
    user = factories.institution_staff(school, Role.INSTRUCTOR)
    client.force_login(user)
    return user


def start(client, size: int, *, name: str = "lesson.mp4", purpose=VIDEO_UPLOAD):
    return client.post(
        reverse("media:upload-start"),
        {"purpose": purpose, "filename": name, "size": size},
    )


def put(client, upload_id, offset: int, data: bytes, *, crc: int | None = None):
    crc = zlib.crc32(data) if crc is None else crc
    return client.put(
        reverse("media:upload", args=[upload_id]),
        data=data,
        content_type="application/octet-stream",
        headers={"Upload-Offset": str(offset), "Upload-Checksum": f"crc32 {crc:08x}"},
    )


def send_all(client, data: bytes, **kwargs) -> str:
    upload_id = start(client, len(data), **kwargs).json()["id"]
    for offset in range(0, len(data), CHUNK):
        assert (
            put(client, upload_id, offset, data[offset : offset + CHUNK]).status_code
            == 200
        )
    return upload_id


def complete(client, upload_id):
    return client.post(reverse("media:upload-complete", args=[upload_id]))


def test_a_video_sent_in_chunks_arrives_whole_and_passes_its_check(
    client, instructor, make_clip
):
    data = make_clip(seconds=2).read_bytes()
    upload_id = send_all(client, data)
    response = complete(client, upload_id)
    assert response.status_code == 200, response.json()
    assert response.json()["complete"] is True
    upload = Upload.objects.get(pk=upload_id)
    assert upload.status == Upload.Status.COMPLETE
    assert resumable.partial_path(upload).read_bytes() == data


def test_after_a_dropped_connection_the_client_learns_where_to_go_on(
    client, instructor
):
    data = bytes(range(256)) * 1024  # four chunks
    upload_id = start(client, len(data)).json()["id"]
    put(client, upload_id, 0, data[:CHUNK])
    state = client.get(reverse("media:upload", args=[upload_id])).json()
    assert state["offset"] == CHUNK
    assert put(client, upload_id, CHUNK, data[CHUNK : 2 * CHUNK]).json()["offset"] == (
        2 * CHUNK
    )


def test_a_chunk_out_of_order_is_refused_with_the_offset_to_go_on_from(
    client, instructor
):
    data = bytes(3 * CHUNK)
    upload_id = start(client, len(data)).json()["id"]
    put(client, upload_id, 0, data[:CHUNK])
    response = put(client, upload_id, 2 * CHUNK, data[2 * CHUNK :])
    assert response.status_code == 409
    assert response.json()["offset"] == CHUNK
    assert Upload.objects.get(pk=upload_id).received == CHUNK


def test_a_chunk_with_a_wrong_checksum_is_refused_and_what_arrived_is_kept(
    client, instructor
):
    data = b"a" * CHUNK + b"b" * CHUNK
    upload_id = start(client, len(data)).json()["id"]
    put(client, upload_id, 0, data[:CHUNK])
    response = put(client, upload_id, CHUNK, data[CHUNK:], crc=zlib.crc32(b"other"))
    assert response.status_code == 400
    assert "checksum" in response.json()["error"]
    assert response.json()["code"] == "checksum"
    upload = Upload.objects.get(pk=upload_id)
    assert upload.received == CHUNK
    assert resumable.partial_path(upload).read_bytes() == data[:CHUNK]
    assert put(client, upload_id, CHUNK, data[CHUNK:]).json()["offset"] == len(data)


def test_a_chunk_without_a_checksum_is_refused(client, instructor):
    upload_id = start(client, 10).json()["id"]
    response = client.put(
        reverse("media:upload", args=[upload_id]),
        data=b"0123456789",
        content_type="application/octet-stream",
        headers={"Upload-Offset": "0"},
    )
    assert response.status_code == 400
    assert Upload.objects.get(pk=upload_id).received == 0


def test_a_chunk_past_the_announced_size_is_refused(client, instructor):
    upload_id = start(client, 10).json()["id"]
    response = put(client, upload_id, 0, b"0123456789AB")
    assert response.status_code == 400
    assert Upload.objects.get(pk=upload_id).received == 0


def test_a_file_over_the_limit_is_refused_before_a_byte_is_sent(
    client, instructor, settings
):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    response = start(client, 1001)
    assert response.status_code == 400
    assert "may be at most" in response.json()["error"]
    assert not Upload.objects.exists()


def test_another_users_upload_id_is_unknown(client, instructor, school):
    upload_id = start(client, 10).json()["id"]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    assert client.get(reverse("media:upload", args=[upload_id])).status_code == 404
    assert put(client, upload_id, 0, b"0123456789").status_code == 404
    assert complete(client, upload_id).status_code == 404
    assert Upload.objects.get(pk=upload_id).received == 0


def test_a_trainee_may_not_send_an_admin_video(client):
    client.force_login(factories.trainee())
    assert start(client, 10).status_code == 400
    assert not Upload.objects.exists()


def test_a_visitor_who_is_not_signed_in_is_told_to_sign_in(client):
    assert start(client, 10).status_code == 403


def test_a_file_that_is_not_a_video_is_refused_on_completion_and_removed(
    client, instructor
):
    upload_id = send_all(client, b"just some notes, not a film\n" * 100)
    response = complete(client, upload_id)
    assert response.status_code == 400
    assert "video" in response.json()["error"]
    assert not Upload.objects.filter(pk=upload_id).exists()
    assert not list(resumable.partial_dir().iterdir())


def test_a_damaged_video_is_refused_on_completion(client, instructor, make_clip):
    data = make_clip(seconds=2).read_bytes()
    upload_id = send_all(client, data[: len(data) // 2])
    response = complete(client, upload_id)
    assert response.status_code == 400
    assert not Upload.objects.filter(pk=upload_id).exists()


def test_an_unfinished_upload_cannot_be_completed(client, instructor):
    upload_id = start(client, 2 * CHUNK).json()["id"]
    put(client, upload_id, 0, bytes(CHUNK))
    response = complete(client, upload_id)
    assert response.status_code == 400
    assert Upload.objects.get(pk=upload_id).status == Upload.Status.RECEIVING


def test_the_video_form_takes_the_upload_and_queues_the_transcode(
    client,
    instructor,
    school,
    make_clip,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    queued = []
    monkeypatch.setattr("media.services._enqueue", queued.append)
    upload_id = send_all(client, make_clip(seconds=2).read_bytes())
    assert complete(client, upload_id).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("videos:add"),
            {"title": "劈丝", "institution": school.pk, "upload": upload_id},
        )
    asset = VideoAsset.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("videos:inspect", args=[asset.pk])
    assert asset.original.read()[:8] == make_clip(seconds=2).read_bytes()[:8]
    assert queued == [asset.pk]
    assert Upload.objects.get(pk=upload_id).status == Upload.Status.USED
    assert not resumable.partial_path(Upload.objects.get(pk=upload_id)).exists()


def test_an_upload_is_used_once(client, instructor, school, make_clip, monkeypatch):
    monkeypatch.setattr("media.services._enqueue", lambda asset_id: None)
    upload_id = send_all(client, make_clip(seconds=2).read_bytes())
    complete(client, upload_id)
    form = {"title": "劈丝", "institution": school.pk, "upload": upload_id}
    client.post(reverse("videos:add"), form)
    response = client.post(reverse("videos:add"), form)
    assert response.status_code == 200
    assert "already used" in response.text
    assert VideoAsset.objects.count() == 1


def test_the_video_form_refuses_another_users_upload(
    client, instructor, school, make_clip
):
    upload_id = send_all(client, make_clip(seconds=2).read_bytes())
    complete(client, upload_id)
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.post(
        reverse("videos:add"),
        {"title": "劈丝", "institution": school.pk, "upload": upload_id},
    )
    assert response.status_code == 200
    assert not VideoAsset.objects.exists()


def test_the_transcode_progress_is_a_small_json_for_staff_in_scope(
    client, instructor, school
):
    asset = factories.video_asset(school, status=VideoAsset.Status.PROCESSING)
    VideoAsset.objects.filter(pk=asset.pk).update(progress=42)
    state = client.get(reverse("videos:progress", args=[asset.pk])).json()
    assert state["progress"] == 42
    assert state["working"] is True
    client.force_login(
        factories.institution_staff(factories.institution("510105"), Role.INSTRUCTOR)
    )
    assert client.get(reverse("videos:progress", args=[asset.pk])).status_code == 404


def test_stale_uploads_are_discarded_with_their_files(client, instructor):
    upload_id = start(client, 2 * CHUNK).json()["id"]
    put(client, upload_id, 0, bytes(CHUNK))
    from datetime import timedelta

    from django.utils import timezone

    Upload.objects.update(updated_at=timezone.now() - timedelta(days=2))
    assert resumable.discard_stale_uploads(older_than=timedelta(days=1)) == 1
    assert not Upload.objects.exists()
    assert not list(resumable.partial_dir().iterdir())
