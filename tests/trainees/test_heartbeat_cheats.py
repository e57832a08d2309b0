"""The cheats of issue 16 that the heartbeat itself must stop: it belongs to the
login that opened the playback session, it is CSRF-protected, its key and state
token must match, its numbers stay within what the database holds, and hours are
time spent whatever the playback rate. Each test asserts the credit. Last, whose
login a heartbeat carries, remembered for a few seconds per process
(trainees.logins): the session is read once, a made-up key is never remembered,
and what the memory leaves open is bounded (docs/watch-time.md)."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms.skills import CertificateKind
from tests import factories
from trainees import logins, services, watch
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


@pytest.fixture
def session_reads(monkeypatch):
    """How many times a login session is read from its store."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    reads = []
    load = store.load

    def counted(self):
        reads.append(self.session_key)
        return load(self)

    monkeypatch.setattr(store, "load", counted)
    return reads


def test_a_viewers_session_is_read_once_for_its_heartbeats(
    client, session, learner, session_reads
):
    client.force_login(learner)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    for seq in (1, 2, 3):
        assert post_beat(client, session, seq=seq, position=10.0).status_code == 200
    assert session_reads.count(key) == 1
    assert covered(session) == pytest.approx(10.0, abs=0.5)


def test_with_the_memory_off_every_heartbeat_reads_the_session(
    client, session, learner, session_reads, settings
):
    settings.HEARTBEAT_LOGIN_SECONDS = 0
    client.force_login(learner)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    for seq in (1, 2):
        assert post_beat(client, session, seq=seq).status_code == 200
    assert session_reads.count(key) == 2


def test_a_made_up_session_key_is_refused_every_time_and_never_remembered(
    client, session, session_reads
):
    for seq in (1, 2):
        client.cookies[settings.SESSION_COOKIE_NAME] = "madeup" * 6
        assert post_beat(client, session, seq=seq).status_code == 401
    assert len(session_reads) == 2
    assert covered(session) == 0


def test_signing_out_on_the_device_ends_its_playback_at_once(client, session, learner):
    client.force_login(learner)
    assert post_beat(client, session, seq=1).status_code == 200
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("account_logout"))
    # The old cookie replayed while this process still remembers it.
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = post_beat(client, session, seq=2, position=20.0)
    assert response.status_code == 409
    assert response.json()["stop"] is True


def test_a_login_ended_elsewhere_is_refused_once_it_is_forgotten(
    client, session, learner, monkeypatch
):
    client.force_login(learner)
    assert post_beat(client, session, seq=1).status_code == 200
    client.session.delete()  # an administrator ends the login session
    now = [logins.time.monotonic()]
    monkeypatch.setattr(logins.time, "monotonic", lambda: now[0])
    now[0] += settings.HEARTBEAT_LOGIN_SECONDS + 1
    assert post_beat(client, session, seq=2, position=10.5).status_code == 401


def test_the_memory_forgets_the_oldest_first_and_never_remembers_no_one():
    memory = logins.RecentLogins(size=2)
    reads = []

    def read(user_id):
        def inner():
            reads.append(user_id)
            return user_id

        return inner

    assert memory.user_id("a", read(1), seconds=30) == 1
    assert memory.user_id("b", read(2), seconds=30) == 2
    assert memory.user_id("c", read(3), seconds=30) == 3  # forgets "a"
    assert memory.user_id("b", read(99), seconds=30) == 2
    assert memory.user_id("a", read(1), seconds=30) == 1
    assert reads == [1, 2, 3, 1]
    assert memory.user_id("nobody", read(None), seconds=30) is None
    assert memory.user_id("nobody", read(None), seconds=30) is None
    assert reads == [1, 2, 3, 1, None, None]
