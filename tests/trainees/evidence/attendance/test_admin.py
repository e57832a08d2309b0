"""The attendance view set in the Wagtail admin: scoped listing, inspect, filters and
XLSX export, and no way to edit a record there."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lms.roles import Role
from tests import factories
from tests.trainees.evidence.attendance import factories as att
from trainees.evidence.attendance.services import mark_attendance

pytestmark = pytest.mark.django_db

INDEX = "attendance-records:index"


def _attendance(region, trainee_name, course_title):
    school = factories.institution(region)
    course = att.onsite_course(school, title=course_title)
    session = att.session(course, starts_at=timezone.now() - dt.timedelta(hours=4))
    enrolment = att.enrolled_trainee(course, with_person=False)
    factories.person(name=trainee_name, region=region, user=enrolment.user)
    return mark_attendance(
        session=session,
        enrolment=enrolment,
        checked_in_at=session.starts_at,
        checked_out_at=session.ends_at,
        reason="没有手机",
        recorded_by=factories.institution_staff(school),
    )


@pytest.fixture
def records():
    return {
        "jinjiang": _attendance("510104", "锦江学员", "锦江蜀锦课"),
        "qingyang": _attendance("510105", "青羊学员", "青羊竹编课"),
    }


def listed(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse(INDEX) + query)
    assert response.status_code == 200
    return response.text


def exported(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse(INDEX) + "?export=xlsx" + query)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_county_officer_sees_their_county_not_the_neighbour(client, records):
    page = listed(client, factories.officer("510104"))
    assert "锦江学员" in page and "青羊学员" not in page


def test_a_province_officer_sees_both_counties(client, records):
    page = listed(client, factories.officer("510000", Role.HR_OFFICER))
    assert "锦江学员" in page and "青羊学员" in page


def test_the_export_is_scoped_too(client, records):
    rows = exported(client, factories.officer("510104"))
    text = str(rows)
    assert "锦江学员" in text and "青羊学员" not in text
    assert len(rows) == 2  # header and one record
    assert rows[0][:2] == ["Trainee", "ID number"]


def test_the_province_export_has_both_counties_and_masked_id_numbers(client, records):
    rows = exported(client, factories.officer("510000", Role.HR_OFFICER))
    assert len(rows) == 3
    masked = records["jinjiang"].user.person.id_number_masked
    assert masked in str(rows)
    assert records["jinjiang"].user.person.id_number not in str(rows)


def test_institution_staff_see_only_their_institution(client, records):
    school = records["qingyang"].session.course.institution
    page = listed(client, factories.institution_staff(school, Role.INSTRUCTOR))
    assert "青羊学员" in page and "锦江学员" not in page


def test_another_institutions_record_is_404(client, records):
    school = records["qingyang"].session.course.institution
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    theirs = records["jinjiang"]
    url = reverse("attendance-records:inspect", args=[theirs.pk])
    assert client.get(url).status_code == 404
    own = reverse("attendance-records:inspect", args=[records["qingyang"].pk])
    assert client.get(own).status_code == 200


def test_filter_choices_stay_in_scope(client, records):
    page = listed(client, factories.officer("510104"))
    assert "锦江蜀锦课" in page and "青羊竹编课" not in page


def test_filtering_by_course_and_method(client, records):
    officer = factories.officer("510000")
    course = records["qingyang"].session.course
    page = listed(client, officer, f"?course={course.pk}&method=manual")
    assert "青羊学员" in page and "锦江学员" not in page
    assert "青羊学员" not in listed(client, officer, f"?course={course.pk}&method=qr")


def test_nobody_edits_attendance_in_the_admin(client, records):
    client.force_login(factories.UserFactory(is_superuser=True))
    record = records["jinjiang"]
    assert client.get(reverse("attendance-records:add")).status_code in (302, 403)
    edit = reverse("attendance-records:edit", args=[record.pk])
    assert client.post(edit, {"manual_reason": "改"}).status_code in (302, 403)
    record.refresh_from_db()
    assert record.manual_reason == "没有手机"
