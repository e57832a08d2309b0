"""What keeps the catalogue and a leader's inquiry list fast (bench/catalogue.py
measures them at 100,000 products): the search served by an index, the figures
in one query, the list reading only what it shows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.search.models import IndexEntry

from inheritors.models import WorkshopProduct
from market.models import Inquiry, Participation, SalesEvent
from market.selectors import leader_inquiries, led_workshops, workshop_market_figures
from tests.market.conftest import inquiry

pytestmark = pytest.mark.django_db


def test_a_product_keeps_all_its_words_in_the_body_of_its_index_entry(hanger):
    """The catalogue matches the body alone (market.selectors); a product with
    words in its entry's title would be missed."""
    entry = IndexEntry.objects.get(
        content_type=ContentType.objects.get_for_model(WorkshopProduct),
        object_id=str(hanger.pk),
    )
    assert not entry.title
    assert entry.body


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's"
)
def test_the_catalogue_search_matches_the_indexed_body_not_a_concatenation(
    client, hanger
):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("market:catalogue"), {"q": "刺绣"})
    assert [p.pk for p in response.context["products"]] == [hanger.pk]
    searches = [q["sql"] for q in captured.captured_queries if " @@ " in q["sql"]]
    assert searches
    for sql in searches:
        assert '"wagtailsearch_indexentry"."title" ||' not in sql
        assert '"body" @@' in sql


def test_the_catalogue_shows_each_product_s_workshop(client, hanger, shop):
    response = client.get(reverse("market:catalogue"), {"q": "刺绣"})
    assert shop.name in response.text


def test_a_workshop_s_market_figures_take_two_queries(
    django_assert_num_queries, shop, hanger
):
    inquiry(hanger)
    with django_assert_num_queries(2):
        figures = workshop_market_figures(shop)
    assert (figures.inquiries, figures.open_inquiries) == (1, 1)


def test_event_sales_count_in_the_figures_of_a_workshop_without_inquiries(shop):
    expo = SalesEvent.objects.create(
        name="成都国际非遗节展销",
        kind=SalesEvent.Kind.FESTIVAL_STAND,
        starts_on=dt.date.today(),
        ends_on=dt.date.today(),
        place="成都非遗博览园",
        organiser_region_id="510104",
        published=True,
    )
    Participation.objects.create(
        event=expo,
        workshop=shop,
        state=Participation.State.ACCEPTED,
        orders=3,
        sales=Decimal("450.00"),
    )
    figures = workshop_market_figures(shop)
    assert (figures.inquiries, figures.deals, figures.deal_value) == (0, 0, 0)
    assert (figures.event_orders, figures.event_sales) == (3, Decimal("450.00"))


def test_inquiries_in_every_state_are_counted_once_in_the_figures(shop, hanger):
    now = timezone.now()
    for state in Inquiry.State.values:
        Inquiry.objects.filter(pk=inquiry(hanger).pk).update(
            state=state,
            answered_at=None if state == Inquiry.State.NEW else now,
            deal_quantity=120 if state == Inquiry.State.DEAL else None,
            deal_value=Decimal("9600") if state == Inquiry.State.DEAL else None,
        )
    figures = workshop_market_figures(shop)
    assert (figures.inquiries, figures.open_inquiries, figures.deals) == (4, 2, 1)
    assert (figures.deal_quantity, figures.deal_value) == (120, Decimal("9600"))


def test_the_inquiry_list_leaves_the_buyer_s_message_unread(leader_account, hanger):
    inquiry(hanger)
    (row,) = leader_inquiries(led_workshops(leader_account))
    assert "message" in row.get_deferred_fields()
    assert row.product_name == hanger.name


def test_the_inquiry_list_names_each_inquiry_s_product(client, leader_account, hanger):
    inquiry(hanger)
    client.force_login(leader_account)
    text = client.get(reverse("market:my-inquiries")).text
    assert f"成都文旅商贸有限公司 · {hanger.name}" in text
