"""A token acts with exactly its user's scope and permissions."""

import pytest
from django.contrib.auth.models import Permission

from lms.roles import Role
from tests import factories
from tests.api.conftest import bearer, token_for
from tests.api.data import county

pytestmark = pytest.mark.django_db


@pytest.fixture
def jinjiang():
    return county("510104")


@pytest.fixture
def qingyang():
    return county("510105")


def test_a_county_token_gets_404_on_a_neighbours_claim(jinjiang, qingyang):
    api = bearer(token_for(factories.officer("510104", Role.HR_OFFICER)))
    assert api.get(f"/api/v1/claims/{jinjiang.claim.pk}").status_code == 200
    response = api.get(f"/api/v1/claims/{qingyang.claim.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_county_token_lists_only_its_own_county(jinjiang, qingyang):
    api = bearer(token_for(factories.officer("510104", Role.HR_OFFICER)))
    claims = api.get("/api/v1/claims").json()["items"]
    assert [c["id"] for c in claims] == [jinjiang.claim.pk]
    workshops = api.get("/api/v1/workshops").json()["items"]
    assert [w["id"] for w in workshops] == [jinjiang.workshop.pk]
    enrolments = api.get("/api/v1/enrolments").json()["items"]
    assert [e["id"] for e in enrolments] == [jinjiang.enrolment.pk]


def test_a_province_token_sees_both_counties(jinjiang, qingyang):
    api = bearer(token_for(factories.officer("510000", Role.HR_OFFICER)))
    claims = api.get("/api/v1/claims").json()["items"]
    assert {c["id"] for c in claims} == {jinjiang.claim.pk, qingyang.claim.pk}


def test_an_institution_token_sees_its_own_enrolments_only(jinjiang, qingyang):
    staff = factories.institution_staff(jinjiang.school, Role.INSTRUCTOR)
    api = bearer(token_for(staff))
    enrolments = api.get("/api/v1/enrolments").json()["items"]
    assert [e["id"] for e in enrolments] == [jinjiang.enrolment.pk]
    response = api.get(f"/api/v1/enrolments/{qingyang.enrolment.pk}")
    assert response.status_code == 404


def test_a_list_needs_the_view_permission_the_admin_needs(jinjiang):
    # Instructors have no subsidies.view_claim in the admin, so not here either.
    staff = factories.institution_staff(jinjiang.school, Role.INSTRUCTOR)
    response = bearer(token_for(staff)).get("/api/v1/claims")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_without_a_token_nothing_is_listed(jinjiang, client):
    response = client.get("/api/v1/claims")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthorized" and body["message_en"] and body["message_zh"]


def test_id_numbers_are_masked_as_the_admin_masks_them(jinjiang):
    person = jinjiang.claim.person
    api = bearer(token_for(factories.officer("510104", Role.HR_OFFICER)))
    shown = api.get(f"/api/v1/claims/{jinjiang.claim.pk}").json()["person"]
    assert shown == {
        "real_name": person.real_name,
        "id_number": person.id_number_masked,
        "id_number_masked": True,
    }
    assert person.id_number not in str(api.get("/api/v1/enrolments").json())


def test_full_id_numbers_only_for_those_who_may_see_them(jinjiang):
    person = jinjiang.claim.person
    officer = factories.officer("510104", Role.HR_OFFICER)
    officer.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    api = bearer(token_for(officer))
    shown = api.get(f"/api/v1/claims/{jinjiang.claim.pk}").json()["person"]
    assert shown["id_number"] == person.id_number
    assert shown["id_number_masked"] is False


def test_a_claim_carries_its_evaluation_and_events(jinjiang):
    api = bearer(token_for(factories.officer("510104", Role.HR_OFFICER)))
    claim = api.get(f"/api/v1/claims/{jinjiang.claim.pk}").json()
    assert claim["evaluation"] == jinjiang.claim.evaluation
    assert [e["action"] for e in claim["events"]] == ["submitted"]
