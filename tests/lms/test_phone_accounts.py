"""Sign up and log in with a mobile number and a code by text message (allauth's
phone support, through the real views, with the in-memory SMS backend)."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from lms import sms
from lms.models import User
from lms.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

NUMBER = "+8613800138000"


@pytest.fixture(autouse=True)
def _fresh_limits_and_outbox():
    cache.clear()
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def last_code(phone: str = NUMBER) -> str:
    message = [m for m in sms.outbox if m.phone == phone][-1]
    assert message.template == sms.VERIFICATION_CODE
    return message.params["code"]


def sign_up(client, phone="138 0013 8000", **fields):
    return client.post(reverse("account_signup"), {"phone": phone, **fields})


def verify(client, code):
    return client.post(reverse("account_verify_phone"), {"code": code})


def request_login_code(client, phone="13800138000", **extra):
    return client.post(reverse("account_request_login_code"), {"phone": phone}, **extra)


def confirm_login_code(client, code):
    return client.post(reverse("account_confirm_login_code"), {"code": code})


def test_signing_up_with_a_mobile_number_sends_a_six_digit_code_and_logs_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_verify_phone")
    assert "_auth_user_id" not in client.session
    code = last_code()
    assert re.fullmatch(r"[0-9]{6}", code)

    response = verify(client, code)
    assert response.status_code == 302
    user = User.objects.with_phone(NUMBER).get()
    assert user.phone == NUMBER
    assert user.phone_verified
    assert user.email == ""
    assert user.groups.filter(name=Role.TRAINEE).exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_my_learning_shows_the_number_grouped_and_links_to_change_it(client):
    sign_up(client, phone="13800138000")
    verify(client, last_code())
    page = client.get(reverse("progress:dashboard"))
    assert "Logged in as 138 0013 8000." in page.text
    assert reverse("account_change_phone") in page.text


def test_the_code_is_kept_hashed_not_in_the_session(client):
    sign_up(client)
    code = last_code()
    session = client.session
    stored = str(dict(session.items()))
    assert code not in stored
    assert "sms$" in stored


def test_a_wrong_code_is_refused_with_a_message(client):
    sign_up(client)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    response = verify(client, wrong)
    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert "_auth_user_id" not in client.session
    assert not User.objects.with_phone(NUMBER).get().phone_verified


def test_a_code_typed_in_full_width_digits_is_accepted(client):
    sign_up(client)
    code = last_code()
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in code)
    response = verify(client, f"{full_width[:3]} {full_width[3:]}")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_three_wrong_codes_end_the_attempt(client):
    sign_up(client)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        verify(client, wrong)
    response = verify(client, code)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert not User.objects.with_phone(NUMBER).get().phone_verified


def test_an_expired_code_is_refused(client, settings, monkeypatch):
    sign_up(client)
    code = last_code()
    later = time.time() + settings.ACCOUNT_PHONE_VERIFICATION_TIMEOUT + 1
    monkeypatch.setattr(time, "time", lambda: later)
    verify(client, code)
    assert "_auth_user_id" not in client.session
    assert not User.objects.with_phone(NUMBER).get().phone_verified


def test_full_width_digits_spaces_and_dashes_of_an_input_method_are_normalised(
    client,
):
    sign_up(client, phone="＋８６ １３８－００１３－８０００")
    verify(client, last_code())
    assert User.objects.with_phone(NUMBER).get().phone == NUMBER


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("+85291234567", "Only mainland China mobile numbers"),
        ("+14155550123", "Only mainland China mobile numbers"),
        ("028-80000000", "A mobile number has 11 digits"),
        ("12812345678", "A mobile number has 11 digits"),
        ("not a number", "A mobile number has 11 digits"),
    ],
)
def test_a_number_that_is_no_mainland_mobile_is_refused(client, typed, message):
    response = sign_up(client, phone=typed)
    assert response.status_code == 200
    assert message in response.text
    assert not sms.outbox
    assert User.objects.count() == 0


def test_the_mobile_number_is_required_to_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "meimei@example.org", "password1": "x", "password2": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert not User.objects.filter(email="meimei@example.org").exists()


def test_an_email_and_a_password_may_be_given_too(client):
    password = "river-lantern-embroidery-77"
    sign_up(client, email="meimei@example.org", password1=password, password2=password)
    verify(client, last_code())
    user = User.objects.get(email="meimei@example.org")
    assert user.phone_verified
    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": "meimei@example.org", "password": password}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_number_belongs_to_one_account(client):
    sign_up(client)
    verify(client, last_code())
    client.post(reverse("account_logout"))
    cache.clear()
    sms.outbox.clear()

    sign_up(client, phone="13800138000")
    assert User.objects.count() == 1
    # Enumeration is prevented: the holder is told by text, nobody gets a code.
    assert [m.template for m in sms.outbox] == [sms.ACCOUNT_EXISTS]
    assert "_auth_user_id" not in client.session


def test_logging_in_with_a_code_sent_to_the_number(client):
    user = factories.trainee()
    user.set_phone(NUMBER, verified=True)
    user.save()

    response = request_login_code(client)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    response = confirm_login_code(client, last_code())
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_login_code_does_not_log_in(client):
    user = factories.trainee()
    user.set_phone(NUMBER, verified=True)
    user.save()
    request_login_code(client)
    code = last_code()
    response = confirm_login_code(client, "000000" if code != "000000" else "111111")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_second_code_within_a_minute_is_refused_with_the_wait(client):
    user = factories.trainee()
    user.set_phone(NUMBER, verified=True)
    user.save()
    request_login_code(client)
    response = request_login_code(another_session(client))
    assert response.status_code == 200
    assert re.search(r"Please wait \d+ seconds", response.text)
    assert len(sms.outbox) == 1


def test_codes_per_number_are_limited_per_hour(client, settings, monkeypatch):
    settings.SMS_SEND_LIMITS = {"number": [(2, 3600)], "ip": [(100, 3600)]}
    user = factories.trainee()
    user.set_phone(NUMBER, verified=True)
    user.save()
    for _ in range(2):
        request_login_code(another_session(client))
    response = request_login_code(another_session(client))
    assert "Please try again in 60 minutes" in response.text
    assert len(sms.outbox) == 2


def test_codes_per_client_address_are_limited(client, settings):
    settings.SMS_SEND_LIMITS = {"number": [(5, 60)], "ip": [(2, 3600)]}
    for n in range(3):
        response = sign_up(another_session(client), phone=f"1380013800{n}")
    assert response.status_code == 200
    assert "Please try again in 60 minutes" in response.text
    assert len(sms.outbox) == 2
    assert User.objects.count() == 2


def test_an_email_account_adds_and_verifies_a_number(client):
    user = factories.trainee()
    client.force_login(user)
    response = client.post(reverse("account_change_phone"), {"phone": "13800138000"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.phone_verified
    response = verify(client, last_code())
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone == NUMBER
    assert user.phone_verified


def test_an_email_account_cannot_take_a_number_another_account_holds(client):
    holder = factories.trainee()
    holder.set_phone(NUMBER, verified=True)
    holder.save()
    user = factories.trainee()
    client.force_login(user)
    client.post(reverse("account_change_phone"), {"phone": "13800138000"})
    # The code goes to the number (allauth does not tell who holds it), and even
    # with it the number stays with its holder.
    response = verify(client, last_code())
    assert "already registered with this phone number" in response.text
    user.refresh_from_db()
    assert user.phone_digest is None
    assert User.objects.with_phone(NUMBER).get() == holder


def test_the_trainee_group_is_given_to_phone_sign_ups(client):
    sign_up(client)
    verify(client, last_code())
    assert Group.objects.get(name=Role.TRAINEE).user_set.count() == 1


def another_session(client):
    """A fresh browser session at the same client address."""
    return type(client)(HTTP_ACCEPT_LANGUAGE="en")
