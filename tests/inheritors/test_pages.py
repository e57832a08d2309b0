"""Public pages: a workshop's story, items, leader's public name, photos and
products; an inheritor's profile; the product catalogue. Never an ID or mobile
number, and nothing once the record is cancelled."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import Page

from inheritors.models import (
    InheritorIndexPage,
    InheritorPage,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopProduct,
)
from inheritors.services import cancel_inheritor, cancel_workshop
from lms.models import HomePage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    leader = factories.workshop_leader(name="张秀英")
    leader.person.set_mobile("13812345678")
    leader.person.save()
    shop = factories.workshop(
        leader=leader, name="红砂村蜀绣工坊", identified_on=dt.date(2024, 5, 1)
    )
    shop.items.set([factories.ich_item("Ⅶ-21", "蜀绣")])
    WorkshopProduct.objects.create(
        workshop=shop,
        name="熊猫团扇",
        craft="蜀绣",
        price_min=Decimal("180"),
        price_max=Decimal("420"),
    )
    WorkshopProduct.objects.create(
        workshop=shop, name="未上架样品", craft="蜀绣", in_catalogue=False
    )
    return shop


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def workshop_page(workshop):
    return publish(
        WorkshopIndexPage.objects.get(),
        WorkshopPage(
            title="红砂村蜀绣工坊",
            slug="hongsha",
            workshop=workshop,
            story=[("paragraph", "<p>绣娘们在家门口就业。</p>")],
        ),
    )


def test_the_index_pages_sit_under_the_home_page_in_the_menu():
    home = HomePage.objects.get()
    for model in (WorkshopIndexPage, InheritorIndexPage):
        index = model.objects.get()
        assert index.get_parent().specific == home
        assert index.show_in_menus and index.live


def test_a_workshop_page_shows_story_items_leader_and_products(client, workshop_page):
    response = client.get(workshop_page.url)
    assert response.status_code == 200
    for text in (
        "绣娘们在家门口就业",
        "蜀绣",
        "Ⅶ-21",
        "张秀英",
        "熊猫团扇",
        "¥180–420",
    ):
        assert text in response.text
    assert "未上架样品" not in response.text


def test_a_workshop_page_never_shows_the_leaders_numbers(
    client, workshop, workshop_page
):
    person = workshop.leader.person
    text = client.get(workshop_page.url).text
    for secret in (person.id_number, person.id_number_masked, "13812345678"):
        assert secret not in text


def test_a_cancelled_workshops_page_is_gone(client, workshop, workshop_page):
    cancel_workshop(workshop=workshop, user=None, reason="停产")
    assert client.get(workshop_page.url).status_code == 404
    workshop_page.refresh_from_db()
    assert not workshop_page.live


def test_the_index_lists_the_workshop_and_links_the_catalogue(client, workshop_page):
    index = WorkshopIndexPage.objects.get()
    response = client.get(index.url)
    assert "红砂村蜀绣工坊" in response.text
    assert reverse("market:catalogue") in response.text
    catalogue = client.get(index.url + "products/", follow=True)
    assert catalogue.status_code == 200
    assert "熊猫团扇" in catalogue.text
    assert "未上架样品" not in catalogue.text


def test_the_catalogue_leaves_out_cancelled_workshops(client, workshop, workshop_page):
    cancel_workshop(workshop=workshop, user=None, reason="停产")
    catalogue = client.get(reverse("market:catalogue"))
    assert "熊猫团扇" not in catalogue.text


def test_the_leaders_own_url_is_not_taken_by_a_page_slug(workshop):
    index = WorkshopIndexPage.objects.get()
    assert index.url_path.endswith("/workshops/")
    assert reverse("inheritors:my-workshops") == "/workshops/mine/"


def test_an_inheritor_profile_shows_the_public_facts_only(client):
    inheritor = factories.inheritor()
    page = publish(
        InheritorIndexPage.objects.get(),
        InheritorPage(title="传承人", slug="inheritor", inheritor=inheritor),
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert inheritor.person.real_name in response.text
    assert inheritor.item.name in response.text
    assert inheritor.person.id_number_masked not in response.text
    cancel_inheritor(
        inheritor=inheritor,
        ground="withdrawal",
        note="本人申请",
        cancelled_on=dt.date(2025, 1, 1),
        user=None,
    )
    assert client.get(page.url).status_code == 404


def test_an_officer_edits_their_own_workshops_page(client, workshop_page):
    client.force_login(factories.officer("510104"))
    url = reverse("wagtailadmin_pages:edit", args=[workshop_page.pk])
    assert client.get(url).status_code == 200


def test_an_officer_cannot_edit_another_countys_workshop_page(client):
    neighbour = factories.workshop("510105", identified_on=dt.date(2024, 5, 1))
    page = publish(
        WorkshopIndexPage.objects.get(),
        WorkshopPage(title="青羊工坊", slug="qingyang", workshop=neighbour),
    )
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {"title": "被改", "slug": "qingyang", "workshop": neighbour.pk},
    )
    assert response.status_code in (302, 403)
    assert Page.objects.get(pk=page.pk).title == "青羊工坊"


def test_the_page_form_offers_only_the_officers_qualified_workshops(client):
    own = factories.workshop(
        "510104", "锦江已认定坊", identified_on=dt.date(2024, 5, 1)
    )
    factories.workshop("510104", "锦江申请中坊")
    factories.workshop("510105", "青羊已认定坊", identified_on=dt.date(2024, 5, 1))
    index = WorkshopIndexPage.objects.get()
    client.force_login(factories.officer("510104"))
    response = client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["inheritors", "workshoppage", index.pk],
        )
    )
    assert response.status_code == 200
    choices = response.context["form"].fields["workshop"].queryset
    assert list(choices) == [own]


def test_a_reserved_slug_is_refused(client, workshop):
    index = WorkshopIndexPage.objects.get()
    client.force_login(factories.UserFactory(is_superuser=True))
    response = client.post(
        reverse(
            "wagtailadmin_pages:add", args=["inheritors", "workshoppage", index.pk]
        ),
        {
            "title": "我的",
            "slug": "mine",
            "workshop": workshop.pk,
            "story-count": "0",
            "gallery-TOTAL_FORMS": "0",
            "gallery-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not WorkshopPage.objects.exists()


def _ready_video():
    from media.models import VideoAsset, VideoRendition

    asset = VideoAsset.objects.create(
        title="绣娘的一天",
        original="videos/originals/x.mp4",
        status=VideoAsset.Status.READY,
        duration=12,
        hls_prefix="videos/hls/1/",
    )
    VideoRendition.objects.create(
        asset=asset,
        name="360p",
        width=640,
        height=360,
        bandwidth=800_000,
        average_bandwidth=600_000,
        codecs="avc1.64001e,mp4a.40.2",
        playlist="videos/hls/1/360p/index.m3u8",
        position=0,
    )
    return asset


def test_a_workshop_video_plays_through_a_signed_playlist(client, workshop_page):
    workshop_page.video = _ready_video()
    workshop_page.save_revision().publish()
    page = client.get(workshop_page.url)
    assert 'data-hls="/workshops/' in page.text
    playlist = client.get(f"/workshops/{workshop_page.pk}/video.m3u8")
    assert playlist.status_code == 200
    assert playlist["Content-Type"] == "application/vnd.apple.mpegurl"
    assert "token=" in playlist.text


def test_no_video_url_without_a_ready_video_or_a_qualified_workshop(
    client, workshop, workshop_page
):
    assert client.get(f"/workshops/{workshop_page.pk}/video.m3u8").status_code == 404
    workshop_page.video = _ready_video()
    workshop_page.save_revision().publish()
    cancel_workshop(workshop=workshop, reason="停止经营", user=None)
    assert client.get(f"/workshops/{workshop_page.pk}/video.m3u8").status_code == 404
