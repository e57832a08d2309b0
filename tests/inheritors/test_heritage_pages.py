"""Heritage pages that look like the platform's holdings: photos as responsive,
lazy renditions; an inheritor and the workshop she leads link to each other; the
home page shows courses, workshops, products and results through its hook; other
apps add blocks to a workshop's page through ``workshop_page_sections``."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from PIL import Image
from wagtail import hooks
from wagtail.images import get_image_model

from inheritors.models import (
    Inheritor,
    InheritorIndexPage,
    InheritorPage,
    WorkshopGalleryImage,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopProduct,
)
from inheritors.models.pages import WorkshopSection
from lms.models import HomePage
from tests import factories

pytestmark = pytest.mark.django_db


def photo(title: str):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "#b3261e").save(buffer, "JPEG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name="photo.jpg")
    image.save()
    return image


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def leader_and_pages():
    """张秀英 leads a workshop and is an inheritor of its item; both have pages."""
    leader = factories.workshop_leader(name="张秀英")
    shop = factories.workshop(
        leader=leader, name="红砂村蜀绣工坊", identified_on=dt.date(2024, 5, 1)
    )
    item = factories.ich_item("Ⅶ-21", "蜀绣")
    shop.items.set([item])
    inheritor = Inheritor.objects.create(
        person=leader.person,
        item=item,
        level="provincial",
        region_id="510104",
        designated_year=2018,
    )
    workshop_page = publish(
        WorkshopIndexPage.objects.get(),
        WorkshopPage(
            title="红砂村蜀绣工坊",
            slug="hongsha",
            workshop=shop,
            cover_image=photo("绣架"),
        ),
    )
    WorkshopGalleryImage.objects.create(page=workshop_page, image=photo("团扇"))
    WorkshopProduct.objects.create(
        workshop=shop,
        name="熊猫团扇",
        craft="蜀绣",
        price_min=Decimal("180"),
        photo=photo("熊猫团扇"),
    )
    inheritor_page = publish(
        InheritorIndexPage.objects.get(),
        InheritorPage(
            title="张秀英", slug="zhang", inheritor=inheritor, portrait=photo("肖像")
        ),
    )
    return workshop_page, inheritor_page


def img_tags(html: str) -> list[str]:
    return [tag.split(">")[0] for tag in html.split("<img")[1:]]


def test_workshop_photos_are_responsive_and_lazy(client, leader_and_pages):
    workshop_page, _ = leader_and_pages
    tags = img_tags(client.get(workshop_page.url).text)
    assert len(tags) >= 3  # cover, gallery, product (and the inheritor's portrait)
    for tag in tags:
        assert "srcset=" in tag and "sizes=" in tag
        assert 'loading="lazy"' in tag


def test_an_inheritors_portrait_is_responsive_and_lazy(client, leader_and_pages):
    _, inheritor_page = leader_and_pages
    tags = img_tags(client.get(inheritor_page.url).text)
    assert tags and all("srcset=" in t and 'loading="lazy"' in t for t in tags)


def test_a_workshop_links_to_the_inheritor_who_leads_it(client, leader_and_pages):
    workshop_page, inheritor_page = leader_and_pages
    assert f'href="{inheritor_page.url}"' in client.get(workshop_page.url).text


def test_an_inheritor_links_to_the_workshop_she_leads(client, leader_and_pages):
    workshop_page, inheritor_page = leader_and_pages
    assert f'href="{workshop_page.url}"' in client.get(inheritor_page.url).text


def test_an_unpublished_profile_is_not_linked(client, leader_and_pages):
    workshop_page, inheritor_page = leader_and_pages
    inheritor_page.unpublish()
    assert inheritor_page.url not in client.get(workshop_page.url).text


def test_the_home_page_shows_courses_workshops_and_products(client, leader_and_pages):
    factories.course(factories.institution(), title="蜀绣针法入门")
    page = client.get(HomePage.objects.get().url).text
    for section in ("home-courses", "home-workshops", "home-products"):
        assert f'id="{section}"' in page
    assert "蜀绣针法入门" in page and "红砂村蜀绣工坊" in page and "熊猫团扇" in page


def test_the_home_page_leaves_out_sections_with_nothing_to_show(client):
    page = client.get(HomePage.objects.get().url).text
    assert 'id="home-workshops"' not in page
    assert 'id="home-results"' not in page


def test_other_apps_add_blocks_to_a_workshop_page(client, leader_and_pages):
    workshop_page, _ = leader_and_pages

    def brand_block(request, workshop):
        return WorkshopSection(
            order=1,
            template="inheritors/includes/pagination.html",
            context={"workshop": workshop},
        )

    with hooks.register_temporarily("workshop_page_sections", brand_block):
        response = client.get(workshop_page.url)
    assert response.status_code == 200
    assert "inheritors/includes/pagination.html" in [t.name for t in response.templates]


def test_the_heritage_pages_read_in_chinese(leader_and_pages):
    from django.test import Client

    from tests.english import english_in_html

    factories.course(factories.institution(), title="蜀绣针法入门")
    workshop_page, inheritor_page = leader_and_pages
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    for url in ("/", workshop_page.url, inheritor_page.url):
        response = client.get(url)
        assert response.status_code == 200
        assert english_in_html(response.content.decode()) == [], url
