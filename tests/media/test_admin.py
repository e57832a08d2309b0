"""The staff's video view set: upload, scoped listing and export, inspect, another
try, the preview playlist and the chooser for lessons."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.roles import Role
from media.models import VideoAsset
from media.services import fail_video_asset, transcode_video
from media.tasks import transcode_video_task
from tests import factories

pytestmark = pytest.mark.django_db

JINJIANG, QINGYANG, SICHUAN = "510104", "510105", "510000"


@pytest.fixture(autouse=True)
def _english_admin(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def queued(monkeypatch):
    ids = []
    monkeypatch.setattr(transcode_video_task, "delay", ids.append)
    return ids


@pytest.fixture
def schools():
    return {
        "jinjiang": factories.institution(JINJIANG, "锦江蜀绣学校"),
        "qingyang": factories.institution(QINGYANG, "青羊竹编学校"),
    }


@pytest.fixture
def videos(schools):
    return {
        key: VideoAsset.objects.create(
            title=f"{school.name}的视频", institution=school, original="videos/x.mp4"
        )
        for key, school in schools.items()
    }


def test_an_instructor_uploads_a_video_for_their_institution(
    client, schools, make_clip, queued, django_capture_on_commit_callbacks
):
    school = schools["jinjiang"]
    instructor = factories.institution_staff(school, Role.INSTRUCTOR)
    client.force_login(instructor)
    clip = make_clip()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("videos:add"),
            {
                "title": "蜀绣 · 平针",
                "institution": school.pk,
                "original": SimpleUploadedFile("pingzhen.mp4", clip.read_bytes()),
            },
        )
    assert response.status_code == 302, response.content[:2000]
    asset = VideoAsset.objects.get()
    assert (asset.title, asset.institution, asset.uploaded_by) == (
        "蜀绣 · 平针",
        school,
        instructor,
    )
    assert queued == [asset.pk]


def test_an_upload_over_the_limit_is_refused_in_the_form(
    client, settings, schools, queued
):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    school = schools["jinjiang"]
    client.force_login(factories.institution_staff(school))
    response = client.post(
        reverse("videos:add"),
        {
            "title": "太大",
            "institution": school.pk,
            "original": SimpleUploadedFile("big.mp4", b"0" * 5000),
        },
    )
    assert response.status_code == 200
    assert "videos may be at most 1000\xa0bytes" in response.text
    assert not VideoAsset.objects.exists()
    assert not (settings.MEDIA_ROOT / "videos").exists()


def test_institution_staff_cannot_upload_for_another_institution(
    client, schools, queued
):
    client.force_login(factories.institution_staff(schools["jinjiang"]))
    response = client.post(
        reverse("videos:add"),
        {
            "title": "越界",
            "institution": schools["qingyang"].pk,
            "original": SimpleUploadedFile("a.mp4", b"0" * 100),
        },
    )
    assert response.status_code == 200
    assert not VideoAsset.objects.exists()


def listing(client, user, suffix: str = "") -> str:
    client.force_login(user)
    response = client.get(reverse("videos:index") + suffix)
    assert response.status_code == 200
    if suffix:
        return b"".join(response.streaming_content).decode()
    return response.text


def test_a_county_officer_sees_their_countys_videos_only(client, videos):
    text = listing(client, factories.officer(JINJIANG, Role.HR_OFFICER))
    assert "锦江蜀绣学校的视频" in text and "青羊竹编学校的视频" not in text


def test_a_province_officer_sees_both_counties(client, videos):
    text = listing(client, factories.officer(SICHUAN, Role.HR_OFFICER))
    assert "锦江蜀绣学校的视频" in text and "青羊竹编学校的视频" in text


def test_the_export_is_scoped_too(client, videos):
    text = listing(client, factories.officer(JINJIANG), "?export=csv")
    assert "锦江蜀绣学校的视频" in text and "青羊竹编学校的视频" not in text
    text = listing(client, factories.officer(SICHUAN), "?export=csv")
    assert "锦江蜀绣学校的视频" in text and "青羊竹编学校的视频" in text


def test_reaching_into_another_institutions_video_finds_nothing(
    client, schools, videos
):
    client.force_login(factories.institution_staff(schools["jinjiang"]))
    neighbour = videos["qingyang"]
    for name in ("inspect", "edit", "delete", "history", "preview"):
        response = client.get(reverse(f"videos:{name}", args=[neighbour.pk]))
        assert response.status_code == 404, name
    response = client.post(reverse("videos:transcode", args=[neighbour.pk]))
    assert response.status_code == 404
    own = videos["jinjiang"]
    assert client.get(reverse("videos:inspect", args=[own.pk])).status_code == 200


def test_officers_may_look_but_not_upload(client, videos):
    client.force_login(factories.officer(JINJIANG))
    assert client.get(reverse("videos:add")).status_code in (302, 403)
    own = videos["jinjiang"]
    assert client.get(reverse("videos:edit", args=[own.pk])).status_code in (302, 403)


def test_the_inspect_page_shows_the_ladder_and_a_preview(
    client, schools, make_clip, upload
):
    school = schools["jinjiang"]
    asset = transcode_video(asset_id=upload(make_clip(), institution=school).pk)
    client.force_login(factories.institution_staff(school))
    response = client.get(reverse("videos:inspect", args=[asset.pk]))
    assert response.status_code == 200
    assert "avc1.4d401e,mp4a.40.2" in response.text
    assert "/media-hls/" in response.text  # the signed poster
    assert f'data-hls="{reverse("videos:preview", args=[asset.pk])}"' in response.text
    playlist = client.get(reverse("videos:preview", args=[asset.pk]))
    assert playlist["Content-Type"] == "application/vnd.apple.mpegurl"
    assert "/media-hls/" in playlist.text


def test_the_inspect_page_names_the_sound_only_rendition_in_words(
    client, schools, make_clip, upload
):
    school = schools["jinjiang"]
    asset = transcode_video(asset_id=upload(make_clip(), institution=school).pk)
    client.force_login(factories.institution_staff(school))
    page = client.get(reverse("videos:inspect", args=[asset.pk])).text
    assert "<td>sound only</td>" in page
    assert "<td>audio</td>" not in page


def test_a_failed_video_shows_its_reason_and_can_be_tried_again(
    client, schools, videos, queued, django_capture_on_commit_callbacks
):
    asset = videos["jinjiang"]
    fail_video_asset(asset_id=asset.pk, reason="文件已损坏，请重新上传。")
    client.force_login(factories.institution_staff(schools["jinjiang"]))
    page = client.get(reverse("videos:inspect", args=[asset.pk]))
    assert "文件已损坏，请重新上传。" in page.text
    assert "Traceback" not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("videos:transcode", args=[asset.pk]))
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.UPLOADED
    assert queued == [asset.pk]


def test_a_processing_video_refreshes_its_page_and_shows_progress(
    client, schools, videos
):
    asset = videos["jinjiang"]
    VideoAsset.objects.filter(pk=asset.pk).update(status="processing", progress=42)
    client.force_login(factories.institution_staff(schools["jinjiang"]))
    page = client.get(reverse("videos:inspect", args=[asset.pk])).text
    assert '<progress max="100" value="42">' in page
    assert 'http-equiv="refresh"' in page


def test_the_chooser_offers_only_ready_videos_in_scope(client, schools, videos):
    for asset in videos.values():
        VideoAsset.objects.filter(pk=asset.pk).update(status="ready")
    VideoAsset.objects.create(
        title="锦江 未完成", institution=schools["jinjiang"], original="videos/y.mp4"
    )
    client.force_login(factories.institution_staff(schools["jinjiang"]))
    response = client.get(reverse("video_chooser:choose"))
    assert response.status_code == 200
    html = response.json()["html"]
    assert "锦江蜀绣学校的视频" in html
    assert "青羊竹编学校的视频" not in html and "锦江 未完成" not in html
    chosen = client.get(reverse("video_chooser:chosen", args=[videos["qingyang"].pk]))
    assert chosen.status_code == 404


def test_roles_hold_the_video_permissions():
    def codenames(role):
        group = Group.objects.get(name=role)
        return set(group.permissions.values_list("codename", flat=True))

    upload = {"add_videoasset", "change_videoasset", "view_videoasset"}
    assert upload <= codenames(Role.INSTRUCTOR)
    assert upload <= codenames(Role.INSTITUTION_ADMIN)
    assert "view_videoasset" in codenames(Role.HR_OFFICER)
    assert "add_videoasset" not in codenames(Role.CULTURE_OFFICER)
    assert "view_videoasset" not in codenames(Role.TRAINEE)


def test_the_inspect_page_shows_times_in_local_time_like_the_listing(client, schools):
    import datetime as dt
    from zoneinfo import ZoneInfo

    school = schools["jinjiang"]
    asset = factories.video_asset(school)
    late_utc = dt.datetime(2026, 12, 3, 17, 30, tzinfo=ZoneInfo("UTC"))
    VideoAsset.objects.filter(pk=asset.pk).update(created_at=late_utc)
    client.force_login(factories.institution_staff(school))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    page = client.get(reverse("videos:inspect", args=[asset.pk])).content.decode()
    assert "2026年12月4日 01:30" in page  # Asia/Shanghai
    assert "17:30" not in page
