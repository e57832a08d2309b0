"""On a phone (375 px wide) in headless Chromium, a buyer searches the catalogue
in Chinese, opens a product and sends the workshop an inquiry."""

import pytest
from django.urls import reverse

from market.models import Inquiry
from tests.market.conftest import listed_workshop, product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_buyer_searches_and_sends_an_inquiry_on_a_phone(
    browser, live_server, settings
):
    settings.INQUIRY_MIN_FILL_SECONDS = 0
    shop = listed_workshop("510104", "锦江刺绣工坊")
    hanger = product(shop)
    product(shop, name="青瓷茶杯", craft="陶艺", description="")
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="zh-CN"
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("market:catalogue"))
    page.fill("input[name=q]", "刺绣")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=*")
    cards = page.locator("li.product")
    assert cards.count() == 1
    assert "苗族刺绣挂件" in cards.first.inner_text()
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    cards.first.locator("h3 a").click()
    page.wait_for_url(f"**/catalogue/{hanger.pk}/")
    page.fill("input[name=organisation]", "成都文旅商贸有限公司")
    page.fill("input[name=contact_name]", "李经理")
    page.fill("input[name=phone]", "13912345678")
    page.fill("input[name=email]", "buyer@example.com")
    page.fill("input[name=quantity]", "200")
    page.fill("textarea[name=message]", "需要定制企业标志刺绣。")
    trap = page.locator("input[name=website]").bounding_box()  # the honeypot
    assert trap is None or trap["x"] + trap["width"] <= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("form button[type=submit]")
    page.wait_for_selector("#inquiry .message.success")
    context.close()

    inquiry = Inquiry.objects.get()
    assert inquiry.product == hanger
    assert inquiry.organisation == "成都文旅商贸有限公司"
