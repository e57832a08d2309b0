"""A trainee stays signed in across visits (a messaging app's browser forgets
cookies that end with the browser) and sees and ends the signed-in devices."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

THIRTY_DAYS = 30 * 24 * 3600


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def signed_in(user, browser: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_USER_AGENT=browser)
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    return client


def test_a_sign_in_keeps_its_cookie_for_thirty_days():
    client = signed_in(factories.trainee(), "WeChat in-app browser")
    cookie = client.cookies["sessionid"]
    assert int(cookie["max-age"]) == THIRTY_DAYS
    assert cookie["expires"]  # a persistent cookie, not one that ends with the app


def test_my_learning_links_to_the_signed_in_devices():
    client = signed_in(factories.trainee(), "Phone")
    page = client.get(reverse("progress:dashboard"))
    assert reverse("usersessions_list") in page.text


def test_the_account_page_lists_every_signed_in_device():
    trainee = factories.trainee()
    signed_in(trainee, "Old phone MicroMessenger/8.0")
    client = signed_in(trainee, "New phone")
    page = client.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert "Old phone MicroMessenger/8.0" in page.text
    assert "New phone" in page.text


def test_ending_the_other_sessions_signs_the_other_device_out():
    trainee = factories.trainee()
    lost_phone = signed_in(trainee, "Lost phone")
    client = signed_in(trainee, "New phone")
    response = client.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert lost_phone.get(reverse("progress:dashboard")).status_code == 302
    assert client.get(reverse("progress:dashboard")).status_code == 200


def test_another_trainees_devices_are_not_listed():
    signed_in(factories.trainee(), "Someone else's phone")
    client = signed_in(factories.trainee(), "My phone")
    page = client.get(reverse("usersessions_list"))
    assert "Someone else&#x27;s phone" not in page.text
    assert "Someone else's phone" not in page.text
