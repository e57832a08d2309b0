"""Personal API tokens: shown once, stored hashed, refused once revoked or expired."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from api.models import ApiToken
from api.services import create_token, revoke_token
from lms.roles import Role
from tests import factories
from tests.api.conftest import bearer, token_for

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_the_sha256_of_its_secret():
    officer = factories.officer("510104")
    token, secret = create_token(
        owner=officer,
        name="county sync",
        expires_at=timezone.now() + dt.timedelta(days=10),
        by=officer,
    )
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.digest, stored.hint, stored.name}
    assert len(secret) > 40 and stored.hint == secret[:8]


def test_a_token_opens_the_api_as_its_user_and_records_its_use():
    officer = factories.officer("510104")
    secret = token_for(officer)
    response = bearer(secret).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["region"] == "510104"
    assert ApiToken.objects.get(user=officer).last_used_at is not None


def test_a_revoked_token_is_refused():
    officer = factories.officer("510104")
    secret = token_for(officer)
    revoke_token(token=ApiToken.objects.get(user=officer), by=officer)
    response = bearer(secret).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_an_expired_token_is_refused():
    officer = factories.officer("510104")
    secret = token_for(officer)
    ApiToken.objects.filter(user=officer).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert bearer(secret).get("/api/v1/me").status_code == 401


def test_an_unknown_token_is_refused():
    factories.officer("510104")
    assert bearer("jx_not-a-token").get("/api/v1/me").status_code == 401


def test_a_token_of_a_deactivated_user_is_refused():
    officer = factories.officer("510104")
    secret = token_for(officer)
    officer.is_active = False
    officer.save()
    assert bearer(secret).get("/api/v1/me").status_code == 401


def test_nobody_makes_a_token_for_someone_else_but_an_administrator():
    officer, other = factories.officer("510104"), factories.officer("510104")
    soon = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(PermissionDenied):
        create_token(owner=other, name="x", expires_at=soon, by=officer)
    admin = factories.UserFactory(is_superuser=True)
    token, _secret = create_token(owner=other, name="x", expires_at=soon, by=admin)
    assert token.user == other and token.created_by == admin


def test_a_trainee_without_a_scope_cannot_hold_a_token():
    trainee = factories.trainee()
    admin = factories.UserFactory(is_superuser=True)
    soon = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(Exception, match="may hold API tokens"):
        create_token(owner=trainee, name="x", expires_at=soon, by=admin)


def test_the_session_of_a_logged_in_user_opens_the_api(client):
    officer = factories.officer("510104", Role.HR_OFFICER)
    client.force_login(officer)
    assert client.get("/api/v1/me").json()["email"] == officer.email


def test_a_session_write_needs_the_csrf_token():
    from django.test import Client

    officer = factories.officer("510104", Role.HR_OFFICER)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    response = browser.post(
        "/api/v1/claims/1/payment",
        data={"reference": "PAY-1"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_tokens_permissions_come_with_the_token_and_match_djangos(
    django_assert_num_queries,
):
    from django.db.models import OuterRef

    from api.auth import load_permissions, permission_labels
    from lms.models import User
    from lms.roles import Role
    from tests import factories

    officer = factories.officer("510104", Role.HR_OFFICER)
    expected = User.objects.get(pk=officer.pk).get_all_permissions()
    assert expected
    with django_assert_num_queries(1):
        fresh = (
            User.objects.annotate(labels=permission_labels(OuterRef("pk")))
            .filter(pk=officer.pk)
            .get()
        )
        load_permissions(fresh, fresh.labels)
        assert fresh.has_perm("subsidies.view_claim")
    assert fresh.get_all_permissions() == expected
