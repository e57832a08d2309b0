"""Cursor pagination in the order rows last changed: a client that pages from
``updated_since`` misses nothing, even when rows change while it pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.roles import Role
from tests import factories
from tests.api.conftest import bearer, token_for
from trainees.models import Enrolment, EnrolmentSource, EnrolmentStatus
from trainees.services import withdraw_enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104")


@pytest.fixture
def enrolments(school):
    course = factories.course(school)
    return [
        Enrolment.objects.create(
            user=factories.trainee(),
            course=course,
            status=EnrolmentStatus.ENROLLED,
            source=EnrolmentSource.COHORT,
        )
        for _ in range(7)
    ]


def read_all(api, **params) -> tuple[list[dict], int]:
    """Every page of enrolments; the rows and the number of pages."""
    rows, pages, cursor = [], 0, None
    while True:
        query = {"limit": 3, **params, **({"cursor": cursor} if cursor else {})}
        body = api.get("/api/v1/enrolments", query).json()
        rows += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return rows, pages


def test_pages_cover_every_row_once(school, enrolments):
    api = bearer(token_for(factories.institution_staff(school)))
    rows, pages = read_all(api)
    assert sorted(r["id"] for r in rows) == sorted(e.pk for e in enrolments)
    assert pages == 3


def test_a_row_changed_while_paging_comes_again_later(school, enrolments):
    staff = factories.institution_staff(school)
    api = bearer(token_for(staff))
    first = api.get("/api/v1/enrolments", {"limit": 3}).json()
    seen = [r["id"] for r in first["items"]]
    # One already read is withdrawn (a cancellation is a change of state).
    changed = Enrolment.objects.get(pk=seen[0])
    withdraw_enrolment(enrolment=changed, by=staff, reason="moved away")
    rows, cursor = list(first["items"]), first["next_cursor"]
    while cursor:
        body = api.get("/api/v1/enrolments", {"limit": 3, "cursor": cursor}).json()
        rows += body["items"]
        cursor = body["next_cursor"]
    assert {r["id"] for r in rows} == {e.pk for e in enrolments}
    last_seen = [r for r in rows if r["id"] == changed.pk][-1]
    assert last_seen["status"] == "withdrawn"


def test_updated_since_returns_what_changed_and_nothing_older(school, enrolments):
    staff = factories.institution_staff(school)
    api = bearer(token_for(staff))
    since = timezone.now()
    old = timezone.now() - dt.timedelta(days=1)
    Enrolment.objects.update(updated_at=old)
    withdraw_enrolment(enrolment=enrolments[2], by=staff)
    rows, _pages = read_all(api, updated_since=since.isoformat())
    assert [r["id"] for r in rows] == [enrolments[2].pk]


def test_recounting_unchanged_attendance_is_not_a_change(school, enrolments):
    from trainees.evidence.attendance.figures import refresh_attended_seconds

    api = bearer(token_for(factories.institution_staff(school)))
    Enrolment.objects.update(updated_at=timezone.now() - dt.timedelta(days=1))
    since = timezone.now()
    refresh_attended_seconds()
    assert read_all(api, updated_since=since.isoformat())[0] == []


def test_watch_time_is_a_change_when_the_hours_shown_change(school, enrolments):
    from trainees.heartbeat_store import add_to_enrolment

    api = bearer(token_for(factories.institution_staff(school)))
    enrolment = enrolments[0]
    Enrolment.objects.update(
        verified_seconds=30, updated_at=timezone.now() - dt.timedelta(days=1)
    )
    since = timezone.now()

    add_to_enrolment(enrolment.pk, covered=5, verified=5, at=since)
    # 35 s show as 0.01 h, as 30 s did: nothing a client reads has changed.
    assert read_all(api, updated_since=since.isoformat())[0] == []

    add_to_enrolment(enrolment.pk, covered=20, verified=20, at=since)
    rows, _pages = read_all(api, updated_since=since.isoformat())
    assert [(r["id"], r["verified_hours"]) for r in rows] == [(enrolment.pk, "0.02")]


def test_a_tampered_cursor_is_a_400_not_a_500(school, enrolments):
    api = bearer(token_for(factories.institution_staff(school)))
    response = api.get("/api/v1/enrolments", {"cursor": "bm90LWEtY3Vyc29y"})
    assert response.status_code == 400
    assert response.json()["fields"][0]["field"] == "cursor"


def test_a_page_costs_the_same_queries_however_many_rows(school):
    course = factories.course(school)
    api = bearer(token_for(factories.institution_staff(school)))
    api.get("/api/v1/me")  # the token's first use is recorded once, not per page

    def queries_for_a_page(rows: int) -> int:
        for _ in range(rows):
            person = factories.person(user=factories.trainee())
            Enrolment.objects.create(
                user=person.user,
                course=course,
                status=EnrolmentStatus.ENROLLED,
                source=EnrolmentSource.COHORT,
            )
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/enrolments", {"limit": 50}).status_code == 200
        return len(queries)

    assert queries_for_a_page(2) == queries_for_a_page(20)


def test_an_hr_officer_syncs_claims_by_their_last_change():
    from tests.api.data import county

    jinjiang = county("510104")
    api = bearer(token_for(factories.officer("510104", Role.HR_OFFICER)))
    since = timezone.now()
    assert (
        api.get("/api/v1/claims", {"updated_since": since.isoformat()}).json()["items"]
        == []
    )
    from trainees.subsidies.services import start_review

    start_review(
        claim=jinjiang.claim, officer=factories.officer("510104", Role.HR_OFFICER)
    )
    items = api.get("/api/v1/claims", {"updated_since": since.isoformat()}).json()[
        "items"
    ]
    assert [c["state"] for c in items] == ["under_review"]
