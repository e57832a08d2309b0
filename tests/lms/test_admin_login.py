"""Staff log in and reset their password through allauth, like everyone else: one
login, one reset and one rate limit for the whole site, counted in the shared
cache."""

import socket

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:63799/2"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def staff():
    return factories.officer("510104")


def admin_login_form(client) -> str:
    """Where /admin/login/ sends a browser that wants the admin."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    return response.url


def test_the_admin_login_sends_staff_to_the_sites_login(client):
    url = admin_login_form(client)
    assert url.startswith(reverse("account_login"))
    assert "next=/admin/" in url


def test_passwords_posted_to_the_admin_login_log_nobody_in(client, staff):
    for _ in range(20):
        client.post("/admin/login/", {"username": staff.email, "password": "wrong"})
    client.post(
        "/admin/login/", {"username": staff.email, "password": factories.PASSWORD}
    )
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_refuse_the_right_one_until_the_limit_passes(
    client, staff, monkeypatch
):
    import time

    url = admin_login_form(client)
    for _ in range(5):
        client.post(url, {"login": staff.email, "password": "wrong"})
    client.post(url, {"login": staff.email, "password": factories.PASSWORD})
    assert "_auth_user_id" not in client.session

    later = time.time() + 6 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(url, {"login": staff.email, "password": factories.PASSWORD})
    assert "_auth_user_id" in client.session
    assert response.url == "/admin/"


def test_reset_mails_to_one_address_are_limited(client, staff):
    for _ in range(8):
        client.post("/admin/password_reset/", {"email": staff.email})
    assert len(mail.outbox) == 0
    reset_form = client.get("/admin/password_reset/")
    assert reset_form.url == reverse("account_reset_password")
    for _ in range(8):
        client.post(reset_form.url, {"email": staff.email})
    assert len(mail.outbox) == 5


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 63799), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis at 127.0.0.1:63799")
def test_failed_logins_are_counted_in_the_shared_redis_cache(client, staff, settings):
    import redis

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    try:
        url = admin_login_form(client)
        for _ in range(5):
            client.post(url, {"login": staff.email, "password": "wrong"})
        assert any(b"login_failed" in key for key in store.keys("*"))
        client.post(url, {"login": staff.email, "password": factories.PASSWORD})
        assert "_auth_user_id" not in client.session
    finally:
        store.flushdb()
