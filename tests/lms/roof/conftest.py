"""The site as production serves it, for the browser tests of weak networks: static
files collected into the compressed manifest storage and served by WhiteNoise
(gzip, hashed names), pages through the whole middleware stack (gzip included);
not the test server's own uncompressed static handler."""

import socket
import threading

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connections
from django.test import Client
from django.test.utils import override_settings

PRODUCTION_STATIC = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def _production_storages(root) -> dict:
    return {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": PRODUCTION_STATIC, "OPTIONS": {"location": root}},
    }


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """``collectstatic`` as a release runs it (hashed names, .gz beside each file)."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=_production_storages(root)):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _Server(ThreadedWSGIServer):
    """Keeps the connections it accepted, to cut them all at once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted = []

    def process_request(self, request, client_address):
        self.accepted.append(request)
        super().process_request(request, client_address)

    def cut_connections(self) -> None:
        for request in self.accepted:
            try:
                request.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed


class ProductionServer:
    """A threaded WSGI server of the whole site on a free port, in this process."""

    def __init__(self, connections_override: dict) -> None:
        self.server = _Server(
            ("127.0.0.1", 0),
            _QuietHandler,
            connections_override=connections_override,
        )
        self.server.set_app(WSGIHandler())  # WhiteNoise reads STATIC_ROOT now
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.running = True

    def stop(self) -> None:
        """Stop answering, as when a phone loses its signal (idempotent)."""
        if self.running:
            self.running = False
            self.server.shutdown()
            self.server.server_close()
            self.server.cut_connections()  # and the browser's kept-alive ones
            self.thread.join(5)


@pytest.fixture
def production_server(production_static, settings, transactional_db):
    """The site served with production's static files and middleware."""
    settings.DEBUG = False
    settings.STATIC_ROOT = production_static
    settings.STORAGES = _production_storages(production_static)
    in_memory = {
        connection.alias: connection
        for connection in connections.all()
        if connection.vendor == "sqlite" and connection.is_in_memory_db()
    }
    for connection in in_memory.values():
        connection.inc_thread_sharing()
    server = ProductionServer(in_memory)
    yield server
    server.stop()
    for connection in in_memory.values():
        connection.dec_thread_sharing()


@pytest.fixture
def production_site(production_server) -> str:
    """The address of the site as production serves it."""
    return production_server.url


def signed_in_context(browser, site: str, user=None, **options):
    """A new browser context (no cache, no service worker unless asked), signed in
    as ``user`` by session cookie when one is given."""
    options.setdefault("service_workers", "block")
    options.setdefault("locale", "zh-CN")
    context = browser.new_context(**options)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": site,
                }
            ]
        )
    return context


class NetworkLog:
    """What the page transferred, from the DevTools protocol's network events: the
    bytes on the wire (headers and compressed body) of each finished request."""

    def __init__(self, page):
        self.session = page.context.new_cdp_session(page)
        self.urls: dict[str, str] = {}
        self.encodings: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.session.on("Network.requestWillBeSent", self._sent)
        self.session.on("Network.responseReceived", self._received)
        self.session.on("Network.loadingFinished", self._finished)
        self.session.send("Network.enable")
        self.session.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def _sent(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]

    def _received(self, event):
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        self.encodings[event["requestId"]] = headers.get("content-encoding", "")

    def _finished(self, event):
        self.bytes[event["requestId"]] = int(event["encodedDataLength"])

    def emulate(self, *, kbit_per_s: int, latency_ms: int) -> None:
        throughput = kbit_per_s * 1000 / 8  # bytes a second
        self.session.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": latency_ms,
                "downloadThroughput": throughput,
                "uploadThroughput": throughput,
            },
        )

    def requests(self) -> list[tuple[str, int, str]]:
        """(URL, bytes, content encoding) of every finished request, in order."""
        return [
            (self.urls.get(key, "?"), size, self.encodings.get(key, ""))
            for key, size in self.bytes.items()
        ]

    def total(self) -> int:
        return sum(self.bytes.values())


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def ladder_lesson(directory, *, seconds: int = 8):
    """A video lesson on a real 1280x720 clip with sound, transcoded to its whole
    ladder (720p, 480p, 360p, 240p, audio only) with a poster, in a live course."""
    from courses.models import LessonKind
    from media.ffmpeg import ffmpeg_binary
    from tests import factories
    from tests.conftest import skip_or_fail

    try:
        ffmpeg_binary()
    except FileNotFoundError as error:
        skip_or_fail(str(error))
    school = factories.institution("510104", "蜀绣学校")
    asset = factories.transcoded_video_asset(
        directory, school, seconds=seconds, size="1280x720", pattern="testsrc2"
    )
    assert asset.is_ready, asset.failure_reason
    course = factories.course(school, title="蜀绣针法入门")
    return factories.lesson(course, kind=LessonKind.VIDEO, title="起针", video=asset)
