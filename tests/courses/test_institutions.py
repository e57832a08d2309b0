"""Registering an institution gives it its own course subtree in the page tree, and
Wagtail's page permissions keep each institution's staff inside their own."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from courses.models import CourseIndexPage
from lms.models import HomePage, Institution, Region
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_schools():
    return factories.institution("510104", "蜀锦学校"), factories.institution(
        "510105", "竹编学校"
    )


def test_registering_creates_the_course_subtree_group_and_collection(two_schools):
    school, _ = two_schools
    index = school.course_index
    assert isinstance(index, CourseIndexPage)
    assert index.get_parent().specific_class is HomePage
    assert index.live
    assert school.staff_group.page_permissions.filter(page=index).count() == 4
    assert school.collection.name == "蜀锦学校"


def test_staff_can_edit_their_own_pages_and_not_anothers(two_schools):
    school, other = two_schools
    staff = factories.institution_staff(school)
    assert school.course_index.permissions_for_user(staff).can_edit()
    assert school.course_index.permissions_for_user(staff).can_publish()
    assert not other.course_index.permissions_for_user(staff).can_edit()
    assert not Page.objects.get(depth=2).permissions_for_user(staff).can_edit()


def test_admin_refuses_to_open_another_institutions_page(client, two_schools):
    school, other = two_schools
    client.force_login(factories.institution_staff(school))
    own = client.get(reverse("wagtailadmin_pages:edit", args=[school.course_index.pk]))
    assert own.status_code == 200
    theirs = client.get(
        reverse("wagtailadmin_pages:edit", args=[other.course_index.pk])
    )
    assert theirs.status_code in (302, 403)
    assert "竹编学校" not in theirs.text


def test_admin_refuses_to_save_into_another_institutions_page(client, two_schools):
    school, other = two_schools
    client.force_login(factories.institution_staff(school))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[other.course_index.pk]),
        {"title": "被改的标题", "slug": other.course_index.slug},
    )
    assert response.status_code in (302, 403)
    other.course_index.refresh_from_db()
    assert other.course_index.title == "竹编学校"


def test_two_institutions_with_the_same_name_get_distinct_slugs():
    first = factories.institution("510104", "非遗学校")
    second = factories.institution("510105", "非遗学校")
    assert first.course_index.slug != second.course_index.slug


def test_superuser_registers_an_institution_through_the_admin(client):
    client.force_login(factories.UserFactory(is_superuser=True))
    code = factories.credit_code(9_000_001)
    response = client.post(
        reverse("institutions:add"),
        {
            "name": "大邑剪纸培训中心",
            "credit_code": code.lower(),
            "region": "510129",
            "contact_name": "李老师",
        },
    )
    assert response.status_code == 302
    school = Institution.objects.get(credit_code=code)
    assert school.course_index.title == "大邑剪纸培训中心"
    assert school.staff_group is not None


def test_a_wrong_credit_code_is_refused_with_a_reason_and_creates_nothing(client):
    client.force_login(factories.UserFactory(is_superuser=True))
    good = factories.credit_code(9_000_002)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client.post(
        reverse("institutions:add"),
        {"name": "错误代码学校", "credit_code": bad, "region": "510129"},
    )
    assert response.status_code == 200
    assert "check character" in response.text or "校验" in response.text
    assert not Institution.objects.filter(name="错误代码学校").exists()
    assert not CourseIndexPage.objects.filter(title="错误代码学校").exists()


def test_institutions_belong_to_a_region(two_schools):
    school, _ = two_schools
    assert school.region == Region.objects.get(code="510104")


def test_registering_an_institution_is_logged_by_the_service_as_the_registrar():
    from wagtail.models import ModelLogEntry

    from courses.services import register_institution

    admin = factories.UserFactory(is_superuser=True)
    school = register_institution(
        name="邛崃竹编学校",
        credit_code=factories.credit_code(9_000_003),
        region=Region.objects.get(code="510129"),
        registered_by=admin,
    )

    entry = ModelLogEntry.objects.for_instance(school).get()
    assert (entry.action, entry.user_id) == ("wagtail.create", admin.pk)
