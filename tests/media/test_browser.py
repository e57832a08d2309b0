"""Headless Chromium plays a transcoded ladder through the signed URLs (the staff's
preview in the admin), adapting nothing by hand: native HLS."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _preview_plays(browser, live_server, tmp_path, *, without_native_hls=False):
    school = factories.institution("510104", "锦江蜀绣学校")
    asset = factories.transcoded_video_asset(tmp_path, school, seconds=4)
    client = Client()
    client.force_login(factories.institution_staff(school))
    context = browser.new_context()
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
    if without_native_hls:  # as desktop Firefox: the vendored hls.js takes over
        page.add_init_script("HTMLMediaElement.prototype.canPlayType = () => '';")
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + reverse("videos:inspect", args=[asset.pk]))
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    page.locator("video").evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        "document.querySelector('video').currentTime > 1", timeout=20_000
    )
    context.close()
    return requested


def test_staff_preview_plays_the_ladder_natively(browser, live_server, tmp_path):
    requested = _preview_plays(browser, live_server, tmp_path)
    assert any("/media-hls/" in url and ".ts?token=" in url for url in requested)
    assert not any("hls.light" in url for url in requested)


def test_staff_preview_plays_through_hls_js_without_native_hls(
    browser, live_server, tmp_path
):
    requested = _preview_plays(browser, live_server, tmp_path, without_native_hls=True)
    assert any("hls.light" in url for url in requested)
    assert any("/media-hls/" in url and ".ts?token=" in url for url in requested)


def test_a_stranger_gets_no_playlist(client, tmp_path):
    school = factories.institution("510104", "锦江蜀绣学校")
    asset = factories.video_asset(school)
    response = client.get(reverse("videos:preview", args=[asset.pk]))
    assert response.status_code == 302  # to the login page
    assert "/media-hls/" not in response.text
