"""Course and lesson pages: what visitors, trainees and institution staff see."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import CourseSession, LessonKind, TrainingMode
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


def test_a_course_belongs_to_the_institution_of_its_subtree(school):
    course = factories.course(school)
    assert course.institution == school


def test_a_course_cannot_end_before_it_starts(school):
    with pytest.raises(ValidationError, match="end before"):
        factories.course(
            school, starts_on=dt.date(2026, 5, 2), ends_on=dt.date(2026, 5, 1)
        )


def test_a_video_lesson_needs_a_video(school):
    course = factories.course(school)
    with pytest.raises(ValidationError):
        factories.lesson(course, kind=LessonKind.VIDEO)


def test_a_lesson_cannot_use_another_institutions_video(school):
    from media.models import VideoAsset

    other = factories.institution("510105")
    theirs = VideoAsset.objects.create(
        title="别家的视频", original="videos/originals/x.mp4", institution=other
    )
    course = factories.course(school)
    with pytest.raises(ValidationError, match="another institution"):
        factories.lesson(course, kind=LessonKind.VIDEO, video=theirs)


def test_a_practical_task_needs_instructions(school):
    course = factories.course(school)
    with pytest.raises(ValidationError):
        factories.lesson(course, kind=LessonKind.PRACTICAL, instructions="")


def test_lessons_keep_their_order(school):
    course = factories.course(school)
    for title in ("一", "二", "三"):
        factories.lesson(course, title=title)
    assert [lesson.title for lesson in course.lessons()] == ["一", "二", "三"]


def test_a_visitor_sees_the_course_and_an_enrol_button_not_the_lessons(client, school):
    course = factories.course(school)
    lesson = factories.lesson(course, title="针法")
    response = client.get(course.url)
    assert response.status_code == 200
    assert "针法" in response.text
    assert lesson.url not in response.text
    assert "/accounts/login/" in response.text


def test_a_reading_lesson_is_closed_to_strangers(client, school):
    course = factories.course(school)
    lesson = factories.lesson(course, body="<p>秘密针法</p>")
    client.force_login(factories.trainee())
    response = client.get(lesson.url)
    assert "秘密针法" not in response.text


def test_staff_of_the_institution_can_open_every_lesson(client, school):
    course = factories.course(school)
    lesson = factories.lesson(course, body="<p>秘密针法</p>")
    client.force_login(factories.institution_staff(school))
    assert "秘密针法" in client.get(lesson.url).text


def test_sessions_are_shown_on_a_scheduled_course(client, school):
    start = timezone.make_aware(dt.datetime(2026, 12, 5, 9, 0))
    course = factories.course(school, mode=TrainingMode.ONSITE)
    CourseSession.objects.create(
        course=course,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        venue="锦江区非遗工坊",
    )
    assert course.is_scheduled
    assert "锦江区非遗工坊" in client.get(course.url).text


def test_a_session_must_end_after_it_starts(school):
    course = factories.course(school, mode=TrainingMode.ONSITE)
    start = timezone.now()
    session = CourseSession(course=course, starts_at=start, ends_at=start, venue="x")
    with pytest.raises(ValidationError):
        session.full_clean()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_course_page_queries_do_not_grow_with_lessons_or_sessions(client, school):
    course = factories.course(school, mode=TrainingMode.ONSITE)
    start = timezone.now()
    client.force_login(factories.trainee())
    factories.lesson(course, title="一")
    CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + dt.timedelta(hours=1), venue="a"
    )
    few = _queries(client, course.url)
    for n in range(6):
        factories.lesson(course, title=f"课{n}")
        CourseSession.objects.create(
            course=course,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            venue=f"v{n}",
        )
    assert _queries(client, course.url) == few


def test_institution_staff_open_the_new_course_form_in_their_subtree(client, school):
    from django.urls import reverse

    client.force_login(factories.institution_staff(school))
    url = reverse(
        "wagtailadmin_pages:add",
        args=["courses", "coursepage", school.course_index.pk],
    )
    response = client.get(url)
    assert response.status_code == 200
    other = factories.institution("510105")
    elsewhere = reverse(
        "wagtailadmin_pages:add", args=["courses", "coursepage", other.course_index.pk]
    )
    assert client.get(elsewhere).status_code in (302, 403)


def test_the_institution_page_lists_its_live_courses(client, school):
    factories.course(school, title="蜀锦一班")
    hidden = factories.course(school, title="蜀锦二班")
    hidden.unpublish()
    response = client.get(school.course_index.url)
    assert "蜀锦一班" in response.text
    assert "蜀锦二班" not in response.text
