"""Accounts through allauth: sign up, log in, log out, verify, reset, rate limits."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from lms import sms
from lms.models import User
from lms.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "river-lantern-embroidery-77"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def signup(client, email="meimei@example.org", phone="13800138000"):
    """Sign up with a mobile number (required), an email and a password, and enter
    the code sent to the number."""
    sms.outbox.clear()
    response = client.post(
        reverse("account_signup"),
        {"phone": phone, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    if sms.outbox and sms.outbox[-1].template == sms.VERIFICATION_CODE:
        code = sms.outbox[-1].params["code"]
        return client.post(reverse("account_verify_phone"), {"code": code})
    return response


def test_signup_login_logout(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="meimei@example.org")
    assert user.groups.filter(name=Role.TRAINEE).exists()

    client.post(reverse("account_logout"))
    assert client.get(reverse("progress:dashboard")).status_code == 302

    response = client.post(
        reverse("account_login"),
        {"login": "meimei@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    page = client.get(reverse("progress:dashboard"))
    assert page.status_code == 200
    assert "meimei@example.org" in page.text

    client.post(reverse("account_logout"))
    assert client.get(reverse("progress:dashboard")).status_code == 302


def test_the_trainee_area_needs_a_login(client):
    response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_second_signup_with_the_same_email_is_refused(client):
    signup(client)
    client.post(reverse("account_logout"))
    response = signup(client, "MeiMei@example.org", phone="13800138001")
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="meimei@example.org").count() == 1


def test_a_wrong_password_is_refused_with_a_message(client):
    user = factories.UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "not-it"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited(client):
    user = factories.UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "x"})
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": factories.PASSWORD},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_verification_is_mandatory_when_real_email_is_configured(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    signup(client, "verify@example.org")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = link.group(0).split("testserver", 1)[-1]
    client.post(path)
    response = client.post(
        reverse("account_login"), {"login": "verify@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_password_reset_sets_a_new_password(client):
    user = factories.UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://testserver(\S+/password/reset/key/\S+/)", mail.outbox[0].body
    )
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "a-new-embroidery-pattern-88"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_trainee_group_exists_with_every_role():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(Role.values) <= names
