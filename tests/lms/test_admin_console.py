"""The admin's account page in Chromium: no console error. Its time zone list held
"localtime", a name of the server's tz database that Chromium's Intl rejects
(RangeError: Invalid time zone specified), so WAGTAIL_USER_TIME_ZONES lists only
names every browser knows."""

import pytest
from django.conf import settings

from tests import factories
from tests.conftest import log_in_browser
from tests.english import english_words

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_every_time_zone_offered_is_one_a_browser_knows():
    assert "localtime" not in settings.WAGTAIL_USER_TIME_ZONES
    assert all(
        "/" in name or name == "UTC" for name in settings.WAGTAIL_USER_TIME_ZONES
    )


def test_the_account_page_logs_no_console_error(browser, live_server):
    admin = factories.UserFactory(is_superuser=True)
    page = log_in_browser(browser, live_server, admin)
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/admin/account/")
    page.wait_for_load_state("networkidle")
    assert errors == []
    # The browser labels each time zone in Chinese (中国标准时间).
    labels = page.locator("#id_locale-current_time_zone option").all_inner_texts()
    assert any("时间" in label for label in labels)
    assert english_words(page.inner_text("main")) == []
