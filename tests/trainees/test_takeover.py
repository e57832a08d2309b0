"""Nothing legitimately watched is lost: the last interval of a tab taken over by
another, and the seconds played before the playback session opens."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from trainees import services, takeover, watch
from trainees.models import Enrolment, LessonProgress, PlaybackSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


@pytest.fixture
def lesson(school):
    course = factories.course(school)
    video = factories.video_asset(school, duration=60.0)
    return factories.lesson(course, kind="video", video=video)


@pytest.fixture
def learner(lesson):
    user = factories.trainee()
    services.enrol_trainee(user=user, course=lesson.course)
    return user


def covered(session) -> float:
    return LessonProgress.objects.get(pk=session.progress_id).covered_seconds


def playing_since(session, seconds: float) -> None:
    PlaybackSession.objects.filter(pk=session.pk).update(
        last_playing=True,
        last_position=0,
        last_seen_at=timezone.now() - timedelta(seconds=seconds),
    )


def last_beat(session, seq, position, *, after_takeover: float, state=""):
    ended_at = PlaybackSession.objects.get(pk=session.pk).ended_at
    return watch.record_heartbeat(
        user=session.user,
        lesson_id=session.progress.lesson_id,
        beat=watch.Heartbeat(session.key, seq, position, True, 1.0, state),
        now=ended_at + timedelta(seconds=after_takeover),
    )


def test_the_tab_taken_over_has_its_last_interval_credited_up_to_the_takeover(
    learner, lesson
):
    first = watch.start_playback(user=learner, lesson=lesson)
    playing_since(first, 4)
    second = watch.start_playback(user=learner, lesson=lesson)
    with pytest.raises(watch.PlaybackEnded):
        # It reports 7 s played, 3 s after the takeover: only the 4 s before count.
        last_beat(first, 1, 7.0, after_takeover=3)
    assert covered(first) == pytest.approx(4.0, abs=0.5)
    assert Enrolment.objects.get().verified_seconds == 4
    assert PlaybackSession.objects.get(ended_at__isnull=True) == second


def test_the_last_interval_is_credited_once(learner, lesson):
    first = watch.start_playback(user=learner, lesson=lesson)
    playing_since(first, 4)
    watch.start_playback(user=learner, lesson=lesson)
    for seq in (1, 2):
        with pytest.raises(watch.PlaybackEnded):
            last_beat(first, seq, 4.0 + seq, after_takeover=seq)
    assert covered(first) == pytest.approx(4.0, abs=0.5)


def test_a_last_interval_that_comes_too_late_earns_nothing(learner, lesson):
    first = watch.start_playback(user=learner, lesson=lesson)
    playing_since(first, 4)
    watch.start_playback(user=learner, lesson=lesson)
    late = takeover.grace().total_seconds() + 1
    with pytest.raises(watch.PlaybackEnded):
        last_beat(first, 1, 4.0, after_takeover=late)
    assert covered(first) == 0


def test_the_new_tab_keeps_the_last_interval_of_the_old_one(learner, lesson):
    first = watch.start_playback(user=learner, lesson=lesson)
    playing_since(first, 4)
    second = watch.start_playback(user=learner, lesson=lesson)
    token = watch.playback_progress(second).state  # read before the old tab's beat
    with pytest.raises(watch.PlaybackEnded):
        last_beat(first, 1, 4.0, after_takeover=1)
    PlaybackSession.objects.filter(pk=second.pk).update(
        last_playing=True, last_position=30.0
    )
    ended_at = PlaybackSession.objects.get(pk=first.pk).ended_at
    watch.record_heartbeat(
        user=learner,
        lesson_id=lesson.pk,
        beat=watch.Heartbeat(second.key, 0, 30.0, True, 1.0, token),
        now=ended_at + timedelta(seconds=2),
    )
    progress = LessonProgress.objects.get(pk=second.progress_id)
    assert progress.covered_seconds == pytest.approx(4.0, abs=0.5)
    assert progress.intervals and progress.intervals[0][0] == 0


def test_the_seconds_played_before_the_session_opens_are_credited(
    client, learner, lesson
):
    client.force_login(learner)
    started = client.post(
        reverse("trainees:start-playback", args=[lesson.pk]),
        {"position": 0.0, "playing": True, "rate": 1.0},
        content_type="application/json",
    )
    assert started.status_code == 200
    session = PlaybackSession.objects.get(key=started.json()["session"])
    assert session.last_playing
    watch.record_heartbeat(
        user=learner,
        lesson_id=lesson.pk,
        beat=watch.Heartbeat(session.key, 0, 1.5, True, 1.0),
        now=session.last_seen_at + timedelta(seconds=1.5),
    )
    assert covered(session) == pytest.approx(1.5)


def test_a_start_with_a_bad_position_is_a_400(client, learner, lesson):
    client.force_login(learner)
    response = client.post(
        reverse("trainees:start-playback", args=[lesson.pk]),
        {"position": -5, "playing": True, "rate": 1.0},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "position" in response.json()["error"]
    assert not PlaybackSession.objects.exists()
