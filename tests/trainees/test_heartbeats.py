"""Verified watch time through the player's endpoints: playback sessions, heartbeats,
what they earn, and every way a heartbeat can be refused without changing anything."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.conftest import skip_or_fail
from trainees import services, takeover, watch
from trainees.models import Enrolment, LessonProgress, PlaybackSession
from trainees.signals import evidence_changed

pytestmark = pytest.mark.django_db

T0 = timezone.now()


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


@pytest.fixture
def course(school):
    return factories.course(school, completion_share=90)


@pytest.fixture
def lesson(course, school):
    video = factories.video_asset(school, duration=20.0)
    return factories.lesson(course, kind="video", video=video, title="针法示范")


@pytest.fixture
def learner(course):
    user = factories.trainee()
    services.enrol_trainee(user=user, course=course)
    return user


@pytest.fixture
def session(learner, lesson):
    return watch.start_playback(user=learner, lesson=lesson)


def beat(session, seq, position, *, playing=True, rate=1.0, at=0.0, lesson=None):
    """Record a heartbeat ``at`` seconds after T0 through the service."""
    return watch.record_heartbeat(
        user=session.user,
        lesson_id=lesson.pk if lesson else session.progress.lesson_id,
        beat=watch.Heartbeat(session.key, seq, position, playing, rate),
        now=T0 + timedelta(seconds=at),
    )


def progress_of(session) -> LessonProgress:
    return LessonProgress.objects.get(pk=session.progress_id)


def test_ten_seconds_of_playing_earn_ten_seconds(session):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 5.0, at=5)
    result = beat(session, 2, 10.0, at=10)
    assert result.covered_seconds == pytest.approx(10.0)
    assert Enrolment.objects.get().verified_seconds == 10


def test_seeking_ahead_earns_nothing_beyond_the_time_spent(session):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 4.0, at=4)
    beat(session, 2, 4.0, at=4.1)  # the player reports the position before a seek
    result = beat(session, 3, 19.5, at=4.2)  # … and the position after it
    assert result.covered_seconds == pytest.approx(4.0 + 0.1 * 1.1, abs=0.05)


def test_a_heartbeat_arriving_early_loses_nothing_of_honest_play(session):
    # Played without a stop; the second heartbeat was slow on the network and
    # the third quick, so the third claims more than the time between them allows.
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 5.0, at=5.4)
    beat(session, 2, 10.0, at=9.9)  # 4.5 s after: 4.95 s allowed
    assert progress_of(session).covered_seconds == pytest.approx(9.95)
    result = beat(session, 3, 15.0, at=15)
    assert result.covered_seconds == pytest.approx(15.0)
    assert progress_of(session).intervals == [[0.0, 15.0]]
    # 学时 too: the early heartbeat's 4.5 s could not count its 4.95 s, the late
    # one before it left 0.4 s and the next one counts the rest.
    assert progress_of(session).spent_seconds == pytest.approx(15.0)
    assert Enrolment.objects.get().verified_seconds == 15


def test_claiming_a_little_ahead_every_time_earns_no_more_than_the_wall_clock(
    session,
):
    # A script that always reports half a second beyond what the clock allows.
    beat(session, 0, 0.0, at=0)
    for seq, at in enumerate(range(1, 11), start=1):
        position = progress_of(session).covered_seconds + 1.1 + 0.5
        beat(session, seq, position, at=at)
    assert progress_of(session).covered_seconds <= 10 * (1 + 0.1) + 1e-6
    assert Enrolment.objects.get().verified_seconds <= 10


@pytest.fixture(params=["one statement", "one transaction"])
def store_path(request, monkeypatch):
    from trainees import heartbeat_store

    if request.param == "one transaction":
        monkeypatch.setattr(
            heartbeat_store,
            "_store_in_one_statement",
            heartbeat_store._store_in_one_transaction,
        )
    elif connection.vendor != "postgresql":
        skip_or_fail("the one-statement store is PostgreSQL's")
    return request.param


def test_the_enrolment_changes_for_a_sync_only_when_its_hours_shown_do(
    session, store_path
):
    yesterday = T0 - timedelta(days=1)
    Enrolment.objects.update(verified_seconds=40, updated_at=yesterday)
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 4.0, at=4)  # 44 s: 0.01 h, as 40 s were
    enrolment = Enrolment.objects.get()
    assert (enrolment.verified_seconds, enrolment.updated_at) == (44, yesterday)
    beat(session, 2, 14.0, at=14)  # 54 s: 0.02 h
    enrolment = Enrolment.objects.get()
    assert enrolment.verified_seconds == 54
    assert enrolment.updated_at == T0 + timedelta(seconds=14)


def test_hundredths_of_an_hour_round_half_up():
    from trainees.models import hundredths_of_hour

    assert [hundredths_of_hour(s) for s in (0, 17, 18, 53, 54, 3600)] == [
        0, 0, 1, 1, 2, 100,
    ]  # fmt: skip


def test_replaying_a_range_earns_nothing_twice(session):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 5.0, at=5)
    beat(session, 2, 0.0, at=5.1)  # seek back
    beat(session, 3, 5.0, at=10.1)
    assert progress_of(session).covered_seconds == pytest.approx(5.0)


def test_a_pause_earns_nothing_however_long(session):
    beat(session, 0, 3.0, at=0, playing=False)
    result = beat(session, 1, 3.0, at=600, playing=True)
    assert result.covered_seconds == 0


def test_a_rate_above_the_courses_fastest_is_refused_and_earns_nothing(session):
    beat(session, 0, 0.0, at=0)
    with pytest.raises(ValidationError, match="at most at 2×"):
        beat(session, 1, 16.0, at=4, rate=4.0)
    assert progress_of(session).covered_seconds == 0


def test_a_duplicate_heartbeat_changes_nothing(session):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 5.0, at=5)
    result = beat(session, 1, 5.0, at=9)
    assert result.ignored
    assert progress_of(session).covered_seconds == pytest.approx(5.0)


def test_a_heartbeat_arriving_out_of_order_changes_nothing(session):
    beat(session, 0, 0.0, at=0)
    beat(session, 2, 6.0, at=6)
    before = progress_of(session)
    result = beat(session, 1, 3.0, at=6.2)
    after = progress_of(session)
    assert result.ignored
    assert (after.intervals, after.last_position) == (
        before.intervals,
        before.last_position,
    )


def test_a_lost_heartbeat_loses_nothing_the_next_one_can_prove(session):
    beat(session, 0, 0.0, at=0)
    # seq 1 (at 5 s) never arrives
    result = beat(session, 2, 10.0, at=10)
    assert result.covered_seconds == pytest.approx(10.0)


def test_a_lesson_completes_at_the_course_share_and_says_so_once(
    session, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, enrolment, **kwargs):
        received.append(enrolment.pk)

    evidence_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            beat(session, 0, 0.0, at=0)
            beat(session, 1, 10.0, at=10)
            result = beat(session, 2, 18.0, at=18)
            beat(session, 3, 20.0, at=20)
    finally:
        evidence_changed.disconnect(listener)
    assert result.completed
    assert received == [session.progress.enrolment_id]


def test_just_short_of_the_share_is_not_complete(session):
    beat(session, 0, 0.0, at=0)
    result = beat(session, 1, 17.5, at=17.5)
    assert not result.completed


def test_a_second_device_stops_the_first(session, learner, lesson):
    beat(session, 0, 0.0, at=0)
    second = watch.start_playback(user=learner, lesson=lesson)
    with pytest.raises(watch.PlaybackEnded):
        beat(session, 1, 5.0, at=5)
    assert PlaybackSession.objects.filter(ended_at__isnull=True).get() == second


def test_a_new_session_resumes_from_the_last_position(session, learner, lesson):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 7.0, at=7, playing=False)
    again = watch.start_playback(user=learner, lesson=lesson)
    assert again.last_position == 7.0


def test_verified_seconds_add_up_over_the_course_lessons(
    session, learner, course, school
):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 6.0, at=6)
    other = factories.lesson(
        course, kind="video", video=factories.video_asset(school, duration=30.0)
    )
    second = watch.start_playback(user=learner, lesson=other)
    beat(second, 0, 0.0, at=10)
    beat(second, 1, 9.0, at=19)
    assert Enrolment.objects.get().verified_seconds == 15


# --- Through the endpoints ---------------------------------------------------------


@pytest.fixture
def player(client, learner):
    """The learner's browser: logged in."""
    client.force_login(learner)
    return client


