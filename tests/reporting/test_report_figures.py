"""The live figures of 非遗工坊建设情况统计: each a count made with aggregate queries,
checked against rows made for the purpose."""

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inheritors.models import WorkshopEmployment
from inheritors.services import cancel_workshop
from reporting.reports.figures import live_figures, unit_code
from reporting.reports.periods import Period
from tests import factories
from tests.reporting.conftest import YEAR, identified, on
from tests.trainees.subsidies import factories as subsidy_factories
from trainees.certificates.models import Certificate, CertificateStatus
from trainees.models import Enrolment
from trainees.subsidies.models import Claim, ClaimEvent, ClaimState, Payee, Scheme


def own(region: str, period=YEAR) -> dict:
    return live_figures(region, period, direct_only=True)[region]


def test_workshops_identified_active_cancelled_and_in_the_library(db):
    library = factories.workshop("510104", identified_on=dt.date(2025, 3, 1))
    from inheritors.services import enter_project_library

    enter_project_library(
        workshop=library,
        user=factories.UserFactory(is_superuser=True),
        entered_on=dt.date(2025, 4, 1),
        library_number="K-1",
    )
    identified("510104", dt.date(2024, 5, 1))  # active, identified before
    cancelled = identified("510104", dt.date(2025, 2, 1))
    cancel_workshop(
        workshop=cancelled, user=None, reason="停业", at=on(dt.date(2025, 10, 1))
    )
    old = identified("510104", dt.date(2023, 2, 1))
    cancel_workshop(workshop=old, user=None, reason="停业", at=on(dt.date(2024, 10, 1)))
    identified("510104", dt.date(2026, 1, 10))  # after the period
    factories.workshop("510104")  # applied only

    figures = own("510104")["workshops"]

    assert figures["identified"] == 2
    assert figures["active"] == 2
    assert figures["cancelled"] == 1
    assert figures["in_library"] == 1
    assert figures["library_new"] == 1


def test_a_workshop_cancelled_after_the_period_was_active_at_its_end(db):
    shop = identified("510104", dt.date(2025, 2, 1))
    cancel_workshop(workshop=shop, user=None, reason="停业", at=on(dt.date(2026, 2, 1)))

    figures = own("510104")["workshops"]

    assert (figures["active"], figures["cancelled"]) == (1, 0)


def test_employment_is_the_year_of_the_period(db):
    shop = identified("510104", dt.date(2024, 5, 1))
    other = identified("510104", dt.date(2024, 5, 1))
    WorkshopEmployment.objects.create(
        workshop=shop,
        year=2025,
        employed=30,
        poverty_alleviated=12,
        monitoring_targets=3,
    )
    WorkshopEmployment.objects.create(
        workshop=other,
        year=2025,
        employed=10,
        poverty_alleviated=4,
        monitoring_targets=1,
    )
    WorkshopEmployment.objects.create(workshop=shop, year=2024, employed=99)

    figures = own("510104", Period(2025, 2))["workshops"]

    assert figures["employed"] == 40
    assert figures["poverty_alleviated"] == 16
    assert figures["monitoring_targets"] == 4


def test_workshops_by_category_count_each_category_relied_on_once(db):
    embroidery = factories.ich_item("Ⅶ-21", "蜀绣")
    brocade = factories.ich_item("Ⅷ-12", "蜀锦织造技艺")
    both = identified("510104", dt.date(2025, 5, 1))
    both.items.set([embroidery, brocade])
    one = identified("510104", dt.date(2025, 5, 1))
    one.items.set([embroidery])
    identified("510104", dt.date(2025, 5, 1))  # a craft only

    figures = own("510104")["categories"]

    assert figures["cat_VII"] == 2
    assert figures["cat_VIII"] == 1
    assert figures["craft"] == 1
    assert figures["cat_I"] == 0


