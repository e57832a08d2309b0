"""The outbox: statements written by the evidence's own transactions, from what the
server verified, once each, and only when an LRS is configured."""

import datetime as dt
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.trainees.certificates import factories as certs
from tests.trainees.evidence.attendance import factories as att
from tests.trainees.evidence.practical import factories as practical
from tests.trainees.evidence.quizzes import factories as quizzes
from trainees import services as enrolments
from trainees import watch
from trainees.evidence.attendance.services import mark_attendance
from trainees.evidence.practical.services import grade_submission, submit_practical_work
from trainees.evidence.quizzes.services import start_attempt, submit_attempt
from trainees.models import LessonProgress
from xapi.models import Learner, Statement

pytestmark = pytest.mark.django_db

T0 = timezone.now()
SEGMENTS = "https://w3id.org/xapi/video/extensions/played-segments"


@pytest.fixture
def lesson():
    school = factories.institution("510104", "蜀锦学校")
    course = factories.course(school, completion_share=90)
    video = factories.video_asset(school, duration=20.0)
    return factories.lesson(course, kind="video", video=video, title="针法示范")


@pytest.fixture
def learner(lesson):
    user = factories.trainee()
    enrolments.enrol_trainee(user=user, course=lesson.course)
    return user


@pytest.fixture
def session(learner, lesson):
    return watch.start_playback(user=learner, lesson=lesson)


def beat(session, seq, position, *, playing=True, at=0.0):
    return watch.record_heartbeat(
        user=session.user,
        lesson_id=session.progress.lesson_id,
        beat=watch.Heartbeat(session.key, seq, position, playing, 1.0),
        now=T0 + timedelta(seconds=at),
    )


def verbs():
    return [row.verb for row in Statement.objects.order_by("created_at")]


def test_heartbeats_through_the_player_write_played_and_paused(
    client, lrs_on, learner, lesson
):
    client.force_login(learner)
    key = client.post(reverse("trainees:start-playback", args=[lesson.pk])).json()[
        "session"
    ]
    url = reverse("trainees:heartbeat", args=[lesson.pk])
    for seq, playing in ((0, True), (1, False)):
        payload = {"session": key, "seq": seq, "position": 0, "playing": playing}
        response = client.post(url, {**payload, "rate": 1}, "application/json")
        assert response.status_code == 200
    assert verbs() == ["played", "paused"]
    actor = Statement.objects.first().body["actor"]
    assert actor["account"]["name"] == str(Learner.objects.get(user=learner))


def test_the_segments_are_the_verified_union_not_the_positions_claimed(lrs_on, session):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 4.0, at=4)
    beat(session, 2, 19.5, at=4.2)  # a seek ahead: earns 0.2 s at most
    beat(session, 3, 19.5, playing=False, at=5)
    paused = Statement.objects.get(verb="paused").body
    covered = LessonProgress.objects.get().intervals
    assert paused["result"]["extensions"][SEGMENTS] == "[,]".join(
        f"{a:g}[.]{b:g}" for a, b in covered
    )
    assert verbs() == ["played", "seeked", "paused"]


def test_playing_on_writes_nothing_more(lrs_on, session):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 5.0, at=5)
    beat(session, 2, 10.0, at=10)
    assert verbs() == ["played"]


def test_reaching_the_required_share_writes_completed_once(lrs_on, session):
    for seq in range(5):
        beat(session, seq, seq * 5.0, at=seq * 5)
    assert verbs() == ["played", "completed"]
    completed = Statement.objects.get(verb="completed").body
    assert completed["result"]["completion"] is True


def test_the_statement_rolls_back_with_the_heartbeat_it_describes(lrs_on, session):
    with pytest.raises(RuntimeError), transaction.atomic():
        beat(session, 0, 0.0, at=0)
        assert Statement.objects.count() == 1  # written inside the same transaction
        raise RuntimeError("the request failed after the heartbeat was stored")
    assert Statement.objects.count() == 0
    assert LessonProgress.objects.get().last_position == 0
    assert session.__class__.objects.get().last_sequence == -1


def test_a_replayed_heartbeat_writes_no_second_statement(lrs_on, session):
    beat(session, 0, 0.0, at=0)
    beat(session, 0, 0.0, at=1)
    assert verbs() == ["played"]


def test_nothing_is_written_when_no_lrs_is_configured(session):
    beat(session, 0, 0.0, at=0)
    beat(session, 1, 3.0, playing=False, at=3)
    assert not Statement.objects.exists()
    assert not Learner.objects.exists()


def test_the_actor_never_carries_the_id_number_phone_or_email(lrs_on, session):
    person = factories.person(name="李秀英", user=session.user)
    beat(session, 0, 0.0, at=0)
    text = str(Statement.objects.get().body)
    assert person.id_number not in text
    assert session.user.email not in text
    assert "李秀英" not in text


def test_a_graded_quiz_attempt_writes_each_answer_and_the_verdict(lrs_on):
    course = factories.course(factories.institution("510104"))
    quiz = quizzes.quiz(course, questions=2, pass_mark=60)
    user, _enrolment = quizzes.enrolled(course)
    attempt = start_attempt(quiz=quiz, user=user)
    assert not Statement.objects.exists()  # an open attempt proves nothing yet
    submit_attempt(attempt=attempt, answers=quizzes.right_answers(attempt))
    assert sorted(verbs()) == ["answered", "answered", "passed"]
    passed = Statement.objects.get(verb="passed").body
    assert passed["result"]["score"]["raw"] == 100.0


def test_graded_practical_work_writes_completed_with_the_score(lrs_on):
    school = factories.institution("510104")
    course = practical.practical_course(school)
    submission = submit_practical_work(
        enrolment=practical.enrolled(course), lesson=practical.task(course), text="见图"
    )
    assert not Statement.objects.exists()
    grade_submission(
        submission=submission,
        graded_by=practical.instructor(school),
        score=Decimal("75"),
    )
    statement = Statement.objects.get().body
    assert statement["verb"]["display"]["en-US"] == "completed"
    assert statement["result"]["score"]["raw"] == 75.0


def test_attendance_marked_by_hand_writes_attended(lrs_on):
    school = factories.institution("510104")
    course = att.onsite_course(school)
    session = att.session(course, starts_at=timezone.now() - dt.timedelta(hours=4))
    enrolment = att.enrolled_trainee(course)
    mark_attendance(
        session=session,
        enrolment=enrolment,
        checked_in_at=session.starts_at,
        checked_out_at=session.ends_at,
        reason="手机没电",
        recorded_by=factories.institution_staff(school),
    )
    statement = Statement.objects.get().body
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended"
    assert statement["result"]["duration"] == "PT3H"


def test_an_issued_certificate_writes_earned(lrs_on):
    certificate = certs.certificate()
    statement = Statement.objects.get(verb="earned").body
    assert certificate.serial in statement["object"]["id"]
