"""An institution puts trainees on a course by mobile number; whoever signs up
later with that number finds the place waiting, on the same person."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from courses.models import EnrolmentPolicy
from lms import sms
from lms.models import Person, User
from lms.roles import Role
from tests import factories
from trainees import services
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db

NUMBER = "+8613900139000"


@pytest.fixture(autouse=True)
def _fresh_limits_and_outbox():
    cache.clear()
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


@pytest.fixture
def course(school):
    return factories.course(school, enrolment_policy=EnrolmentPolicy.COHORT)


def add_in_admin(client, school, course, **fields):
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    return client.post(reverse("enrolments:add"), {"course": course.pk, **fields})


def sign_up_and_verify(client, phone="139 0013 9000"):
    client.post(reverse("account_signup"), {"phone": phone})
    code = sms.outbox[-1].params["code"]
    return client.post(reverse("account_verify_phone"), {"code": code})


def test_the_admin_adds_a_trainee_by_a_mobile_number_nobody_signed_up_with(
    client, school, course
):
    response = add_in_admin(client, school, course, mobile="１３９ ００１３ ９０００")
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.course_id == course.pk
    assert enrolment.user.phone == NUMBER
    assert not enrolment.user.phone_verified
    assert not enrolment.user.has_usable_password()


def test_signing_up_with_the_rostered_number_finds_the_place_waiting(
    client, school, course
):
    add_in_admin(client, school, course, mobile="13900139000")
    client.logout()
    response = sign_up_and_verify(client)
    assert response.status_code == 302
    assert User.objects.count() == 2  # the staff member and the trainee
    trainee = User.objects.with_phone(NUMBER).get()
    assert trainee.phone_verified
    assert client.session["_auth_user_id"] == str(trainee.pk)
    page = client.get(reverse("progress:dashboard"))
    assert course.title in page.text


def test_a_rostered_person_keeps_one_record_after_signing_up(client, school, course):
    staff = factories.institution_staff(school)
    number = factories.id_number(7)
    services.add_to_cohort_by_mobile(
        course=course,
        mobile="13900139000",
        real_name="王小绣",
        id_number=number,
        added_by=staff,
    )
    assert Person.objects.count() == 1
    sign_up_and_verify(client)
    person = Person.objects.get()
    trainee = User.objects.with_phone(NUMBER).get()
    assert person.user == trainee
    assert person.mobile == "13900139000"
    assert Person.objects.count() == 1


def test_a_known_person_on_a_roster_is_found_not_doubled(school, course):
    staff = factories.institution_staff(school)
    person = factories.person("王小绣")
    services.add_to_cohort_by_mobile(
        course=course,
        mobile="13900139000",
        real_name="王小绣",
        id_number=person.id_number,
        added_by=staff,
    )
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.user == Enrolment.objects.get().user


def test_a_signed_up_trainee_is_found_by_their_number(school, course):
    trainee = factories.trainee()
    trainee.set_phone(NUMBER, verified=True)
    trainee.save()
    staff = factories.institution_staff(school)
    enrolment = services.add_to_cohort_by_mobile(
        course=course, mobile="139-0013-9000", added_by=staff
    )
    assert enrolment.user == trainee


def test_a_stranger_signing_up_first_with_an_email_does_not_keep_the_account(
    client, school, course
):
    add_in_admin(client, school, course, mobile="13900139000")
    client.logout()
    password = "river-lantern-embroidery-77"
    client.post(
        reverse("account_signup"),
        {
            "phone": "13900139000",
            "email": "stranger@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert "_auth_user_id" not in client.session  # the code went to the number
    # The real holder logs in by code in their own browser.
    holder = type(client)(HTTP_ACCEPT_LANGUAGE="en")
    cache.clear()
    holder.post(reverse("account_request_login_code"), {"phone": "13900139000"})
    code = sms.outbox[-1].params["code"]
    holder.post(reverse("account_confirm_login_code"), {"code": code})
    trainee = User.objects.with_phone(NUMBER).get()
    assert holder.session["_auth_user_id"] == str(trainee.pk)
    assert trainee.email == ""
    assert not trainee.has_usable_password()
    client.post(
        reverse("account_login"),
        {"login": "stranger@example.org", "password": password},
    )
    assert "_auth_user_id" not in client.session


def test_no_mainland_mobile_number_is_refused_in_the_admin(client, school, course):
    response = add_in_admin(client, school, course, mobile="+85291234567")
    assert response.status_code == 200
    assert "Only mainland China mobile numbers" in response.text
    assert not Enrolment.objects.exists()


def test_the_roster_shows_numbers_masked_in_the_list_and_the_export(
    client, school, course
):
    add_in_admin(client, school, course, mobile="13900139000")
    listing = client.get(reverse("enrolments:index"))
    assert "139****9000" in listing.text
    assert "13900139000" not in listing.text
    export = client.get(reverse("enrolments:index") + "?export=csv")
    body = b"".join(export.streaming_content).decode()
    assert "139****9000" in body
    assert "13900139000" not in body
