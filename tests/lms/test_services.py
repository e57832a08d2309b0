"""CI runs the suite on the production services; this makes sure it really does."""

import os

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import REQUIRE_SERVICES

pytestmark = pytest.mark.skipif(
    not REQUIRE_SERVICES, reason="only in CI (JIANGXIN_REQUIRE_SERVICES=1)"
)


def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_the_broker_and_results_are_redis():
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CELERY_RESULT_BACKEND.startswith("redis://")


def test_an_s3_server_was_started():
    assert os.environ.get("TEST_S3_ENDPOINT_URL", "").startswith("http://")
