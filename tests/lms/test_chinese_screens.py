"""A Chinese reader sees Chinese: every admin listing in the menu, the page explorer,
the reports and the account page, rendered in zh-Hans, hold no English word outside
the allow-list of tests/english.py (names, file types, codes)."""

import html
import re

import pytest
from django.test import Client

from competitions.models import JudgeAssignment
from tests import factories
from tests.competitions.helpers import competition, ready_for_judging
from tests.english import english_in_html, english_words, visible_text

pytestmark = pytest.mark.django_db

# Admin pages left out of the sweep, each with its reason.
LEFT_OUT = {
    "/admin/logout/": "a form's target, not a page",
    "/admin/groups/": "group names are data the code looks groups up by",
    "/admin/sites/": "Wagtail's own site listing, for superusers only",
    "/admin/regions/": "a region's English name has a column of its own",
    "/admin/collections/": "the entry photos' collection is named in code (data)",
    "/admin/workflows/list/": "Wagtail's default workflow, named by its migration",
    "/admin/workflows/tasks/index/": "Wagtail's default task, named by its migration",
    "/admin/reports/aging-pages/": "Wagtail prints None for a page no one published",
}
# Data the test itself makes that is not a translation: Wagtail's root page.
DATA = {"Root"}
MORE_PAGES = [
    "/admin/pages/",
    "/admin/pages/search/?q=x",
    "/admin/images/",
    "/admin/account/",
    "/admin/reports/page-types-usage/",
]


@pytest.fixture
def chinese_admin():
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(factories.UserFactory(is_superuser=True))
    return client


@pytest.fixture
def contest_with_panel():
    """Rows for the listings: a marking scheme, a panel (a yes/no column) and
    entries (their competitors and affiliation)."""
    contest = competition()
    ready_for_judging(contest, entries=None)
    return contest


def menu_urls(client) -> list[str]:
    """The admin pages the menu links to, from the sidebar's data."""
    page = html.unescape(client.get("/admin/").content.decode())
    found = sorted(set(re.findall(r'"url": "(/admin/[^"?#\\]*)"', page)))
    return [url for url in found if url not in LEFT_OUT]


def test_the_checker_finds_english_words_and_passes_names_files_and_codes():
    assert english_words("共 3 条 · Sort by 名称 in ascending order") == [
        "Sort",
        "by",
        "in",
        "ascending",
        "order",
    ]
    assert (
        english_words("导出 XLSX、PDF · 5101 锦江区 · jx_ab12 · a@b.cn · v.mp4") == []
    )


def test_the_checker_reads_titles_and_placeholders_but_not_scripts():
    page = (
        '<p title="Oldest">最新</p><input placeholder="Search"><script>var x;</script>'
        '<span hidden>Hidden</span><input type="hidden" value="Nothing">'
    )
    assert english_in_html(page) == ["Oldest", "Search"]


def test_every_admin_listing_in_the_menu_reads_in_chinese(
    chinese_admin, contest_with_panel
):
    assert JudgeAssignment.objects.filter(is_chief=True).exists()
    urls = menu_urls(chinese_admin)
    assert len(urls) > 30
    english = {}
    for url in urls + MORE_PAGES:
        response = chinese_admin.get(url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        words = english_in_html(response.content.decode(), allow=DATA)
        if words:
            english[url] = words
    assert not english, "\n".join(f"{url}: {words}" for url, words in english.items())


def test_yes_no_columns_show_ticks_titled_in_chinese(chinese_admin, contest_with_panel):
    text = visible_text(chinese_admin.get("/admin/judges/").content.decode())
    assert "是" in text and "否" in text
    assert "True" not in text and "False" not in text


def test_an_empty_listing_invites_in_chinese(chinese_admin):
    page = chinese_admin.get("/admin/api-tokens/").content.decode()
    assert "还没有可显示的" in page
    assert "Why not" not in page


def test_the_block_editor_placeholder_is_chinese(chinese_admin):
    catalogue = chinese_admin.get("/admin/jsi18n/").content.decode()
    assert "\\u8f93\\u5165\\u5185\\u5bb9" in catalogue  # 输入内容…
