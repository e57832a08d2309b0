"""Workshop leaders, their supports, and the workshops' employees: each person is
registered once by ID number and linked, not copied."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inheritors.models import LeaderSupport, WorkshopEmployee, WorkshopLeader
from inheritors.services import link_account, register_workshop_leader
from lms.models import Person, Region
from lms.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_leader_with_an_account_gets_the_leader_role():
    account = factories.trainee()
    leader = factories.workshop_leader(account=account)
    assert leader.person.user == account
    assert account.groups.filter(name=Role.WORKSHOP_LEADER).exists()


def test_a_person_is_a_leader_once():
    leader = factories.workshop_leader()
    with pytest.raises(ValidationError, match="already registered"):
        register_workshop_leader(
            real_name=leader.person.real_name,
            id_number=leader.person.id_number,
            region=Region.objects.get(code="510104"),
        )
    assert WorkshopLeader.objects.count() == 1


def test_an_account_belongs_to_one_person_only():
    account = factories.trainee()
    factories.workshop_leader(account=account)
    other = factories.workshop_leader()
    with pytest.raises(ValidationError, match="another person"):
        link_account(person=other.person, account=account, by=None)


def test_an_officer_registers_a_leader_with_their_site_account(client):
    account = factories.trainee(email="xiuying@example.org")
    client.force_login(factories.officer("510104"))
    response = client.post(
        reverse("workshop-leaders:add"),
        {
            "real_name": "张秀英",
            "id_number": factories.id_number(),
            "account_email": "XiuYing@example.org",
            "region": "510104",
            "honours": "乡村工匠",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    leader = WorkshopLeader.objects.get()
    assert leader.person.user == account


def test_an_unknown_account_email_is_refused_and_nothing_saved(client):
    client.force_login(factories.officer("510104"))
    response = client.post(
        reverse("workshop-leaders:add"),
        {
            "real_name": "张秀英",
            "id_number": factories.id_number(),
            "account_email": "nobody@example.org",
            "region": "510104",
        },
    )
    assert response.status_code == 200
    assert "account_email" in response.context["form"].errors
    assert not Person.objects.exists()


def test_a_leaders_page_shows_the_masked_number_only(client):
    leader = factories.workshop_leader()
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("workshop-leaders:inspect", args=[leader.pk]))
    assert leader.person.id_number_masked in response.text
    assert leader.person.id_number not in response.text


def test_an_hr_officer_records_a_support(client):
    leader = factories.workshop_leader("510104")
    officer = factories.officer("510104", Role.HR_OFFICER)
    client.force_login(officer)
    response = client.post(
        reverse("leader-supports:add"),
        {
            "leader": leader.pk,
            "kind": "guaranteed_loan",
            "amount": "200000",
            "granted_on": "2024-07-01",
            "department": "锦江区人社局",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    support = LeaderSupport.objects.get()
    assert support.recorded_by == officer
    assert support.get_kind_display()


def test_a_negative_support_is_refused(client):
    leader = factories.workshop_leader("510104")
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(
        reverse("leader-supports:add"),
        {
            "leader": leader.pk,
            "kind": "startup_subsidy",
            "amount": "-5",
            "granted_on": "2024-07-01",
            "department": "锦江区人社局",
        },
    )
    assert response.status_code == 200
    assert not LeaderSupport.objects.exists()


def test_a_leader_of_another_county_cannot_be_chosen(client):
    neighbour = factories.workshop_leader("510105")
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(
        reverse("leader-supports:add"),
        {
            "leader": neighbour.pk,
            "kind": "venue",
            "amount": "1000",
            "granted_on": "2024-07-01",
            "department": "人社局",
        },
    )
    assert response.status_code == 200
    assert "leader" in response.context["form"].errors


def test_an_employee_is_linked_to_the_same_person_as_their_trainee_record(client):
    workshop = factories.workshop("510104", identified_on=dt.date(2024, 5, 1))
    trainee_person = factories.person("王小梅")
    client.force_login(factories.officer("510104"))
    response = client.post(
        reverse("workshop-employees:add"),
        {
            "real_name": "王小梅",
            "id_number": trainee_person.id_number,
            "workshop": workshop.pk,
            "job_type": "home_based",
            "started_on": "2024-06-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert WorkshopEmployee.objects.get().person == trainee_person
    assert Person.objects.count() == 2  # the leader and the employee, once each


def test_who_worked_at_a_workshop_on_a_day():
    workshop = factories.workshop(identified_on=dt.date(2024, 5, 1))
    person = factories.person()
    WorkshopEmployee.objects.create(
        workshop=workshop,
        person=person,
        started_on=dt.date(2024, 6, 1),
        ended_on=dt.date(2024, 12, 31),
    )
    assert WorkshopEmployee.objects.employed_on(dt.date(2024, 7, 1)).exists()
    assert not WorkshopEmployee.objects.employed_on(dt.date(2025, 1, 1)).exists()


def test_a_job_cannot_end_before_it_starts():
    workshop = factories.workshop()
    with pytest.raises(ValidationError):
        WorkshopEmployee(
            workshop=workshop,
            person=factories.person(),
            started_on=dt.date(2024, 6, 1),
            ended_on=dt.date(2024, 1, 1),
        ).full_clean()


def test_giving_an_account_the_leader_role_is_logged_as_the_officer():
    from wagtail.models import ModelLogEntry

    leader = factories.workshop_leader()
    account = factories.trainee()
    officer = factories.officer("510104")

    link_account(person=leader.person, account=account, by=officer)

    entry = ModelLogEntry.objects.for_instance(leader.person).get(
        action="inheritors.leader.link_account"
    )
    assert entry.user_id == officer.pk and entry.data == {"account": account.pk}
