"""Outstanding cases: a county culture officer nominates, the level above approves
through the Wagtail workflow, and the published case shows on the home page and
in the Atom feed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from outreach.models import OutstandingCaseIndexPage, OutstandingCasePage
from outreach.services import decide_case, nominate_case
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(workshop):
    index = OutstandingCaseIndexPage.objects.get()
    page = OutstandingCasePage(
        title="绣出熊猫的村庄",
        slug="panda-village",
        region_id="510104",
        workshop=workshop,
        summary="三圣街道的绣娘在家门口就业。",
        story=[("paragraph", "<p>工坊吸纳脱贫户居家刺绣。</p>")],
        video=factories.video_asset(),
        live=False,
    )
    index.add_child(instance=page)
    return page


@pytest.fixture
def county():
    return factories.officer("510104")


@pytest.fixture
def prefecture():
    return factories.officer("510100")


def test_a_case_is_about_a_workshop_or_a_leader_not_both(case, workshop):
    case.leader = workshop.leader
    with pytest.raises(ValidationError):
        case.full_clean()


def test_the_county_officer_nominates_and_the_case_waits_unpublished(case, county):
    nominate_case(page=case, user=county)
    case.refresh_from_db()
    assert case.workflow_in_progress
    assert not case.live


def test_an_officer_of_another_county_cannot_nominate(case):
    with pytest.raises(PermissionDenied):
        nominate_case(page=case, user=factories.officer("510105"))


def test_the_nominating_county_cannot_approve_its_own_case(case, county):
    nominate_case(page=case, user=county)
    with pytest.raises(PermissionDenied):
        decide_case(page=case, user=factories.officer("510104"), approve=True)


def test_a_prefecture_officer_elsewhere_cannot_approve(case, county):
    nominate_case(page=case, user=county)
    with pytest.raises(PermissionDenied):
        decide_case(page=case, user=factories.officer("510300"), approve=True)


def test_the_prefecture_officer_approves_and_the_case_is_published(
    case, county, prefecture
):
    nominate_case(page=case, user=county)
    page = decide_case(page=case, user=prefecture, approve=True)
    assert page.live
    assert not page.workflow_in_progress


def test_a_case_sent_back_stays_unpublished(case, county, prefecture):
    nominate_case(page=case, user=county)
    page = decide_case(page=case, user=prefecture, approve=False, comment="补充照片")
    assert not page.live


def test_the_prefecture_officer_finds_the_case_among_their_tasks(
    client, case, county, prefecture
):
    nominate_case(page=case, user=county)
    client.force_login(prefecture)
    response = client.get(reverse("wagtailadmin_home"))
    assert "绣出熊猫的村庄" in response.text


def test_a_published_case_appears_on_the_home_page(client, case, county, prefecture):
    nominate_case(page=case, user=county)
    decide_case(page=case, user=prefecture, approve=True)
    response = client.get("/")
    assert "绣出熊猫的村庄" in response.text
    assert reverse("outreach:case-feed") in response.text


def test_an_unpublished_case_is_not_on_the_home_page(client, case, county):
    nominate_case(page=case, user=county)
    assert "绣出熊猫的村庄" not in client.get("/").text


def test_a_published_case_is_in_the_atom_feed(client, case, county, prefecture):
    nominate_case(page=case, user=county)
    decide_case(page=case, user=prefecture, approve=True)
    response = client.get(reverse("outreach:case-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>绣出熊猫的村庄</title>" in response.text
    assert "三圣街道的绣娘在家门口就业。" in response.text


def test_the_published_case_page_plays_its_video(client, case, county, prefecture):
    nominate_case(page=case, user=county)
    decide_case(page=case, user=prefecture, approve=True)
    response = client.get(case.url)
    assert reverse("outreach:case-video", args=[case.pk]) in response.text


def test_a_county_officer_writes_cases_for_their_own_county_only(client, county):
    index = OutstandingCaseIndexPage.objects.get()
    client.force_login(county)
    response = client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["outreach", "outstandingcasepage", index.pk],
        )
    )
    assert response.status_code == 200
    region = response.context["form"].fields["region"]
    assert [r.code for r in region.queryset] == ["510104"]
