"""API tokens in the Wagtail admin: made by their owner, shown once, revoked."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from api.models import ApiToken, digest_of
from lms.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def expiry(days=30) -> str:
    return timezone.localtime(timezone.now() + dt.timedelta(days=days)).strftime(
        "%Y-%m-%d %H:%M"
    )


def make_token(client, **extra):
    return client.post(
        "/admin/api-tokens/new/",
        {"name": "county sync", "expires_at": expiry(), **extra},
    )


def test_a_staff_member_makes_a_token_and_sees_its_secret_once(client):
    officer = factories.officer("510104", Role.HR_OFFICER)
    client.force_login(officer)
    response = make_token(client)
    assert response.status_code == 200
    secret = re.search(r'value="(jx_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=officer)
    assert token.digest == digest_of(secret) and token.created_by == officer
    listing = client.get("/admin/api-tokens/").content.decode()
    assert "county sync" in listing and secret not in listing
    assert (
        secret not in client.get(f"/admin/api-tokens/edit/{token.pk}/").content.decode()
    )


def test_a_token_for_more_than_a_year_is_refused(client):
    officer = factories.officer("510104", Role.HR_OFFICER)
    client.force_login(officer)
    response = client.post(
        "/admin/api-tokens/new/", {"name": "forever", "expires_at": expiry(400)}
    )
    assert "one year at most" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_staff_see_and_revoke_only_their_own_tokens(client):
    officer, other = factories.officer("510104"), factories.officer("510104")
    client.force_login(other)
    make_token(client)
    theirs = ApiToken.objects.get(user=other)
    client.force_login(officer)
    assert "county sync" not in client.get("/admin/api-tokens/").content.decode()
    response = client.post(f"/admin/api-tokens/edit/{theirs.pk}/", {"revoke": "on"})
    assert response.status_code in (302, 404)
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_owner_revokes_a_token(client):
    officer = factories.officer("510104")
    client.force_login(officer)
    make_token(client)
    token = ApiToken.objects.get(user=officer)
    client.post(f"/admin/api-tokens/edit/{token.pk}/", {"revoke": "on"})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == officer


def test_an_administrator_makes_a_token_for_a_system_account(client):
    from api.services import register_system_account
    from lms.models import Region

    account = register_system_account(
        email="pay@hr.example.org",
        description="HR payment system",
        role=Role.HR_OFFICER,
        region=Region.objects.get(code="510000"),
        by=None,
    )
    admin = factories.UserFactory(is_superuser=True)
    client.force_login(admin)
    make_token(client, user=account.user.pk)
    token = ApiToken.objects.get()
    assert token.user == account.user and token.created_by == admin


def test_a_trainee_has_no_token_menu(client):
    client.force_login(factories.trainee())
    assert client.get("/admin/api-tokens/").status_code in (302, 403)
