"""Shared pieces of the API tests: tokens and a client that sends one."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from api.services import create_token


def token_for(user, *, name="test", days=30) -> str:
    """A new token of ``user`` (made by themselves), as its secret."""
    _token, secret = create_token(
        owner=user,
        name=name,
        expires_at=timezone.now() + dt.timedelta(days=days),
        by=user,
    )
    return secret


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
