import datetime as dt

import pytest
from django.utils import timezone

from reporting.reports.periods import Period
from tests import factories
from tests.conftest import s3_media_storage

YEAR = Period(2025)  # a period that has ended
BUCKET = "jiangxin-reports-test"


@pytest.fixture(autouse=True)
def export_tasks(monkeypatch):
    """Exports queued for a worker, instead of a real broker message."""
    from reporting.reports.tasks import write_export_task

    queued: list[int] = []
    monkeypatch.setattr(write_export_task, "delay", queued.append)
    return queued


@pytest.fixture
def county(db):
    return factories.officer("510104", email="county@example.org")


@pytest.fixture
def neighbour(db):
    return factories.officer("510105", email="neighbour@example.org")


@pytest.fixture
def prefecture(db):
    return factories.officer("510100", email="prefecture@example.org")


@pytest.fixture
def other_prefecture(db):
    return factories.officer("510300", email="zigong@example.org")


@pytest.fixture
def province(db):
    return factories.officer("510000", email="province@example.org")


@pytest.fixture
def national(db):
    return factories.UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def today(monkeypatch):
    """Set the day services and views take as today."""
    real = timezone.localdate

    def set_today(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_today


def on(day: dt.date) -> dt.datetime:
    """Noon of a day, local time."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def identified(region: str, day: dt.date, **fields):
    return factories.workshop(region, identified_on=day, **fields)


@pytest.fixture
def s3_bucket(settings, s3_endpoint, tmp_path):
    """A bucket on an S3-compatible server as the media storage."""
    yield from s3_media_storage(settings, s3_endpoint, tmp_path, BUCKET)
