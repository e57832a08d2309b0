"""Demo data of the statistics reports for ``make run`` (called from
``lms.roof.demo``): a culture officer of the demo prefecture (成都市), and the demo
county's (锦江区) report for 2024, the year the demo workshop was identified,
submitted and accepted; then the prefecture's own report, generated from it.
Idempotent: a report that exists is left as it is."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

from lms.models import Region, User
from lms.roles import Role
from lms.services import grant_scope
from reporting.models import StatisticsReport
from reporting.reports import services
from reporting.reports.periods import Period

# Matches lms.roof.demo.DEMO_PASSWORD: every demo login shares one password.
DEMO_PASSWORD = "jiangxin-demo-2026"
PREFECTURE_EMAIL = "prefecture@jiangxin.local"
COUNTY_EMAIL = "county@jiangxin.local"
DEMO_PERIOD = Period(2024)


def _prefecture_officer() -> tuple[User, int]:
    user, created = User.objects.get_or_create(
        username="prefecture", defaults={"email": PREFECTURE_EMAIL}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(
            user=user, email=PREFECTURE_EMAIL, verified=True, primary=True
        )
        grant_scope(
            user=user,
            role=Role.CULTURE_OFFICER,
            region=Region.objects.get(code="510100"),
        )
    return user, int(created)


@transaction.atomic
def load_demo() -> int:
    """Create the prefecture officer and the accepted county report; return how
    many objects were created."""
    prefecture, created = _prefecture_officer()
    county = User.objects.filter(email=COUNTY_EMAIL).first()
    if county is None:
        return created
    existing = StatisticsReport.objects.for_period(DEMO_PERIOD).filter(
        region_id="510104"
    )
    if existing.exists():
        return created
    report = services.generate_report(
        region=Region.objects.get(code="510104"), period=DEMO_PERIOD, user=county
    )
    report = services.submit_report(report=report, user=county)
    services.accept_report(report=report, user=prefecture)
    services.generate_report(
        region=Region.objects.get(code="510100"), period=DEMO_PERIOD, user=prefecture
    )
    return created + 2
