"""The role journeys: each role's main path walked in Chromium on the demo data, at
a phone's width and a desktop's, in Chinese. Every page on the way must fit the
width, log no console error, get no 4xx/5xx answer and show no English word (but
for the allowed names, file types and codes). With JOURNEY_SCREENS=<folder> the
journeys also save small screenshots there (``make screens``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.english import english_words

WIDTHS = {"phone": 375, "desktop": 1280}
HEIGHT = 812
SCREENS = os.environ.get("JOURNEY_SCREENS", "")

# The demo's account names a page may show as they are (the rest of what may stay
# in Latin letters, the one checker knows: tests/english.py).
DEMO_NAMES = {"trainee", "school", "province", "county", "judge", "admin", "local"}
# Our own strings, marked for translation, that locale/ has no Chinese for yet (the
# lead engineer translates them after the merges): taken out of a page's text
# before it is checked. Delete a line once its string is translated.
PENDING_TRANSLATION: list[str] = []


OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width + 1) return null;
    const wide = [...document.querySelectorAll('body *')].filter(e => {
        const box = e.getBoundingClientRect();
        return box.right > width + 1 && box.width > 0
            && getComputedStyle(e).position !== 'fixed';
    }).slice(0, 3).map(e => {
        const name = typeof e.className === 'string' ? e.className.split(' ')[0] : '';
        return e.tagName.toLowerCase() + (name ? '.' + name : '');
    });
    return document.documentElement.scrollWidth + ' px: ' + wide.join(', ');
}"""

VISIBLE_TEXT = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts = [];
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const element = node.parentElement;
        if (!element || !node.textContent.trim()) continue;
        const hidden = 'script, style, noscript, template, code, [hidden], '
            + '[aria-hidden=true]';
        if (element.closest(hidden)) continue;
        if (!element.checkVisibility || !element.checkVisibility()) continue;
        parts.push(node.textContent);
    }
    const inputs = 'input[placeholder], textarea[placeholder]';
    for (const input of document.querySelectorAll(inputs)) {
        if (input.checkVisibility()) parts.push(input.placeholder);
    }
    return parts.join(' ');
}"""


class Journey:
    """One role's walk at one width: collects what is wrong on every page."""

    def __init__(self, browser, live_server, *, role: str, width: str):
        self.base = live_server.url
        self.role, self.width = role, width
        self.context = browser.new_context(
            viewport={"width": WIDTHS[width], "height": HEIGHT},
            locale="zh-CN",
            device_scale_factor=1,
        )
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.problems: list[str] = []
        self.step = 0
        self.page.on(
            "console",
            lambda message: (
                message.type == "error"
                and self.problems.append(
                    f"console error on {self.page.url}: {message.text}"
                )
            ),
        )
        self.page.on(
            "pageerror",
            lambda error: self.problems.append(
                f"script error on {self.page.url}: {error}"
            ),
        )
        self.page.on("response", self._response)

    def _response(self, response) -> None:
        if response.status >= 400 and response.url.startswith(self.base):
            self.problems.append(
                f"{response.status} for {response.request.method} {response.url}"
            )

    def sign_in(self, email: str, password: str) -> None:
        self.go("/accounts/login/")
        self.page.fill("input[name=login]", email)
        self.page.fill("input[name=password]", password)
        self.page.press("input[name=password]", "Enter")
        self.page.wait_for_load_state()

    def go(self, path: str) -> None:
        self.page.goto(self.base + path if path.startswith("/") else path)
        self.page.wait_for_load_state()

    def check(self, name: str) -> None:
        """Look at the page as it is: width, English words; save its picture."""
        self.page.wait_for_load_state()
        overflow = self.page.evaluate(OVERFLOW)
        where = self.page.url.removeprefix(self.base)
        if overflow:
            self.problems.append(f"wider than the screen on {where}: {overflow}")
        text = self.page.evaluate(VISIBLE_TEXT)
        for phrase in PENDING_TRANSLATION:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        words = english_words(text, allow=DEMO_NAMES)
        if words:
            self.problems.append(f"English on {where}: {', '.join(words[:12])}")
        if SCREENS:
            self.step += 1
            save_screenshot(
                self.page,
                Path(SCREENS) / f"{self.role}-{self.step:02d}-{name}-{self.width}.png",
            )

    def assert_fine(self) -> None:
        """Fail on every problem met on the way."""
        assert not self.problems, "\n".join(self.problems)

    def close(self) -> None:
        self.context.close()


