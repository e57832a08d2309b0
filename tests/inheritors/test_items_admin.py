"""Items in the admin: an item with its listings, on the list its level and
regions imply, listed by an officer only inside their region."""

import pytest
from django.urls import reverse

from inheritors.models import IchItem
from tests import factories

pytestmark = pytest.mark.django_db


def item_data(**overrides):
    data = {
        "code": "VII-3",
        "level": "county",
        "name": "锦江刺绣",
        "category": "VII",
        "description": "",
        "listings-TOTAL_FORMS": "1",
        "listings-INITIAL_FORMS": "0",
        "listings-MIN_NUM_FORMS": "1",
        "listings-MAX_NUM_FORMS": "1000",
        "listings-0-region": "510104",
        "listings-0-batch": "2",
        "listings-0-year": "2012",
        "listings-0-listing_type": "new",
        "listings-0-protection_unit": "锦江区文化馆",
        "listings-0-ORDER": "1",
    }
    data.update(overrides)
    return data


def test_an_officer_adds_a_county_item_in_their_county(client):
    client.force_login(factories.officer("510104"))
    response = client.post(reverse("ich-items:add"), item_data())
    assert response.status_code == 302, response.context["form"].errors
    item = IchItem.objects.get()
    assert (item.code, item.list_region_id) == ("Ⅶ-3", "510104")
    assert item.listings.get().protection_unit == "锦江区文化馆"


def test_an_officer_cannot_list_an_item_in_another_county(client):
    client.force_login(factories.officer("510104"))
    response = client.post(
        reverse("ich-items:add"), item_data(**{"listings-0-region": "510105"})
    )
    assert response.status_code == 200
    assert "510105" in str(response.context["form"].non_field_errors())
    assert not IchItem.objects.exists()


def test_a_category_that_contradicts_the_code_is_refused(client):
    client.force_login(factories.officer("510104"))
    response = client.post(reverse("ich-items:add"), item_data(category="II"))
    assert response.status_code == 200
    assert not IchItem.objects.exists()


def test_a_code_already_on_the_same_list_is_refused(client):
    factories.ich_item("Ⅶ-3", "已有项目", level="county", region="510104")
    client.force_login(factories.officer("510104"))
    response = client.post(reverse("ich-items:add"), item_data())
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert IchItem.objects.count() == 1


def test_the_same_code_on_a_neighbours_list_is_fine(client):
    factories.ich_item("Ⅶ-3", "青羊刺绣", level="county", region="510105")
    client.force_login(factories.officer("510104"))
    response = client.post(reverse("ich-items:add"), item_data())
    assert response.status_code == 302


def test_an_item_without_a_listing_is_refused(client):
    client.force_login(factories.officer("510104"))
    data = item_data(**{"listings-TOTAL_FORMS": "0"})
    response = client.post(reverse("ich-items:add"), data)
    assert response.status_code == 200
    assert not IchItem.objects.exists()


def test_an_item_also_listed_beyond_the_officers_region_is_kept_above(client):
    item = factories.ich_item("Ⅶ-21", "蜀绣", region="510104")
    factories.ich_item("Ⅶ-21", "蜀绣", region="510105")
    client.force_login(factories.officer("510104"))
    assert client.get(reverse("ich-items:inspect", args=[item.pk])).status_code == 200
    response = client.get(reverse("ich-items:edit", args=[item.pk]))
    assert response.status_code in (302, 403)
    own = factories.ich_item("Ⅶ-3", "锦江刺绣", level="county", region="510104")
    assert client.get(reverse("ich-items:edit", args=[own.pk])).status_code == 200


def test_items_relevant_to_a_county_include_those_of_its_city_and_province():
    city = factories.ich_item("Ⅶ-21", "蜀绣", region="510100")
    province = factories.ich_item("Ⅷ-1", "蜀锦", level="provincial", region="510000")
    neighbour = factories.ich_item("Ⅶ-5", "青羊绣", level="county", region="510105")
    guizhou = factories.ich_item("Ⅱ-28", "侗族大歌", region="522600")
    relevant = set(IchItem.objects.relevant_to(factories.officer("510104")))
    assert relevant == {city, province}
    assert neighbour not in relevant and guizhou not in relevant
