"""The cheats of issue 16 that the heartbeat itself must stop: it belongs to the
login that opened the playback session, it is CSRF-protected, its key and state
token must match, its numbers stay within what the database holds, and hours are
time spent whatever the playback rate. Each test asserts the credit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms.skills import CertificateKind
from tests import factories
from trainees import services, watch
from trainees.models import Enrolment, LessonProgress, PlaybackSession

pytestmark = pytest.mark.django_db

T0 = timezone.now()


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


@pytest.fixture
def course(school):
    return factories.course(school)


@pytest.fixture
def lesson(course, school):
    video = factories.video_asset(school, duration=60.0)
    return factories.lesson(course, kind="video", video=video, title="针法示范")


@pytest.fixture
def learner(course):
    user = factories.trainee()
    services.enrol_trainee(user=user, course=course)
    return user


@pytest.fixture
def session(learner, lesson):
    """A session that has been playing from 0 for ten seconds: a heartbeat at
    position 10 now would be credited ten seconds if it were accepted."""
    session = watch.start_playback(user=learner, lesson=lesson)
    PlaybackSession.objects.filter(pk=session.pk).update(
        last_playing=True,
        last_position=0,
        last_seen_at=timezone.now() - timedelta(seconds=10),
    )
    return session


def post_beat(client, playback, **fields):
    payload = {
        "session": playback.key,
        "seq": 1,
        "position": 10.0,
        "playing": True,
        "rate": 1.0,
        **fields,
    }
    return client.post(
        reverse("trainees:heartbeat", args=[playback.progress.lesson_id]),
        payload,
        content_type="application/json",
    )


def covered(session) -> float:
    return LessonProgress.objects.get(pk=session.progress_id).covered_seconds


def test_an_honest_heartbeat_of_the_logged_in_trainee_is_credited(
    client, session, learner
):
    client.force_login(learner)
    response = post_beat(client, session)
    assert response.status_code == 200
    assert covered(session) == pytest.approx(10.0, abs=0.5)


def test_a_heartbeat_without_a_login_cookie_is_refused_and_earns_nothing(
    client, session
):
    response = post_beat(client, session)
    assert response.status_code == 401
    assert "Log in" in response.json()["error"]
    assert covered(session) == 0


def test_a_heartbeat_with_another_trainees_cookie_is_refused_and_earns_nothing(
    client, session, course
):
    other = factories.trainee()
    services.enrol_trainee(user=other, course=course)
    client.force_login(other)
    response = post_beat(client, session)
    assert response.status_code == 403
    assert covered(session) == 0


def test_a_heartbeat_without_the_csrf_token_is_refused_and_earns_nothing(
    session, learner
):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)
    response = post_beat(browser, session)
    assert response.status_code == 403
    assert covered(session) == 0


def test_a_heartbeat_with_the_csrf_token_in_its_header_is_credited(session, learner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)
    token = _get_new_csrf_string()
    browser.cookies["csrftoken"] = token
    response = browser.post(
        reverse("trainees:heartbeat", args=[session.progress.lesson_id]),
        {
            "session": session.key,
            "seq": 1,
            "position": 10.0,
            "playing": True,
            "rate": 1,
        },
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert covered(session) == pytest.approx(10.0, abs=0.5)


def test_a_made_up_key_with_a_valid_state_token_is_refused_and_earns_nothing(
    client, session, learner
):
    client.force_login(learner)
    token = watch.playback_progress(session).state
    response = post_beat(client, session, session="made-up-key", state=token)
    assert response.status_code == 403
    assert "unknown" in response.json()["error"]
    assert covered(session) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("seq", 2**63, "sequence number"),
        ("seq", 2**62, "sequence number"),
        ("position", 2**63, "position"),
        ("rate", 2**63, "playback rate"),
        ("age", 2**63, "age"),
        ("age", -1, "age"),
    ],
)
def test_a_number_the_database_cannot_hold_is_a_400_and_earns_nothing(
    client, session, learner, field, value, message
):
    client.force_login(learner)
    response = post_beat(client, session, **{field: value})
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert covered(session) == 0


def test_a_huge_jump_in_sequence_is_refused_and_later_heartbeats_still_count(
    client, session, learner
):
    client.force_login(learner)
    response = post_beat(client, session, seq=2**30)
    assert response.status_code == 400
    assert "jumps" in response.json()["error"]
    assert covered(session) == 0
    assert post_beat(client, session, seq=1).status_code == 200
    assert covered(session) == pytest.approx(10.0, abs=0.5)


def test_a_course_with_a_certificate_allows_only_1x_unless_it_says_otherwise(
    school,
):
    assert factories.course(school, awards=CertificateKind.TRAINING).fastest_rate == 1
    assert factories.course(school).fastest_rate == 2
    faster = factories.course(
        school, awards=CertificateKind.TRAINING, max_playback_rate=1.5
    )
    assert faster.fastest_rate == 1.5


def test_a_claimed_rate_of_2_on_a_1x_course_is_refused_and_earns_nothing(
    client, school
):
    course = factories.course(school, awards=CertificateKind.TRAINING)
    video = factories.video_asset(school, duration=60.0)
    lesson = factories.lesson(course, kind="video", video=video)
    user = factories.trainee()
    services.enrol_trainee(user=user, course=course)
    session = watch.start_playback(user=user, lesson=lesson)
    PlaybackSession.objects.filter(pk=session.pk).update(
        last_playing=True, last_seen_at=timezone.now() - timedelta(seconds=10)
    )
    client.force_login(user)
    response = post_beat(client, session, position=20.0, rate=2.0)
    assert response.status_code == 400
    assert "at most at 1×" in response.json()["error"]
    assert covered(session) == 0


def beat(session, seq, position, *, at, playing=True, rate=1.0):
    return watch.record_heartbeat(
        user=session.user,
        lesson_id=session.progress.lesson_id,
        beat=watch.Heartbeat(session.key, seq, position, playing, rate),
        now=T0 + timedelta(seconds=at),
    )


def test_forged_heartbeats_while_paused_earn_nothing_past_an_unanswered_check(
    school, settings
):
    settings.ATTENTION_CHECK_GAP_SECONDS = (10, 20)
    course = factories.course(school, attention_checks=True)
    video = factories.video_asset(school, duration=120.0)
    lesson = factories.lesson(course, kind="video", video=video)
    user = factories.trainee()
    services.enrol_trainee(user=user, course=course)
    session = watch.start_playback(user=user, lesson=lesson)
    check_at = PlaybackSession.objects.get(pk=session.pk).next_check_at
    # The trainee paused and left; a script claims the video plays on for 100 s.
    for seq, at in enumerate(range(0, 105, 5)):
        beat(session, seq, float(at), at=at)
    assert covered(session) == pytest.approx(check_at)
    assert Enrolment.objects.get().verified_seconds == int(check_at)


def test_a_2x_player_on_a_2x_course_covers_twice_but_earns_hours_at_wall_clock(
    school,
):
    course = factories.course(
        school, awards=CertificateKind.TRAINING, max_playback_rate=2.0
    )
    video = factories.video_asset(school, duration=60.0)
    lesson = factories.lesson(course, kind="video", video=video)
    user = factories.trainee()
    services.enrol_trainee(user=user, course=course)
    session = watch.start_playback(user=user, lesson=lesson)
    for seq, at in enumerate((0, 5, 10, 15)):
        beat(session, seq, 2.0 * at, at=at, rate=2.0)
    progress = LessonProgress.objects.get(pk=session.progress_id)
    enrolment = Enrolment.objects.get()
    assert progress.covered_seconds == pytest.approx(30.0)
    assert enrolment.covered_seconds == 30
    assert progress.spent_seconds == pytest.approx(15.0)
    assert enrolment.verified_seconds == 15  # 学时: the 15 s of wall clock


def test_my_learning_shows_the_video_covered_apart_from_the_time_spent(
    client, learner, lesson
):
    session = watch.start_playback(user=learner, lesson=lesson)
    for seq, at in enumerate((0, 5, 10)):
        beat(session, seq, 2.0 * at, at=at, rate=2.0)
    client.force_login(learner)
    page = client.get(reverse("progress:dashboard")).text
    assert "Video covered: 20 s · time spent (学时): 10 s" in page


def test_a_rate_above_the_courses_fastest_is_refused_by_the_service(learner, lesson):
    session = watch.start_playback(user=learner, lesson=lesson)
    beat(session, 0, 0.0, at=0)
    with pytest.raises(ValidationError, match="at most at 2×"):
        beat(session, 1, 20.0, at=5, rate=4.0)
    assert covered(session) == 0
