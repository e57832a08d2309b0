"""The province dashboard in Chromium, on a phone and on a desktop: the charts
are drawn, the tables are there, nothing overflows and the console is quiet."""

import pytest
from django.test import Client

from lms.roles import Role
from tests import factories
from tests.reporting.factories import county_rows

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# True when a canvas holds at least one pixel that is not transparent.
CANVAS_DRAWN = """(canvas) => {
    const data = canvas.getContext('2d').getImageData(
        0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
    return false;
}"""


def open_dashboard(browser, live_server, user, width):
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900}
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/admin/dashboard/")
    page.wait_for_selector(".rd-chart canvas")
    return page, errors


@pytest.mark.parametrize("width", [375, 1280])
def test_the_province_dashboard_draws_its_charts_beside_tables(
    browser, live_server, width
):
    county_rows("510104")
    county_rows("510603", claims=2)
    user = factories.officer("510000", Role.CULTURE_OFFICER)

    page, errors = open_dashboard(browser, live_server, user, width)

    charts = page.locator(".rd-chart")
    assert charts.count() > 10
    for n in range(charts.count()):
        chart = charts.nth(n)
        chart.scroll_into_view_if_needed()
        canvas = chart.locator("canvas").first
        assert canvas.evaluate(CANVAS_DRAWN), chart.get_attribute("data-key")
    assert page.locator(".rd-figure table").count() >= charts.count()
    assert page.get_by_role("rowheader", name="成都市").first.is_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert errors == []
