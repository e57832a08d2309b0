"""What a heartbeat shows the trainee did (played, paused, seeked, completed), and
that only those heartbeats reach the ``playback_changed`` receivers, inside the
transaction that stores them; the others stay one statement."""

from datetime import timedelta

import pytest
from django.db import connection
from django.dispatch import receiver
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.conftest import skip_or_fail
from trainees import services, watch
from trainees.signals import playback_changed
from trainees.watch import PlaybackEvent

pytestmark = pytest.mark.django_db

T0 = timezone.now()


@pytest.fixture
def session():
    school = factories.institution("510104", "蜀锦学校")
    course = factories.course(school, completion_share=90)
    video = factories.video_asset(school, duration=20.0)
    lesson = factories.lesson(course, kind="video", video=video, title="针法示范")
    user = factories.trainee()
    services.enrol_trainee(user=user, course=course)
    return watch.start_playback(user=user, lesson=lesson)


@pytest.fixture
def heard():
    events = []

    @receiver(playback_changed)
    def listen(sender, state, change, events=(), **kwargs):
        heard.append((list(events), connection.in_atomic_block))

    heard = events
    yield events
    playback_changed.disconnect(listen)


def beat(session, seq, position, *, playing=True, at=0.0, state=""):
    return watch.record_heartbeat(
        user=session.user,
        lesson_id=session.progress.lesson_id,
        beat=watch.Heartbeat(session.key, seq, position, playing, 1.0, state),
        now=T0 + timedelta(seconds=at),
    )


def test_starting_to_play_is_played(session, heard):
    beat(session, 0, 0.0, at=0)
    assert heard == [([PlaybackEvent.PLAYED], True)]


def test_playing_on_is_no_event(session, heard):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 5.0, at=5)
    beat(session, 2, 10.0, at=10)
    assert [events for events, _ in heard] == [[PlaybackEvent.PLAYED]]


def test_stopping_is_paused(session, heard):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 3.0, playing=False, at=3)
    assert heard[-1][0] == [PlaybackEvent.PAUSED]


def test_jumping_ahead_of_the_time_spent_is_seeked(session, heard):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 15.0, at=1)
    assert heard[-1][0] == [PlaybackEvent.SEEKED]


def test_going_back_is_seeked(session, heard):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 8.0, at=8)
    beat(session, 2, 2.0, at=8.5)
    assert heard[-1][0] == [PlaybackEvent.SEEKED]


def test_reaching_the_required_share_is_completed_once(session, heard):
    for seq in range(5):
        beat(session, seq, seq * 5.0, at=seq * 5)
    beat(session, 5, 20.0, at=25)
    completed = [events for events, _ in heard if PlaybackEvent.COMPLETED in events]
    assert completed == [[PlaybackEvent.COMPLETED]]


def test_a_heartbeat_with_no_event_is_still_one_statement(session, heard):
    if connection.vendor != "postgresql":
        skip_or_fail("the one-statement heartbeat is PostgreSQL's (set DATABASE_URL)")
    first = beat(session, 0, 0.0, at=0)
    with CaptureQueriesContext(connection) as queries:
        beat(session, 1, 5.0, at=5, state=first.state)
    assert len(queries.captured_queries) == 1