def _claim(enrolment, amount: str) -> Claim:
    person = enrolment.user.person
    course = enrolment.course
    return Claim.objects.create(
        policy=subsidy_factories.policy(),
        enrolment=enrolment,
        person=person,
        course=course,
        institution_id=course.institution_id,
        scheme=Scheme.TRAINING,
        payee=Payee.INSTITUTION,
        amount=Decimal(amount),
        state=ClaimState.PAID,
        verdict="eligible",
        evaluated_on=dt.date(2025, 5, 1),
        submitted_at=on(dt.date(2025, 5, 1)),
    )


def _event(claim, action, day):
    # The step's time is set by the database row's auto_now_add.
    with mock.patch("django.utils.timezone.now", return_value=on(day)):
        ClaimEvent.objects.create(claim=claim, action=action, state=claim.state)


def test_training_and_subsidies_of_the_period(db):
    school = factories.institution("510104")
    course = subsidy_factories.course(school)
    first = subsidy_factories.trained(course, hours=10)
    second = subsidy_factories.trained(course, hours=2.5)
    later = subsidy_factories.trained(course, hours=7, certified=False)
    Enrolment.objects.filter(pk__in=[first.pk, second.pk]).update(
        completed_at=on(dt.date(2025, 6, 1)), attended_seconds=1800
    )
    Enrolment.objects.filter(pk=later.pk).update(completed_at=on(dt.date(2026, 2, 1)))
    Certificate.objects.filter(enrolment__in=[first, second]).update(
        issued_on=dt.date(2025, 6, 1)
    )
    Certificate.objects.filter(enrolment=second).update(
        status=CertificateStatus.REVOKED,
        revoked_at=on(dt.date(2025, 8, 1)),
        revocation_reason="错发",
    )
    subsidy_factories.certificate(
        later, later.user.person, issued_on=dt.date(2025, 9, 1)
    )
    paid = _claim(first, "1000.00")
    _event(paid, ClaimEvent.Action.APPROVED, dt.date(2025, 7, 1))
    _event(paid, ClaimEvent.Action.PAID, dt.date(2026, 1, 5))
    approved = _claim(second, "500.50")
    _event(approved, ClaimEvent.Action.APPROVED, dt.date(2025, 12, 31))

    figures = own("510104")["training"]

    assert figures["trainees"] == 2
    assert figures["completions"] == 2
    assert figures["verified_hours"] == "13.50"  # 10 + 2.5 watched, 2 × 0.5 attended
    assert figures["certificates"] == 2  # the revoked one does not count
    assert figures["claims_approved"] == 2
    assert figures["amount_approved"] == "1500.50"
    assert figures["claims_paid"] == 0


def test_records_count_under_the_division_one_level_down(db):
    identified("510104", dt.date(2025, 5, 1))
    identified("510105", dt.date(2025, 5, 1))
    identified("510100", dt.date(2025, 5, 1))  # held by the prefecture itself
    identified("510302", dt.date(2025, 5, 1))

    by_unit = live_figures("510000", YEAR)

    assert by_unit["510100"]["workshops"]["identified"] == 3
    assert by_unit["510300"]["workshops"]["identified"] == 1
    assert "510000" not in by_unit
    assert unit_code("510000", "510104") == "510100"
    assert unit_code("510100", "510100") == "510100"


def test_the_figures_take_the_same_number_of_queries_for_more_regions(db):
    identified("510104", dt.date(2025, 5, 1))
    with CaptureQueriesContext(connection) as few:
        live_figures("510000", YEAR)
    for code in ("510105", "510106", "510302", "510402"):
        identified(code, dt.date(2025, 5, 1))
    with CaptureQueriesContext(connection) as many:
        live_figures("510000", YEAR)

    assert len(many) == len(few) == 6


def test_the_period_bounds_are_local_days(db):
    start, after = Period(2025, 1).bounds()

    assert timezone.localtime(start).date() == dt.date(2025, 1, 1)
    assert timezone.localtime(after).date() == dt.date(2025, 4, 1)
