"""Enrolment: open courses, approval, closed cohorts, capacity and the waiting list."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import EnrolmentPolicy
from lms.roles import Role
from tests import factories
from trainees import services
from trainees.models import Enrolment, EnrolmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


def test_a_trainee_enrols_on_an_open_course(school):
    course = factories.course(school)
    enrolment = services.enrol_trainee(user=factories.trainee(), course=course)
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_a_full_course_puts_the_next_trainee_on_the_waiting_list(school):
    course = factories.course(school, capacity=1)
    services.enrol_trainee(user=factories.trainee(), course=course)
    second = services.enrol_trainee(user=factories.trainee(), course=course)
    assert second.status == EnrolmentStatus.WAITLISTED


def test_a_freed_place_goes_to_the_first_on_the_waiting_list(school):
    course = factories.course(school, capacity=1)
    first = services.enrol_trainee(user=factories.trainee(), course=course)
    waiting = [
        services.enrol_trainee(user=factories.trainee(), course=course)
        for _ in range(2)
    ]
    services.withdraw_enrolment(enrolment=first, by=first.user)
    waiting[0].refresh_from_db()
    waiting[1].refresh_from_db()
    assert waiting[0].status == EnrolmentStatus.ENROLLED
    assert waiting[1].status == EnrolmentStatus.WAITLISTED


def test_enrolling_twice_is_refused_and_keeps_one_row(school):
    course = factories.course(school)
    trainee = factories.trainee()
    services.enrol_trainee(user=trainee, course=course)
    with pytest.raises(ValidationError, match="already"):
        services.enrol_trainee(user=trainee, course=course)
    assert Enrolment.objects.filter(user=trainee).count() == 1


def test_a_trainee_who_left_may_enrol_again(school):
    course = factories.course(school)
    trainee = factories.trainee()
    enrolment = services.enrol_trainee(user=trainee, course=course)
    services.withdraw_enrolment(enrolment=enrolment, by=trainee)
    again = services.enrol_trainee(user=trainee, course=course)
    assert again.pk == enrolment.pk
    assert again.status == EnrolmentStatus.ENROLLED


def test_on_an_approval_course_the_trainee_asks_and_the_instructor_decides(school):
    course = factories.course(school, enrolment_policy=EnrolmentPolicy.APPROVAL)
    request = services.enrol_trainee(user=factories.trainee(), course=course)
    assert request.status == EnrolmentStatus.REQUESTED
    instructor = factories.institution_staff(school, Role.INSTRUCTOR)
    decided = services.decide_enrolment_request(
        enrolment=request, approve=True, decided_by=instructor
    )
    assert decided.status == EnrolmentStatus.ENROLLED
    assert decided.decided_by == instructor


def test_turning_a_request_down_needs_a_reason(school):
    course = factories.course(school, enrolment_policy=EnrolmentPolicy.APPROVAL)
    request = services.enrol_trainee(user=factories.trainee(), course=course)
    instructor = factories.institution_staff(school, Role.INSTRUCTOR)
    with pytest.raises(ValidationError, match="why"):
        services.decide_enrolment_request(
            enrolment=request, approve=False, decided_by=instructor
        )
    request.refresh_from_db()
    assert request.status == EnrolmentStatus.REQUESTED
    rejected = services.decide_enrolment_request(
        enrolment=request, approve=False, decided_by=instructor, reason="名额已满"
    )
    assert rejected.status == EnrolmentStatus.REJECTED


def test_a_closed_cohort_refuses_self_enrolment_but_takes_the_institutions(school):
    course = factories.course(school, enrolment_policy=EnrolmentPolicy.COHORT)
    trainee = factories.trainee()
    with pytest.raises(ValidationError, match="closed group"):
        services.enrol_trainee(user=trainee, course=course)
    staff = factories.institution_staff(school)
    enrolment = services.add_to_cohort(course=course, user=trainee, added_by=staff)
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_the_enrol_button_enrols_and_says_so(client, school):
    course = factories.course(school)
    client.force_login(factories.trainee())
    response = client.post(reverse("trainees:enrol", args=[course.pk]), follow=True)
    assert Enrolment.objects.get().status == EnrolmentStatus.ENROLLED
    assert "Leave this course" in response.text or "退出" in response.text


def test_enrolling_needs_a_login(client, school):
    course = factories.course(school)
    response = client.post(reverse("trainees:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert not Enrolment.objects.exists()


def test_a_refusal_is_shown_as_a_message_not_an_error(client, school):
    course = factories.course(school, enrolment_policy=EnrolmentPolicy.COHORT)
    client.force_login(factories.trainee())
    response = client.post(reverse("trainees:enrol", args=[course.pk]), follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
    assert not Enrolment.objects.exists()


def test_the_dashboard_lists_the_trainees_courses(client, school):
    course = factories.course(school, title="竹编入门")
    trainee = factories.trainee()
    services.enrol_trainee(user=trainee, course=course)
    client.force_login(trainee)
    assert "竹编入门" in client.get(reverse("progress:dashboard")).text


def test_an_instructor_sees_only_their_institutions_roster(client, school):
    other = factories.institution("510105", "竹编学校")
    ours = factories.course(school, title="蜀锦课")
    theirs = factories.course(other, title="竹编课")
    services.enrol_trainee(user=factories.trainee(email="a@example.org"), course=ours)
    services.enrol_trainee(user=factories.trainee(email="b@example.org"), course=theirs)
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.get(reverse("enrolments:index"))
    assert response.status_code == 200
    assert "a@example.org" in response.text
    assert "b@example.org" not in response.text


def test_an_instructor_approves_a_request_in_the_admin(client, school):
    course = factories.course(school, enrolment_policy=EnrolmentPolicy.APPROVAL)
    request = services.enrol_trainee(user=factories.trainee(), course=course)
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.post(
        reverse("enrolments:edit", args=[request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == EnrolmentStatus.ENROLLED


def test_an_instructor_cannot_decide_for_another_institution(client, school):
    other = factories.institution("510105")
    course = factories.course(other, enrolment_policy=EnrolmentPolicy.APPROVAL)
    request = services.enrol_trainee(user=factories.trainee(), course=course)
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.post(
        reverse("enrolments:edit", args=[request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == EnrolmentStatus.REQUESTED


def test_adding_an_unknown_email_to_a_cohort_says_so(client, school):
    course = factories.course(school, enrolment_policy=EnrolmentPolicy.COHORT)
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.post(
        reverse("enrolments:add"), {"course": course.pk, "email": "nobody@example.org"}
    )
    assert response.status_code == 200
    assert "sign up first" in response.text or "先注册" in response.text
    assert not Enrolment.objects.exists()


def test_adding_a_trainee_twice_to_a_cohort_shows_the_refusal(client, school):
    course = factories.course(school, enrolment_policy=EnrolmentPolicy.COHORT)
    trainee = factories.trainee(email="twice@example.org")
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    form = {"course": course.pk, "email": "twice@example.org"}
    assert client.post(reverse("enrolments:add"), form).status_code == 302
    response = client.post(reverse("enrolments:add"), form)
    assert response.status_code == 200
    assert "already" in response.text
    assert Enrolment.objects.filter(user=trainee).count() == 1


def _logged(enrolment) -> list[tuple[str, int | None]]:
    from wagtail.models import ModelLogEntry

    return list(
        ModelLogEntry.objects.for_instance(enrolment)
        .order_by("timestamp", "pk")
        .values_list("action", "user_id")
    )


def test_enrolling_on_an_open_course_is_logged_as_the_trainee(school):
    trainee = factories.trainee()
    enrolment = services.enrol_trainee(user=trainee, course=factories.course(school))
    assert _logged(enrolment) == [("trainees.enrol", trainee.pk)]


def test_approving_a_request_is_logged_as_the_instructor_who_decided(school):
    course = factories.course(school, enrolment_policy=EnrolmentPolicy.APPROVAL)
    trainee = factories.trainee()
    instructor = factories.institution_staff(school, Role.INSTRUCTOR)
    enrolment = services.enrol_trainee(user=trainee, course=course)

    services.decide_enrolment_request(
        enrolment=enrolment, approve=True, decided_by=instructor
    )

    assert _logged(enrolment) == [
        ("trainees.request", trainee.pk),
        ("trainees.approve_request", instructor.pk),
    ]


def test_withdrawing_and_the_freed_place_are_both_logged(school):
    course = factories.course(school, capacity=1)
    first = services.enrol_trainee(user=factories.trainee(), course=course)
    waiting = services.enrol_trainee(user=factories.trainee(), course=course)
    staff = factories.institution_staff(school)

    services.withdraw_enrolment(enrolment=first, by=staff, reason="搬家")

    assert _logged(first)[-1] == ("trainees.withdraw", staff.pk)
    assert _logged(waiting)[-1] == ("trainees.promote", None)


def test_adding_to_a_cohort_in_the_admin_is_logged_once_by_the_service(client, school):
    course = factories.course(school, enrolment_policy=EnrolmentPolicy.COHORT)
    staff = factories.institution_staff(school)
    enrolment = services.add_to_cohort(
        course=course, user=factories.trainee(), added_by=staff
    )
    assert _logged(enrolment) == [("trainees.add_to_cohort", staff.pk)]
