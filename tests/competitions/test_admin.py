"""The organisers' admin: every view set and its export scoped to the region,
steps run through the services, and what services alone write is read-only."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from competitions.models import (
    Award,
    Competition,
    Criterion,
    DeclaredRelation,
    Entry,
    JudgeAssignment,
    Promotion,
    Result,
)
from lms.models import Person
from lms.roles import Role
from tests import factories
from tests.competitions.helpers import competition, enter, id_number, judge, scheme

pytestmark = pytest.mark.django_db

JINJIANG, QINGYANG, SICHUAN = "510104", "510105", "510000"


def furnished(region_code: str, name: str) -> Competition:
    """A competition with a row of every kind the admin lists."""
    contest = competition(region_code, name=name)
    scheme(contest)
    entry = enter(contest)
    member = entry.members.get()
    panel_member = judge(contest, chief=True)
    DeclaredRelation.objects.create(
        judge=panel_member, person=member.person, reason="邻居"
    )
    Result.objects.create(
        entry=entry,
        total=D(80),
        practical=D(50),
        theory=D(30),
        standardised=D(80),
        rank=1,
    )
    Award.objects.create(entry=entry, person=member.person, kind="first_prize")
    Promotion.objects.create(entry=entry, person=member.person, to_level="2")
    return contest


@pytest.fixture
def two_counties():
    return furnished(JINJIANG, "锦江蜀绣赛"), furnished(QINGYANG, "青羊竹编赛")


VIEWSETS = [
    "contests",
    "marking-criteria",
    "judges",
    "declared-relations",
    "competition-entries",
    "competition-results",
    "competition-awards",
    "competition-promotions",
]


def listed(client, viewset: str) -> str:
    response = client.get(reverse(f"{viewset}:index"))
    assert response.status_code == 200, viewset
    return response.text


def exported(client, viewset: str) -> str:
    response = client.get(reverse(f"{viewset}:index") + "?export=csv")
    assert response.status_code == 200, viewset
    return b"".join(response.streaming_content).decode()


def markers(contest: Competition) -> set[str]:
    """Texts that identify this competition's rows in a listing or export."""
    return {contest.name} | {
        p.real_name
        for p in Person.objects.filter(competition_entries__competition=contest)
    }


def shows(text: str, contest: Competition) -> bool:
    return any(marker in text for marker in markers(contest))


@pytest.mark.parametrize("viewset", VIEWSETS)
def test_a_county_officer_sees_their_county_only(client, two_counties, viewset):
    jinjiang, qingyang = two_counties
    client.force_login(factories.officer(JINJIANG))
    for text in (listed(client, viewset), exported(client, viewset)):
        assert shows(text, jinjiang), viewset
        assert not shows(text, qingyang), viewset


@pytest.mark.parametrize("viewset", VIEWSETS)
def test_a_province_officer_sees_both_counties(client, two_counties, viewset):
    jinjiang, qingyang = two_counties
    client.force_login(factories.officer(SICHUAN, Role.HR_OFFICER))
    for text in (listed(client, viewset), exported(client, viewset)):
        assert shows(text, jinjiang) and shows(text, qingyang), viewset


@pytest.mark.parametrize(
    ("viewset", "model"),
    [
        ("contests", Competition),
        ("marking-criteria", Criterion),
        ("judges", JudgeAssignment),
        ("competition-entries", Entry),
    ],
)
def test_another_countys_rows_cannot_be_opened(client, two_counties, viewset, model):
    _jinjiang, qingyang = two_counties
    client.force_login(factories.officer(JINJIANG))
    row = model.objects.filter(
        **({"pk": qingyang.pk} if model is Competition else {"competition": qingyang})
    ).first()
    assert client.get(reverse(f"{viewset}:edit", args=[row.pk])).status_code == 404


def test_the_manage_page_of_another_county_does_not_exist(client, two_counties):
    _jinjiang, qingyang = two_counties
    client.force_login(factories.officer(JINJIANG))
    url = reverse("contests:manage", args=[qingyang.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "close"}).status_code == 404
    qingyang.refresh_from_db()
    assert qingyang.status == Competition.Status.OPEN


