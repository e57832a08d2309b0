"""Find English words on a page meant to be read in Chinese.

One checker for the view-level tests (HTML from the Django test client) and the
browser suite (``page.inner_text("body")``): ``english_words(text)`` for visible
text, ``english_in_html(html)`` for a whole response. Words on the allow-list
(proper names, file types, units and codes) and tokens that are addresses, e-mail
addresses, file names or codes with digits are not counted.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Proper names (the language switch says "English"), file types, units and codes
# a Chinese page may show as they are.
ALLOWED = frozenset(
    word.lower()
    for word in """
    Jiangxin Wagtail Django Python PostgreSQL Redis Celery ECharts Chromium Playwright
    ffmpeg hls HLS xAPI LRS REST API OpenAPI JSON CSV XLSX PDF ZIP PNG JPEG JPG GIF
    WebP SVG MP4 MOV WebM AVI MKV HEIC TIFF TIF BMP ICO AAC H264 AVC
    ID QR URL HTTP HTTPS SMS OTP HR ICH WSC GB GBT MB KB GiB MiB KiB TB px kbit kbps
    Mbps fps Hz ok OFL SIL Noto CJK UTC GMT CST WeChat Alipay ISO IOS English
    """.split()
)

WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# Tokens that are not prose: addresses, e-mail, paths and time zones, file names,
# codes with digits or underscores.
NOT_PROSE = re.compile(
    r"^(?:\S*://\S*|\S+@\S+|\S*/\S*|\S+\.[a-z0-9_]+|\S*[\d_]\S*|[A-Z]{1,3}-\S*)$"
)

# Elements whose text a reader never sees.
HIDDEN = {"script", "style", "template", "noscript", "svg", "code", "pre", "head"}
# Attributes a reader sees (placeholder, tooltip, image description, button value).
SEEN_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label")


def english_words(text: str, *, allow: frozenset[str] | set[str] = frozenset()):
    """The English words of ``text`` that are neither allowed nor part of an
    address, file name or code, in order of appearance, each once."""
    allowed = ALLOWED | {word.lower() for word in allow}
    found: list[str] = []
    for token in text.split():
        token = token.strip(".,;:!?()[]{}<>“”\"'‘’·、，。：；（）《》「」【】")
        if not token or NOT_PROSE.match(token):
            continue
        for word in WORD.findall(token):
            word = word.strip("'’")
            if len(word) < 2 or word.lower() in allowed or word in found:
                continue
            found.append(word)
    return found


class _VisibleText(HTMLParser):
    """The text of an HTML page a reader sees, with the seen attributes."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hidden = (
            tag in HIDDEN
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or attributes.get("type") == "hidden"
        )
        if tag not in self.VOID:
            counted = bool(hidden or self.hidden_depth)
            self.stack.append((tag, counted))
            self.hidden_depth += counted
        if not (hidden or self.hidden_depth):
            for name in SEEN_ATTRIBUTES:
                if attributes.get(name):
                    self.parts.append(attributes[name])
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.VOID or tag not in (open_tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, counted = self.stack.pop()
            self.hidden_depth -= counted
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """What a reader sees of ``html``: text outside scripts, styles and hidden
    elements, with placeholders, titles and image descriptions."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(part for part in parser.parts if part.strip())


def english_in_html(html: str, *, allow: frozenset[str] | set[str] = frozenset()):
    """The English words a reader sees on the page ``html``."""
    return english_words(visible_text(html), allow=allow)
