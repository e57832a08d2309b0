"""The admin's outbox report: the backlog and the last error, for superusers only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.roles import Role
from tests import factories
from xapi import services, statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing(lrs_on):
    user = factories.trainee()
    body = statements.certificate_earned(
        serial="JX0001", title="蜀绣基础", course=None, issued_at=timezone.now()
    )
    services.record_statement(user_id=user.pk, source="test:1", body=body)
    services.send_due_statements()  # nobody answers: it fails
    return user


def test_a_superuser_sees_the_backlog_and_the_last_error(client, failing):
    client.force_login(factories.trainee(is_superuser=True, is_staff=True))
    response = client.get(reverse("xapi_outbox"))
    assert response.status_code == 200
    assert response.context["backlog"]["waiting"] == 1
    assert response.context["backlog"]["failing"] == 1
    assert "test:1" in response.text
    assert "Connection refused" in response.context["backlog"]["last_error"]


def test_the_report_says_when_no_lrs_is_configured(client):
    client.force_login(factories.trainee(is_superuser=True, is_staff=True))
    response = client.get(reverse("xapi_outbox"))
    assert "No learning record store is configured" in response.text


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: factories.institution_staff(factories.institution("510104")),
        lambda: factories.officer("510104", Role.HR_OFFICER),
        factories.trainee,
    ],
    ids=["institution admin", "county officer", "trainee"],
)
def test_no_one_else_may_open_it(client, failing, make_user):
    client.force_login(make_user())
    response = client.get(reverse("xapi_outbox"))
    assert response.status_code in (302, 403)
    assert "test:1" not in response.text


def test_the_reports_menu_offers_it_to_superusers_only(client):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    assert reverse("xapi_outbox") not in client.get(reverse("wagtailadmin_home")).text
    client.force_login(factories.trainee(is_superuser=True, is_staff=True))
    assert reverse("xapi_outbox") in client.get(reverse("wagtailadmin_home")).text
