"""Chromium uploads a video through the admin's form in chunks, loses the connection
in the middle, goes on where it stopped, and then watches the transcode progress on
the video's page until the video is ready."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from lms.roles import Role
from media import services
from media.models import Upload, VideoAsset
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHUNK = 32 * 1024


@pytest.fixture
def transcode_in_a_thread(monkeypatch):
    """The worker's job, run beside the live server as Celery would run it."""

    def run(asset_id: int) -> None:
        def work() -> None:
            try:
                services.transcode_video(asset_id=asset_id)
            finally:
                connection.close()

        threading.Thread(target=work, daemon=True).start()

    monkeypatch.setattr(services, "_enqueue", run)


def signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-US")
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_an_upload_survives_a_dropped_connection_and_the_transcode_shows_progress(
    browser, live_server, settings, make_clip, transcode_in_a_thread
):
    settings.RESUMABLE_CHUNK_BYTES = CHUNK
    clip = make_clip("lesson.mp4", seconds=4)
    assert clip.stat().st_size > 3 * CHUNK
    school = factories.institution("510104", "锦江蜀绣学校")
    page = signed_in_page(
        browser, live_server, factories.institution_staff(school, Role.INSTRUCTOR)
    )
    chunks = []

    def drop_the_second_chunk(route):
        if route.request.method == "PUT":
            chunks.append(route.request.headers["upload-offset"])
            if len(chunks) == 2:
                route.abort("internetdisconnected")
                return
        route.continue_()

    page.route("**/uploads/*/", drop_the_second_chunk)
    page.goto(live_server.url + reverse("videos:add"))
    page.fill("input[name=title]", "劈丝与配色")
    page.set_input_files("input[name=original]", str(clip))
    page.locator("#w-editor-form button[type=submit]").first.click()
    page.wait_for_function(
        "document.querySelector('[data-upload-text]').textContent"
        ".includes('connection dropped')"
    )
    page.wait_for_url("**/inspect/**", timeout=60_000)

    asset = VideoAsset.objects.get()
    assert asset.original.read() == clip.read_bytes()
    assert chunks[1] == chunks[2], "the dropped chunk is sent again at its offset"
    assert Upload.objects.get().status == Upload.Status.USED

    page.wait_for_selector("video[data-hls]", timeout=120_000)
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.READY
    assert asset.progress == 100
