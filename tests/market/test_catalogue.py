"""The public catalogue a buyer searches on a phone: Chinese words inside Chinese
text, the filters, the product page with its photos and terms; one catalogue."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from inheritors.models import ProductPhoto, WorkshopIndexPage
from tests import factories
from tests.market.conftest import listed_workshop, product

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("market:catalogue")


def names(response) -> list[str]:
    return [p.name for p in response.context["products"]]


def test_a_chinese_word_finds_a_product_whose_name_holds_it(client, hanger):
    response = client.get(CATALOGUE, {"q": "刺绣"})
    assert names(response) == ["苗族刺绣挂件"]


def test_a_search_finds_words_in_the_description_and_craft(client, shop):
    product(shop, name="团扇", craft="蜀绣", description="双面异色绣熊猫图案")
    assert names(client.get(CATALOGUE, {"q": "熊猫"})) == ["团扇"]
    assert names(client.get(CATALOGUE, {"q": "蜀绣"})) == ["团扇"]


def test_every_word_of_a_search_must_match(client, hanger):
    assert names(client.get(CATALOGUE, {"q": "苗族 挂件"})) == ["苗族刺绣挂件"]
    assert names(client.get(CATALOGUE, {"q": "苗族 陶瓷"})) == []


def test_a_single_character_finds_the_products_holding_it(client, hanger):
    assert names(client.get(CATALOGUE, {"q": "绣"})) == ["苗族刺绣挂件"]


def test_a_search_that_matches_nothing_says_so(client, hanger):
    response = client.get(CATALOGUE, {"q": "景泰蓝"})
    assert names(response) == []
    assert "No product matches" in response.text


def test_products_not_in_the_catalogue_or_of_cancelled_workshops_stay_out(
    client, shop, hanger
):
    product(shop, name="未上架刺绣样品", in_catalogue=False)
    stranger = factories.workshop("510104", identified_on=None)  # no page, applied
    product(stranger, name="申请中刺绣")
    assert names(client.get(CATALOGUE, {"q": "刺绣"})) == ["苗族刺绣挂件"]
    assert names(client.get(CATALOGUE)) == ["苗族刺绣挂件"]


def test_filters_by_craft_region_price_assistance_and_workshop(client, shop, hanger):
    elsewhere = listed_workshop("510105", "青羊陶艺工坊")
    cup = product(
        elsewhere,
        name="青瓷茶杯",
        craft="陶艺",
        price_min=Decimal("300"),
        price_max=Decimal("500"),
    )
    cup.consumption_assistance = True
    cup.assistance_checked_on = "2026-01-05"
    cup.save()
    assert names(client.get(CATALOGUE, {"craft": "陶艺"})) == ["青瓷茶杯"]
    assert names(client.get(CATALOGUE, {"region": "510104"})) == ["苗族刺绣挂件"]
    assert sorted(names(client.get(CATALOGUE, {"region": "510000"}))) == [
        "苗族刺绣挂件",
        "青瓷茶杯",
    ]
    assert names(client.get(CATALOGUE, {"price_from": "200"})) == ["青瓷茶杯"]
    assert names(client.get(CATALOGUE, {"price_to": "100"})) == ["苗族刺绣挂件"]
    assert names(client.get(CATALOGUE, {"assistance": "on"})) == ["青瓷茶杯"]
    assert names(client.get(CATALOGUE, {"workshop": shop.pk})) == ["苗族刺绣挂件"]


def test_a_filter_by_ich_item_keeps_the_workshops_relying_on_it(client, shop, hanger):
    item = factories.ich_item("Ⅶ-21", "蜀绣")
    other = listed_workshop("510104", "另一工坊")
    product(other, name="绣片")
    shop.items.set([item])
    response = client.get(CATALOGUE, {"item": item.pk})
    assert names(response) == ["苗族刺绣挂件"]


def test_search_and_filters_combine(client, shop, hanger):
    product(shop, name="刺绣团扇", craft="蜀绣")
    assert names(client.get(CATALOGUE, {"q": "刺绣", "craft": "蜀绣"})) == ["刺绣团扇"]


def test_a_bad_filter_is_a_400_with_the_catalogue(client, hanger):
    response = client.get(CATALOGUE, {"price_from": "-1", "q": "x\x01"})
    assert response.status_code == 400
    assert "invisible control characters" in response.text


def test_the_product_page_shows_terms_workshop_and_items(client, shop, hanger):
    shop.items.set([factories.ich_item("Ⅶ-22", "苗绣")])
    response = client.get(reverse("market:product", args=[hanger.pk]))
    text = response.text
    assert "50 pieces" in text and "20 days" in text and "400 pieces a month" in text
    assert shop.page.url in text
    assert "苗绣" in text and shop.leader.person.real_name in text
    assert "Send inquiry" in text


def test_the_product_page_shows_its_photos_as_lazy_responsive_renditions(
    client, hanger
):
    for caption in ("正面", "背面"):
        image = Image.objects.create(title=caption, file=get_test_image_file())
        ProductPhoto.objects.create(product=hanger, image=image, caption=caption)
    text = client.get(reverse("market:product", args=[hanger.pk])).text
    assert text.count('loading="lazy"') == 2
    assert "srcset=" in text and "正面" in text and "背面" in text


def test_a_product_outside_the_catalogue_has_no_page(client, shop):
    hidden = product(shop, in_catalogue=False)
    assert client.get(reverse("market:product", args=[hidden.pk])).status_code == 404


def test_the_old_catalogue_address_leads_to_the_one_catalogue(client, hanger):
    index = WorkshopIndexPage.objects.get()
    response = client.get(index.url + "products/")
    assert response.status_code == 301
    assert response["Location"] == CATALOGUE
