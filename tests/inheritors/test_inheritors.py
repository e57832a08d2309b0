"""Inheritors: two unjustified failed assessments flag one for cancellation, the
previous year's assessment decides the subsidy, cancellation needs a statutory
ground, and people are registered once by ID number."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inheritors.models import Inheritor, InheritorAssessment, TransmissionSubsidy
from inheritors.services import cancel_inheritor, grant_transmission_subsidy
from lms.models import Person
from tests import factories

pytestmark = pytest.mark.django_db
Ground = Inheritor.CancellationGround


def assess(inheritor, year, result, justified=False):
    return InheritorAssessment.objects.create(
        inheritor=inheritor,
        year=year,
        plan="带徒 3 人",
        result=result,
        failure_justified=justified,
        justification="病休" if justified else "",
        assessed_on=dt.date(year, 12, 1),
    )


def grant(inheritor, year, **overrides):
    values = {
        "inheritor": inheritor,
        "year": year,
        "amount": Decimal("20000"),
        "granted_on": dt.date(year, 4, 1),
        "department": "文化和旅游部",
        "user": None,
        **overrides,
    }
    return grant_transmission_subsidy(**values)


def test_one_failure_does_not_flag_an_inheritor():
    inheritor = factories.inheritor()
    assess(inheritor, 2024, "failed")
    assert not inheritor.is_eligible_for_cancellation
    assert not Inheritor.objects.eligible_for_cancellation().exists()


def test_two_unjustified_failures_flag_an_inheritor_even_apart():
    inheritor = factories.inheritor()
    assess(inheritor, 2022, "failed")
    assess(inheritor, 2023, "passed")
    assess(inheritor, 2024, "failed")
    assert inheritor.is_eligible_for_cancellation
    assert list(Inheritor.objects.eligible_for_cancellation()) == [inheritor]


def test_a_justified_failure_does_not_count():
    inheritor = factories.inheritor()
    assess(inheritor, 2023, "failed", justified=True)
    assess(inheritor, 2024, "failed")
    assert not inheritor.is_eligible_for_cancellation


def test_only_a_failure_may_be_justified():
    inheritor = factories.inheritor()
    with pytest.raises(ValidationError):
        InheritorAssessment(
            inheritor=inheritor,
            year=2024,
            plan="x",
            result="passed",
            failure_justified=True,
            assessed_on=dt.date(2024, 12, 1),
        ).full_clean()


def test_cancelling_for_failed_assessments_needs_two_on_record():
    inheritor = factories.inheritor()
    assess(inheritor, 2024, "failed")
    with pytest.raises(ValidationError, match="needs two"):
        cancel_inheritor(
            inheritor=inheritor,
            ground=Ground.FAILED_ASSESSMENTS,
            note="文旅发〔2025〕1号",
            cancelled_on=dt.date(2025, 3, 1),
            user=None,
        )
    inheritor.refresh_from_db()
    assert inheritor.status == Inheritor.Status.ACTIVE


def test_an_eligible_inheritor_is_cancelled_with_ground_date_and_note():
    inheritor = factories.inheritor()
    assess(inheritor, 2023, "failed")
    assess(inheritor, 2024, "failed")
    cancel_inheritor(
        inheritor=inheritor,
        ground=Ground.FAILED_ASSESSMENTS,
        note="文旅发〔2025〕1号",
        cancelled_on=dt.date(2025, 3, 1),
        user=None,
    )
    inheritor.refresh_from_db()
    assert inheritor.status == Inheritor.Status.CANCELLED
    assert inheritor.cancellation_ground == Ground.FAILED_ASSESSMENTS
    assert inheritor.cancelled_on == dt.date(2025, 3, 1)


def test_cancelling_needs_a_recorded_decision():
    inheritor = factories.inheritor()
    with pytest.raises(ValidationError, match="decision"):
        cancel_inheritor(
            inheritor=inheritor,
            ground=Ground.WITHDRAWAL,
            note=" ",
            cancelled_on=dt.date(2025, 3, 1),
            user=None,
        )


def test_a_cancelled_title_cannot_be_cancelled_again():
    inheritor = factories.inheritor()
    args = {"ground": Ground.WITHDRAWAL, "note": "本人申请", "user": None}
    cancel_inheritor(inheritor=inheritor, cancelled_on=dt.date(2025, 1, 1), **args)
    with pytest.raises(ValidationError, match="already cancelled"):
        cancel_inheritor(inheritor=inheritor, cancelled_on=dt.date(2025, 2, 1), **args)


def test_a_subsidy_is_granted_once_a_year():
    inheritor = factories.inheritor()
    grant(inheritor, 2025)
    with pytest.raises(ValidationError):
        grant(inheritor, 2025)
    assert TransmissionSubsidy.objects.count() == 1


def test_no_subsidy_after_an_unjustified_failure_the_year_before():
    inheritor = factories.inheritor()
    assess(inheritor, 2024, "failed")
    with pytest.raises(ValidationError, match="2024"):
        grant(inheritor, 2025)
    assess(inheritor, 2025, "passed")
    assert grant(inheritor, 2026).amount == Decimal("20000")


def test_no_subsidy_for_a_year_after_cancellation():
    inheritor = factories.inheritor()
    cancel_inheritor(
        inheritor=inheritor,
        ground=Ground.MISCONDUCT,
        note="决定书",
        cancelled_on=dt.date(2025, 6, 1),
        user=None,
    )
    with pytest.raises(ValidationError, match="cancelled"):
        grant(inheritor, 2025)
    assert grant(inheritor, 2024).year == 2024


def test_a_zero_subsidy_is_refused():
    with pytest.raises(ValidationError):
        grant(factories.inheritor(), 2025, amount=Decimal("0"))


# --- Through the admin ------------------------------------------------------------


def inheritor_data(**overrides):
    item = factories.ich_item()
    return {
        "real_name": "赵蓉",
        "id_number": factories.id_number(),
        "mobile": "13800000000",
        "item": item.pk,
        "level": "provincial",
        "region": "510104",
        "designated_year": "2018",
        "batch": "5",
        **overrides,
    }


def test_adding_an_inheritor_registers_the_person_once(client):
    client.force_login(factories.officer("510104"))
    data = inheritor_data()
    response = client.post(reverse("ich-inheritors:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    inheritor = Inheritor.objects.get()
    assert inheritor.person.real_name == "赵蓉"
    assert inheritor.person.id_number == data["id_number"]
    provincial = factories.ich_item("Ⅷ-1", "蜀锦", level="provincial", region="510000")
    client.post(reverse("ich-inheritors:add"), {**data, "item": provincial.pk})
    assert Inheritor.objects.count() == 2
    assert Person.objects.filter(real_name="赵蓉").count() == 1


def test_a_known_id_number_under_another_name_is_refused(client):
    known = factories.person("钱多多")
    client.force_login(factories.officer("510104"))
    response = client.post(
        reverse("ich-inheritors:add"),
        inheritor_data(id_number=known.id_number, real_name="钱少少"),
    )
    assert response.status_code == 200
    assert "another name" in response.text or "其他姓名" in response.text
    assert not Inheritor.objects.exists()
    assert not Person.objects.filter(real_name="钱少少").exists()


def test_a_wrong_id_number_is_refused_with_the_expected_check_character(client):
    client.force_login(factories.officer("510104"))
    number = factories.id_number()
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    response = client.post(
        reverse("ich-inheritors:add"), inheritor_data(id_number=wrong)
    )
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert not Person.objects.exists()


def test_the_same_designation_twice_is_refused_on_the_form(client):
    client.force_login(factories.officer("510104"))
    data = inheritor_data()
    client.post(reverse("ich-inheritors:add"), data)
    response = client.post(reverse("ich-inheritors:add"), data)
    assert response.status_code == 200
    assert Inheritor.objects.count() == 1


def test_a_national_inheritor_needs_a_national_item(client):
    county_item = factories.ich_item("Ⅶ-3", "锦江刺绣", level="county", region="510104")
    client.force_login(factories.officer("510104"))
    response = client.post(
        reverse("ich-inheritors:add"),
        inheritor_data(item=county_item.pk, level="national"),
    )
    assert response.status_code == 200
    assert "level" in response.context["form"].errors


def test_editing_shows_the_person_masked_and_keeps_them(client):
    inheritor = factories.inheritor()
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("ich-inheritors:edit", args=[inheritor.pk]))
    assert inheritor.person.id_number_masked in response.text
    assert inheritor.person.id_number not in response.text


def test_the_listing_flags_those_eligible_for_cancellation(client):
    inheritor = factories.inheritor()
    assess(inheritor, 2023, "failed")
    assess(inheritor, 2024, "failed")
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("ich-inheritors:index") + "?eligible=true")
    assert response.status_code == 200
    assert inheritor.person.real_name in response.text
    assert "Eligible for cancellation" in response.text or "可取消" in response.text


def test_recording_the_second_failure_warns_the_officer(client):
    inheritor = factories.inheritor()
    assess(inheritor, 2023, "failed")
    client.force_login(factories.officer("510104"))
    response = client.post(
        reverse("inheritor-assessments:add"),
        {
            "inheritor": inheritor.pk,
            "year": "2024",
            "plan": "带徒",
            "planned_apprentices": "3",
            "taught_apprentices": "0",
            "result": "failed",
            "assessed_on": "2024-12-01",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "eligible for cancellation" in response.text or "取消" in response.text
    assessment = InheritorAssessment.objects.get(year=2024)
    assert assessment.assessed_by is not None


def test_granting_in_the_admin_shows_the_refusal(client):
    inheritor = factories.inheritor()
    assess(inheritor, 2024, "failed")
    client.force_login(factories.officer("510104"))
    response = client.post(
        reverse("transmission-subsidies:add"),
        {
            "inheritor": inheritor.pk,
            "year": "2025",
            "amount": "20000",
            "granted_on": "2025-04-01",
            "department": "文旅厅",
        },
    )
    assert response.status_code == 200
    assert "2024" in response.text
    assert not TransmissionSubsidy.objects.exists()


def test_cancelling_through_the_admin(client):
    inheritor = factories.inheritor()
    client.force_login(factories.officer("510104"))
    url = reverse("ich-inheritors:cancel", args=[inheritor.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"ground": "withdrawal", "cancelled_on": "2025-05-01", "note": "本人书面申请"},
    )
    assert response.status_code == 302
    inheritor.refresh_from_db()
    assert inheritor.status == Inheritor.Status.CANCELLED


def test_correcting_a_subsidy_in_the_admin_logs_the_amount_it_had(client):
    from wagtail.models import ModelLogEntry

    subsidy = grant(factories.inheritor(), 2025)
    officer = factories.officer("510104")
    client.force_login(officer)

    response = client.post(
        reverse("transmission-subsidies:edit", args=[subsidy.pk]),
        {
            "inheritor": subsidy.inheritor_id,
            "year": "2025",
            "amount": "18000",
            "granted_on": "2025-04-01",
            "department": "文化和旅游部",
        },
    )

    assert response.status_code == 302
    subsidy.refresh_from_db()
    assert subsidy.amount == Decimal("18000")
    entry = ModelLogEntry.objects.for_instance(subsidy).get(action="wagtail.edit")
    assert entry.user_id == officer.pk
    assert entry.data == {"previous_amount": "20000.00", "amount": "18000"}
