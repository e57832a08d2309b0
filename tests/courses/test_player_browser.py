"""A trainee watches a video lesson in headless Chromium; a stranger gets no video."""

import pytest

from courses.models import LessonKind
from media.ffmpeg import ffmpeg_binary
from tests import factories
from tests.conftest import chromium_path, skip_or_fail
from trainees.services import enrol_trainee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    path = chromium_path()
    if path is None:
        skip_or_fail("no chromium on PATH (CI installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        yield browser
        browser.close()


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


def _log_in(browser, live_server, user):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/me/")
    return page


def test_an_enrolled_trainee_watches_and_time_advances(
    browser, live_server, video_lesson
):
    trainee = factories.trainee()
    enrol_trainee(user=trainee, course=video_lesson.course)
    page = _log_in(browser, live_server, trainee)
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
    page = _log_in(browser, live_server, stranger)
    page.goto(live_server.url + video_lesson.url)
    assert page.locator("video").count() == 0
    assert "m3u8" not in page.content()
    response = page.request.get(
        live_server.url + f"/learn/lessons/{video_lesson.pk}/master.m3u8"
    )
    assert response.status == 404
