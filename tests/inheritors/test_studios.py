"""Skill master studios: a qualified leader, funding tranches from the configured
grant, yearly targets against what was achieved, and master–apprentice pairs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from inheritors.models import (
    Apprenticeship,
    MasterStudio,
    StudioGrantScheme,
    StudioOutput,
    StudioTarget,
)
from inheritors.services import plan_studio_funding
from lms.models import Person
from lms.roles import Role
from lms.skills import SkillLevel
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def schemes():
    StudioGrantScheme.objects.create(level="national", amount=Decimal("200000"))
    StudioGrantScheme.objects.create(level="provincial", amount=Decimal("80000"))
    return StudioGrantScheme.objects.create(
        level="provincial",
        region_id="510000",
        amount=Decimal("100000"),
        tranche_shares="50,30,20",
    )


def test_a_leader_below_technician_and_not_an_inheritor_is_refused():
    with pytest.raises(IntegrityError):
        factories.master_studio(leader_skill_level=SkillLevel.LEVEL_3)


def test_a_skill_type_inheritor_may_lead_without_a_skill_level():
    inheritor = factories.inheritor(item=factories.ich_item("Ⅷ-16", "蜀锦织造技艺"))
    studio = factories.master_studio(
        leader=inheritor.person, leader_skill_level=None, leader_inheritor=inheritor
    )
    assert studio.pk


def test_the_province_grant_beats_the_nationwide_default(schemes):
    studio = factories.master_studio("510104", level="provincial")
    assert studio.grant_scheme() == schemes
    guizhou = factories.master_studio("520102", level="provincial")
    assert guizhou.grant_scheme().amount == Decimal("80000")


def test_funding_is_planned_in_the_configured_tranches(schemes):
    studio = factories.master_studio("510104", level="provincial")
    tranches = plan_studio_funding(studio=studio, user=None)
    assert [t.amount for t in tranches] == [
        Decimal("50000"),
        Decimal("30000"),
        Decimal("20000"),
    ]
    assert studio.funding_total() == Decimal("100000")


def test_rounding_goes_to_the_last_tranche():
    scheme = StudioGrantScheme(amount=Decimal("100000.01"), tranche_shares="33,33,34")
    amounts = scheme.tranche_amounts()
    assert sum(amounts) == Decimal("100000.01")


def test_funding_is_planned_once(schemes):
    studio = factories.master_studio("510104", level="provincial")
    plan_studio_funding(studio=studio, user=None)
    with pytest.raises(ValidationError, match="already planned"):
        plan_studio_funding(studio=studio, user=None)
    assert studio.tranches.count() == 3


def test_without_a_configured_grant_nothing_is_planned():
    studio = factories.master_studio("510104", level="municipal")
    with pytest.raises(ValidationError, match="No grant"):
        plan_studio_funding(studio=studio, user=None)
    assert not studio.tranches.exists()


@pytest.mark.parametrize("shares", ["50,40", "abc", "0,100", ""])
def test_tranche_shares_must_add_up_to_100(shares):
    scheme = StudioGrantScheme(
        level="municipal", amount=Decimal(1), tranche_shares=shares
    )
    with pytest.raises(ValidationError):
        scheme.full_clean()


def test_targets_are_shown_against_what_was_achieved():
    studio = factories.master_studio()
    StudioTarget.objects.create(
        studio=studio, year=2025, trained_target=50, high_skilled_target=10
    )
    StudioOutput.objects.create(
        studio=studio,
        year=2025,
        kind=StudioOutput.Kind.TRAINEES,
        title="培训班",
        quantity=47,
        high_skilled=8,
    )
    StudioOutput.objects.create(
        studio=studio, year=2024, kind="trainees", title="旧", quantity=99
    )
    for level in (SkillLevel.LEVEL_3, SkillLevel.LEVEL_4):
        Apprenticeship.objects.create(
            studio=studio,
            master=studio.leader,
            apprentice=factories.person(),
            started_on=dt.date(2024, 9, 1),
            level_reached=level,
        )
    Apprenticeship.objects.create(
        studio=studio,
        master=studio.leader,
        apprentice=factories.person(),
        started_on=dt.date(2023, 1, 1),
        ended_on=dt.date(2024, 6, 30),
    )
    (result,) = studio.results()
    assert (result.trained, result.high_skilled) == (49, 9)
    assert not result.met


def test_an_output_counts_high_skilled_only_among_trainees():
    studio = factories.master_studio()
    with pytest.raises(IntegrityError):
        StudioOutput.objects.create(
            studio=studio, year=2025, kind="work", title="屏风", high_skilled=1
        )


def test_a_master_cannot_be_their_own_apprentice():
    studio = factories.master_studio()
    with pytest.raises(ValidationError):
        Apprenticeship(
            studio=studio,
            master=studio.leader,
            apprentice=studio.leader,
            started_on=dt.date(2025, 1, 1),
        ).full_clean()


# --- Through the admin ------------------------------------------------------------


def test_an_hr_officer_adds_an_apprentice_and_the_leader_is_the_master(client):
    studio = factories.master_studio("510104")
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(
        reverse("apprenticeships:add"),
        {
            "real_name": "刘佳",
            "id_number": factories.id_number(),
            "studio": studio.pk,
            "started_on": "2025-04-01",
            "level_at_start": "30",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    pair = Apprenticeship.objects.get()
    assert pair.master == studio.leader
    assert pair.apprentice.real_name == "刘佳"


def test_the_leader_cannot_be_added_as_their_own_apprentice(client):
    studio = factories.master_studio("510104")
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(
        reverse("apprenticeships:add"),
        {
            "real_name": studio.leader.real_name,
            "id_number": studio.leader.id_number,
            "studio": studio.pk,
            "started_on": "2025-04-01",
        },
    )
    assert response.status_code == 200
    assert not Apprenticeship.objects.exists()


def studio_data(**overrides):
    return {
        "name": "蜀绣技能大师工作室",
        "level": "provincial",
        "region": "510104",
        "recognised_on": "2025-03-18",
        "real_name": "张秀英",
        "id_number": factories.id_number(),
        "leader_skill_level": "50",
        "host_unit": "锦绣合作社",
        "host_unit_credit_code": factories.credit_code(4242, "510104"),
        "tranches-TOTAL_FORMS": "0",
        "tranches-INITIAL_FORMS": "0",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
        "outputs-TOTAL_FORMS": "0",
        "outputs-INITIAL_FORMS": "0",
        **overrides,
    }


def test_an_hr_officer_registers_a_studio_and_its_leader(client):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(reverse("master-studios:add"), studio_data())
    assert response.status_code == 302, response.context["form"].errors
    assert MasterStudio.objects.get().leader.real_name == "张秀英"


def test_another_persons_inheritor_title_does_not_qualify_a_leader(client):
    someone = factories.inheritor(item=factories.ich_item("Ⅷ-16", "蜀锦织造技艺"))
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(
        reverse("master-studios:add"),
        studio_data(leader_skill_level="", leader_inheritor=someone.pk),
    )
    assert response.status_code == 200
    assert not MasterStudio.objects.exists()
    assert not Person.objects.filter(real_name="张秀英").exists()


def test_tranches_beyond_the_grant_are_refused(client, schemes):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    data = studio_data(
        **{
            "tranches-TOTAL_FORMS": "1",
            "tranches-0-number": "1",
            "tranches-0-amount": "150000",
            "tranches-0-ORDER": "1",
        }
    )
    response = client.post(reverse("master-studios:add"), data)
    assert response.status_code == 200
    assert "100,000.00" in response.text
    assert not MasterStudio.objects.exists()


def test_planning_funding_through_the_admin(client, schemes):
    studio = factories.master_studio("510104", level="provincial")
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(reverse("master-studios:plan-funding", args=[studio.pk]))
    assert response.status_code == 302
    assert studio.tranches.count() == 3
    page = client.get(reverse("master-studios:inspect", args=[studio.pk]))
    assert "50000" in page.text.replace(",", "")


def test_a_culture_officer_may_look_at_studios_but_not_change_them(client):
    studio = factories.master_studio("510104")
    client.force_login(factories.officer("510104"))
    assert (
        client.get(reverse("master-studios:inspect", args=[studio.pk])).status_code
        == 200
    )
    response = client.post(reverse("master-studios:plan-funding", args=[studio.pk]))
    assert response.status_code in (302, 403)
    assert not studio.tranches.exists()
