import pytest
from django.utils import timezone


@pytest.fixture
def today(monkeypatch):
    """Set the day views take as today (``timezone.localdate()`` without argument)."""
    real = timezone.localdate

    def set_today(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_today
