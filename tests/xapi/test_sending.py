"""Sending the outbox: batches with the statements' own ids, exponential backoff
after a failure, the beat's resend, and a conflict on a known id taken as sent."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tests.trainees.certificates import factories as certs
from xapi import rules, services, statements
from xapi.models import Statement
from xapi.tasks import resend_statements_task

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)


def written(n: int = 1) -> list[Statement]:
    user = factories.trainee()
    course = statements.course_activity(1, "蜀绣基础")
    rows = []
    for i in range(n):
        body = statements.certificate_earned(
            serial=f"JX{i:04}", title="蜀绣基础", course=course, issued_at=AT
        )
        rows.append(
            services.record_statement(user_id=user.pk, source=f"test:{i}", body=body)
        )
    return rows


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(1, 30), (2, 60), (3, 120), (4, 240), (9, 7680), (11, 6 * 3600), (500, 6 * 3600)],
)
def test_the_wait_doubles_after_each_failure_up_to_six_hours(failures, seconds):
    assert rules.backoff(failures) == dt.timedelta(seconds=seconds)


def test_a_batch_is_sent_with_the_ids_fixed_when_written(recording_lrs):
    rows = written(3)
    result = services.send_due_statements(batch_size=10)
    assert result.sent == 3
    assert set(recording_lrs.stored) == {str(row.id) for row in rows}
    method, path, _body, headers = recording_lrs.requests[0]
    assert (method, path) == ("POST", "/xAPI/statements")
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Authorization"].startswith("Basic ")
    assert not Statement.objects.pending().exists()


def test_statements_go_in_batches_of_the_configured_size(recording_lrs):
    written(5)
    assert services.send_due_statements(batch_size=2).sent == 5
    assert [len(body) for _m, _p, body, _h in recording_lrs.requests] == [2, 2, 1]


def test_a_failed_batch_records_the_error_and_waits_before_the_next_try(lrs_on):
    (row,) = written(1)  # nobody answers at the configured address
    now = timezone.now()
    result = services.send_due_statements(now=now)
    assert result.failed == 1
    row.refresh_from_db()
    assert row.sent_at is None
    assert row.attempts == 1
    assert row.next_attempt_at == now + dt.timedelta(seconds=30)
    assert "Connection refused" in row.last_error or "Error" in row.last_error


def test_the_lrs_refusing_a_batch_counts_as_a_failure(recording_lrs):
    recording_lrs.status = 503
    (row,) = written(1)
    services.send_due_statements()
    row.refresh_from_db()
    assert (row.sent_at, row.attempts) == (None, 1)
    assert row.last_error.startswith("HTTP 503")


def test_a_statement_is_not_resent_before_its_wait_is_over(recording_lrs):
    recording_lrs.status = 500
    (row,) = written(1)
    now = timezone.now()
    services.send_due_statements(now=now)
    recording_lrs.status = 200
    services.send_due_statements(now=now + dt.timedelta(seconds=29))
    assert len(recording_lrs.requests) == 1
    row.refresh_from_db()
    assert row.sent_at is None


def test_the_beat_resends_what_failed_once_its_wait_is_over(recording_lrs):
    recording_lrs.status = 500
    (row,) = written(1)
    services.send_due_statements(now=timezone.now() - dt.timedelta(minutes=5))
    recording_lrs.status = 200
    assert resend_statements_task.apply().get() == {"sent": 1, "failed": 0, "error": ""}
    row.refresh_from_db()
    assert row.sent_at is not None
    assert str(row.id) in recording_lrs.stored


def test_a_conflict_on_a_known_id_counts_as_sent_and_the_rest_go_one_by_one(
    recording_lrs,
):
    known, new = written(2)
    recording_lrs.conflict_ids = {str(known.id)}
    assert services.send_due_statements().sent == 2
    methods = [method for method, *_ in recording_lrs.requests]
    assert methods == ["POST", "PUT", "PUT"]
    assert str(new.id) in recording_lrs.stored
    assert not Statement.objects.pending().exists()


def test_nothing_is_sent_when_no_lrs_is_configured():
    services.send_due_statements()  # no LRS: not even an attempt
    assert services.send_due_statements().sent == 0


def test_an_endpoint_without_credentials_keeps_learning_records_off(settings):
    settings.XAPI_LRS_ENDPOINT = "https://lrs.example.cn/xAPI/"
    settings.XAPI_LRS_USERNAME = "jiangxin"
    settings.XAPI_LRS_PASSWORD = ""
    certs.certificate()
    assert not Statement.objects.exists()
