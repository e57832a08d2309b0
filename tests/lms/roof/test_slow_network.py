"""A lesson on a slow 3G link (Chromium's network emulation: 400 kbit/s, 400 ms
latency): the title and the poster show within 5 s, and playing starts on the
lowest rendition, never a higher one first. Times are real, measured by the
browser itself (paint and resource timing), and printed."""

import re
import sys
import time

import pytest

from tests import factories
from tests.lms.roof.conftest import PHONE, NetworkLog, ladder_lesson, signed_in_context
from trainees.services import enrol_trainee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEGMENT = re.compile(r"/media-hls/\d+/(?P<rendition>[\w-]+)/[^/?]+\.ts")

# First paint (the title is text) and the poster: its largest contentful paint,
# else the moment its bytes arrived; both in seconds from the navigation's start.
SHOWN = """() => new Promise((resolve) => {
  const result = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.url && entry.url.includes("poster")) {
        result.poster = (entry.renderTime || entry.loadTime) / 1000;
      }
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  result.title = paint ? paint.startTime / 1000 : null;
  const poster = performance.getEntriesByType("resource")
    .find((entry) => entry.name.includes("poster"));
  result.poster_bytes_at = poster ? poster.responseEnd / 1000 : null;
  setTimeout(() => resolve(result), 200);
})"""


@pytest.mark.parametrize("player", ["native HLS", "hls.js"])
def test_on_slow_3g_a_lesson_shows_at_once_and_plays_from_the_lowest_rendition(
    browser, production_site, tmp_path, capsys, player
):
    lesson = ladder_lesson(tmp_path, seconds=12)
    renditions = [r.name for r in lesson.video.renditions.all() if r.height]
    lowest = min(renditions, key=lambda name: int(name[:-1]))
    trainee = factories.trainee()
    enrol_trainee(user=trainee, course=lesson.course)
    context = signed_in_context(browser, production_site, trainee, **PHONE)
    page = context.new_page()
    if player == "hls.js":  # as desktop Firefox: no native HLS
        page.add_init_script("HTMLMediaElement.prototype.canPlayType = () => '';")
    network = NetworkLog(page)
    network.emulate(kbit_per_s=400, latency_ms=400)
    segments: list[str] = []
    page.on(
        "request",
        lambda request: (
            (match := SEGMENT.search(request.url))
            and segments.append(match["rendition"])
        ),
    )

    page.goto(production_site + lesson.url, wait_until="load")
    page.wait_for_selector("h1:has-text('起针')")
    page.wait_for_function(
        "() => performance.getEntriesByType('resource')"
        ".some((e) => e.name.includes('poster') && e.responseEnd > 0)",
        timeout=30_000,
    )
    shown = page.evaluate(SHOWN)

    clicked = time.monotonic()
    page.click("[data-play-button]")
    page.wait_for_function(
        "() => document.querySelector('video').currentTime > 0.5", timeout=90_000
    )
    playing_after = time.monotonic() - clicked
    first_played = segments[0] if segments else None

    poster_at = shown["poster"] or shown["poster_bytes_at"]
    with capsys.disabled():
        sys.stdout.write(
            f"\nslow 3G (400 kbit/s, 400 ms), {player}: title shown at "
            f"{shown['title']:.2f} s, poster at {poster_at:.2f} s; playing "
            f"{playing_after:.2f} s after the tap; renditions {renditions}, "
            f"segments requested before playing: {segments}\n"
        )
    context.close()
    assert shown["title"] is not None and shown["title"] <= 5.0
    assert poster_at is not None and poster_at <= 5.0
    assert first_played == lowest
    assert set(segments) == {lowest}  # no higher rendition before playing
