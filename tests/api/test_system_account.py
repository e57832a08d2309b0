"""A system account (an HR payment system) reads another system's view of the
records through its token."""

import pytest
from django.utils import timezone

from api.demo import SYSTEM_EMAIL
from api.demo import load_demo as load_api_demo
from api.models import SystemAccount
from api.services import register_system_account
from lms.models import Region
from lms.roles import Role
from tests import factories
from tests.api.conftest import bearer, token_for
from tests.api.data import county

pytestmark = pytest.mark.django_db


def test_a_system_accounts_token_lists_the_records_of_its_province():
    jinjiang, qingyang = county("510104"), county("510105")
    account = register_system_account(
        email="pay@hr.example.org",
        description="HR payment system",
        role=Role.HR_OFFICER,
        region=Region.objects.get(code="510000"),
        by=None,
    )
    api = bearer(token_for(account.user))
    me = api.get("/api/v1/me").json()
    assert me["is_system_account"] and me["region"] == "510000"

    def ids(path):
        response = api.get(f"/api/v1/{path}")
        assert response.status_code == 200, (path, response.json())
        return {row["id"] for row in response.json()["items"]}

    both = (jinjiang, qingyang)
    assert ids("claims") == {c.claim.pk for c in both}
    assert ids("enrolments") == {c.enrolment.pk for c in both}
    assert ids("workshops") == {c.workshop.pk for c in both}
    assert ids("inheritors") == {c.inheritor.pk for c in both}
    assert ids("institutions") == {c.school.pk for c in both}
    assert ids("courses") == {c.course.pk for c in both}
    assert len(ids("certificates")) == 2
    assert api.get("/api/v1/competitions").status_code == 200
    assert api.get("/api/v1/regions", {"within": "510100"}).status_code == 200


def test_a_system_account_cannot_log_in_to_the_site():
    account = register_system_account(
        email="pay@hr.example.org",
        description="HR payment system",
        role=Role.HR_OFFICER,
        region=Region.objects.get(code="510000"),
        by=None,
    )
    assert not account.user.has_usable_password()


def test_the_demo_has_the_hr_payment_system_once():
    assert load_api_demo() == 1
    assert load_api_demo() == 0
    account = SystemAccount.objects.get(user__email=SYSTEM_EMAIL)
    assert account.user.scope.region_id == "510000"


def test_a_workshops_yearly_confirmation_is_a_change_of_the_workshop():
    from inheritors.services import confirm_workshop_registration

    shop = factories.workshop("510104", active=True)
    api = bearer(token_for(factories.officer("510104", Role.CULTURE_OFFICER)))
    since = timezone.now()
    confirm_workshop_registration(
        workshop=shop,
        year=timezone.localdate().year,
        user=None,
        channel="admin",
        employment={
            "employed": 12,
            "poverty_alleviated": 3,
            "monitoring_targets": 1,
            "home_based": 2,
            "flexible": 1,
            "average_income": None,
        },
    )
    [row] = api.get("/api/v1/workshops", {"updated_since": since.isoformat()}).json()[
        "items"
    ]
    assert row["confirmations"][0]["year"] == timezone.localdate().year
    assert row["employment"][0]["employed"] == 12
