"""The People admin: a scoped officer registers and edits people only in their own
region, and links a person to an account after checking who they are."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.models import Person, Region
from lms.roles import Role
from lms.services import register_person
from tests import factories

pytestmark = pytest.mark.django_db


def resident(name: str, region: str = "510104") -> Person:
    return register_person(
        real_name=name,
        id_number=factories.id_number(region=region),
        household_region=Region.objects.get(code=region),
    )


@pytest.fixture
def county_officer(client):
    officer = factories.officer("510104", Role.HR_OFFICER)
    client.force_login(officer)
    return officer


def test_the_household_region_offers_only_the_officers_county(client, county_officer):
    form = client.get(reverse("people:add")).context["form"]
    codes = set(form.fields["household_region"].queryset.values_list("pk", flat=True))
    assert codes == {"510104"}


def test_a_crafted_post_with_another_provinces_region_registers_nobody(
    client, county_officer
):
    response = client.post(
        reverse("people:add"),
        {
            "real_name": "赵五",
            "id_number": factories.id_number(region="520102"),
            "household_region": "520102",
        },
    )
    assert response.status_code == 200
    assert "household_region" in response.context["form"].errors
    assert not Person.objects.exists()


def test_editing_a_person_cannot_move_them_into_another_province(
    client, county_officer
):
    here = resident("王秀英")
    response = client.post(
        reverse("people:edit", args=[here.pk]),
        {"real_name": "王秀英", "household_region": "520102"},
    )
    assert response.status_code == 200
    here.refresh_from_db()
    assert here.household_region_id == "510104"


def test_an_officer_links_a_person_to_an_account_with_an_audit_entry(
    client, county_officer
):
    here = resident("王秀英")
    account = factories.trainee(email="xiuying@example.org")
    inspect = client.get(reverse("people:inspect", args=[here.pk]))
    link_url = reverse("people:link_account", args=[here.pk])
    assert link_url in inspect.text
    response = client.post(link_url, {"account_email": "XiuYing@example.org"})
    assert response.status_code == 302
    here.refresh_from_db()
    assert here.user == account
    entry = ModelLogEntry.objects.get(action="lms.person.link_account")
    assert entry.user == county_officer


def test_an_officer_cannot_link_a_person_outside_their_county(client, county_officer):
    there = resident("李四", "510105")
    factories.trainee(email="lisi@example.org")
    response = client.post(
        reverse("people:link_account", args=[there.pk]),
        {"account_email": "lisi@example.org"},
    )
    assert response.status_code == 404
    there.refresh_from_db()
    assert there.user is None
