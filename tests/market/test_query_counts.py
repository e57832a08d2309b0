"""The catalogue page and a leader's inquiry list make as many queries with few
rows as with many (bench/catalogue.py measures them at 100,000 products)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.market.conftest import inquiry, listed_workshop, product

pytestmark = pytest.mark.django_db


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


def grow_catalogue(shop, count: int) -> None:
    for n in range(count):
        product(shop, name=f"刺绣团扇{n}")
    other = listed_workshop("510105")
    for n in range(count):
        product(other, name=f"刺绣香囊{n}")


@pytest.mark.parametrize("params", [{}, {"q": "刺绣", "price_from": "10"}])
def test_the_catalogue_makes_the_same_queries_at_two_sizes(client, shop, params):
    from django.core.cache import cache

    grow_catalogue(shop, 2)
    queries(client, reverse("market:catalogue"), params)  # the filters' choices
    few = queries(client, reverse("market:catalogue"), params)
    grow_catalogue(shop, 12)
    cache.clear()
    queries(client, reverse("market:catalogue"), params)
    many = queries(client, reverse("market:catalogue"), params)
    assert few == many


def test_the_inquiry_list_makes_the_same_queries_at_two_sizes(
    client, leader_account, hanger
):
    client.force_login(leader_account)
    inquiry(hanger)
    queries(client, reverse("market:my-inquiries"))  # the site, once a process
    few = queries(client, reverse("market:my-inquiries"))
    for n in range(25):
        inquiry(hanger, organisation=f"买家{n}")
    many = queries(client, reverse("market:my-inquiries"))
    assert few == many
