"""What a person does in a browser: headless Chromium driven by Playwright."""

import pytest

from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_in_chinese_switch_to_english_and_log_in(browser, live_server):
    user = factories.trainee(email="xiaoli@example.org")
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()

    page.goto(live_server.url + "/")
    assert "匠心" in page.title()
    assert page.get_by_role("link", name="登录").is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Log in").is_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/me/")
    assert page.get_by_role("heading", name="My learning").is_visible()
    assert "xiaoli@example.org" in page.content()
    context.close()
