"""A workshop's life in the admin: application, identification with both
departments' opinions, the project library, confirmation and cancellation; every
step kept in the history with who and why, and refused steps changing nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from inheritors.models import Workshop, WorkshopConfirmation, WorkshopEmployment
from inheritors.models.workshops import confirmation_grace_ends
from inheritors.services import (
    cancel_workshop,
    confirm_workshop_registration,
    enter_project_library,
    identify_workshop,
    reject_workshop_application,
)
from tests import factories

pytestmark = pytest.mark.django_db
State = Workshop.State


@pytest.fixture
def officer():
    return factories.officer("510104")


def identify(workshop, officer, **overrides):
    values = {
        "identified_on": dt.date(2024, 5, 20),
        "hr_opinion": "人社局：同意",
        "rural_opinion": "乡村振兴局：同意",
        **overrides,
    }
    return identify_workshop(workshop=workshop, user=officer, **values)


def test_identifying_records_both_opinions_and_the_step(officer):
    workshop = identify(factories.workshop(), officer)
    assert workshop.state == State.IDENTIFIED
    assert workshop.hr_opinion == "人社局：同意"
    assert workshop.rural_opinion == "乡村振兴局：同意"
    steps = list(workshop.state_changes.values_list("from_state", "to_state"))
    assert steps == [("", State.APPLIED), (State.APPLIED, State.IDENTIFIED)]
    assert workshop.state_changes.last().changed_by == officer
    assert ModelLogEntry.objects.filter(
        action="inheritors.workshop.identify", object_id=str(workshop.pk)
    ).exists()


@pytest.mark.parametrize("missing", ["hr_opinion", "rural_opinion"])
def test_identifying_without_an_opinion_is_refused(officer, missing):
    workshop = factories.workshop()
    with pytest.raises(ValidationError, match="opinion"):
        identify(workshop, officer, **{missing: "  "})
    workshop.refresh_from_db()
    assert workshop.state == State.APPLIED
    assert workshop.state_changes.count() == 1


def test_a_workshop_relying_on_nothing_cannot_be_identified(officer):
    workshop = factories.workshop(craft="")
    with pytest.raises(ValidationError, match="item or a traditional craft"):
        identify(workshop, officer)


def test_identifying_before_the_application_is_refused(officer):
    workshop = factories.workshop(applied_on=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError, match="before it applied"):
        identify(workshop, officer, identified_on=dt.date(2024, 5, 1))


def test_entering_the_library_makes_it_active(officer):
    workshop = identify(factories.workshop(), officer)
    workshop = enter_project_library(
        workshop=workshop,
        user=officer,
        entered_on=dt.date(2024, 6, 1),
        library_number="JJ-2024-3",
    )
    assert workshop.state == State.ACTIVE
    assert workshop.library_number == "JJ-2024-3"
    assert "JJ-2024-3" in workshop.state_changes.last().reason


def test_an_applicant_cannot_enter_the_library(officer):
    workshop = factories.workshop()
    with pytest.raises(ValidationError, match="cannot be entered"):
        enter_project_library(
            workshop=workshop,
            user=officer,
            entered_on=dt.date(2024, 6, 1),
            library_number="X",
        )


def test_a_refusal_needs_a_reason_and_ends_the_application(officer):
    workshop = factories.workshop()
    with pytest.raises(ValidationError, match="why"):
        reject_workshop_application(workshop=workshop, user=officer, reason="")
    workshop = reject_workshop_application(
        workshop=workshop, user=officer, reason="场地不具备生产条件"
    )
    assert workshop.state == State.REJECTED
    with pytest.raises(ValidationError):
        identify(workshop, officer)


def test_cancelling_by_hand_records_who_and_why(officer):
    workshop = identify(factories.workshop(), officer)
    cancel_workshop(workshop=workshop, user=officer, reason="停产超过一年")
    change = workshop.state_changes.last()
    assert (change.to_state, change.changed_by, change.reason) == (
        State.CANCELLED,
        officer,
        "停产超过一年",
    )


def test_a_cancelled_workshop_cannot_be_cancelled_again(officer):
    workshop = identify(factories.workshop(), officer)
    cancel_workshop(workshop=workshop, user=officer, reason="停产")
    with pytest.raises(ValidationError, match="cannot be cancelled"):
        cancel_workshop(workshop=workshop, user=officer, reason="again")


def test_a_confirmation_updates_the_registration_and_the_years_employment():
    workshop = factories.workshop(identified_on=dt.date(2024, 5, 1))
    confirmation = confirm_workshop_registration(
        workshop=workshop,
        year=2025,
        user=None,
        channel=WorkshopConfirmation.Channel.ADMIN,
        registration={"address": "新址 9 号", "products": "团扇"},
        employment={"employed": 20, "poverty_alleviated": 8},
        today=dt.date(2025, 11, 1),
    )
    workshop.refresh_from_db()
    assert workshop.address == "新址 9 号"
    assert "site address" in confirmation.changes or "地址" in confirmation.changes
    record = WorkshopEmployment.objects.get(workshop=workshop, year=2025)
    assert (record.employed, record.poverty_alleviated) == (20, 8)


def test_confirming_a_year_to_come_is_refused():
    workshop = factories.workshop(identified_on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError, match="to come"):
        confirm_workshop_registration(
            workshop=workshop,
            year=2026,
            user=None,
            channel="admin",
            today=dt.date(2025, 11, 1),
        )


def test_confirming_before_identification_is_refused():
    workshop = factories.workshop(identified_on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError, match="identified in 2024"):
        confirm_workshop_registration(
            workshop=workshop, year=2023, user=None, channel="admin"
        )


def test_a_year_that_ended_long_ago_cannot_be_confirmed():
    workshop = factories.workshop(identified_on=dt.date(2022, 5, 1))
    with pytest.raises(ValidationError, match="2024 can no longer be confirmed"):
        confirm_workshop_registration(
            workshop=workshop,
            year=2024,
            user=None,
            channel="admin",
            today=dt.date(2026, 2, 10),
        )
    assert not workshop.confirmations.exists()


def test_the_year_just_ended_cannot_be_confirmed_after_its_grace_period():
    workshop = factories.workshop(identified_on=dt.date(2022, 5, 1))
    with pytest.raises(ValidationError, match="ended on 2026-03-31"):
        confirm_workshop_registration(
            workshop=workshop,
            year=2025,
            user=None,
            channel="admin",
            today=dt.date(2026, 4, 1),
        )


def test_a_province_sets_its_own_grace_period(settings):
    settings.WORKSHOP_CONFIRMATION_GRACE = {"": (3, 31), "51": (1, 31)}
    workshop = factories.workshop("510104", identified_on=dt.date(2022, 5, 1))
    with pytest.raises(ValidationError, match="ended on 2026-01-31"):
        confirm_workshop_registration(
            workshop=workshop,
            year=2025,
            user=None,
            channel="admin",
            today=dt.date(2026, 2, 1),
        )


def test_a_backdated_confirmation_in_the_grace_period_is_audited(officer):
    workshop = factories.workshop(identified_on=dt.date(2022, 5, 1))
    confirm_workshop_registration(
        workshop=workshop,
        year=2025,
        user=officer,
        channel="admin",
        today=dt.date(2026, 2, 10),
    )
    entry = ModelLogEntry.objects.get(
        object_id=str(workshop.pk), action="inheritors.workshop.confirm_backdated"
    )
    assert entry.user == officer
    assert entry.data["year"] == 2025 and entry.data["recorded_on"] == "2026-02-10"


def test_a_confirmation_of_the_current_year_is_not_backdated():
    workshop = factories.workshop(identified_on=dt.date(2022, 5, 1))
    confirm_workshop_registration(
        workshop=workshop,
        year=2026,
        user=None,
        channel="admin",
        today=dt.date(2026, 2, 10),
    )
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(workshop.pk)).values_list(
            "action", flat=True
        )
    )
    assert "inheritors.workshop.confirm" in actions
    assert "inheritors.workshop.confirm_backdated" not in actions


def test_employment_parts_larger_than_the_total_are_refused_and_nothing_saved():
    workshop = factories.workshop(identified_on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError):
        confirm_workshop_registration(
            workshop=workshop,
            year=2025,
            user=None,
            channel="admin",
            registration={"address": "不应保存"},
            employment={"employed": 5, "poverty_alleviated": 9},
            today=dt.date(2025, 11, 1),
        )
    workshop.refresh_from_db()
    assert workshop.address != "不应保存"
    assert not workshop.confirmations.exists()


# --- Through the admin ------------------------------------------------------------


def application_data(leader, **overrides):
    return {
        "name": "三圣蜀绣工坊",
        "region": "510104",
        "applied_on": "2024-03-01",
        "entity_type": "cooperative",
        "entity_name": "锦绣蜀绣专业合作社",
        "credit_code": factories.credit_code(77, "510104"),
        "leader": leader.pk,
        "craft": "蜀绣",
        "address": "三圣街道 8 组",
        "site_area": "120",
        "has_water": "on",
        "has_power": "on",
        "equipment": "绣架",
        "products": "团扇",
        **overrides,
    }


def test_an_officer_records_an_application_in_their_county(client, officer):
    leader = factories.workshop_leader("510104")
    client.force_login(officer)
    response = client.post(reverse("workshops:add"), application_data(leader))
    assert response.status_code == 302, response.context["form"].errors
    workshop = Workshop.objects.get(name="三圣蜀绣工坊")
    assert workshop.state == State.APPLIED
    assert workshop.state_changes.get().changed_by == officer


def test_an_officer_cannot_file_an_application_in_another_county(client, officer):
    leader = factories.workshop_leader("510104")
    client.force_login(officer)
    response = client.post(
        reverse("workshops:add"), application_data(leader, region="510105")
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Workshop.objects.exists()


def test_an_application_relying_on_nothing_is_refused_with_a_reason(client, officer):
    leader = factories.workshop_leader("510104")
    client.force_login(officer)
    response = client.post(reverse("workshops:add"), application_data(leader, craft=""))
    assert response.status_code == 200
    assert "craft" in response.context["form"].errors
    assert not Workshop.objects.exists()


def test_a_cooperative_without_its_credit_code_is_refused(client, officer):
    leader = factories.workshop_leader("510104")
    client.force_login(officer)
    response = client.post(
        reverse("workshops:add"), application_data(leader, credit_code="")
    )
    assert response.status_code == 200
    assert not Workshop.objects.exists()


def test_identifying_through_the_admin(client, officer):
    workshop = factories.workshop("510104")
    client.force_login(officer)
    url = reverse("workshops:identify", args=[workshop.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "identified_on": "2024-05-20",
            "hr_opinion": "同意",
            "rural_opinion": "同意",
            "reason": "符合条件",
        },
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.state == State.IDENTIFIED


def test_a_refused_step_shows_the_reason_on_the_form(client, officer):
    workshop = factories.workshop("510104", craft="")
    client.force_login(officer)
    response = client.post(
        reverse("workshops:identify", args=[workshop.pk]),
        {"identified_on": "2024-05-20", "hr_opinion": "同意", "rural_opinion": "同意"},
    )
    assert response.status_code == 200
    assert "traditional craft" in response.text or "传统工艺" in response.text
    workshop.refresh_from_db()
    assert workshop.state == State.APPLIED


def test_steps_in_another_county_find_nothing(client, officer):
    workshop = factories.workshop("510105")
    client.force_login(officer)
    for step in ("identify", "reject", "cancel", "confirm", "library"):
        response = client.get(reverse(f"workshops:{step}", args=[workshop.pk]))
        assert response.status_code == 404, step


def test_an_hr_officer_may_look_but_not_identify(client):
    from lms.roles import Role

    workshop = factories.workshop("510104")
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    assert (
        client.get(reverse("workshops:inspect", args=[workshop.pk])).status_code == 200
    )
    response = client.get(reverse("workshops:identify", args=[workshop.pk]))
    assert response.status_code in (302, 403)


def confirmation_post(workshop, year):
    return {
        "year": str(year),
        "address": workshop.address,
        "equipment": "绣架 20 套",
        "products": "团扇",
        "employed": "12",
        "poverty_alleviated": "4",
        "monitoring_targets": "1",
        "home_based": "6",
        "flexible": "2",
        "accurate": "on",
    }


def test_staff_cannot_record_a_confirmation_for_a_year_long_past(
    client, officer, today
):
    today(dt.date(2025, 2, 10))
    workshop = factories.workshop("510104", identified_on=dt.date(2022, 5, 1))
    client.force_login(officer)
    response = client.post(
        reverse("workshops:confirm", args=[workshop.pk]),
        confirmation_post(workshop, 2023),
    )
    assert response.status_code == 200
    assert not workshop.confirmations.exists()


def test_staff_record_a_confirmation_for_a_past_year(client, officer, today):
    today(dt.date(2025, 2, 10))
    workshop = factories.workshop("510104", identified_on=dt.date(2023, 5, 1))
    client.force_login(officer)
    response = client.post(
        reverse("workshops:confirm", args=[workshop.pk]),
        {
            "year": "2024",
            "address": workshop.address,
            "equipment": "绣架 20 套",
            "products": "团扇",
            "employed": "12",
            "poverty_alleviated": "4",
            "monitoring_targets": "1",
            "home_based": "6",
            "flexible": "2",
            "accurate": "on",
        },
    )
    assert response.status_code == 302
    confirmation = workshop.confirmations.get()
    assert (confirmation.year, confirmation.channel) == (2024, "admin")
    assert confirmation.confirmed_by == officer


def test_the_inspect_page_shows_the_history(client, officer):
    workshop = factories.workshop("510104", identified_on=dt.date(2024, 5, 1))
    client.force_login(officer)
    response = client.get(reverse("workshops:inspect", args=[workshop.pk]))
    assert response.status_code == 200
    assert "同意" in response.text or "identification" in response.text
    assert reverse("workshops:cancel", args=[workshop.pk]) in response.text


def test_saving_keeps_an_item_linked_by_a_wider_scope(client, officer):
    workshop = factories.workshop("510104")
    far_item = factories.ich_item("Ⅱ-28", "侗族大歌", region="522600")
    neighbours = factories.ich_item("Ⅶ-5", "青羊绣", level="county", region="510105")
    workshop.items.add(far_item)
    client.force_login(officer)
    response = client.get(reverse("workshops:edit", args=[workshop.pk]))
    choices = response.context["form"].fields["items"].queryset
    assert far_item in choices
    assert neighbours not in choices


def test_a_grace_until_29_february_ends_on_the_28th_in_a_common_year(settings):
    settings.WORKSHOP_CONFIRMATION_GRACE = {"": (2, 29)}
    assert confirmation_grace_ends("510104", 2026) == dt.date(2027, 2, 28)
    assert confirmation_grace_ends("510104", 2027) == dt.date(2028, 2, 29)
