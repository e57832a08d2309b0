"""A workshop that has not confirmed its registration for two consecutive years
loses its qualification: the periodic task cancels it, records why, and tells the
leader. Boundaries with explicit dates: confirmed last year, missed one, missed two;
a year counts as missed once it can no longer be confirmed (its grace period, by
default until 31 March of the next year, has ended)."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail

from inheritors.models import Workshop, WorkshopConfirmation
from inheritors.services import cancel_lapsed_workshops, confirm_workshop_registration
from inheritors.tasks import cancel_lapsed_workshops_task
from tests import factories

pytestmark = pytest.mark.django_db

# The first day after the default grace for 2025 (WORKSHOP_CONFIRMATION_GRACE).
NEW_YEAR_2026 = dt.date(2026, 4, 1)


def identified_workshop(identified_on=dt.date(2022, 5, 1), **kwargs):
    return factories.workshop(identified_on=identified_on, **kwargs)


def confirm(workshop, year):
    return confirm_workshop_registration(
        workshop=workshop,
        year=year,
        user=None,
        channel=WorkshopConfirmation.Channel.ADMIN,
        today=dt.date(year, 12, 1),
    )


def test_a_workshop_confirmed_last_year_stays_qualified():
    workshop = identified_workshop()
    confirm(workshop, 2025)
    assert cancel_lapsed_workshops(today=NEW_YEAR_2026) == []
    workshop.refresh_from_db()
    assert workshop.state == Workshop.State.IDENTIFIED


def test_a_workshop_that_missed_one_year_stays_qualified():
    workshop = identified_workshop()
    confirm(workshop, 2024)  # nothing for 2025
    assert cancel_lapsed_workshops(today=NEW_YEAR_2026) == []
    workshop.refresh_from_db()
    assert workshop.state == Workshop.State.IDENTIFIED


def test_a_workshop_that_missed_two_consecutive_years_is_cancelled():
    workshop = identified_workshop()
    confirm(workshop, 2023)  # nothing for 2024 and 2025
    assert cancel_lapsed_workshops(today=NEW_YEAR_2026) == [workshop]
    workshop.refresh_from_db()
    assert workshop.state == Workshop.State.CANCELLED


def test_the_same_workshop_is_not_cancelled_while_2025_can_still_be_confirmed():
    workshop = identified_workshop()
    confirm(workshop, 2023)  # 2025 can be confirmed until 31 March 2026
    assert cancel_lapsed_workshops(today=dt.date(2025, 12, 31)) == []
    assert cancel_lapsed_workshops(today=dt.date(2026, 3, 31)) == []
    workshop.refresh_from_db()
    assert workshop.state == Workshop.State.IDENTIFIED


def test_confirming_the_year_just_ended_in_its_grace_period_keeps_the_workshop():
    workshop = identified_workshop()
    confirm(workshop, 2023)  # nothing for 2024
    confirm_workshop_registration(
        workshop=workshop,
        year=2025,
        user=None,
        channel=WorkshopConfirmation.Channel.ADMIN,
        today=dt.date(2026, 2, 10),
    )
    assert cancel_lapsed_workshops(today=NEW_YEAR_2026) == []


def test_without_a_grace_period_the_workshop_lapses_on_new_years_day(settings):
    settings.WORKSHOP_CONFIRMATION_GRACE = {"": None}
    workshop = identified_workshop()
    confirm(workshop, 2023)
    assert cancel_lapsed_workshops(today=dt.date(2026, 1, 1)) == [workshop]


def test_each_province_lapses_when_its_own_grace_period_ends(settings):
    settings.WORKSHOP_CONFIRMATION_GRACE = {"": (3, 31), "51": (1, 31)}
    sichuan = identified_workshop(region="510104")
    guizhou = identified_workshop(region="520102")
    for workshop in (sichuan, guizhou):
        confirm(workshop, 2023)
    assert cancel_lapsed_workshops(today=dt.date(2026, 1, 31)) == []
    assert cancel_lapsed_workshops(today=dt.date(2026, 2, 1)) == [sichuan]
    assert cancel_lapsed_workshops(today=dt.date(2026, 4, 1)) == [guizhou]


def test_identification_counts_as_the_registration_of_its_year():
    recent = identified_workshop(identified_on=dt.date(2024, 9, 1))  # missed 2025
    old = identified_workshop(identified_on=dt.date(2023, 9, 1))  # missed 2024, 2025
    assert cancel_lapsed_workshops(today=NEW_YEAR_2026) == [old]
    recent.refresh_from_db()
    assert recent.state == Workshop.State.IDENTIFIED


def test_an_active_workshop_lapses_too_and_an_applicant_does_not():
    active = factories.workshop(identified_on=dt.date(2022, 5, 1), active=True)
    applicant = factories.workshop()
    assert cancel_lapsed_workshops(today=NEW_YEAR_2026) == [active]
    applicant.refresh_from_db()
    assert applicant.state == Workshop.State.APPLIED


def test_the_reason_is_recorded_in_the_state_history_without_a_user():
    workshop = identified_workshop()
    confirm(workshop, 2023)
    cancel_lapsed_workshops(today=NEW_YEAR_2026)
    change = workshop.state_changes.latest("changed_at")
    assert change.to_state == Workshop.State.CANCELLED
    assert change.from_state == Workshop.State.IDENTIFIED
    assert change.changed_by is None
    assert "2024" in change.reason and "2025" in change.reason
    assert "221" in change.reason


def test_running_twice_cancels_once():
    workshop = identified_workshop()
    confirm(workshop, 2023)
    cancel_lapsed_workshops(today=NEW_YEAR_2026)
    assert cancel_lapsed_workshops(today=NEW_YEAR_2026) == []
    assert workshop.state_changes.filter(to_state="cancelled").count() == 1


def test_the_leader_is_emailed_after_commit(django_capture_on_commit_callbacks):
    account = factories.UserFactory(email="leader@example.org")
    leader = factories.workshop_leader(account=account)
    workshop = identified_workshop(leader=leader, name="红砂村蜀绣工坊")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cancel_lapsed_workshops(today=NEW_YEAR_2026)
    assert mail.outbox == []  # nothing is sent before the cancellation commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["leader@example.org"]
    assert "红砂村蜀绣工坊" in mail.outbox[0].subject
    assert workshop.state_changes.latest("changed_at").reason in mail.outbox[0].body


def test_a_leader_without_an_account_is_not_emailed(django_capture_on_commit_callbacks):
    identified_workshop()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_lapsed_workshops(today=NEW_YEAR_2026)
    assert mail.outbox == []


def test_the_public_page_goes_offline(django_capture_on_commit_callbacks):
    from inheritors.models import WorkshopIndexPage, WorkshopPage

    workshop = identified_workshop()
    page = WorkshopPage(title="工坊页", slug="lapse-page", workshop=workshop)
    WorkshopIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    cancel_lapsed_workshops(today=NEW_YEAR_2026)
    page.refresh_from_db()
    assert not page.live


def test_the_task_wraps_the_service_with_todays_date(monkeypatch):
    seen = {}

    def fake(*, today):
        seen["today"] = today
        return ["a", "b"]

    monkeypatch.setattr("inheritors.tasks.cancel_lapsed_workshops", fake)
    assert cancel_lapsed_workshops_task() == 2
    assert isinstance(seen["today"], dt.date)


def test_celery_beat_runs_the_task_every_day():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "inheritors.tasks.cancel_lapsed_workshops_task"
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"].hour == {2}
