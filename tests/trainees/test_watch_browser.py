"""A trainee plays a real lesson in headless Chromium: the server records about the
time played, a seek to the end adds nothing, and the lesson is not complete."""

import pytest

from courses.models import LessonKind
from media.ffmpeg import ffmpeg_binary
from tests import factories
from tests.conftest import log_in_browser, skip_or_fail
from trainees.models import Enrolment, LessonProgress
from trainees.services import enrol_trainee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PLAY = "() => { const v = document.querySelector('video'); v.muted = true; v.play(); }"


@pytest.fixture
def video_lesson(tmp_path):
    try:
        ffmpeg_binary()
    except FileNotFoundError as error:
        skip_or_fail(str(error))
    school = factories.institution("510104", "蜀绣学校")
    asset = factories.transcoded_video_asset(tmp_path, school, seconds=20)
    assert asset.is_ready, asset.failure_reason
    course = factories.course(school, completion_share=90)
    return factories.lesson(course, kind=LessonKind.VIDEO, title="起针", video=asset)


def test_ten_seconds_played_are_ten_seconds_verified_and_a_seek_adds_nothing(
    browser, live_server, video_lesson
):
    trainee = factories.trainee()
    enrol_trainee(user=trainee, course=video_lesson.course)
    page = log_in_browser(browser, live_server, trainee)
    page.goto(live_server.url + video_lesson.url)
    page.evaluate(PLAY)
    page.wait_for_function(
        "() => document.querySelector('video').currentTime >= 10", timeout=30_000
    )
    page.evaluate("() => document.querySelector('video').pause()")
    page.wait_for_timeout(2000)  # the pause heartbeat is sent at once
    played = LessonProgress.objects.get().covered_seconds
    assert played == pytest.approx(10, abs=1.5)

    page.evaluate(
        "() => { const v = document.querySelector('video');"
        " v.currentTime = v.duration - 0.3; v.play(); }"
    )
    page.wait_for_function(
        "() => document.querySelector('video').ended", timeout=10_000
    )
    page.wait_for_timeout(1500)
    progress = LessonProgress.objects.get()
    assert progress.covered_seconds <= played + 1.0
    assert progress.completed_at is None
    assert Enrolment.objects.get().completed_at is None
