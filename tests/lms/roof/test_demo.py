import pytest
from django.apps import apps
from django.core.management import call_command

from lms.models import Institution, StaffScope, User
from lms.roof.demo import DEMO_LOGINS

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_demo_data_has_one_login_per_role_and_a_scoped_institution():
    call_command("load_demo", verbosity=0)
    emails = {email for email, _ in DEMO_LOGINS}
    assert set(User.objects.values_list("email", flat=True)) >= emails
    school = Institution.objects.get()
    assert school.course_index.live
    assert (
        StaffScope.objects.get(user__email="school@jiangxin.local").institution
        == school
    )
    assert (
        StaffScope.objects.get(user__email="county@jiangxin.local").region_id
        == "510104"
    )


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", verbosity=0)
    before = row_counts()
    call_command("load_demo", verbosity=0)
    assert row_counts() == before
