"""The installable web app: manifest, icons, a service worker at the root that keeps
the site's shell and static files, an offline page; never a personal page, a video,
a playlist or a key."""

import json
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from tests import factories
from tests.lms.roof.conftest import PHONE, ladder_lesson, signed_in_context
from trainees.services import enrol_trainee


@pytest.mark.django_db
def test_the_manifest_names_the_icons_by_their_static_urls(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"
    assert manifest["start_url"] == reverse("progress:dashboard")
    icons = {
        (icon["sizes"], icon["purpose"]): icon["src"] for icon in manifest["icons"]
    }
    assert set(icons) == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    for (sizes, _purpose), src in icons.items():
        path = finders.find(src.removeprefix("/static/"))
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == sizes


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_registers_the_worker(client):
    html = client.get(reverse("account_login")).text
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    assert 'data-service-worker="/sw.js"' in html


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert '"offline": "/offline/"' in response.text
    assert "jiangxin-shell-" in response.text


@pytest.mark.django_db
def test_the_offline_page_is_the_same_for_a_signed_in_trainee(client):
    trainee = factories.trainee()
    client.force_login(trainee)
    html = client.get(reverse("webapp-offline")).text
    assert "What still works" in html
    assert trainee.email not in html
    assert "csrfmiddlewaretoken" not in html


PERSONAL = ("/me/", "/accounts/", "/admin/", "/learn/", "/media-hls/", ".m3u8")

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(request.url);
  }
  return urls;
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_offline_a_personal_page_shows_the_offline_page_and_nothing_personal_is_kept(
    browser, production_server, tmp_path
):
    production_site = production_server.url
    lesson = ladder_lesson(tmp_path, seconds=4)
    trainee = factories.trainee()
    enrol_trainee(user=trainee, course=lesson.course)
    context = signed_in_context(
        browser, production_site, trainee, service_workers="allow", **PHONE
    )
    page = context.new_page()
    page.goto(production_site + "/me/")
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    for path in ("/me/", reverse("usersessions_list"), lesson.url):
        page.goto(production_site + path)
        assert page.locator("#offline").count() == 0
    page.click("[data-play-button]")
    page.wait_for_function(
        "() => document.querySelector('video').currentTime > 0.5", timeout=60_000
    )

    production_server.stop()  # the signal is gone
    context.set_offline(True)
    for path in ("/me/", lesson.url):
        page.goto(production_site + path)
        assert page.locator("#offline").count() == 1
        assert trainee.email not in page.content()
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # CSS too

    cached = [urlsplit(url).path for url in page.evaluate(CACHED_URLS)]
    assert "/offline/" in cached
    assert any(path.startswith("/static/lms/site.") for path in cached)
    assert all(path == "/offline/" or path.startswith("/static/") for path in cached)
    assert not any(marker in path for path in cached for marker in PERSONAL)
    context.close()
