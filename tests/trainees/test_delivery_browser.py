"""A trainee plays an encrypted lesson honestly in headless Chromium, natively and
through the vendored hls.js (AES-128 in both): every key window is fetched by the
playback session, once each, and the whole video is credited."""

import pytest

from courses.models import LessonKind
from media.ffmpeg import ffmpeg_binary
from tests import factories
from tests.conftest import log_in_browser, skip_or_fail
from trainees.models import KeyDelivery, LessonProgress, PlaybackSession
from trainees.services import enrol_trainee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PLAY = "() => { const v = document.querySelector('video'); v.muted = true; v.play(); }"
SECONDS = 10


@pytest.fixture
def encrypted_lesson(tmp_path, settings):
    try:
        ffmpeg_binary()
    except FileNotFoundError as error:
        skip_or_fail(str(error))
    settings.MEDIA_KEY_WINDOW_SEGMENTS = 1
    school = factories.institution("510104", "蜀绣学校")
    asset = factories.transcoded_video_asset(tmp_path, school, seconds=SECONDS)
    assert asset.is_ready and asset.is_encrypted, asset.failure_reason
    course = factories.course(school, completion_share=90)
    return factories.lesson(course, kind=LessonKind.VIDEO, title="起针", video=asset)


@pytest.mark.parametrize("hls_js", [False, True], ids=["native", "hls.js"])
def test_an_honest_viewing_of_an_encrypted_lesson_earns_its_full_credit(
    browser, live_server, encrypted_lesson, hls_js
):
    trainee = factories.trainee()
    enrol_trainee(user=trainee, course=encrypted_lesson.course)
    page = log_in_browser(browser, live_server, trainee)
    if hls_js:  # as desktop Firefox: the vendored hls.js decrypts
        page.add_init_script("HTMLMediaElement.prototype.canPlayType = () => '';")
    keys = []
    page.on(
        "response",
        lambda r: keys.append(r.status) if "/learn/keys/" in r.url else None,
    )
    page.goto(live_server.url + encrypted_lesson.url)
    page.evaluate(PLAY)
    page.wait_for_function(
        "() => document.querySelector('video').ended", timeout=60_000
    )
    page.wait_for_timeout(2000)  # the heartbeat sent on "ended"
    session = PlaybackSession.objects.get()
    assert session.delivery_verified
    windows = len(encrypted_lesson.video.key_windows)
    assert keys and set(keys) == {200}
    assert KeyDelivery.objects.filter(session=session).count() == windows
    progress = LessonProgress.objects.get()
    assert progress.covered_seconds == pytest.approx(SECONDS, abs=1.0)
    assert progress.completed_at is not None
