"""Schemathesis, in process through Django's WSGI application: on inputs generated
from the committed OpenAPI schema, no answer is a 500 and every answer conforms to
the schema, for a staff token and for an anonymous caller."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lms.roles import Role  # noqa: E402
from tests import factories  # noqa: E402
from tests.api.conftest import token_for  # noqa: E402
from tests.api.data import county  # noqa: E402

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def app(settings):
    """Django's WSGI application, sharing the test's transaction: requests must
    neither open nor close the connection (as in Django's own test client)."""
    settings.API_REQUESTS_PER_MINUTE = 1_000_000
    settings.CERTIFICATES_VERIFY_PER_MINUTE = 1_000_000
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run_every_operation(app, headers: dict) -> int:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            # The in-process WSGI transport does not undo Content-Encoding the
            # way an HTTP client does; ask for the JSON as it is.
            case.call_and_validate(
                headers={"Accept-Encoding": "identity", **headers}, checks=CHECKS
            )

        check()
        ran += 1
    return ran


def test_generated_requests_with_a_staff_token(app):
    county("510104")
    officer = factories.officer("510104", Role.HR_OFFICER)
    headers = {"Authorization": f"Bearer {token_for(officer)}"}
    assert run_every_operation(app, headers) >= 20


def test_generated_requests_without_a_token(app):
    county("510104")
    assert run_every_operation(app, {}) >= 20
