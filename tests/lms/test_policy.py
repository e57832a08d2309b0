"""The access policy's answers, and the leaks it closes: the site history, the
competition photos in the image chooser and the admin API, scoped lessons and
sessions."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.log_actions import log

from competitions.services import add_entry_photo
from courses.models import CourseSession, LessonPage
from lms import policy
from tests import factories
from tests.competitions import helpers as contest

pytestmark = pytest.mark.django_db


def photo() -> SimpleUploadedFile:
    data = io.BytesIO()
    PILImage.new("RGB", (16, 12), "blue").save(data, "JPEG")
    return SimpleUploadedFile("work.jpg", data.getvalue(), content_type="image/jpeg")


def contest_with_photo(region: str, caption: str):
    competition = contest.competition(region, name=f"{caption}大赛")
    entry = contest.enter(competition, contest.person(region_code=region))
    add_entry_photo(
        entry=entry, file=photo(), by=factories.UserFactory(), caption=caption
    )
    return competition


def session_of(course) -> CourseSession:
    now = dt.datetime.now(dt.UTC)
    return CourseSession.objects.create(
        course=course, venue="馆", starts_at=now, ends_at=now + dt.timedelta(hours=1)
    )


def test_lessons_in_scope_are_those_of_the_institutions_courses():
    mine, other = factories.institution("510104"), factories.institution("510105")
    lesson = factories.lesson(factories.course(mine), title="本校课时")
    factories.lesson(factories.course(other), title="他校课时")
    staff = factories.institution_staff(mine)
    assert list(LessonPage.objects.in_scope(staff)) == [lesson]


def test_sessions_in_scope_follow_the_courses_region():
    school = factories.institution("510104")
    session = session_of(factories.course(school))
    assert policy.can_view(factories.officer("510100"), session)
    assert not policy.can_view(factories.officer("520102"), session)


def test_only_institution_staff_take_attendance_not_the_regions_officer():
    school = factories.institution("510104")
    session = session_of(factories.course(school))
    assert policy.can_take_attendance(factories.institution_staff(school), session)
    assert not policy.can_take_attendance(factories.officer("510104"), session)


def test_the_site_history_shows_an_officer_only_their_regions_log(client):
    for region, name in (("510104", "锦江赛事"), ("520102", "南明赛事")):
        competition = contest.competition(region, name=name)
        log(instance=competition, action="competitions.open", user=None)
    client.force_login(factories.officer("510104"))
    for url in (
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:site_history_results",
    ):
        text = client.get(reverse(url)).text
        assert "锦江赛事" in text
        assert "南明赛事" not in text


def test_the_site_history_export_leaves_out_other_regions(client):
    log(
        instance=contest.competition("520102", name="南明赛事"),
        action="competitions.open",
        user=None,
    )
    client.force_login(factories.officer("510104"))
    response = client.get(
        reverse("wagtailadmin_reports:site_history"), {"export": "csv"}
    )
    assert "南明赛事" not in b"".join(response.streaming_content).decode()


def test_an_officer_chooses_only_photos_of_their_regions_competitions(client):
    contest_with_photo("510104", "锦江作品")
    contest_with_photo("520102", "南明作品")
    client.force_login(factories.officer("510104"))
    text = client.get(reverse("wagtailimages_chooser:choose_results")).text
    assert "锦江作品" in text
    assert "南明作品" not in text


def test_the_admin_api_lists_only_images_the_user_may_choose(client):
    contest_with_photo("510104", "锦江作品")
    contest_with_photo("520102", "南明作品")
    client.force_login(factories.officer("510104"))
    titles = [
        item["title"] for item in client.get("/admin/api/main/images/").json()["items"]
    ]
    assert titles == ["锦江作品"]


def test_each_competition_keeps_its_photos_in_its_own_collection():
    first = contest_with_photo("510104", "锦江作品")
    second = contest_with_photo("510104", "青羊作品")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.photo_collection != second.photo_collection
    assert first.photo_collection.get_parent() == second.photo_collection.get_parent()


def test_the_page_types_report_is_for_superusers_only(client):
    client.force_login(factories.officer("510104"))
    assert (
        client.get(reverse("wagtailadmin_reports:page_types_usage")).status_code == 403
    )
