"""Rate limits per token, the committed OpenAPI document and the docs page."""

import pytest

from api.management.commands.api_schema import SCHEMA_PATH, schema_text
from tests import factories
from tests.api.conftest import bearer, token_for

pytestmark = pytest.mark.django_db


def test_past_the_limit_a_token_gets_429_with_retry_after(settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    api = bearer(token_for(factories.officer("510104")))
    statuses = [api.get("/api/v1/me").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/me")
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 61


def test_the_limit_is_per_token(settings):
    settings.API_REQUESTS_PER_MINUTE = 1
    first = bearer(token_for(factories.officer("510104")))
    second = bearer(token_for(factories.officer("510104")))
    assert first.get("/api/v1/me").status_code == 200
    assert first.get("/api/v1/me").status_code == 429
    assert second.get("/api/v1/me").status_code == 200


def test_the_committed_schema_is_the_one_the_code_makes():
    assert SCHEMA_PATH.read_text() == schema_text(), (
        "api/openapi.json is stale: run `manage.py api_schema` and commit it"
    )


def test_the_schema_is_served_as_openapi_3_1(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/claims/{claim_id}" in schema["paths"]


def test_the_docs_page_loads_its_scripts_from_this_site(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_the_public_verification_needs_no_token(client):
    response = client.get("/api/v1/verify/NO-SUCH-SERIAL")
    assert response.status_code == 200
    assert response.json()["outcome"] == "unknown"