def save_screenshot(page, path: Path) -> None:
    """A small PNG: the visible screen in at most 64 colours."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    with Image.open(path) as image:
        small = image.convert("RGB")
        if small.width > 960:
            small = small.resize((960, round(small.height * 960 / small.width)))
        small.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(
            path, optimize=True
        )


def _pg_command(program: str, *arguments: str) -> None:
    """Run a PostgreSQL client program on the test database."""
    from django.db import connection

    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    subprocess.run(
        [
            program,
            f"--host={settings.get('HOST') or 'localhost'}",
            f"--port={settings.get('PORT') or 5432}",
            f"--username={settings.get('USER')}",
            f"--dbname={settings['NAME']}",
            *arguments,
        ],
        env=env,
        check=True,
        capture_output=True,
    )


def _save_demo(dump: Path) -> None:
    """Keep the rows of the test database (the demo loaded) in ``dump``."""
    _pg_command(
        "pg_dump",
        "--data-only",
        "--format=custom",
        "--exclude-table-data=django_migrations",
        f"--file={dump}",
    )


def _restore_demo(dump: Path) -> None:
    """Empty every table and put the rows of ``dump`` back: a second or two, where
    loading the demo takes a quarter of a minute and more on a busy machine.

    As the site's own role, which is no superuser (CI's is not): Django's foreign
    keys are deferred, so the rows go back in one transaction with every trigger
    on. The sequences only move forward (the dump's values, or higher): the tests
    after the journeys put back the rows the migrations made, with their ids, and
    then count on the sequences being past them."""
    from django.db import connection

    tables = [
        name
        for name in connection.introspection.table_names()
        if name != "django_migrations"
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, sequencename, last_value FROM pg_sequences"
            " WHERE last_value IS NOT NULL"
        )
        reached = cursor.fetchall()
        cursor.execute(
            "TRUNCATE {} CASCADE".format(
                ", ".join(connection.ops.quote_name(name) for name in tables)
            )
        )
    _pg_command("pg_restore", "--data-only", "--single-transaction", str(dump))
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        for schema, sequence, value in reached:
            name = f"{quote(schema)}.{quote(sequence)}"
            cursor.execute(
                f"SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM {name})))",
                [name, value],
            )


@pytest.fixture(scope="session")
def _journey_files(tmp_path_factory):
    return tmp_path_factory.mktemp("journeys")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, _journey_files):
    """The journeys share one folder of uploaded files, as they share the demo's
    database (the demo's videos and photos are made once)."""
    settings.MEDIA_ROOT = _journey_files / "media"
    settings.RESUMABLE_UPLOAD_DIR = _journey_files / "partial-uploads"
    default = settings.STORAGES["default"]
    if default["BACKEND"].endswith("FileSystemStorage"):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                **default,
                "OPTIONS": {"location": str(_journey_files / "media")},
            },
        }


def _load_demo() -> None:
    """The demo data, with its videos cut to two small seconds and transcoded at
    once (in place of the Celery worker), loaded in the site's language as
    ``make run`` does (the texts it stores, such as a workshop's history, stay in
    the language they were written in)."""
    from django.conf import settings
    from django.utils import translation

    from media import demo as media_demo
    from media import services

    with (
        pytest.MonkeyPatch.context() as patch,
        translation.override(settings.LANGUAGE_CODE),
    ):
        patch.setattr(
            media_demo,
            "DEMO_VIDEOS",
            [
                (title, picture.split("=")[0] + "=size=426x240:rate=25", tone, 2)
                for title, picture, tone, _seconds in media_demo.DEMO_VIDEOS
            ],
        )
        patch.setattr(
            services,
            "_enqueue",
            lambda asset_id: services.transcode_video(asset_id=asset_id),
        )
        call_command("load_demo", verbosity=0)


@pytest.fixture
def demo(_journey_files, transactional_db):
    """The demo data, loaded once for the session: the first journey loads it and
    keeps its rows; every later journey starts from those rows, so no journey sees
    another's writes. Without PostgreSQL's pg_dump each journey loads the demo."""
    from django.db import connection

    dump = _journey_files / "demo.dump"
    if dump.exists():
        _restore_demo(dump)
        return
    _load_demo()
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        _save_demo(dump)


@pytest.fixture(params=list(WIDTHS))
def journey(request, browser, live_server, demo):
    """journey(role) opens a fresh browser at this test's width."""
    opened = []

    def start(role: str) -> Journey:
        walk = Journey(browser, live_server, role=role, width=request.param)
        opened.append(walk)
        return walk

    yield start
    for walk in opened:
        walk.close()
