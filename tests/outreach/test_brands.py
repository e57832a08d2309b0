"""Brands and IP records: validation of registration numbers, scoping (a county
officer sees their county's, a leader only their workshop's), the public
workshop page, and the expiry reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from inheritors.models import WorkshopIndexPage, WorkshopPage
from lms.policy import visible
from outreach.models import IpExpiryReminder, IpRecord
from outreach.models.brands import (
    normalise_registration_number,
    patent_check_character,
)
from outreach.services import send_ip_expiry_reminders
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def right(workshop, **fields):
    values = {
        "kind": IpRecord.Kind.TRADEMARK,
        "title": "锦绣熊猫",
        "registration_number": "12345678",
        "holder": workshop.name,
        "valid_from": dt.date(2017, 1, 1),
        "valid_until": dt.date(2027, 1, 1),
        **fields,
    }
    return IpRecord.objects.create(workshop=workshop, **values)


def test_a_patent_number_with_the_right_check_character_is_accepted():
    check = patent_check_character("202010123456")
    number = normalise_registration_number("patent", f"ZL 202010123456.{check}")
    assert number == f"ZL202010123456.{check}"


def test_a_patent_number_with_a_wrong_check_character_is_refused():
    wrong = "0" if patent_check_character("202010123456") != "0" else "1"
    with pytest.raises(ValidationError, match="check character"):
        normalise_registration_number("patent", f"ZL202010123456.{wrong}")


def test_a_trademark_number_of_letters_is_refused():
    with pytest.raises(ValidationError):
        normalise_registration_number("trademark", "TM12345")


def test_full_width_digits_of_a_trademark_number_are_folded():
    assert normalise_registration_number("trademark", "１２３４５６７８") == "12345678"


def test_a_copyright_number_in_the_national_form_is_accepted():
    assert normalise_registration_number("copyright", "国作登字-2020-F-00012345") == (
        "国作登字-2020-F-00012345"
    )


def test_a_county_officer_sees_the_rights_of_their_county_only(
    workshop, other_workshop
):
    mine = right(workshop)
    right(other_workshop, registration_number="87654321")
    officer = factories.officer("510104")
    assert list(visible(officer, IpRecord)) == [mine]


def test_a_county_officer_lists_their_countys_rights_in_the_admin(
    client, workshop, other_workshop
):
    right(workshop, title="锦绣熊猫")
    right(other_workshop, title="青羊漆盒", registration_number="87654321")
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("brands-and-ip:index"))
    assert response.status_code == 200
    assert "锦绣熊猫" in response.text
    assert "青羊漆盒" not in response.text


def test_a_county_officer_cannot_open_another_countys_right(client, other_workshop):
    theirs = right(other_workshop)
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("brands-and-ip:edit", args=[theirs.pk]))
    assert response.status_code == 404


def test_a_leader_sees_only_their_workshops_rights(
    client, leader_user, workshop, other_workshop
):
    right(workshop, title="锦绣熊猫")
    right(other_workshop, title="青羊漆盒", registration_number="87654321")
    client.force_login(leader_user)
    response = client.get(reverse("outreach:my-brands"))
    assert "锦绣熊猫" in response.text
    assert "青羊漆盒" not in response.text


def test_a_leader_cannot_edit_another_workshops_right(
    client, leader_user, workshop, other_workshop
):
    theirs = right(other_workshop)
    client.force_login(leader_user)
    response = client.get(reverse("outreach:edit-brand", args=[theirs.pk]))
    assert response.status_code == 404


def test_a_leader_records_a_trademark_for_their_workshop(client, leader_user, workshop):
    client.force_login(leader_user)
    response = client.post(
        reverse("outreach:add-brand"),
        {
            "workshop": workshop.pk,
            "kind": "trademark",
            "title": "锦绣熊猫",
            "registration_number": " 2345 6789 ",
            "holder": "锦江蜀绣工坊",
            "valid_from": "2020-03-07",
            "valid_until": "2030-03-06",
        },
    )
    assert response.status_code == 302
    record = IpRecord.objects.get()
    assert (record.workshop, record.registration_number) == (workshop, "23456789")


def test_a_leader_cannot_record_a_right_for_another_workshop(
    client, leader_user, workshop, other_workshop
):
    client.force_login(leader_user)
    response = client.post(
        reverse("outreach:add-brand"),
        {
            "workshop": other_workshop.pk,
            "kind": "trademark",
            "title": "冒名商标",
            "registration_number": "23456789",
            "holder": "x",
            "valid_from": "2020-03-07",
        },
    )
    assert response.status_code == 200
    assert not IpRecord.objects.exists()


def test_a_wrong_patent_number_from_a_leader_saves_nothing(
    client, leader_user, workshop
):
    client.force_login(leader_user)
    response = client.post(
        reverse("outreach:add-brand"),
        {
            "workshop": workshop.pk,
            "kind": "patent",
            "title": "绣架",
            "registration_number": "ZL12345",
            "holder": "锦江蜀绣工坊",
            "valid_from": "2020-03-07",
        },
    )
    assert "patent number" in response.text
    assert not IpRecord.objects.exists()


def test_the_workshop_page_shows_what_the_workshop_owns(client, workshop):
    right(workshop, title="锦绣熊猫", valid_until=dt.date(2099, 1, 1))
    right(workshop, title="已撤销商标", registration_number="7", revoked=True)
    page = WorkshopPage(title=workshop.name, slug="jinjiang", workshop=workshop)
    WorkshopIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    response = client.get(page.url)
    assert "锦绣熊猫" in response.text
    assert "12345678" in response.text
    assert "已撤销商标" not in response.text


def test_the_leader_and_county_officer_are_reminded_before_expiry(
    workshop, django_capture_on_commit_callbacks
):
    officer = factories.officer("510104", email="county@example.org")
    factories.officer("510105", email="other-county@example.org")
    right(workshop, valid_until=TODAY + dt.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_ip_expiry_reminders(today=TODAY) == 1
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"leader@example.org", officer.email}
    assert "12345678" in mail.outbox[0].subject


def test_a_reminder_goes_out_once_per_threshold(workshop):
    right(workshop, valid_until=TODAY + dt.timedelta(days=30))
    send_ip_expiry_reminders(today=TODAY)
    assert send_ip_expiry_reminders(today=TODAY) == 0
    assert send_ip_expiry_reminders(today=TODAY + dt.timedelta(days=10)) == 0
    assert send_ip_expiry_reminders(today=TODAY + dt.timedelta(days=23)) == 1
    assert sorted(IpExpiryReminder.objects.values_list("days_before", flat=True)) == [
        7,
        30,
        90,
    ]


def test_no_reminder_for_a_right_far_from_expiry_or_revoked(workshop):
    right(workshop, valid_until=TODAY + dt.timedelta(days=200))
    right(
        workshop,
        registration_number="2",
        valid_until=TODAY + dt.timedelta(days=5),
        revoked=True,
    )
    assert send_ip_expiry_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_the_reminder_runs_daily_on_celery_beat(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "outreach.tasks.send_ip_expiry_reminders_task" in tasks
