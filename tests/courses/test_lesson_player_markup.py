"""The lesson player in a messaging app's browser: inline on phones, nothing loaded
before the trainee taps play, and a play button rather than autoplay."""

import pytest

from courses.models import LessonKind
from tests import factories
from trainees.services import enrol_trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson_html(client):
    school = factories.institution("510104", "蜀绣学校")
    course = factories.course(school)
    asset = factories.video_asset(school)
    lesson = factories.lesson(course, kind=LessonKind.VIDEO, title="起针", video=asset)
    trainee = factories.trainee()
    enrol_trainee(user=trainee, course=course)
    client.force_login(trainee)
    return client.get(lesson.url).text


def test_the_video_plays_inline_on_phones(lesson_html):
    assert "playsinline webkit-playsinline" in lesson_html


def test_nothing_of_the_video_loads_before_play(lesson_html):
    assert 'preload="none"' in lesson_html
    assert "autoplay" not in lesson_html


def test_a_play_button_starts_the_video(lesson_html):
    assert 'class="play-button" data-play-button' in lesson_html
