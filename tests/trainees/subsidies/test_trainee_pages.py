"""The trainee's page: where each course stands under each open policy; applying."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories
from tests.trainees.subsidies import factories as subsidy
from trainees.subsidies.models import Claim, Payee

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment():
    school = factories.institution("510104")
    return subsidy.trained(subsidy.course(school), hours=5)


@pytest.fixture
def eligible():
    return subsidy.finished_lately(factories.institution("510104"))


@pytest.fixture
def policy():
    return subsidy.policy("510100", valid_until=dt.date(2099, 12, 31))


def test_the_page_says_which_rules_are_not_yet_met(client, enrolment, policy):
    client.force_login(enrolment.user)
    response = client.get(reverse("subsidies:mine"))
    assert response.status_code == 200
    assert policy.name in response.text
    assert "verified 5.0 h" in response.text


def test_not_yet_eligible_offers_no_apply_but_what_would_change_it(
    client, enrolment, policy
):
    client.force_login(enrolment.user)
    text = client.get(reverse("subsidies:mine")).text
    assert "Not eligible yet." in text
    assert "verified hours" in text  # the rule by its name
    assert "Finish the course: its verified hours count as you learn." in text
    assert ">Apply<" not in text


def test_an_eligible_trainee_is_offered_apply(client, eligible, policy):
    client.force_login(eligible.user)
    text = client.get(reverse("subsidies:mine")).text
    assert "You meet every rule of this policy." in text and ">Apply<" in text


def test_applying_while_not_eligible_is_refused_with_the_reason(
    client, enrolment, policy
):
    client.force_login(enrolment.user)
    url = reverse("subsidies:apply", args=[enrolment.pk])
    response = client.post(url, {"policy": policy.pk}, follow=True)
    assert "not eligible yet" in response.text and "verified 5.0 h" in response.text
    assert not Claim.objects.exists()


def test_a_trainee_applies_and_the_claim_is_theirs(client, eligible, policy):
    client.force_login(eligible.user)
    url = reverse("subsidies:apply", args=[eligible.pk])
    response = client.post(url, {"policy": policy.pk})
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.payee == Payee.TRAINEE and claim.enrolment == eligible


def test_applying_twice_is_refused_with_a_message(client, eligible, policy):
    client.force_login(eligible.user)
    url = reverse("subsidies:apply", args=[eligible.pk])
    client.post(url, {"policy": policy.pk})
    response = client.post(url, {"policy": policy.pk}, follow=True)
    assert "already claimed" in response.text
    assert Claim.objects.count() == 1


def test_nobody_applies_on_someone_elses_enrolment(client, enrolment, policy):
    client.force_login(factories.trainee())
    url = reverse("subsidies:apply", args=[enrolment.pk])
    assert client.post(url, {"policy": policy.pk}).status_code == 404
    assert not Claim.objects.exists()


def test_the_page_needs_a_login(client):
    response = client.get(reverse("subsidies:mine"))
    assert response.status_code == 302
