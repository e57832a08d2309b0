"""Registering for a competition proves nothing about who one is: a sign-up who
types a known person's name and ID number does not become that person, and every
refusal reads the same, whether the number is known or not."""

import datetime as dt

import pytest
from django.urls import reverse

from competitions.models import Entry
from lms.models import Person
from tests import factories
from tests.competitions.helpers import competition, id_number, person

pytestmark = pytest.mark.django_db

REFUSAL = "We could not register you with these details."


def register(client, contest, **fields):
    return client.post(reverse("competitions:register", args=[contest.pk]), fields)


def test_a_sign_up_typing_a_workshop_leaders_name_and_number_does_not_become_them(
    client,
):
    leader = factories.workshop_leader()
    contest = competition()
    stranger = factories.trainee()
    client.force_login(stranger)
    response = register(
        client,
        contest,
        real_name=leader.person.real_name,
        id_number=leader.person.id_number,
    )
    assert response.status_code == 200
    assert REFUSAL in response.text
    leader.person.refresh_from_db()
    assert leader.person.user is None
    assert not Person.objects.filter(user=stranger).exists()
    assert not Entry.objects.exists()


def test_a_known_number_under_another_name_gets_the_same_answer_as_any_refusal(
    client,
):
    known = person("周杰")
    contest = competition()
    client.force_login(factories.trainee())
    wrong_name = register(client, contest, real_name="王五", id_number=known.id_number)
    right_name = register(client, contest, real_name="周杰", id_number=known.id_number)
    assert REFUSAL in wrong_name.text and REFUSAL in right_name.text
    for response in (wrong_name, right_name):
        assert "another name" not in response.text
        assert "其他姓名" not in response.text
        assert "another account" not in response.text
    assert Person.objects.count() == 1


def test_a_number_of_a_person_with_an_account_gets_the_same_answer(client):
    owner = factories.trainee()
    known = person("周杰", user=owner)
    contest = competition()
    client.force_login(factories.trainee())
    response = register(client, contest, real_name="周杰", id_number=known.id_number)
    assert REFUSAL in response.text
    assert "another account" not in response.text
    assert not Entry.objects.exists()


def test_a_teammate_under_another_name_gets_the_same_answer(client):
    known = person("队员")
    contest = competition(entry_kind="team", team_size=2)
    user = factories.trainee()
    person("队长", user=user)
    client.force_login(user)
    response = register(
        client,
        contest,
        team_name="锦官城队",
        name_2="冒名者",
        id_number_2=known.id_number,
    )
    assert REFUSAL in response.text
    assert "another name" not in response.text
    assert not Entry.objects.exists()


def test_a_new_number_still_registers_the_sign_up_as_a_new_person(client):
    contest = competition()
    user = factories.trainee()
    client.force_login(user)
    response = register(
        client,
        contest,
        real_name="陈秀英",
        id_number=id_number("510104", dt.date(1992, 8, 8)),
        workshop_name="锦江蜀绣工坊",
    )
    assert response.status_code == 302
    assert Entry.objects.get().members.get().person.user == user
