"""People in the admin: scoped by household region, numbers masked, and the talent
profile gathering every role, course and award of one person."""

import datetime

import pytest
from django.urls import reverse

from inheritors.models import Apprenticeship
from lms.models import Person, Region
from lms.roles import Role
from lms.roof.selectors import talent_profile
from lms.services import register_person
from tests import factories
from trainees.services import enrol_trainee

pytestmark = pytest.mark.django_db


def resident(name: str, region: str, user=None) -> Person:
    return register_person(
        real_name=name,
        id_number=factories.id_number(region=region),
        mobile="13812345678",
        household_region=Region.objects.get(code=region),
        user=user,
    )


def test_an_officer_lists_people_of_their_county_with_masked_numbers(client):
    here = resident("王秀英", "510104")
    resident("李四", "510105")
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("people:index"))
    assert response.status_code == 200
    assert "王秀英" in response.text and "李四" not in response.text
    assert here.id_number not in response.text
    assert here.id_number_masked in response.text
    assert "13812345678" not in response.text


def test_another_countys_person_is_not_found(client):
    there = resident("李四", "510105")
    client.force_login(factories.officer("510104"))
    assert client.get(reverse("people:inspect", args=[there.pk])).status_code == 404


def test_registering_a_known_number_under_another_name_is_refused(client):
    known = resident("王秀英", "510104")
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(
        reverse("people:add"),
        {"real_name": "王小英", "id_number": known.id_number, "household_region": ""},
    )
    assert response.status_code == 200
    assert Person.objects.count() == 1


def test_a_wrong_id_number_is_refused_with_the_reason(client):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(
        reverse("people:add"),
        {"real_name": "赵五", "id_number": "110105194912310021"},
    )
    assert response.status_code == 200
    assert "X" in response.text
    assert not Person.objects.exists()


def test_the_profile_gathers_training_and_workshop_roles(client):
    trainee = factories.trainee()
    leader = factories.workshop_leader(name="王秀英", account=trainee)
    factories.workshop(leader=leader, name="红砂村蜀绣工坊")
    school = factories.institution("510104")
    course = factories.course(school, title="带头人专题班", for_workshop_leaders=True)
    enrol_trainee(user=trainee, course=course)
    profile = talent_profile(leader.person)
    assert [e.course.title for e in profile.enrolments] == ["带头人专题班"]
    assert [w.name for w in profile.led_workshops] == ["红砂村蜀绣工坊"]
    client.force_login(factories.officer("510104"))
    page = client.get(reverse("people:inspect", args=[leader.person.pk]))
    assert page.status_code == 200
    assert "带头人专题班" in page.text and "红砂村蜀绣工坊" in page.text
    assert "workshop leaders" in page.text


def test_an_apprentices_profile_shows_their_courses_and_certificates(client):
    from tests.trainees.certificates import factories as certificate_factories

    certificate = certificate_factories.certificate(name="赵小蓉")
    person = certificate.person
    person.household_region = Region.objects.get(code="510104")
    person.save()
    studio = factories.master_studio()
    Apprenticeship.objects.create(
        studio=studio,
        master=studio.leader,
        apprentice=person,
        started_on=datetime.date(2025, 3, 1),
    )
    profile = talent_profile(person)
    assert [a.studio for a in profile.apprenticeships] == [studio]
    assert [c.serial for c in profile.certificates] == [certificate.serial]
    client.force_login(factories.officer("510104"))
    page = client.get(reverse("people:inspect", args=[person.pk]))
    assert certificate.serial in page.text
    assert "Training certificate" in page.text
