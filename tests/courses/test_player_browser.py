"""A trainee watches a video lesson in headless Chromium; a stranger gets no video."""

import pytest

from courses.models import LessonKind
from media.ffmpeg import ffmpeg_binary
from tests import factories
from tests.conftest import log_in_browser, skip_or_fail
from trainees.services import enrol_trainee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def video_lesson(tmp_path):
    try:
        ffmpeg_binary()
    except FileNotFoundError as error:
        skip_or_fail(str(error))
    school = factories.institution("510104", "蜀绣学校")
    asset = factories.transcoded_video_asset(tmp_path, school, seconds=4)
    assert asset.is_ready, asset.failure_reason
    course = factories.course(school)
    return factories.lesson(course, kind=LessonKind.VIDEO, title="起针", video=asset)


def test_an_enrolled_trainee_watches_and_time_advances(
    browser, live_server, video_lesson
):
    trainee = factories.trainee()
    enrol_trainee(user=trainee, course=video_lesson.course)
    page = log_in_browser(browser, live_server, trainee)
    page.goto(live_server.url + video_lesson.url)
    video = page.locator("video[data-hls]")
    assert video.count() == 1
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; v.play(); }"
    )
    page.wait_for_function(
        "() => document.querySelector('video').currentTime > 1", timeout=20_000
    )


def test_a_stranger_sees_no_video_url(browser, live_server, video_lesson):
    stranger = factories.trainee()
    page = log_in_browser(browser, live_server, stranger)
    page.goto(live_server.url + video_lesson.url)
    assert page.locator("video").count() == 0
    assert "m3u8" not in page.content()
    response = page.request.get(
        live_server.url + f"/learn/lessons/{video_lesson.pk}/master.m3u8"
    )
    assert response.status == 404
