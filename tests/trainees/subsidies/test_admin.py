"""The review queue and the other subsidy view sets in the admin, scoped: an officer
of one county cannot see, approve or export the neighbour's claims."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from lms.models import StatusGroup, StatusPeriod
from lms.roles import Role
from tests import factories
from tests.trainees.subsidies import factories as subsidy
from trainees.subsidies import services
from trainees.subsidies.models import Claim, ClaimState, Policy, RegionRules

pytestmark = pytest.mark.django_db
JINJIANG, QINGYANG, SICHUAN = "510104", "510105", "510000"


def claim_in(county: str, name: str) -> Claim:
    school = factories.institution(county)
    course = subsidy.course(school)
    subsidy.trained(course, person=factories.person(name, region=county))
    staff = factories.institution_staff(school)
    policy = subsidy.policy(county)
    result = services.submit_cohort_claims(
        course=course, policy=policy, submitted_by=staff, on=subsidy.TODAY
    )
    return result.claims[0]


@pytest.fixture
def claims():
    return {
        "jinjiang": claim_in(JINJIANG, "锦江学员"),
        "qingyang": claim_in(QINGYANG, "青羊学员"),
    }


def hr(region: str):
    return factories.officer(region, Role.HR_OFFICER)


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def xlsx_text(response) -> str:
    book = load_workbook(io.BytesIO(response.content))
    return " ".join(
        str(cell) for row in book.active.iter_rows(values_only=True) for cell in row
    )


def test_the_queue_shows_the_officers_county_not_the_neighbour(client, claims):
    client.force_login(hr(JINJIANG))
    response = client.get(reverse("subsidy-claims:index"))
    assert response.status_code == 200
    assert "锦江学员" in response.text and "青羊学员" not in response.text


def test_a_province_officer_sees_both_counties(client, claims):
    client.force_login(hr(SICHUAN))
    response = client.get(reverse("subsidy-claims:index"))
    assert "锦江学员" in response.text and "青羊学员" in response.text


def test_the_queue_export_is_scoped(client, claims):
    client.force_login(hr(JINJIANG))
    text = body(client.get(reverse("subsidy-claims:index") + "?export=csv"))
    assert "锦江学员" in text and "青羊学员" not in text


def test_the_queue_filters_by_verdict_and_flag(client, claims):
    client.force_login(hr(SICHUAN))
    url = reverse("subsidy-claims:index")
    assert "锦江学员" in client.get(url + "?verdict=eligible").text
    assert "锦江学员" not in client.get(url + "?verdict=ineligible").text
    assert "锦江学员" not in client.get(url + "?flag=not_completed").text


def test_the_neighbours_claim_cannot_be_opened_or_approved(client, claims):
    client.force_login(hr(JINJIANG))
    neighbour = claims["qingyang"]
    for name in ("inspect", "edit"):
        url = reverse(f"subsidy-claims:{name}", args=[neighbour.pk])
        assert client.get(url).status_code == 404
    url = reverse("subsidy-claims:edit", args=[neighbour.pk])
    assert client.post(url, {"step": "approve", "reason": ""}).status_code == 404
    neighbour.refresh_from_db()
    assert neighbour.state == ClaimState.SUBMITTED


def test_the_review_page_shows_each_rule_and_the_full_number(client, claims):
    client.force_login(hr(JINJIANG))
    claim = claims["jinjiang"]
    response = client.get(reverse("subsidy-claims:edit", args=[claim.pk]))
    assert response.status_code == 200
    assert "verified 12.0 h" in response.text
    assert claim.person.id_number in response.text


def test_institution_staff_see_only_the_masked_number(client, claims):
    claim = claims["jinjiang"]
    client.force_login(factories.institution_staff(claim.institution))
    response = client.get(reverse("subsidy-claims:inspect", args=[claim.pk]))
    assert response.status_code == 200
    assert claim.person.id_number not in response.text
    assert claim.person.id_number_masked in response.text


def test_institution_staff_cannot_review(client, claims):
    claim = claims["jinjiang"]
    client.force_login(factories.institution_staff(claim.institution))
    url = reverse("subsidy-claims:edit", args=[claim.pk])
    client.post(url, {"step": "approve", "reason": ""})
    claim.refresh_from_db()
    assert claim.state == ClaimState.SUBMITTED


def test_an_officer_approves_through_the_review_form(client, claims):
    client.force_login(hr(JINJIANG))
    claim = claims["jinjiang"]
    url = reverse("subsidy-claims:edit", args=[claim.pk])
    response = client.post(url, {"step": "approve", "reason": "材料齐全"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED


def test_a_refused_step_shows_its_reason_and_changes_nothing(client, claims):
    client.force_login(hr(JINJIANG))
    claim = claims["jinjiang"]
    url = reverse("subsidy-claims:edit", args=[claim.pk])
    response = client.post(url, {"step": "reject", "reason": ""})
    assert response.status_code == 200 and "Give a reason" in response.text
    claim.refresh_from_db()
    assert claim.state == ClaimState.SUBMITTED and claim.events.count() == 1


def test_bulk_approval_stays_in_the_officers_county(client, claims):
    client.force_login(hr(JINJIANG))
    url = reverse("subsidy-claims:bulk_approve")
    assert "锦江学员" in client.get(url).text
    client.post(url)
    states = dict(Claim.objects.values_list("person__real_name", "state"))
    assert states == {"锦江学员": "approved", "青羊学员": "submitted"}


def approve_all(claims):
    for claim in claims.values():
        services.approve_claim(claim=claim, officer=hr(SICHUAN))


def test_the_payment_list_is_scoped_and_masked(client, claims):
    approve_all(claims)
    client.force_login(hr(JINJIANG))
    response = client.get(reverse("subsidy-claims:payment_list"))
    text = xlsx_text(response)
    assert "锦江学员" in text and "青羊学员" not in text
    assert claims["jinjiang"].person.id_number_masked in text
    assert claims["jinjiang"].person.id_number not in text


def test_full_numbers_need_the_dedicated_permission(client, claims):
    approve_all(claims)
    officer = hr(JINJIANG)
    officer.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    client.force_login(officer)
    url = reverse("subsidy-claims:payment_list") + "?format=csv"
    rows = list(csv.reader(io.StringIO(body(client.get(url)))))
    assert rows[1][1] == "锦江学员"
    assert rows[1][2] == claims["jinjiang"].person.id_number


def test_the_eligibility_report_covers_the_officers_county_only(client, claims):
    prefecture = subsidy.policy("510100")
    client.force_login(hr(JINJIANG))
    url = reverse("subsidy-claims:eligibility_report")
    response = client.get(url, {"policy": prefecture.pk, "format": "csv"})
    text = body(response)
    assert "锦江学员" in text and "青羊学员" not in text
    assert "eligible" in text


def test_the_neighbours_policy_cannot_be_reported_on(client, claims):
    client.force_login(hr(JINJIANG))
    neighbour = Policy.objects.get(region_id=QINGYANG)
    url = reverse("subsidy-claims:eligibility_report")
    assert client.get(url, {"policy": neighbour.pk}).status_code == 404


def test_policies_and_their_export_are_scoped(client, claims):
    client.force_login(hr(JINJIANG))
    response = client.get(reverse("subsidy-policies:index") + "?export=csv")
    text = body(response)
    assert "510104 职业培训补贴" in text and "510105 职业培训补贴" not in text


def test_regional_rules_are_scoped(client):
    RegionRules.objects.create(region_id=JINJIANG)
    RegionRules.objects.create(region_id=QINGYANG, yearly_cap_count=2)
    client.force_login(hr(JINJIANG))
    text = client.get(reverse("subsidy-rules:index")).text
    assert JINJIANG in text and QINGYANG not in text


def test_status_periods_are_scoped_by_household_region(client):
    for county, name in [(JINJIANG, "锦江户籍"), (QINGYANG, "青羊户籍")]:
        person = factories.person(name, region=county)
        person.household_region_id = county
        person.save()
        StatusPeriod.objects.create(
            person=person, group=StatusGroup.LOW_INCOME, starts_on=dt.date(2025, 1, 1)
        )
    client.force_login(hr(JINJIANG))
    text = body(client.get(reverse("status-periods:index") + "?export=csv"))
    assert "锦江户籍" in text and "青羊户籍" not in text
    client.force_login(hr(SICHUAN))
    text = body(client.get(reverse("status-periods:index") + "?export=csv"))
    assert "锦江户籍" in text and "青羊户籍" in text


def test_recording_a_status_period_names_who_recorded_it(client):
    person = factories.person("记录对象")
    person.household_region_id = JINJIANG
    person.save()
    officer = hr(JINJIANG)
    client.force_login(officer)
    response = client.post(
        reverse("status-periods:add"),
        {
            "person": person.pk,
            "group": StatusGroup.RURAL_LABOURER,
            "starts_on": "2026-01-01",
            "ends_on": "",
            "proof": "村委会证明",
        },
    )
    assert response.status_code == 302
    assert StatusPeriod.objects.get().recorded_by == officer


def test_an_institution_claims_for_a_finished_cohort(client):
    school = factories.institution(JINJIANG)
    course = subsidy.course(school)
    subsidy.trained(course)
    policy = subsidy.policy(JINJIANG)
    client.force_login(factories.institution_staff(school))
    response = client.post(
        reverse("subsidy-claims:add"), {"course": course.pk, "policy": policy.pk}
    )
    assert response.status_code == 200
    assert Claim.objects.get().institution == school


def test_a_cohort_claim_for_an_unfinished_course_is_refused_clearly(client):
    school = factories.institution(JINJIANG)
    course = subsidy.course(school, ends_on=dt.date(2099, 1, 1))
    client.force_login(factories.institution_staff(school))
    response = client.post(
        reverse("subsidy-claims:add"),
        {"course": course.pk, "policy": subsidy.policy(JINJIANG).pk},
    )
    assert "once the course has ended" in response.text
    assert not Claim.objects.exists()


def test_each_review_step_is_in_wagtails_audit_log(client, claims):
    from wagtail.models import ModelLogEntry

    client.force_login(hr(JINJIANG))
    claim = claims["jinjiang"]
    url = reverse("subsidy-claims:edit", args=[claim.pk])
    client.post(url, {"step": "return", "reason": "补充身份证明"})
    entry = ModelLogEntry.objects.for_instance(claim).latest("timestamp")
    assert entry.action == "subsidies.return"


def test_the_queue_links_to_the_reports_and_lists_them(client, claims):
    client.force_login(hr(JINJIANG))
    response = client.get(reverse("subsidy-claims:index"))
    assert reverse("subsidy-claims:reports") in response.text
    response = client.get(reverse("subsidy-claims:reports"))
    assert "510104 职业培训补贴" in response.text
    assert "510105 职业培训补贴" not in response.text


def policy_form(region: str, **overrides) -> dict:
    return {
        "name": "锦江区培训补贴",
        "region": region,
        "scheme": "training",
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
        "eligible_groups": [StatusGroup.RURAL_LABOURER, StatusGroup.LOW_INCOME],
        "training_modes": ["distance"],
        "min_verified_hours": "12",
        "certificate_required": "on",
        "amounts-TOTAL_FORMS": "1",
        "amounts-INITIAL_FORMS": "0",
        "amounts-MIN_NUM_FORMS": "1",
        "amounts-MAX_NUM_FORMS": "1000",
        "amounts-0-certificate_kind": "training",
        "amounts-0-skill_level": "",
        "amounts-0-amount": "500.00",
        **overrides,
    }


def test_an_officer_sets_a_policy_with_groups_and_amounts(client):
    client.force_login(hr(JINJIANG))
    response = client.post(reverse("subsidy-policies:add"), policy_form(JINJIANG))
    assert response.status_code == 302
    policy = Policy.objects.get()
    assert policy.eligible_groups == ["rural_labourer", "low_income"]
    assert policy.amounts.get().amount == 500


def test_a_policy_ending_before_it_starts_is_refused_and_nothing_saved(client):
    client.force_login(hr(JINJIANG))
    form = policy_form(JINJIANG, valid_until="2025-12-31")
    response = client.post(reverse("subsidy-policies:add"), form)
    assert response.status_code == 200
    assert "cannot end before it starts" in response.text
    assert not Policy.objects.exists()


def test_a_skill_upgrading_policy_cannot_pay_for_a_training_certificate(client):
    client.force_login(hr(JINJIANG))
    form = policy_form(JINJIANG, scheme="skill_upgrading")
    response = client.post(reverse("subsidy-policies:add"), form)
    assert response.status_code == 200
    assert "does not pay for this kind of certificate" in response.text
    assert not Policy.objects.exists()


def test_a_skill_upgrading_policy_pays_for_a_qualification_certificate(client):
    client.force_login(hr(JINJIANG))
    form = policy_form(
        JINJIANG,
        scheme="skill_upgrading",
        **{
            "amounts-0-certificate_kind": "qualification",
            "amounts-0-skill_level": "20",
        },
    )
    response = client.post(reverse("subsidy-policies:add"), form)
    assert response.status_code == 302
    assert Policy.objects.get().amounts.get().certificate_kind == "qualification"


def test_an_officer_cannot_set_a_policy_for_the_neighbour(client):
    client.force_login(hr(JINJIANG))
    response = client.post(reverse("subsidy-policies:add"), policy_form(QINGYANG))
    assert response.status_code == 200
    assert not Policy.objects.exists()
