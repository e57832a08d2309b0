"""The reminder before a report's due date, sent by Celery beat."""

import datetime as dt

from django.core import mail

from lms.models import Region
from lms.roles import Role
from reporting.reports import services
from reporting.reports.periods import Period
from reporting.reports.tasks import send_report_reminders_task
from tests import factories
from tests.reporting.conftest import YEAR


def test_the_officers_of_regions_that_have_not_submitted_are_reminded(
    settings, today, county, neighbour, prefecture
):
    settings.STATISTICS_REPORT_REMINDER_DAYS = 7
    report = services.generate_report(
        region=Region.objects.get(code="510104"), period=YEAR, user=county
    )
    services.submit_report(report=report, user=county)
    factories.officer("510105", role=Role.HR_OFFICER, email="hr@example.org")
    today(dt.date(2026, 1, 24))  # the year 2025 is due on 31 January

    reminded = send_report_reminders_task.apply().get()

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["neighbour@example.org", "prefecture@example.org"]
    assert reminded == 2
    assert "2026-01-31" in mail.outbox[0].subject


def test_no_reminder_on_other_days(settings, today, neighbour):
    settings.STATISTICS_REPORT_REMINDER_DAYS = 7
    today(dt.date(2026, 1, 23))

    assert send_report_reminders_task.apply().get() == 0
    assert mail.outbox == []


def test_a_quarter_is_due_on_the_fifteenth_of_the_following_month(settings):
    settings.STATISTICS_REPORT_QUARTER_DUE_DAY = 15
    settings.STATISTICS_REPORT_YEAR_DUE = (1, 31)

    assert Period(2025, 4).due_on == dt.date(2026, 1, 15)
    assert Period(2026, 1).due_on == dt.date(2026, 4, 15)
    assert Period(2025).due_on == dt.date(2026, 1, 31)


def test_the_quarter_report_reminder_uses_the_configured_days(
    settings, today, neighbour
):
    settings.STATISTICS_REPORT_REMINDER_DAYS = 3
    today(dt.date(2026, 4, 12))  # the first quarter is due on 15 April

    send_report_reminders_task.apply()

    assert [m.to for m in mail.outbox] == [["neighbour@example.org"]]
    assert "2026-04-15" in mail.outbox[0].subject
