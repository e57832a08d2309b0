"""Region and institution scoping: the queryset method, and the admin through it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from lms.models import Institution, Region
from lms.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

JINJIANG, QINGYANG, CHENGDU, SICHUAN, GUIYANG_NANMING = (
    "510104",
    "510105",
    "510100",
    "510000",
    "520102",
)


@pytest.fixture
def schools():
    return {
        "jinjiang": factories.institution(JINJIANG, "锦江非遗学校"),
        "qingyang": factories.institution(QINGYANG, "青羊非遗学校"),
        "nanming": factories.institution(GUIYANG_NANMING, "南明非遗学校"),
    }


def visible(user):
    return set(Institution.objects.in_scope(user).values_list("name", flat=True))


def test_county_officer_sees_their_county_not_the_neighbour(schools):
    assert visible(factories.officer(JINJIANG)) == {"锦江非遗学校"}


def test_prefecture_officer_sees_every_county_of_the_prefecture(schools):
    assert visible(factories.officer(CHENGDU)) == {"锦江非遗学校", "青羊非遗学校"}


def test_province_officer_sees_both_counties_and_no_other_province(schools):
    assert visible(factories.officer(SICHUAN, Role.HR_OFFICER)) == {
        "锦江非遗学校",
        "青羊非遗学校",
    }


def test_institution_staff_see_only_their_institution(schools):
    staff = factories.institution_staff(schools["qingyang"])
    assert visible(staff) == {"青羊非遗学校"}


def test_nobody_without_a_scope_sees_anything(schools):
    assert visible(factories.UserFactory()) == set()
    assert visible(AnonymousUser()) == set()


def test_a_superuser_sees_everything(schools):
    assert len(visible(factories.UserFactory(is_superuser=True))) == 3


def test_regions_themselves_are_scoped():
    officer = factories.officer(CHENGDU)
    codes = set(Region.objects.in_scope(officer).values_list("code", flat=True))
    assert JINJIANG in codes and CHENGDU in codes
    assert SICHUAN not in codes and GUIYANG_NANMING not in codes


def test_institution_staff_see_no_regions():
    staff = factories.institution_staff(factories.institution(JINJIANG))
    assert not Region.objects.in_scope(staff).exists()


def test_admin_listing_shows_only_the_officers_county(client, schools):
    client.force_login(factories.officer(JINJIANG))
    response = client.get(reverse("institutions:index"))
    assert response.status_code == 200
    assert "锦江非遗学校" in response.text
    assert "青羊非遗学校" not in response.text


def test_admin_export_is_scoped_too(client, schools):
    client.force_login(factories.officer(JINJIANG))
    response = client.get(reverse("institutions:index") + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "锦江非遗学校" in body
    assert "青羊非遗学校" not in body


def test_reaching_into_another_institution_by_url_finds_nothing(client, schools):
    client.force_login(factories.institution_staff(schools["jinjiang"]))
    neighbour = schools["qingyang"]
    for name in ("inspect", "edit", "history"):
        response = client.get(reverse(f"institutions:{name}", args=[neighbour.pk]))
        assert response.status_code == 404, name
    own = schools["jinjiang"]
    assert client.get(reverse("institutions:edit", args=[own.pk])).status_code == 200


def test_posting_into_another_institution_changes_nothing(client, schools):
    client.force_login(factories.institution_staff(schools["jinjiang"]))
    neighbour = schools["qingyang"]
    response = client.post(
        reverse("institutions:edit", args=[neighbour.pk]),
        {"name": "被改名", "credit_code": neighbour.credit_code, "region": QINGYANG},
    )
    assert response.status_code == 404
    neighbour.refresh_from_db()
    assert neighbour.name == "青羊非遗学校"


def test_an_officer_reaching_into_another_county_finds_nothing(client, schools):
    client.force_login(factories.officer(JINJIANG))
    url = reverse("institutions:inspect", args=[schools["qingyang"].pk])
    assert client.get(url).status_code == 404


def test_the_scope_is_read_once_per_user_object(django_assert_num_queries):
    officer = factories.officer(JINJIANG)
    with django_assert_num_queries(3):  # the scope, then one query per listing
        list(Institution.objects.in_scope(officer))
        list(Institution.objects.in_scope(officer))