def post_beat(client, lesson, payload, **extra):
    return client.post(
        reverse("trainees:heartbeat", args=[lesson.pk]),
        payload,
        content_type="application/json",
        **extra,
    )


def test_the_player_opens_a_session_and_its_heartbeats_are_accepted(
    client, learner, lesson
):
    client.force_login(learner)
    started = client.post(reverse("trainees:start-playback", args=[lesson.pk]))
    assert started.status_code == 200
    key = started.json()["session"]
    payload = {"session": key, "seq": 0, "position": 0, "playing": True, "rate": 1}
    response = post_beat(client, lesson, payload)
    assert response.status_code == 200
    assert response.json()["ignored"] is False


def test_a_stranger_cannot_open_a_session(client, lesson):
    client.force_login(factories.trainee())
    response = client.post(reverse("trainees:start-playback", args=[lesson.pk]))
    assert response.status_code == 403
    assert "not enrolled" in response.json()["error"]


def test_an_anonymous_visitor_is_told_to_log_in(client, lesson):
    response = client.post(reverse("trainees:start-playback", args=[lesson.pk]))
    assert response.status_code == 401
    assert "Log in" in response.json()["error"]


GOOD = {"seq": 5, "position": 3.0, "playing": True, "rate": 1.0}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seq": None}, "sequence number"),
        ({"seq": -1}, "sequence number"),
        ({"seq": "7"}, "sequence number"),
        ({"position": None}, "position"),
        ({"position": -2}, "position"),
        ({"position": 25.0}, "beyond the end"),
        ({"playing": "yes"}, "playing"),
        ({"rate": 0}, "playback rate"),
        ({"rate": 100}, "playback rate"),
        ({"rate": "fast"}, "playback rate"),
    ],
)
def test_a_malformed_heartbeat_is_refused_and_changes_nothing(
    player, session, change, message
):
    payload = {"session": session.key, **GOOD, **change}
    payload = {name: value for name, value in payload.items() if value is not None}
    response = post_beat(player, session.progress.lesson, payload)
    assert response.status_code == 400
    assert message in response.json()["error"]
    stored = PlaybackSession.objects.get(pk=session.pk)
    assert stored.last_sequence == -1


