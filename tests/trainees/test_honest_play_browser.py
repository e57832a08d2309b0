"""Honest viewing in headless Chromium gets its full credit: at 1× on a course that
allows no more, at 2× where the course allows it (the video covered in half the
time, and half the hours), and through 20 s without a network, when the player
queues its heartbeats and sends them once it is back (issue 20)."""

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
VIDEO = "document.querySelector('video')"


def lesson_of(tmp_path, seconds, **course_fields):
    try:
        ffmpeg_binary()
    except FileNotFoundError as error:
        skip_or_fail(str(error))
    school = factories.institution("510104", "蜀绣学校")
    asset = factories.transcoded_video_asset(tmp_path, school, seconds=seconds)
    assert asset.is_ready, asset.failure_reason
    course = factories.course(school, completion_share=90, **course_fields)
    return factories.lesson(course, kind=LessonKind.VIDEO, title="起针", video=asset)


def watching(browser, live_server, lesson):
    trainee = factories.trainee()
    enrol_trainee(user=trainee, course=lesson.course)
    page = log_in_browser(browser, live_server, trainee)
    page.goto(live_server.url + lesson.url)
    return page


def play_to_the_end(page, timeout_ms):
    page.evaluate(PLAY)
    page.wait_for_function(f"() => {VIDEO}.ended", timeout=timeout_ms)
    page.wait_for_timeout(2000)  # the heartbeat on "ended" is sent at once


def test_honest_play_at_1x_gets_its_full_credit(browser, live_server, tmp_path):
    lesson = lesson_of(tmp_path, 12, max_playback_rate=1.0)
    page = watching(browser, live_server, lesson)
    assert page.locator("#playback-rate").count() == 0  # 1× only: nothing to choose
    page.evaluate(f"() => {{ {VIDEO}.playbackRate = 2; }}")
    assert page.evaluate(f"() => {VIDEO}.playbackRate") == 1
    play_to_the_end(page, 30_000)
    progress = LessonProgress.objects.get()
    duration = progress.duration
    assert progress.covered_seconds == pytest.approx(duration, abs=1.0)
    assert progress.completed_at is not None
    assert Enrolment.objects.get().verified_seconds == pytest.approx(duration, abs=1.5)


def test_honest_play_at_an_allowed_2x_gets_full_coverage_and_wall_clock_hours(
    browser, live_server, tmp_path
):
    lesson = lesson_of(tmp_path, 12, max_playback_rate=2.0)
    page = watching(browser, live_server, lesson)
    page.select_option("#playback-rate", "2")
    page.evaluate(f"() => {{ {VIDEO}.playbackRate = 4; }}")  # faster than allowed
    assert page.evaluate(f"() => {VIDEO}.playbackRate") == 2
    play_to_the_end(page, 30_000)
    progress = LessonProgress.objects.get()
    duration = progress.duration
    assert progress.covered_seconds == pytest.approx(duration, abs=1.0)
    assert progress.spent_seconds == pytest.approx(duration / 2, abs=1.0)
    assert Enrolment.objects.get().verified_seconds <= duration / 2 + 1


def test_heartbeats_queued_through_20_s_offline_are_credited(
    browser, live_server, tmp_path
):
    lesson = lesson_of(tmp_path, 40, max_playback_rate=1.0)
    page = watching(browser, live_server, lesson)
    page.evaluate(PLAY)
    page.wait_for_function(f"() => {VIDEO}.currentTime >= 4", timeout=30_000)
    # Enough of the video is buffered to play on without the network.
    page.wait_for_function(
        f"() => {{ const v = {VIDEO}; return v.buffered.length &&"
        " v.buffered.end(v.buffered.length - 1) >= 30; }",
        timeout=30_000,
    )
    page.context.set_offline(True)
    page.wait_for_timeout(20_000)
    # The trainee stops while still offline: only the queue knows what was played.
    played = page.evaluate(f"() => {{ {VIDEO}.pause(); return {VIDEO}.currentTime; }}")
    page.wait_for_timeout(500)
    page.context.set_offline(False)
    page.wait_for_timeout(8000)  # the queue drains, one heartbeat at a time
    verified = LessonProgress.objects.get().covered_seconds
    assert played >= 20
    assert verified == pytest.approx(played, rel=0.1)
