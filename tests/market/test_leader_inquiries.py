"""The workshop leader's inquiries on the site: answer (the buyer is mailed), a
deal with its quantity and value in the workshop's figures, closing, blocking."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from market.models import BlockedSender, Inquiry
from market.selectors import workshop_market_figures
from tests.market.conftest import inquiry

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(client, leader_account):
    client.force_login(leader_account)
    return client


def act(client, item, action, **data):
    prefixed = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(
        reverse("market:inquiry", args=[item.pk]), {"action": action, **prefixed}
    )


def test_the_leader_lists_the_inquiries_of_their_workshop(leader, hanger):
    inquiry(hanger)
    response = leader.get(reverse("market:my-inquiries"))
    assert "成都文旅商贸有限公司" in response.text
    assert "锦江刺绣工坊" in response.text


def test_the_leader_sees_the_buyers_contact_details(leader, hanger):
    item = inquiry(hanger)
    text = leader.get(reverse("market:inquiry", args=[item.pk])).text
    assert "13912345678" in text and "buyer@example.com" in text


def test_an_answer_moves_the_inquiry_on_and_mails_the_buyer(
    leader, hanger, django_capture_on_commit_callbacks
):
    item = inquiry(hanger)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(leader, item, "answer", answer="可以定制，单价 95 元。")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == Inquiry.State.ANSWERED
    assert item.answer == "可以定制，单价 95 元。"
    assert [m.to for m in mail.outbox] == [["buyer@example.com"]]
    assert "单价 95 元" in mail.outbox[0].body


def test_a_deal_counts_its_quantity_and_value_in_the_workshop_figures(
    leader, hanger, shop
):
    item = inquiry(hanger)
    act(leader, item, "answer", answer="可以")
    response = act(leader, item, "deal", quantity="180", value="17100.00")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == Inquiry.State.DEAL
    figures = workshop_market_figures(shop)
    assert (figures.deals, figures.deal_quantity) == (1, 180)
    assert figures.deal_value == Decimal("17100.00")
    assert "17,100.00" in leader.get(reverse("market:my-inquiries")).text


def test_a_deal_needs_an_answer_first(leader, hanger):
    item = inquiry(hanger)
    response = act(leader, item, "deal", quantity="10", value="100")
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.state == Inquiry.State.NEW


@pytest.mark.parametrize("quantity", ["-1", str(10**20), "0"])
def test_a_deal_with_an_impossible_quantity_is_refused(leader, hanger, quantity):
    item = inquiry(hanger)
    act(leader, item, "answer", answer="可以")
    response = act(leader, item, "deal", quantity=quantity, value="100")
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.state == Inquiry.State.ANSWERED and item.deal_quantity is None


def test_closing_ends_the_inquiry_without_a_deal(leader, hanger, shop):
    item = inquiry(hanger)
    act(leader, item, "close")
    item.refresh_from_db()
    assert item.state == Inquiry.State.CLOSED
    assert workshop_market_figures(shop).deals == 0


def test_a_closed_inquiry_takes_no_more_answers(leader, hanger):
    item = inquiry(hanger)
    act(leader, item, "close")
    response = act(leader, item, "answer", answer="还是可以")
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.answer == ""


def test_blocking_a_sender_refuses_their_next_inquiries(leader, hanger, shop):
    item = inquiry(hanger)
    act(leader, item, "block", kind="phone")
    assert BlockedSender.objects.filter(
        workshop=shop, kind="phone", value="13912345678"
    ).exists()
    item.refresh_from_db()
    assert item.state == Inquiry.State.CLOSED
    with pytest.raises(Exception, match="does not accept inquiries"):
        inquiry(hanger, email="other@example.com")


def test_another_leader_finds_nothing(client, hanger):
    from tests.market.conftest import listed_workshop

    other = listed_workshop("510104", "别的工坊")
    client.force_login(other.leader.person.user)
    item = inquiry(hanger)
    assert client.get(reverse("market:inquiry", args=[item.pk])).status_code == 404
    assert act(client, item, "close").status_code == 404
    assert "成都文旅商贸有限公司" not in client.get(reverse("market:my-inquiries")).text


def test_the_list_counts_and_pages_by_state_from_the_figures(leader, hanger):
    for n in range(23):
        inquiry(hanger, organisation=f"买家{n:02d}", phone=f"139123456{n:02d}")
    answered = Inquiry.objects.order_by("pk")[:3]
    Inquiry.objects.filter(pk__in=[i.pk for i in answered]).update(
        state=Inquiry.State.ANSWERED, answer="可以", answered_at=timezone.now()
    )
    url = reverse("market:my-inquiries")
    first = leader.get(url).context["inquiries"]
    assert (first.paginator.count, len(first), first.has_next()) == (23, 20, True)
    second = leader.get(url, {"page": 2}).context["inquiries"]
    assert [i.organisation for i in second] == ["买家02", "买家01", "买家00"]
    by_state = leader.get(url, {"state": "answered"}).context["inquiries"]
    assert by_state.paginator.count == 3
    assert {i.pk for i in by_state} == {i.pk for i in answered}
    beyond = leader.get(url, {"page": 9}).context["inquiries"]
    assert beyond.number == 2


def test_the_list_costs_the_same_queries_for_1_or_25_inquiries(leader, hanger):
    inquiry(hanger)
    url = reverse("market:my-inquiries")
    leader.get(url)  # the site's caches filled
    with CaptureQueriesContext(connection) as few:
        leader.get(url)
    for n in range(24):
        inquiry(hanger, organisation=f"买家{n:02d}", phone=f"139123456{n:02d}")
    with CaptureQueriesContext(connection) as many:
        leader.get(url)
    assert len(many) == len(few)
