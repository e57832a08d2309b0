"""Watch time credited on a video in the old, unencrypted format is marked as not
delivery-verified: in the enrolment's watch-time ledger and as a flag on claims."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from media import encryption
from tests import factories
from tests.trainees.subsidies import factories as subsidy
from trainees import services, watch
from trainees.subsidies.flags import Flag, flags_for

pytestmark = pytest.mark.django_db

T0 = timezone.now()


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


def watched(course, school, *, encrypted: bool):
    """An enrolment whose trainee watched 8 s of a lesson honestly."""
    fields = {"hls_prefix": "videos/hls/9/a/"}
    if encrypted:
        fields.update(key_windows=[[0.0, 4.0], [4.0, 8.0]])
        fields.update(delivery_secret=encryption.new_secret())
    video = factories.video_asset(school, duration=8.0, **fields)
    lesson = factories.lesson(course, kind="video", video=video, title="针法")
    user = factories.trainee()
    enrolment = services.enrol_trainee(user=user, course=course)
    session = watch.start_playback(user=user, lesson=lesson)
    if encrypted:
        from trainees.delivery import record_key_delivery

        for window, (start, end) in enumerate(video.key_windows):
            record_key_delivery(
                session_id=session.pk, window=window, start=start, end=end
            )
    for seq, at in enumerate((0, 4, 8)):
        watch.record_heartbeat(
            user=user,
            lesson_id=lesson.pk,
            beat=watch.Heartbeat(session.key, seq, float(at), True, 1.0),
            now=T0 + timedelta(seconds=at),
        )
    enrolment.refresh_from_db()
    assert enrolment.verified_seconds == 8
    return enrolment


def test_credit_on_an_old_format_video_is_flagged_on_the_claim(school):
    enrolment = watched(subsidy.course(school), school, encrypted=False)
    assert Flag.WATCH_NOT_DELIVERY_VERIFIED in flags_for([enrolment])[enrolment.pk]


def test_credit_on_an_encrypted_video_is_not_flagged(school):
    enrolment = watched(subsidy.course(school), school, encrypted=True)
    assert Flag.WATCH_NOT_DELIVERY_VERIFIED not in flags_for([enrolment])[enrolment.pk]


def test_the_ledger_shows_the_seconds_not_delivery_verified(client, school):
    enrolment = watched(subsidy.course(school), school, encrypted=False)
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("enrolments:inspect", args=[enrolment.pk]))
    assert page.status_code == 200
    ledger = page.text.split('id="watch-ledger"')[1]
    assert "not delivery-verified" in ledger
    assert "⚠" in ledger
