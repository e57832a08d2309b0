"""The role journeys: each role's main path walked in Chromium on the demo data, at
a phone's width and a desktop's, in Chinese. Every page on the way must fit the
width, log no console error, get no 4xx/5xx answer and show no English word (but
for the allowed names, file types and codes). With JOURNEY_SCREENS=<folder> the
journeys also save small screenshots there (``make screens``)."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import pytest
from django.core.management import call_command

WIDTHS = {"phone": 375, "desktop": 1280}
HEIGHT = 812
SCREENS = os.environ.get("JOURNEY_SCREENS", "")

# Words a Chinese page may show in Latin letters: names, file types, units, codes.
ALLOWED_WORDS = {
    "jiangxin",
    "local",
    "trainee",
    "school",
    "province",
    "county",
    "judge",
    "judge1",
    "admin",
    "email",
    "com",
    "www",
    "http",
    "https",
    "pdf",
    "xlsx",
    "csv",
    "zip",
    "mp4",
    "mov",
    "jpeg",
    "jpg",
    "png",
    "webp",
    "hls",
    "kbit",
    "mb",
    "gb",
    "kb",
    "id",
    "qr",
    "ich",
    "api",
    "wagtail",
    "xapi",
    "h264",
    "aac",
    "English",  # the language switch names the language in itself
}
# Findings that belong to other work of issue 17, not yet merged here: reported as
# warnings (pytest prints them) instead of failures. Delete a line once its work is in;
# the journeys then hold the screens to it.
KNOWN_FINDINGS = [
    (
        re.compile(r"^English on /admin/"),
        "issue 17 item 7 (branch screens): Wagtail's admin strings in English",
    ),
]
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")


def english_words(text: str) -> set[str]:
    """The words of three or more Latin letters on a page that are not allowed;
    codes mixing letters and digits (JX2026…) are not words."""
    found = set()
    for token in re.findall(r"[A-Za-z0-9_.@/-]+", text):
        if re.search(r"[0-9@/_.]", token):
            continue  # a code, a serial, an address, a file name
        for word in LATIN_WORD.findall(token):
            if word.lower() not in ALLOWED_WORDS and word not in ALLOWED_WORDS:
                found.add(word)
    return found


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


class JourneyFinding(UserWarning):
    """A known finding of a journey, left to other work of the issue."""


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
        words = english_words(self.page.evaluate(VISIBLE_TEXT))
        if words:
            self.problems.append(f"English on {where}: {', '.join(sorted(words)[:12])}")
        if SCREENS:
            self.step += 1
            save_screenshot(
                self.page,
                Path(SCREENS) / f"{self.role}-{self.step:02d}-{name}-{self.width}.png",
            )

    def assert_fine(self) -> None:
        """Fail on every problem met on the way, but for the known findings."""
        failing = []
        for problem in self.problems:
            known = [why for pattern, why in KNOWN_FINDINGS if pattern.search(problem)]
            if known:
                warnings.warn(f"{known[0]}: {problem}", JourneyFinding, stacklevel=2)
            else:
                failing.append(problem)
        assert not failing, "\n".join(failing)

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


@pytest.fixture
def demo(monkeypatch):
    """The demo data, with its videos cut to two small seconds and transcoded at
    once (in place of the Celery worker)."""
    from media import demo as media_demo
    from media import services

    monkeypatch.setattr(
        media_demo,
        "DEMO_VIDEOS",
        [
            (title, picture.split("=")[0] + "=size=426x240:rate=25", tone, 2)
            for title, picture, tone, _seconds in media_demo.DEMO_VIDEOS
        ],
    )
    monkeypatch.setattr(
        services,
        "_enqueue",
        lambda asset_id: services.transcode_video(asset_id=asset_id),
    )
    call_command("load_demo", verbosity=0)


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
