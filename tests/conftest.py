import os
import shutil
import socket

import pytest
from django.test import Client
from django.utils import translation

# Sync Playwright runs an event loop in the test thread that also uses the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


REQUIRE_SERVICES = os.environ.get("JIANGXIN_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service is absent, with the reason printed (-ra); in CI,
    where every service is installed, fail instead."""
    if REQUIRE_SERVICES:
        pytest.fail(f"CI must provide this service: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    """Debian's chromium (or another on PATH); Playwright may not download one."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture
def browser():
    """Headless Chromium through Playwright (never its own download)."""
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


def log_in_browser(browser, live_server, user, *, locale: str = "zh-CN"):
    """A new page in a new browser context, logged in as ``user`` through the form."""
    from tests.factories import PASSWORD

    page = browser.new_context(locale=locale).new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/me/")
    return page


@pytest.fixture(autouse=True)
def _english():
    """Tests read and assert in English, the source language; the Chinese default
    is tested on its own (tests/lms/test_i18n.py and the browser tests)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A browser that asks for English pages, like the assertions expect."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Every test writes uploaded files to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RESUMABLE_UPLOAD_DIR = tmp_path / "partial-uploads"
    default = settings.STORAGES["default"]
    if default["BACKEND"].endswith("FileSystemStorage"):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {**default, "OPTIONS": {"location": str(tmp_path / "media")}},
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3-compatible server over HTTP: the one CI started (TEST_S3_ENDPOINT_URL),
    else moto's server mode in a thread."""
    endpoint = os.environ.get("TEST_S3_ENDPOINT_URL")
    if endpoint:
        yield endpoint
        return
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def lrs():
    """The learning record store CI started (Ralph, ``TEST_LRS_URL`` with
    ``TEST_LRS_USERNAME`` and ``TEST_LRS_PASSWORD``)."""
    url = os.environ.get("TEST_LRS_URL")
    username = os.environ.get("TEST_LRS_USERNAME")
    password = os.environ.get("TEST_LRS_PASSWORD")
    if not (url and username and password):
        skip_or_fail(
            "no learning record store: set TEST_LRS_URL, TEST_LRS_USERNAME and "
            "TEST_LRS_PASSWORD (.ci/run starts Ralph)"
        )
    return {"url": url, "username": username, "password": password}


@pytest.fixture
def ralph_venv():
    """The virtual environment holding Ralph (``TEST_RALPH_VENV``), for tests that
    start and stop an LRS of their own."""
    path = os.environ.get("TEST_RALPH_VENV")
    if not path or not os.path.exists(os.path.join(path, "bin", "ralph")):
        skip_or_fail("no Ralph to start: set TEST_RALPH_VENV (.ci/run installs it)")
    return path


def s3_media_storage(settings, endpoint: str, tmp_path, bucket: str):
    """Make a bucket on the S3-compatible server at ``endpoint`` the media storage,
    for a fixture to yield from: yields a boto3 client of that server."""
    import boto3
    from django.core.files.storage import storages as django_storages

    from lms.env import Env, storages

    credentials = {
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
        "region_name": "us-east-1",
    }
    client = boto3.client("s3", endpoint_url=endpoint, **credentials)
    try:
        client.create_bucket(Bucket=bucket)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    options = {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    settings.STORAGES = storages(
        Env(options),
        media_root=tmp_path,
        static_storage="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    django_storages._storages = {}
    yield client
    django_storages._storages = {}


@pytest.fixture(autouse=True)
def _no_remembered_logins():
    """Each test starts with no heartbeat login remembered (trainees.logins)."""
    from trainees import logins

    logins.recent.clear()
    yield
    logins.recent.clear()
