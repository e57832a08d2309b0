"""Choice lists in admin filters and forms offer only what the user may see: a
county's officer is not told the neighbour's institutions, courses or policies."""

import pytest
from django.urls import reverse

from competitions.viewsets.forms import AddEntryForm, AssignJudgeForm
from lms.roles import Role
from tests import factories
from tests.trainees.subsidies import factories as subsidy
from tests.trainees.subsidies.test_admin import claim_in
from trainees.subsidies.forms import CohortClaimForm

pytestmark = pytest.mark.django_db
JINJIANG, QINGYANG = "510104", "510105"


def filter_choices(client, user, url: str, name: str) -> set:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return set(response.context["filters"].form.fields[name].queryset)


@pytest.fixture
def claims():
    return {
        "jinjiang": claim_in(JINJIANG, "锦江学员"),
        "qingyang": claim_in(QINGYANG, "青羊学员"),
    }


@pytest.mark.parametrize("name", ["institution", "course", "policy"])
def test_the_claim_filters_offer_only_the_officers_county(client, claims, name):
    officer = factories.officer(JINJIANG, Role.HR_OFFICER)
    choices = filter_choices(client, officer, reverse("subsidy-claims:index"), name)
    assert getattr(claims["jinjiang"], name) in choices
    assert getattr(claims["qingyang"], name) not in choices


def test_the_video_filter_offers_only_the_users_institution(client):
    mine = factories.institution(JINJIANG)
    factories.institution(QINGYANG)
    staff = factories.institution_staff(mine)
    choices = filter_choices(client, staff, reverse("videos:index"), "institution")
    assert choices == {mine}


def test_a_cohort_claim_offers_the_policies_covering_the_institution():
    school = factories.institution(JINJIANG)
    own, province = subsidy.policy(JINJIANG), subsidy.policy("510000")
    neighbour = subsidy.policy(QINGYANG)
    form = CohortClaimForm(for_user=factories.institution_staff(school))
    choices = set(form.fields["policy"].queryset)
    assert {own, province} <= choices
    assert neighbour not in choices


@pytest.mark.parametrize("form_class", [AssignJudgeForm, AddEntryForm])
def test_judge_and_entry_institutions_are_those_in_scope(form_class):
    mine, other = factories.institution(JINJIANG), factories.institution(QINGYANG)
    form = form_class(for_user=factories.officer(JINJIANG))
    choices = set(form.fields["institution"].queryset)
    assert mine in choices and other not in choices
