"""Attention checks (防挂机): drawn by the server at random places, answered in time
or missed (crediting stops until answered), and the identity check at the same
moments through the manual-review fallback in the admin."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests import factories
from trainees import attention, services, watch
from trainees.models import (
    AttentionCheck,
    AttentionOutcome,
    IdentityStatus,
    LessonProgress,
    PlaybackSession,
)

pytestmark = pytest.mark.django_db

T0 = timezone.now()


@pytest.fixture(autouse=True)
def quick_checks(settings):
    settings.ATTENTION_CHECK_GAP_SECONDS = (5, 8)
    settings.ATTENTION_ANSWER_SECONDS = 10


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


@pytest.fixture
def course(school):
    return factories.course(school, attention_checks=True)


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
    return watch.start_playback(user=learner, lesson=lesson)


def beat(session, seq, position, *, at, playing=True):
    return watch.record_heartbeat(
        user=session.user,
        lesson_id=session.progress.lesson_id,
        beat=watch.Heartbeat(session.key, seq, position, playing, 1.0),
        now=T0 + timedelta(seconds=at),
    )


def covered(session) -> float:
    return LessonProgress.objects.get(pk=session.progress_id).covered_seconds


def check_position(session) -> float:
    return PlaybackSession.objects.get(pk=session.pk).next_check_at


def test_the_first_check_is_drawn_by_the_server_and_not_told_in_advance(session):
    position = check_position(session)
    assert 5 <= position <= 8
    answer = beat(session, 0, 0.0, at=0)
    assert answer.check is None
    assert str(round(position, 3)) not in answer.state


def test_checks_fall_at_random_places_never_twice_at_the_same_one():
    places = {attention.draw(after=0, duration=600, previous=None) for _ in range(50)}
    assert len(places) > 40
    for _ in range(200):
        at = attention.draw(after=10, duration=600, previous=16.0)
        assert at is None or abs(at - 16.0) >= 5 * attention.SAME_PLACE_SHARE


def test_an_answered_check_resumes_crediting(session, learner):
    position = check_position(session)
    beat(session, 0, 0.0, at=0)
    asked = beat(session, 1, 10.0, at=10)
    assert asked.check is not None and asked.check["identity"] is False
    assert covered(session) == pytest.approx(position)
    beat(session, 2, 10.0, at=11, playing=False)  # the player paused to ask
    check = attention.answer_check(
        user=learner, check_id=asked.check["id"], now=T0 + timedelta(seconds=12)
    )
    assert check.outcome == AttentionOutcome.ANSWERED
    assert check.answered_at == T0 + timedelta(seconds=12)
    beat(session, 3, 10.0, at=13)
    beat(session, 4, 14.0, at=17)
    assert covered(session) == pytest.approx(position + 4.0)


def test_a_missed_check_stops_crediting_until_answered(session, learner):
    position = check_position(session)
    beat(session, 0, 0.0, at=0)
    asked = beat(session, 1, 10.0, at=10)
    for seq, at in ((2, 20), (3, 30), (4, 40)):
        answer = beat(session, seq, float(at), at=at)
        assert answer.check["id"] == asked.check["id"]
    assert covered(session) == pytest.approx(position)
    check = attention.answer_check(
        user=learner, check_id=asked.check["id"], now=T0 + timedelta(seconds=41)
    )
    assert check.outcome == AttentionOutcome.LATE and check.missed
    beat(session, 5, 45.0, at=45)
    assert covered(session) == pytest.approx(position + 5.0)


def test_opening_the_lesson_again_does_not_skip_an_unanswered_check(
    client, session, learner, lesson
):
    beat(session, 0, 0.0, at=0)
    asked = beat(session, 1, 10.0, at=10)
    client.force_login(learner)
    started = client.post(reverse("trainees:start-playback", args=[lesson.pk]))
    assert started.json()["check"]["id"] == asked.check["id"]
    assert PlaybackSession.objects.get(ended_at__isnull=True).check_pending


def test_a_check_is_answered_once_and_only_by_its_trainee(
    client, session, learner, course
):
    beat(session, 0, 0.0, at=0)
    asked = beat(session, 1, 10.0, at=10)
    url = asked.check["answer_url"]
    other = factories.trainee()
    services.enrol_trainee(user=other, course=course)
    client.force_login(other)
    assert client.post(url).status_code == 403
    client.force_login(learner)
    answered = client.post(url)
    assert answered.status_code == 200 and answered.json()["state"]
    again = client.post(url)
    assert again.status_code == 400
    assert "already been answered" in again.json()["error"]


# --- The identity check, decided by a person ------------------------------------------


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 160, 120)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def identity_course(school):
    return factories.course(school, attention_checks=True, identity_checks=True)


def asked_identity_check(identity_course, school):
    video = factories.video_asset(school, duration=60.0)
    lesson = factories.lesson(identity_course, kind="video", video=video)
    user = factories.trainee()
    services.enrol_trainee(user=user, course=identity_course)
    session = watch.start_playback(user=user, lesson=lesson)
    beat(session, 0, 0.0, at=0)
    asked = beat(session, 1, 10.0, at=10)
    assert asked.check["identity"] is True
    return user, AttentionCheck.objects.get(pk=asked.check["id"])


def test_an_identity_check_needs_a_photo(identity_course, school):
    user, check = asked_identity_check(identity_course, school)
    with pytest.raises(ValidationError, match="photo"):
        attention.answer_check(user=user, check_id=check.pk)
    with pytest.raises(ValidationError, match="not a JPEG or PNG"):
        attention.answer_check(
            user=user,
            check_id=check.pk,
            capture=SimpleUploadedFile("x.jpg", b"not an image"),
        )


def test_the_identity_check_goes_through_the_manual_review_queue(
    client, identity_course, school
):
    user, check = asked_identity_check(identity_course, school)
    client.force_login(user)
    answered = client.post(
        reverse("trainees:answer-check", args=[check.pk]),
        {"capture": SimpleUploadedFile("capture.png", png(), "image/png")},
    )
    assert answered.status_code == 200
    check.refresh_from_db()
    assert check.identity_status == IdentityStatus.PENDING
    assert check.verified_by == "manual review" and check.capture.name

    capture_url = reverse("trainees:check-capture", args=[check.pk])
    assert client.get(capture_url).status_code == 200  # the trainee's own photo
    client.force_login(factories.trainee())
    assert client.get(capture_url).status_code == 404
    client.force_login(factories.officer("510105"))  # another district
    assert client.get(capture_url).status_code == 404
    decide = reverse("identity_review_decide", args=[check.pk])
    client.post(decide, {"matching": "yes"})
    check.refresh_from_db()
    assert check.identity_status == IdentityStatus.PENDING  # not theirs to decide

    staff = factories.institution_staff(school)
    client.force_login(staff)
    queue = client.get(reverse("identity_review"))
    assert queue.status_code == 200 and capture_url in queue.text
    photo = client.get(capture_url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert client.post(decide, {"matching": "yes"}).status_code == 302
    check.refresh_from_db()
    assert check.identity_status == IdentityStatus.MATCHING
    assert check.reviewed_by == staff
    assert capture_url not in client.get(reverse("identity_review")).text


def test_the_ledger_shows_coverage_time_spent_and_the_checks(
    client, session, learner, school
):
    beat(session, 0, 0.0, at=0)
    asked = beat(session, 1, 10.0, at=10)
    attention.answer_check(
        user=learner, check_id=asked.check["id"], now=T0 + timedelta(seconds=12)
    )
    client.force_login(factories.institution_staff(school))
    enrolment = session.progress.enrolment
    page = client.get(reverse("enrolments:inspect", args=[enrolment.pk])).text
    assert "time spent" in page and "video covered" in page
    assert "Answered in time" in page
