"""The instructor's course report: stored and summed figures, XLSX export, scoping."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.models import Person
from lms.roles import Role
from tests import factories
from tests.trainees.evidence.attendance import factories as attendance_factories
from trainees.evidence.attendance.services import mark_attendance
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


@pytest.fixture
def enrolment(school):
    course = attendance_factories.onsite_course(school, title="蜀锦织造")
    start = timezone.now() - dt.timedelta(days=1)
    session = attendance_factories.session(course, starts_at=start, hours=3)
    enrolment = attendance_factories.enrolled_trainee(course, email="li@example.com")
    mark_attendance(
        session=session,
        enrolment=enrolment,
        checked_in_at=start,
        checked_out_at=start + dt.timedelta(hours=1, minutes=30),
        reason="没有手机",
        recorded_by=factories.UserFactory(is_superuser=True),
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(verified_seconds=5400)
    Person.objects.filter(user=enrolment.user).update(real_name="李秀英")
    return enrolment


def workbook_text(response) -> str:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return "\n".join(
        " | ".join(str(cell) for cell in row)
        for row in book.active.iter_rows(values_only=True)
    )


def test_the_instructor_sees_each_trainees_figures(client, school, enrolment):
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.get(reverse("course_report"))
    assert response.status_code == 200
    assert "李秀英" in response.text
    assert "1.5" in response.text  # both 1.5 h of attendance and of watch time


def test_the_report_exports_to_xlsx(client, school, enrolment):
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.get(reverse("course_report") + "?export=xlsx")
    assert response.status_code == 200
    text = workbook_text(response)
    assert "Verified watch time (h) | Attendance (h)" in text
    assert "李秀英 | 蜀锦织造 | Enrolled | 1.5 | 1.5 | 0" in text


def test_another_institutions_instructor_sees_nothing_even_in_the_export(
    client, enrolment
):
    other = factories.institution("510104", "别的学校")
    client.force_login(factories.institution_staff(other, Role.INSTRUCTOR))
    assert "李秀英" not in client.get(reverse("course_report")).text
    export = client.get(reverse("course_report") + "?export=xlsx")
    assert "李秀英" not in workbook_text(export)
    filtered = client.get(reverse("course_report") + f"?course={enrolment.course_id}")
    assert "李秀英" not in filtered.text


def test_a_county_officer_sees_their_county_not_the_neighbours(client, enrolment):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    assert "李秀英" in client.get(reverse("course_report")).text
    client.force_login(factories.officer("510105", Role.HR_OFFICER))
    assert "李秀英" not in client.get(reverse("course_report")).text


def test_a_trainee_cannot_open_the_report(client, enrolment):
    client.force_login(enrolment.user)
    assert client.get(reverse("course_report")).status_code in (302, 403)


def test_the_roster_filter_offers_only_courses_in_scope(client, enrolment):
    other = factories.institution("510104", "别的学校")
    factories.course(other, title="别人的课程")
    client.force_login(factories.institution_staff(enrolment.course.institution))
    response = client.get(reverse("enrolments:index"))
    assert response.status_code == 200
    assert "蜀锦织造" in response.text
    assert "别人的课程" not in response.text


def test_the_attendance_column_is_the_enrolments_stored_figure(
    client, school, enrolment
):
    Enrolment.objects.filter(pk=enrolment.pk).update(attended_seconds=2 * 3600)
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))

    text = workbook_text(client.get(reverse("course_report") + "?export=xlsx"))

    assert "李秀英 | 蜀锦织造 | Enrolled | 1.5 | 2 | 0" in text


def test_trainees_are_listed_by_name_not_by_email(client, school, enrolment):
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    text = client.get(reverse("course_report")).text
    assert "李秀英" in text and "li@example.com" not in text
