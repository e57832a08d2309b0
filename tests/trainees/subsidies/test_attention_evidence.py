"""The attention checks of a claim's enrolment, their times and answers, and the
video covered apart from the time spent, are evidence in the HR review."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from trainees.models import AttentionCheck, AttentionOutcome, PlaybackSession

from .test_admin import JINJIANG, claim_in, hr

pytestmark = pytest.mark.django_db


def test_the_review_shows_coverage_hours_and_each_attention_check(client):
    claim = claim_in(JINJIANG, "锦江学员")
    enrolment = claim.enrolment
    video = factories.video_asset(claim.institution, duration=60.0)
    lesson = factories.lesson(claim.course, kind="video", video=video, title="起针")
    progress = enrolment.lesson_progress.create(lesson=lesson, duration=60.0)
    session = PlaybackSession.objects.create(
        key="k", user=enrolment.user, progress=progress, last_seen_at=timezone.now()
    )
    asked = timezone.now() - timedelta(minutes=5)
    for outcome, answered in (
        (AttentionOutcome.ANSWERED, asked + timedelta(seconds=4)),
        (AttentionOutcome.LATE, asked + timedelta(seconds=95)),
    ):
        AttentionCheck.objects.create(
            enrolment=enrolment,
            session=session,
            lesson=lesson,
            position=42.0,
            asked_at=asked,
            due_at=asked + timedelta(seconds=30),
            answered_at=answered,
            outcome=outcome,
        )
    client.force_login(hr(JINJIANG))
    page = client.get(reverse("subsidy-claims:edit", args=[claim.pk])).text
    assert "Watch time and attention checks" in page
    assert "video covered" in page and "training time spent" in page
    assert "Answered in time" in page and "Answered late" in page
