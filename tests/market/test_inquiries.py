"""A buyer's inquiry through the real form on the product page: what is saved and
mailed, each kind of bad input refused with nothing saved, the anti-spam checks,
the rate limit and a leader's block."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from market.models import BlockedSender, Inquiry
from tests.factories import credit_code

pytestmark = pytest.mark.django_db

GOOD = {
    "organisation": "成都文旅商贸有限公司",
    "credit_code": "",
    "contact_name": "李经理",
    "phone": "13912345678",
    "email": "Buyer@Example.com",
    "quantity": "200",
    "needed_by": "",
    "message": "需要定制企业标志刺绣，礼盒包装。",
    "website": "",
}


def started_token(client, url) -> str:
    page = client.get(url).text
    return re.search(r'name="started" value="([^"]+)"', page).group(1)


def send(client, product, **changes):
    url = reverse("market:product", args=[product.pk])
    data = {**GOOD, "started": started_token(client, url), **changes}
    return client.post(url, data, REMOTE_ADDR="203.0.113.9")


def test_a_buyer_sends_an_inquiry_and_the_leader_is_mailed(
    client, quick_form, hanger, leader_account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, hanger, credit_code=credit_code(7))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.workshop == hanger.workshop
    assert inquiry.state == Inquiry.State.NEW
    assert inquiry.email == "buyer@example.com"
    assert inquiry.sender_ip == "203.0.113.9"
    assert [m.to for m in mail.outbox] == [[leader_account.email]]
    assert "成都文旅商贸有限公司" in mail.outbox[0].body
    assert "Thank you" in client.get(response["Location"]).text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"credit_code": "91510104MA6CXXXXX1"}, "credit_code", ""),
        ({"organisation": "好公司\x07"}, "organisation", "control characters"),
        ({"message": "需要\x1b[31m红色"}, "message", "control characters"),
        ({"quantity": "-1"}, "quantity", "greater than or equal to 1"),
        ({"quantity": str(10**20)}, "quantity", "less than or equal to"),
        ({"phone": "12345"}, "phone", ""),
        ({"email": "not-an-email"}, "email", ""),
        ({"message": "长" * 2001}, "message", "at most 2000"),
        ({"needed_by": "2001-01-01"}, "needed_by", "from today on"),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_saved(
    client, quick_form, hanger, changes, field, message
):
    response = send(client, hanger, **changes)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Inquiry.objects.exists()


def test_a_ten_megabyte_description_is_refused_and_nothing_saved(
    client, quick_form, hanger
):
    response = send(client, hanger, message="绣" * (10 * 1024 * 1024))
    assert response.status_code == 400
    assert "far too long" in response.text
    assert not Inquiry.objects.exists()


def test_a_filled_honeypot_is_refused(client, quick_form, hanger):
    response = send(client, hanger, website="http://spam.example")
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


def test_a_form_sent_quicker_than_a_person_types_is_refused(client, hanger):
    response = send(client, hanger)  # the default minimum is 3 seconds
    assert response.status_code == 400
    assert "quicker than a person" in response.text
    assert not Inquiry.objects.exists()


def test_a_forged_start_time_is_refused(client, quick_form, hanger):
    url = reverse("market:product", args=[hanger.pk])
    response = client.post(url, {**GOOD, "started": "1000"})
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


def test_anonymous_inquiries_from_one_address_are_rate_limited(
    client, quick_form, settings, hanger
):
    settings.INQUIRIES_PER_HOUR = 2
    assert send(client, hanger).status_code == 302
    assert send(client, hanger).status_code == 302
    response = send(client, hanger)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert Inquiry.objects.count() == 2


def test_a_blocked_sender_cannot_send_to_that_workshop(
    client, quick_form, hanger, shop
):
    BlockedSender.objects.create(
        workshop=shop, kind=BlockedSender.Kind.EMAIL, value="buyer@example.com"
    )
    response = send(client, hanger)
    assert response.status_code == 400
    assert "does not accept inquiries from you" in response.text
    assert not Inquiry.objects.exists()


def test_a_sender_blocked_by_ip_address_is_refused(client, quick_form, hanger, shop):
    BlockedSender.objects.create(
        workshop=shop, kind=BlockedSender.Kind.IP, value="203.0.113.9"
    )
    assert send(client, hanger).status_code == 400
    assert not Inquiry.objects.exists()
