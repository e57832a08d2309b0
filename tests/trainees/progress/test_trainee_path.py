"""The trainee's path through a course: where to continue, the previous and next
lesson, a tick per finished lesson, what is still needed in words; and "My learning"
agreeing with it (percentages, hours and ticks from the one completion rule)."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.access import LessonProgressView, resume_lesson
from tests import factories
from trainees import services
from trainees.models import LessonProgress

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


@pytest.fixture
def course(school):
    return factories.course(school, completion_share=90, mode="distance")


@pytest.fixture
def lessons(course, school):
    return [
        factories.lesson(
            course,
            kind="video",
            video=factories.video_asset(school, duration=600.0),
            title=title,
        )
        for title in ("第一课 起针", "第二课 平针", "第三课 收针")
    ]


@pytest.fixture
def learner(course):
    user = factories.trainee()
    services.enrol_trainee(user=user, course=course)
    return user


def watched(learner, lesson, seconds, *, completed=False, minutes_ago=0):
    enrolment = learner.enrolments.get()
    progress, _ = LessonProgress.objects.update_or_create(
        enrolment=enrolment,
        lesson=lesson,
        defaults={
            "covered_seconds": seconds,
            "duration": 600.0,
            "intervals": [[0, seconds]],
            "completed_at": timezone.now() if completed else None,
        },
    )
    at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    LessonProgress.objects.filter(pk=progress.pk).update(updated_at=at)


def view(completed=False, share=0.0, minutes_ago=None):
    at = (
        None
        if minutes_ago is None
        else timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return LessonProgressView(share, 0.0, completed, 0.9, at)


class Lesson:
    def __init__(self, pk):
        self.pk = pk


def test_resume_is_the_unfinished_lesson_watched_last():
    lessons = [Lesson(1), Lesson(2), Lesson(3)]
    progress = {1: view(share=0.2, minutes_ago=50), 3: view(share=0.1, minutes_ago=5)}
    assert resume_lesson(lessons, progress).pk == 3


def test_resume_after_finished_lessons_is_the_next_one():
    lessons = [Lesson(1), Lesson(2), Lesson(3)]
    progress = {1: view(completed=True, minutes_ago=9)}
    assert resume_lesson(lessons, progress).pk == 2
    assert resume_lesson(lessons, {}).pk == 1
    done = {pk: view(completed=True, minutes_ago=1) for pk in (1, 2, 3)}
    assert resume_lesson(lessons, done) is None


def test_a_lesson_reads_100_only_when_complete():
    assert view(share=0.99).percent == 99  # past 90 %: not yet recorded complete
    assert view(share=0.45).percent == 50  # 45 % of the 90 % needed
    assert view(completed=True, share=0.97).percent == 100


def test_the_course_page_offers_to_start_then_to_continue(
    client, course, lessons, learner
):
    client.force_login(learner)
    assert "Start: 第一课 起针" in client.get(course.url).text
    watched(learner, lessons[0], 600, completed=True, minutes_ago=30)
    watched(learner, lessons[1], 120, minutes_ago=2)
    text = client.get(course.url).text
    assert "Continue: 第二课 平针" in text
    assert text.count('class="tick"') == 1
    assert "Still needed to finish:" in text
    assert "1 of 3 video lessons watched to 90 %" in text
    assert "Leave this course" in text


def test_a_finished_course_says_so_and_needs_nothing_more(
    client, course, lessons, learner
):
    for lesson in lessons:
        watched(learner, lesson, 600, completed=True)
    learner.enrolments.update(completed_at=timezone.now())
    client.force_login(learner)
    text = client.get(course.url).text
    assert "You have finished this course." in text
    assert "Still needed to finish:" not in text


def test_a_lesson_links_to_the_previous_and_the_next(client, course, lessons, learner):
    client.force_login(learner)
    text = client.get(lessons[1].url).text
    assert "lesson 2 of 3" in text
    assert f'rel="prev" href="{lessons[0].url}"' in text
    assert f'href="{lessons[2].url}"' in text and 'rel="next"' in text
    last = client.get(lessons[2].url).text
    assert 'rel="next"' not in last and "Back to the course" in last


def test_my_learning_continues_where_the_trainee_left_off(
    client, course, lessons, learner
):
    watched(learner, lessons[2], 60, minutes_ago=1)
    learner.enrolments.update(verified_seconds=60)
    client.force_login(learner)
    text = client.get("/me/").text
    assert "Continue: 第三课 收针" in text
    assert "&lt; 0.1" in text  # a minute of watch time is not shown as 0


def test_my_learning_shows_a_finished_course_whole(client, course, lessons, learner):
    for lesson in lessons:
        watched(learner, lesson, 600, completed=True)
    learner.enrolments.update(completed_at=timezone.now())
    client.force_login(learner)
    text = client.get("/me/").text
    assert 'value="100"' in text and "completed on" in text
    assert "Still needed to finish:" not in text and "○" not in text


def test_my_learning_offers_only_links_the_trainee_can_use(client, course, learner):
    client.force_login(learner)
    text = client.get("/me/").text
    assert "Quizzes" not in text  # the course has none
    assert "Judging" not in text  # not on any panel
    assert "My competition entries" in text
