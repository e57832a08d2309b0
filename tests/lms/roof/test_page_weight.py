"""The page-weight budget (issue 20): on a phone, the login page, the course
catalogue, My learning and a lesson page before its video starts each transfer at
most 300 KB (HTML, CSS, JS, fonts, images; compressed as production serves them),
counted from Chromium's network events, in bytes, not time."""

import io
import sys

import pytest
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter
from wagtail.images import get_image_model

from courses.models import CatalogueIndexPage
from tests import factories
from tests.lms.roof.conftest import PHONE, NetworkLog, ladder_lesson, signed_in_context
from trainees.services import enrol_trainee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUDGET = 300_000  # bytes on the wire
TEXT = (".css", ".js", "/")  # answers that must arrive compressed


def photo(n: int):
    """A cover photo as an institution uploads one: 1600x900, detailed."""
    picture = Image.effect_noise((1600, 900), 60).convert("RGB")
    draw = ImageDraw.Draw(picture)
    for i in range(40):
        x, y = (i * 97 + n * 31) % 1600, (i * 53 + n * 17) % 900
        draw.ellipse([x, y, x + 220, y + 160], fill=((i * 40) % 255, 90, 60 + n * 9))
    picture = picture.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return get_image_model().objects.create(
        title=f"封面 {n}", file=ImageFile(buffer, name=f"cover-{n}.jpg")
    )


def weigh(
    browser, site: str, path: str, *, user=None, capsys, label: str
) -> NetworkLog:
    context = signed_in_context(browser, site, user, **PHONE)
    page = context.new_page()
    log = NetworkLog(page)
    page.goto(site + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    context.close()
    lines = [f"page weight · {label}: {log.total():,} bytes, {len(log.bytes)} requests"]
    lines += [
        f"    {size:>8,}  {encoding or '-':<5} {url.removeprefix(site)[:90]}"
        for url, size, encoding in log.requests()
    ]
    with capsys.disabled():
        sys.stdout.write("\n" + "\n".join(lines) + "\n")
    return log


def assert_light(log: NetworkLog) -> None:
    assert log.total() <= BUDGET
    for url, size, encoding in log.requests():
        path = url.split("?")[0]
        if size > 2000 and path.endswith(TEXT):
            assert encoding in ("gzip", "br"), f"{url} arrives uncompressed"
        assert not path.endswith((".woff", ".woff2", ".ttf", ".otf")), "no web fonts"


def test_the_login_page_is_light(browser, production_site, capsys):
    log = weigh(
        browser, production_site, "/accounts/login/", capsys=capsys, label="login"
    )
    assert_light(log)


def test_the_catalogue_is_light(browser, production_site, capsys):
    school = factories.institution("510104", "蜀锦学校")
    for n in range(12):
        factories.course(school, title=f"蜀锦织造 第{n + 1}期", cover_image=photo(n))
    catalogue = CatalogueIndexPage.objects.get()
    log = weigh(
        browser, production_site, catalogue.url, capsys=capsys, label="catalogue"
    )
    assert_light(log)
    assert any("/media/images/" in url for url, _size, _enc in log.requests())


def enrolled_on_a_lesson(tmp_path):
    """A trainee enrolled on the course of a transcoded video lesson."""
    lesson = ladder_lesson(tmp_path, seconds=4)
    trainee = factories.trainee()
    enrol_trainee(user=trainee, course=lesson.course)
    return trainee, lesson


def test_my_learning_is_light(browser, production_site, tmp_path, capsys):
    trainee, _lesson = enrolled_on_a_lesson(tmp_path)
    log = weigh(
        browser,
        production_site,
        "/me/",
        user=trainee,
        capsys=capsys,
        label="My learning",
    )
    assert_light(log)


def test_a_lesson_page_before_its_video_starts_is_light(
    browser, production_site, tmp_path, capsys
):
    trainee, lesson = enrolled_on_a_lesson(tmp_path)
    log = weigh(
        browser,
        production_site,
        lesson.url,
        user=trainee,
        capsys=capsys,
        label="lesson",
    )
    assert_light(log)
    urls = [url for url, _size, _enc in log.requests()]
    assert any("poster" in url for url in urls)
    assert not any(
        "hls.light" in url or ".m3u8" in url or ".ts?" in url for url in urls
    )
