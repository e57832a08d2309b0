"""Institutions and their courses stay where they are: a course's region is within
its institution's, and an institution's name, credit code and region are changed
only by the culture and HR officers above it, whatever a POST says."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import CoursePage
from lms import policy
from lms.models import Institution
from lms.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


def institution_data(school: Institution, **changes) -> dict:
    return {
        "name": school.name,
        "credit_code": school.credit_code,
        "region": school.region_id,
        "address": school.address,
        "contact_name": school.contact_name,
        "contact_phone": school.contact_phone,
        "contact_email": school.contact_email,
        **changes,
    }


def course_data(course: CoursePage, **changes) -> dict:
    return nested_form_data(
        {
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary,
            "body": streamfield([]),
            "mode": course.mode,
            "enrolment_policy": course.enrolment_policy,
            "ich_category": "",
            "craft": "",
            "occupation": "",
            "skill_level": "",
            "planned_hours": "12",
            "capacity": "",
            "starts_on": "",
            "ends_on": "",
            "region": course.region_id,
            "completion_share": "90",
            "attendance_share": "80",
            "awards": "",
            "action-publish": "publish",
            "sessions": inline_formset([]),
            **changes,
        }
    )


def test_institution_staff_cannot_rename_recode_or_move_their_institution(
    client, school
):
    original_code = school.credit_code
    client.force_login(factories.institution_staff(school))
    response = client.post(
        reverse("institutions:edit", args=[school.pk]),
        institution_data(
            school,
            name="贵州蜡染学校",
            credit_code=factories.credit_code(9_100_001, "520102"),
            region="520102",
            address="新地址 8 号",
        ),
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.region_id) == ("蜀锦学校", "510104")
    assert school.credit_code == original_code
    assert school.address == "新地址 8 号"


def test_an_officer_above_the_institution_moves_it_within_their_region(client, school):
    client.force_login(factories.officer("510100", Role.CULTURE_OFFICER))
    response = client.post(
        reverse("institutions:edit", args=[school.pk]),
        institution_data(school, name="成都蜀锦学校", region="510105"),
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.region_id) == ("成都蜀锦学校", "510105")


def test_an_officer_cannot_move_an_institution_into_another_province(client, school):
    client.force_login(factories.officer("510100", Role.HR_OFFICER))
    response = client.post(
        reverse("institutions:edit", args=[school.pk]),
        institution_data(school, region="520102"),
    )
    assert response.status_code == 200
    school.refresh_from_db()
    assert school.region_id == "510104"


def test_the_course_form_offers_only_regions_within_the_institutions(client, school):
    course = factories.course(school)
    client.force_login(factories.institution_staff(school))
    form = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).context[
        "form"
    ]
    codes = set(form.fields["region"].queryset.values_list("pk", flat=True))
    assert codes == {"510104"}


def test_a_crafted_post_cannot_move_a_course_into_another_province(client, school):
    course = factories.course(school)
    client.force_login(factories.institution_staff(school))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        course_data(course, region="520102"),
    )
    assert response.status_code == 200
    course.refresh_from_db()
    assert course.region_id == "510104"
    assert (
        CoursePage.objects.get(pk=course.pk).get_latest_revision_as_object().region_id
        == "510104"
    )


def test_a_course_outside_its_institutions_region_is_invalid(school):
    course = factories.course(school)
    course.region_id = "520102"
    with pytest.raises(ValidationError) as invalid:
        course.full_clean()
    assert "region" in invalid.value.error_dict


def test_institution_staff_may_assign_their_institutions_region_and_below(school):
    staff = factories.institution_staff(school)
    assert set(policy.assignable_regions(staff).values_list("pk", flat=True)) == {
        "510104"
    }
    assert not policy.may_change_institution_identity(staff, school)
