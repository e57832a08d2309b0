"""The site's icon: browsers ask for /favicon.ico on every site, and the pages and the
admin name the same file."""

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("lms/favicon.ico")
    assert finders.find("lms/favicon.ico")


@pytest.mark.django_db
def test_the_admin_names_the_site_icon_not_wagtails(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "lms/favicon.ico" in html
    assert "wagtailadmin/images/favicon.ico" not in html
