"""The API's roster takes mobile numbers, and shows them masked to whoever may not
see them whole."""

import pytest

from lms.models import User
from tests import factories
from tests.api.conftest import bearer, token_for
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db


def post_roster(api, course, rows):
    return api.post(
        "/api/v1/rosters",
        {"course": course.pk, "rows": rows},
        content_type="application/json",
    )


def test_a_roster_row_by_mobile_number_enrols_and_shows_the_number_masked():
    school = factories.institution("510104")
    course = factories.course(school)
    api = bearer(token_for(factories.institution_staff(school)))
    response = post_roster(api, course, [{"mobile": "１３９ ００１３ ９０００"}])
    assert response.status_code == 201
    [row] = response.json()["enrolments"]
    assert row["mobile"] == "139****9000"
    trainee = User.objects.with_phone("13900139000").get()
    assert Enrolment.objects.get().user == trainee


def test_a_bad_mobile_number_enrols_nobody_and_names_its_row():
    school = factories.institution("510104")
    course = factories.course(school)
    api = bearer(token_for(factories.institution_staff(school)))
    response = post_roster(
        api, course, [{"mobile": "13900139000"}, {"mobile": "+85291234567"}]
    )
    assert response.status_code == 422
    [error] = response.json()["fields"]
    assert error["field"] == "body.rows.1.mobile"
    assert error["code"] == "not_mainland"
    assert not Enrolment.objects.exists()


def test_full_mobile_numbers_only_for_those_who_may_see_full_id_numbers():
    from django.contrib.auth.models import Permission

    from lms.roles import Role

    school = factories.institution("510104")
    course = factories.course(school)
    staff_api = bearer(token_for(factories.institution_staff(school)))
    post_roster(staff_api, course, [{"mobile": "13900139000"}])
    enrolment = Enrolment.objects.get()

    officer = factories.officer("510104", Role.HR_OFFICER)
    masked = bearer(token_for(officer)).get(f"/api/v1/enrolments/{enrolment.pk}")
    assert masked.json()["mobile"] == "139****9000"
    officer.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    full = bearer(token_for(officer, name="full")).get(
        f"/api/v1/enrolments/{enrolment.pk}"
    )
    assert full.json()["mobile"] == "+8613900139000"
