"""The course page editor refuses to remove a session that holds attendance."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import CourseSession
from tests import factories
from tests.trainees.evidence.attendance import factories as attendance_factories
from trainees.evidence.attendance.services import mark_attendance

pytestmark = pytest.mark.django_db


def edit_data(course, session, *, delete: bool) -> dict:
    local = timezone.localtime
    return nested_form_data(
        {
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary,
            "body": streamfield([]),
            "mode": course.mode,
            "enrolment_policy": course.enrolment_policy,
            "ich_category": "",
            "craft": "",
            "occupation": "",
            "skill_level": "",
            "planned_hours": "12",
            "capacity": "",
            "starts_on": "",
            "ends_on": "",
            "region": course.region_id,
            "completion_share": "90",
            "attendance_share": "80",
            "awards": "",
            "action-publish": "publish",
            "sessions": inline_formset(
                [
                    {
                        "id": session.pk,
                        "title": session.title,
                        "starts_at": local(session.starts_at).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                        "ends_at": local(session.ends_at).strftime("%Y-%m-%d %H:%M"),
                        "venue": session.venue,
                        "address": "",
                        "latitude": "",
                        "longitude": "",
                        "capacity": "",
                        "instructor": "",
                        "DELETE": "1" if delete else "",
                    }
                ],
                initial=1,
            ),
        }
    )


@pytest.fixture
def course_with_session():
    school = factories.institution("510104", "蜀锦学校")
    course = attendance_factories.onsite_course(school)
    start = timezone.now() - dt.timedelta(days=1)
    session = attendance_factories.session(course, starts_at=start, hours=2)
    return course, session


def test_a_session_with_attendance_cannot_be_removed(client, course_with_session):
    course, session = course_with_session
    enrolment = attendance_factories.enrolled_trainee(course)
    admin = factories.UserFactory(is_superuser=True)
    mark_attendance(
        session=session,
        enrolment=enrolment,
        checked_in_at=session.starts_at,
        checked_out_at=session.ends_at,
        reason="没有手机",
        recorded_by=admin,
    )
    client.force_login(admin)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        edit_data(course, session, delete=True),
    )
    assert response.status_code == 200
    assert "has attendance records" in response.text
    assert CourseSession.objects.filter(pk=session.pk).exists()


def test_a_session_without_evidence_can_be_removed(client, course_with_session):
    course, session = course_with_session
    client.force_login(factories.UserFactory(is_superuser=True))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        edit_data(course, session, delete=True),
    )
    assert response.status_code == 302, response.text[:3000]
    assert not CourseSession.objects.filter(pk=session.pk).exists()
