"""A staff member makes an API token in the admin and sees it once, on a phone and
on a desktop screen (headless Chromium)."""

import pytest

from api.models import ApiToken, digest_of
from lms.roles import Role
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [375, 1280])
def test_a_staff_member_makes_a_token_and_sees_it_once(browser, live_server, width):
    officer = factories.officer("510104", Role.HR_OFFICER)
    context = browser.new_context(
        locale="en-GB", viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", officer.email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()

    page.goto(live_server.url + "/admin/api-tokens/new/")
    page.fill("input[name=name]", "HR payment sync")
    page.locator("form#w-editor-form button[type=submit]").first.click()
    shown = page.locator("input[data-api-token]")
    shown.wait_for()
    secret = shown.input_value()
    assert secret.startswith("jx_")
    box = shown.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    assert ApiToken.objects.get(user=officer).digest == digest_of(secret)

    page.get_by_role("link", name="Done").click()
    page.wait_for_load_state()
    assert "HR payment sync" in page.content()
    assert secret not in page.content()
    page.reload()
    assert secret not in page.content()
    context.close()