def test_an_officer_creates_a_competition_only_in_their_region(client):
    client.force_login(factories.officer(JINJIANG))
    data = {
        "name": "锦江区蜀绣技能大赛",
        "level": "county",
        "ich_category": "VII",
        "craft": "蜀绣",
        "department": "culture",
        "organiser": "锦江区文化广电旅游局",
        "registration_opens_at": "2027-03-01 09:00",
        "registration_closes_at": "2027-03-31 18:00",
        "entry_kind": "individual",
        "team_size": "1",
        "starts_on": "2027-04-20",
        "ends_on": "2027-04-21",
        "judgement_spread_limit": "1",
        "standardiser": "none",
        "award_rule": "percentage",
        "tie_breakers-TOTAL_FORMS": "0",
        "tie_breakers-INITIAL_FORMS": "0",
        "tie_breakers-MIN_NUM_FORMS": "0",
        "tie_breakers-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("contests:add"), {**data, "region": QINGYANG})
    assert response.status_code == 200
    assert not Competition.objects.exists()
    response = client.post(reverse("contests:add"), {**data, "region": JINJIANG})
    assert response.status_code == 302
    assert Competition.objects.get().status == Competition.Status.DRAFT


def test_the_manage_page_runs_the_next_step(client):
    contest = competition(JINJIANG, status=Competition.Status.DRAFT)
    client.force_login(factories.officer(JINJIANG))
    url = reverse("contests:manage", args=[contest.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "open"})
    contest.refresh_from_db()
    assert contest.status == Competition.Status.OPEN


def test_a_step_that_is_not_ready_is_refused_with_its_reasons(client):
    contest = competition(JINJIANG, status=Competition.Status.CLOSED)
    client.force_login(factories.officer(JINJIANG))
    url = reverse("contests:manage", args=[contest.pk])
    response = client.post(url, {"action": "start"}, follow=True)
    assert "not approved" in response.text or "评分方案" in response.text
    contest.refresh_from_db()
    assert contest.status == Competition.Status.CLOSED


def test_a_scheme_not_adding_up_to_100_cannot_be_approved(client):
    contest = competition(JINJIANG)
    scheme(contest, [("A", "practical", "measurement", "60")])
    client.force_login(factories.officer(JINJIANG))
    url = reverse("contests:manage", args=[contest.pk])
    response = client.post(url, {"action": "approve_scheme"}, follow=True)
    assert "60" in response.text
    contest.refresh_from_db()
    assert contest.scheme_approved_at is None


def test_an_approved_scheme_cannot_be_edited(client):
    from competitions.services import approve_marking_scheme

    contest = competition(JINJIANG)
    (aspect, *_rest) = scheme(contest)
    approve_marking_scheme(competition=contest, by=None)
    client.force_login(factories.officer(JINJIANG))
    criterion = aspect.criterion
    response = client.post(
        reverse("marking-criteria:edit", args=[criterion.pk]),
        {
            "code": "A",
            "name": "改名",
            "component": "practical",
            "aspects-TOTAL_FORMS": "0",
            "aspects-INITIAL_FORMS": "0",
            "aspects-MIN_NUM_FORMS": "1",
            "aspects-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    criterion.refresh_from_db()
    assert criterion.name == "模块A"


def test_an_organiser_adds_an_entry_for_a_competitor(client):
    contest = competition(JINJIANG)
    client.force_login(factories.officer(JINJIANG))
    response = client.post(
        reverse("competition-entries:add"),
        {
            "competition": contest.pk,
            "name_1": "黄玉兰",
            "id_number_1": id_number("510104"),
            "skill_level_1": "3",
            "workshop_name": "锦江蜀绣工坊",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.members.get().person.real_name == "黄玉兰"


def test_an_ineligible_entry_from_the_admin_shows_the_reason(client):
    contest = competition(JINJIANG, eligible_region_id=JINJIANG)
    client.force_login(factories.officer(JINJIANG))
    response = client.post(
        reverse("competition-entries:add"),
        {
            "competition": contest.pk,
            "name_1": "黄玉兰",
            "id_number_1": id_number("510105"),
        },
    )
    assert response.status_code == 200
    assert "unknown" in response.text or "户籍" in response.text
    assert not Entry.objects.exists()
    assert not Person.objects.filter(real_name="黄玉兰").exists()


def test_an_organiser_assigns_a_judge_who_logs_in_with_an_account(client):
    contest = competition(JINJIANG)
    account = factories.UserFactory(email="judge@example.org")
    client.force_login(factories.officer(JINJIANG))
    response = client.post(
        reverse("judges:add"),
        {
            "competition": contest.pk,
            "real_name": "孙评委",
            "id_number": id_number("510105"),
            "account": "judge@example.org",
            "is_chief": "on",
        },
    )
    assert response.status_code == 302
    assignment = JudgeAssignment.objects.get()
    assert assignment.person.user == account and assignment.is_chief


def test_results_cannot_be_added_or_edited_by_hand(client, two_counties):
    jinjiang, _qingyang = two_counties
    client.force_login(factories.UserFactory(is_superuser=True))
    result = Result.objects.get(entry__competition=jinjiang)
    assert client.get(reverse("competition-results:add")).status_code in (302, 403)
    assert client.get(
        reverse("competition-results:edit", args=[result.pk])
    ).status_code in (
        302,
        403,
    )
    assert (
        client.get(reverse("competition-results:inspect", args=[result.pk])).status_code
        == 200
    )


def test_a_criterion_of_an_approved_scheme_cannot_be_deleted(client):
    from competitions.services import approve_marking_scheme

    contest = competition(JINJIANG)
    (aspect, *_rest) = scheme(contest)
    approve_marking_scheme(competition=contest, by=None)
    client.force_login(factories.officer(JINJIANG))
    client.post(reverse("marking-criteria:delete", args=[aspect.criterion.pk]))
    assert Criterion.objects.filter(pk=aspect.criterion.pk).exists()


def test_team_size_cannot_change_once_people_have_entered(client):
    contest = competition(JINJIANG)
    enter(contest)
    client.force_login(factories.officer(JINJIANG))
    response = client.get(reverse("contests:edit", args=[contest.pk]))
    assert 'name="team_size"' in response.text
    assert "disabled" in response.text.split('name="team_size"')[1].split(">")[0]


def test_an_organiser_withdraws_a_no_show_in_their_county_only(client, two_counties):
    jinjiang, qingyang = two_counties
    client.force_login(factories.officer(JINJIANG))
    own, other = jinjiang.entries.get(), qingyang.entries.get()
    assert (
        client.get(reverse("competition-entries:withdraw", args=[own.pk])).status_code
        == 200
    )
    client.post(reverse("competition-entries:withdraw", args=[own.pk]))
    assert (
        client.post(
            reverse("competition-entries:withdraw", args=[other.pk])
        ).status_code
        == 404
    )
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, other.status) == (
        Entry.Status.WITHDRAWN,
        Entry.Status.REGISTERED,
    )
