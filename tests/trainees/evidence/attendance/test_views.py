"""The check-in screen, the trainee's phone, and marking by hand, through HTTP."""

import datetime as dt
import io

import pytest
import segno
import zxingcpp
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from lms.roles import Role
from tests import factories
from tests.trainees.evidence.attendance import factories as att
from trainees.evidence.attendance.models import Attendance, AttendanceMethod
from trainees.evidence.attendance.tokens import WINDOW_SECONDS, Direction, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104", "锦江学校")


@pytest.fixture
def session(school):
    return att.session(att.onsite_course(school))


@pytest.fixture
def enrolment(session):
    return att.enrolled_trainee(session.course)


@pytest.fixture
def instructor(school):
    return factories.institution_staff(school, Role.INSTRUCTOR)


def scan_url(session, direction=Direction.IN, **kw):
    token = make_token(session_id=session.pk, direction=direction, **kw)
    return reverse("attendance:scan", args=[session.pk, token])


def decode(url: str) -> str:
    """Render the code as a picture and read it back as a phone's camera would."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6)
    buffer.seek(0)
    (result,) = zxingcpp.read_barcodes(Image.open(buffer))
    return result.text


def test_the_screen_shows_a_code_that_decodes_to_the_check_in_url(
    client, session, instructor
):
    client.force_login(instructor)
    response = client.get(reverse("attendance:check-in", args=[session.pk]))
    assert response.status_code == 200
    code = response.context["code"]
    assert "<svg" in response.text and str(code["svg"]) in response.text
    assert str(code["svg"]) == segno.make(code["url"], error="m").svg_inline(
        scale=4, omitsize=True
    )
    decoded = decode(code["url"])
    assert decoded == code["url"]
    assert decoded.startswith(f"http://testserver/learn/sessions/{session.pk}/scan/")


def test_the_decoded_url_opens_the_confirm_page_on_a_trainees_phone(
    client, session, instructor, enrolment
):
    client.force_login(instructor)
    url = client.get(reverse("attendance:check-in", args=[session.pk])).context["code"][
        "url"
    ]
    phone = Client(HTTP_ACCEPT_LANGUAGE="en")
    phone.force_login(enrolment.user)
    response = phone.get(decode(url))
    assert response.status_code == 200
    assert "Check in now" in response.text
    assert "jx_device" in response.cookies


def test_the_screen_works_without_javascript_by_refreshing_itself(
    client, session, instructor
):
    client.force_login(instructor)
    response = client.get(reverse("attendance:check-out", args=[session.pk]))
    assert '<meta http-equiv="refresh"' in response.text
    assert response.context["direction"] == Direction.OUT


def test_the_script_fetches_a_new_code_and_the_roster(
    client, session, instructor, enrolment
):
    client.force_login(instructor)
    response = client.get(reverse("attendance:check-in-code", args=[session.pk]))
    data = response.json()
    assert data["svg"].startswith("<svg")
    assert f"/learn/sessions/{session.pk}/scan/" in data["url"]
    assert 0 < data["seconds_left"] <= WINDOW_SECONDS
    assert "Absent" in data["roster"]


def test_staff_of_another_institution_get_404(client, session):
    other = factories.institution_staff(factories.institution("510105"))
    client.force_login(other)
    for name in ("check-in", "check-out", "check-in-code"):
        assert (
            client.get(reverse(f"attendance:{name}", args=[session.pk])).status_code
            == 404
        )


def test_a_department_officer_cannot_run_check_in(client, session):
    client.force_login(factories.officer("510104"))
    assert (
        client.get(reverse("attendance:check-in", args=[session.pk])).status_code == 404
    )


def test_the_session_list_shows_only_the_institutions_sessions(
    client, session, instructor
):
    other = att.session(
        att.onsite_course(factories.institution("510105"), title="竹编")
    )
    client.force_login(instructor)
    listed = list(client.get(reverse("attendance:sessions")).context["sessions"])
    assert listed == [session]
    assert other not in listed


def test_a_trainee_checks_in_and_out_from_the_phone(client, session, enrolment):
    client.force_login(enrolment.user)
    client.get(scan_url(session))  # sets the device cookie
    response = client.post(
        scan_url(session), {"latitude": "30.654950", "longitude": "104.081050"}
    )
    assert response.status_code == 302
    assert response.url == reverse("attendance:mine", args=[session.pk])
    attendance = Attendance.objects.get()
    assert attendance.method == AttendanceMethod.QR
    assert attendance.device_id == client.cookies["jx_device"].value
    response = client.post(scan_url(session, Direction.OUT), follow=True)
    assert "You are checked out." in response.text
    assert Attendance.objects.get().checked_out_at is not None


def test_an_expired_code_gets_a_clear_refusal_and_records_nothing(
    client, session, enrolment
):
    client.force_login(enrolment.user)
    client.get(scan_url(session))
    old = timezone.now() - dt.timedelta(seconds=3 * WINDOW_SECONDS)
    response = client.post(scan_url(session, now=old))
    assert response.status_code == 400
    assert "This code has expired" in response.text
    assert not Attendance.objects.exists()


def test_a_forged_code_gets_a_clear_refusal(client, session, enrolment):
    client.force_login(enrolment.user)
    url = reverse("attendance:scan", args=[session.pk, "eyJmb3JnZWQiOjF9:abc"])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "not a valid check-in code" in response.text
    assert not Attendance.objects.exists()


def test_a_trainee_not_enrolled_is_told_so_before_confirming(client, session):
    client.force_login(factories.trainee())
    response = client.get(scan_url(session))
    assert response.status_code == 400
    assert "not enrolled" in response.text


def test_bad_coordinates_are_refused_and_record_nothing(client, session, enrolment):
    client.force_login(enrolment.user)
    client.get(scan_url(session))
    for latitude in ("north", "123.5"):
        response = client.post(
            scan_url(session), {"latitude": latitude, "longitude": "104.08"}
        )
        assert response.status_code == 400
        assert "location could not be read" in response.text
    assert not Attendance.objects.exists()


def test_a_scan_without_the_csrf_token_is_refused(session, enrolment):
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(enrolment.user)
    assert phone.post(scan_url(session)).status_code == 403
    assert not Attendance.objects.exists()


def test_an_anonymous_phone_logs_in_and_comes_back(client, session):
    url = scan_url(session)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert "next=" in response.url and str(session.pk) in response.url


def test_the_instructor_marks_a_trainee_by_hand(client, session, enrolment, instructor):
    client.force_login(instructor)
    url = reverse("attendance:mark", args=[session.pk, enrolment.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "checked_in_at": timezone.localtime(session.starts_at).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "checked_out_at": "",
            "reason": "老人没有智能手机",
        },
    )
    assert response.status_code == 302
    attendance = Attendance.objects.get()
    assert attendance.method == AttendanceMethod.MANUAL
    assert attendance.recorded_by == instructor


def test_marking_by_hand_without_a_reason_is_refused(
    client, session, enrolment, instructor
):
    client.force_login(instructor)
    url = reverse("attendance:mark", args=[session.pk, enrolment.pk])
    response = client.post(url, {"checked_in_at": "2026-01-01T09:00", "reason": " "})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not Attendance.objects.exists()


def test_marking_in_another_institution_gets_404(client, session, enrolment):
    client.force_login(factories.institution_staff(factories.institution("510105")))
    url = reverse("attendance:mark", args=[session.pk, enrolment.pk])
    response = client.post(url, {"checked_in_at": "2026-01-01T09:00", "reason": "x"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_second_scan_is_refused_before_confirming(client, session, enrolment):
    client.force_login(enrolment.user)
    client.get(scan_url(session))
    client.post(scan_url(session))
    response = client.get(scan_url(session))
    assert response.status_code == 400
    assert "already checked in" in response.text
    assert "Check in now" not in response.text
