"""Granting a staff scope, which changes what someone may see and do, is audit-logged
by the service as the person who granted it."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.models import StaffScope
from lms.roles import Role
from lms.services import grant_scope
from tests import factories

pytestmark = pytest.mark.django_db


def test_granting_a_scope_in_the_admin_is_logged_once_as_the_granter(client):
    admin = factories.UserFactory(is_superuser=True)
    officer = factories.UserFactory()
    client.force_login(admin)

    response = client.post(
        reverse("staff-scopes:add"),
        {"user": officer.pk, "role": Role.HR_OFFICER.value, "region": "510104"},
    )

    assert response.status_code == 302
    scope = StaffScope.objects.get(user=officer)
    entry = ModelLogEntry.objects.for_instance(scope).get()
    assert (entry.action, entry.user_id) == ("lms.grant_scope", admin.pk)
    assert entry.data["role"] == "HR officer" and entry.data["region"] == "510104"


def test_a_scope_granted_by_the_system_is_logged_without_a_person():
    user = factories.UserFactory()

    scope = grant_scope(
        user=user,
        role=Role.CULTURE_OFFICER,
        region=factories.institution("510105").region,
    )

    entry = ModelLogEntry.objects.for_instance(scope).get()
    assert (entry.action, entry.user_id) == ("lms.grant_scope", None)
