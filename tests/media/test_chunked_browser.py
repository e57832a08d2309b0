"""Chromium with hls.js plays a video joined from chunks: it seeks to just before
each chunk boundary, plays across it without waiting for data, and plays on to the
end."""

import pytest
from django.test import Client
from django.urls import reverse

from media import chunked, services
from media.models import VideoAsset
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BOUNDARIES = [4, 8]  # a 12 s clip in chunks of 4 s


@pytest.fixture
def joined_asset(settings, monkeypatch, make_clip, upload):
    """A long video whose chord runs inline: each chunk, then the join."""
    settings.TRANSCODE_CHUNK_THRESHOLD_S = 5
    settings.TRANSCODE_CHUNK_S = 4

    def run_inline(asset_id, prefix, probe, count):
        for index in range(count):
            chunked.transcode_chunk(
                asset_id=asset_id, prefix=prefix, index=index, probe=probe
            )
        chunked.join_chunks(asset_id=asset_id, prefix=prefix, probe=probe)

    monkeypatch.setattr(chunked, "_enqueue", run_inline)
    monkeypatch.setattr(services, "_enqueue", lambda asset_id: None)
    school = factories.institution("510104", "锦江蜀绣学校")
    asset = upload(make_clip("long.mp4", seconds=12), institution=school)
    services.transcode_video(asset_id=asset.pk)
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.READY, asset.failure_reason
    assert asset.chunks.count() == 3
    return asset


WATCH = """v => {
    window.stalls = [];
    v.addEventListener('waiting', () => window.stalls.push(v.currentTime));
    v.muted = true;
    return v.play();
}"""


def test_hls_js_seeks_across_each_boundary_and_plays_to_the_end(
    browser, live_server, joined_asset
):
    client = Client()
    client.force_login(factories.institution_staff(joined_asset.institution))
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
    page.add_init_script("HTMLMediaElement.prototype.canPlayType = () => '';")
    page.goto(live_server.url + reverse("videos:inspect", args=[joined_asset.pk]))
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    video = page.locator("video")
    video.evaluate(WATCH)
    for boundary in BOUNDARIES:
        video.evaluate(f"v => {{ v.currentTime = {boundary - 1.0}; }}")
        page.wait_for_function(
            f"document.querySelector('video').currentTime > {boundary + 0.5}",
            timeout=30_000,
        )
    page.wait_for_function("document.querySelector('video').ended", timeout=30_000)
    assert video.evaluate("v => v.duration") == pytest.approx(12, abs=0.1)
    stalls = page.evaluate("window.stalls")
    # Waiting right after a seek is buffering; waiting at a boundary is a stall.
    assert not [t for t in stalls for b in BOUNDARIES if abs(t - b) < 0.4], stalls
    context.close()