def test_a_heartbeat_that_is_not_json_is_refused(player, session):
    response = player.post(
        reverse("trainees:heartbeat", args=[session.progress.lesson_id]),
        "position=3",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]


def test_a_heartbeat_without_a_session_is_refused(player, lesson):
    response = post_beat(player, lesson, GOOD)
    assert response.status_code == 400
    assert "playback session is missing" in response.json()["error"]


def test_a_heartbeat_with_an_unknown_session_is_refused(player, lesson):
    response = post_beat(player, lesson, {"session": "forged", **GOOD})
    assert response.status_code == 403
    assert "unknown" in response.json()["error"]


def test_a_heartbeat_for_another_lesson_is_refused(player, session, course, school):
    other = factories.lesson(
        course, kind="video", video=factories.video_asset(school, duration=60.0)
    )
    response = post_beat(player, other, {"session": session.key, **GOOD})
    assert response.status_code == 400
    assert "another lesson" in response.json()["error"]
    assert not LessonProgress.objects.filter(lesson=other).exists()


def test_a_heartbeat_after_withdrawing_is_refused(player, session, learner):
    enrolment = Enrolment.objects.get(user=learner)
    services.withdraw_enrolment(enrolment=enrolment, by=learner)
    response = post_beat(
        player, session.progress.lesson, {"session": session.key, **GOOD}
    )
    assert response.status_code == 409
    assert response.json()["stop"] is True
    assert "no longer enrolled" in response.json()["error"]


