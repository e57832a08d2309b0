"""Signing up with a mobile number on a 375 px phone screen, in Chinese: headless
Chromium, the code read from the in-memory SMS backend."""

import pytest
from django.core.cache import cache

from lms import sms
from lms.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_signing_up_with_a_mobile_number_on_a_phone(browser, live_server):
    cache.clear()
    sms.outbox.clear()
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 667}, is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/accounts/signup/")
    field = page.locator("input[name=phone]")
    assert field.get_attribute("type") == "tel"
    # Typed through an input method: full-width digits and spaces.
    field.fill("１３８ ００１３ ８０００")
    field.press("Enter")
    page.wait_for_url("**/accounts/phone/verify/")
    code = sms.outbox[-1].params["code"]
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url("**/me/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px screen"
    assert User.objects.with_phone("+8613800138000").get().phone_verified
    context.close()