def test_a_signed_state_saves_the_read(session):
    first = beat(session, 0, 0.0, at=0)
    with CaptureQueriesContext(connection) as queries:
        result = watch.record_heartbeat(
            user=session.user,
            lesson_id=session.progress.lesson_id,
            beat=watch.Heartbeat(session.key, 1, 5.0, True, 1.0, first.state),
            now=T0 + timedelta(seconds=5),
        )
    assert result.covered_seconds == pytest.approx(5.0)
    assert not [q for q in queries.captured_queries if "SELECT" in q["sql"][:20]]


def test_on_postgresql_the_heartbeat_statement_is_prepared_once(session):
    if connection.vendor != "postgresql":
        skip_or_fail("prepared statements are a PostgreSQL feature (set DATABASE_URL)")
    answer = beat(session, 0, 0.0, at=0)
    for seq in (1, 2):
        answer = watch.record_heartbeat(
            user=session.user,
            lesson_id=session.progress.lesson_id,
            beat=watch.Heartbeat(session.key, seq, 5.0 * seq, True, 1.0, answer.state),
            now=T0 + timedelta(seconds=5 * seq),
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%WITH claimed AS%"],
        )
        assert cursor.fetchone()[0] == 1
    assert progress_of(session).covered_seconds == pytest.approx(10.0)


def test_a_replayed_state_earns_nothing_twice(session):
    first = beat(session, 0, 0.0, at=0)
    for seq, at in ((1, 5), (2, 10)):
        # both carry the state of the first answer; the second is stale
        watch.record_heartbeat(
            user=session.user,
            lesson_id=session.progress.lesson_id,
            beat=watch.Heartbeat(session.key, seq, float(at), True, 1.0, first.state),
            now=T0 + timedelta(seconds=at),
        )
    assert progress_of(session).covered_seconds == pytest.approx(10.0)
    assert Enrolment.objects.get().verified_seconds == 10


def test_a_forged_state_is_ignored_and_the_stored_one_used(session):
    beat(session, 0, 0.0, at=0)
    forged = watch.Heartbeat(session.key, 1, 500.0, True, 1.0, "covered:600")
    with pytest.raises(ValidationError, match="beyond the end"):
        watch.record_heartbeat(
            user=session.user, lesson_id=session.progress.lesson_id, beat=forged, now=T0
        )
    result = watch.record_heartbeat(
        user=session.user,
        lesson_id=session.progress.lesson_id,
        beat=watch.Heartbeat(session.key, 1, 5.0, True, 1.0, "not-a-token"),
        now=T0 + timedelta(seconds=5),
    )
    assert result.covered_seconds == pytest.approx(5.0)


def test_a_state_from_a_session_ended_a_while_ago_writes_nothing(
    session, learner, lesson
):
    first = beat(session, 0, 0.0, at=0)
    watch.start_playback(user=learner, lesson=lesson)
    ended_at = PlaybackSession.objects.get(pk=session.pk).ended_at
    with pytest.raises(watch.PlaybackEnded):
        watch.record_heartbeat(
            user=session.user,
            lesson_id=lesson.pk,
            beat=watch.Heartbeat(session.key, 1, 5.0, True, 1.0, first.state),
            now=ended_at + takeover.grace() + timedelta(seconds=1),
        )
    assert progress_of(session).covered_seconds == 0


def test_time_from_an_ended_session_is_refused_and_the_player_told_to_stop(
    player, session, learner, lesson
):
    watch.start_playback(user=learner, lesson=lesson)
    response = post_beat(player, lesson, {"session": session.key, **GOOD})
    assert response.status_code == 409
    assert response.json()["stop"] is True
    assert "another tab or device" in response.json()["error"]


def test_logging_out_ends_the_stream(client, session, learner, lesson):
    client.force_login(learner)
    client.post(reverse("account_logout"))
    response = post_beat(client, lesson, {"session": session.key, **GOOD})
    assert response.status_code == 401
    assert PlaybackSession.objects.get(pk=session.pk).ended_at is not None


def test_the_lesson_page_resumes_and_shows_progress(client, session, learner, lesson):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 8.0, at=8, playing=False)
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert 'data-resume="8.000000"' in page
    # 40 % of the video, of the 90 % that completes the lesson: 44 % of the way.
    assert "Lesson progress: 44\u00a0%" in page  # no break inside a figure
    course_page = client.get(lesson.course.url).content.decode()
    assert 'value="44"' in course_page
