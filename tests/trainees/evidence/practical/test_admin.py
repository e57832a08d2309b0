"""The admin: grading from the hand-ins listing, rubrics, scoresheets, results;
every view set and its export scoped by institution and region."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lms.roles import Role
from tests import factories
from tests.trainees.evidence.practical import factories as make
from trainees.evidence.practical.models import Assessment, Rubric, SubmissionStatus
from trainees.evidence.practical.services import (
    record_assessment,
    submit_practical_work,
)

pytestmark = pytest.mark.django_db

JINJIANG, QINGYANG, SICHUAN = "510104", "510105", "510000"


def _world(region, name, trainee_email):
    school = factories.institution(region, name)
    course = make.practical_course(school, title=f"{name}实训课")
    lesson = make.task(course)
    enrolment = make.enrolled(course, factories.trainee(email=trainee_email))
    submission = submit_practical_work(enrolment=enrolment, lesson=lesson, text="作品")
    teacher = make.instructor(school)
    rubric = make.rubric(course, maxima=(40, 60))
    rubric.title = f"{name}考核"
    rubric.save()
    criteria = list(rubric.criteria.order_by("sort_order"))
    record_assessment(
        rubric=rubric,
        enrolment=enrolment,
        assessor=teacher,
        marks={criteria[0].pk: Decimal(30), criteria[1].pk: Decimal(40)},
    )
    return {
        "school": school,
        "course": course,
        "submission": submission,
        "teacher": teacher,
        "rubric": rubric,
        "criteria": criteria,
        "enrolment": enrolment,
    }


@pytest.fixture
def worlds():
    return {
        "jinjiang": _world(JINJIANG, "锦江学校", "jj@example.org"),
        "qingyang": _world(QINGYANG, "青羊学校", "qy@example.org"),
    }


VIEWSETS = {
    "practical-hand-ins": ("jj@example.org", "qy@example.org"),
    "practical-rubrics": ("锦江学校考核", "青羊学校考核"),
    "practical-scores": ("jj@example.org", "qy@example.org"),
    "practical-results": ("jj@example.org", "qy@example.org"),
}


def _export(client, name):
    response = client.get(reverse(f"{name}:index") + "?export=csv")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("name", list(VIEWSETS))
def test_an_instructor_sees_only_their_institution_in_list_and_export(
    client, worlds, name
):
    ours, theirs = VIEWSETS[name]
    client.force_login(worlds["jinjiang"]["teacher"])
    listing = client.get(reverse(f"{name}:index"))
    assert listing.status_code == 200
    assert ours in listing.text and theirs not in listing.text
    body = _export(client, name)
    assert ours in body and theirs not in body


@pytest.mark.parametrize("name", list(VIEWSETS))
def test_a_county_officer_sees_their_county_and_a_province_officer_both(
    client, worlds, name
):
    ours, theirs = VIEWSETS[name]
    client.force_login(factories.officer(JINJIANG))
    body = _export(client, name)
    assert ours in body and theirs not in body
    client.force_login(factories.officer(SICHUAN, Role.HR_OFFICER))
    body = _export(client, name)
    assert ours in body and theirs in body


def test_the_export_is_xlsx_too(client, worlds):
    client.force_login(worlds["jinjiang"]["teacher"])
    response = client.get(reverse("practical-hand-ins:index") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_an_instructor_grades_from_the_admin(client, worlds):
    world = worlds["jinjiang"]
    client.force_login(world["teacher"])
    url = reverse("practical-hand-ins:edit", args=[world["submission"].pk])
    assert "作品" in client.get(url).text
    response = client.post(url, {"result": "passed", "score": "", "comment": "好"})
    assert response.status_code == 302
    world["submission"].refresh_from_db()
    assert world["submission"].status == SubmissionStatus.PASSED
    assert world["submission"].comment == "好"


def test_a_score_over_100_shows_on_the_form_and_changes_nothing(client, worlds):
    world = worlds["jinjiang"]
    client.force_login(world["teacher"])
    url = reverse("practical-hand-ins:edit", args=[world["submission"].pk])
    response = client.post(url, {"result": "", "score": "150", "comment": ""})
    assert response.status_code == 200
    assert "between 0 and 100" in response.text
    world["submission"].refresh_from_db()
    assert world["submission"].status == SubmissionStatus.SUBMITTED


def test_another_institutions_instructor_gets_404_when_grading(client, worlds):
    client.force_login(worlds["qingyang"]["teacher"])
    submission = worlds["jinjiang"]["submission"]
    url = reverse("practical-hand-ins:edit", args=[submission.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"result": "passed", "comment": "越权"})
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    inspect = reverse("practical-hand-ins:inspect", args=[submission.pk])
    assert client.get(inspect).status_code == 404


def test_hand_ins_cannot_be_deleted_from_the_admin(client, worlds):
    world = worlds["jinjiang"]
    client.force_login(factories.institution_staff(world["school"]))
    url = reverse("practical-hand-ins:delete", args=[world["submission"].pk])
    assert client.post(url).status_code in (302, 403)
    assert (
        world["submission"].__class__.objects.filter(pk=world["submission"].pk).exists()
    )


def test_an_assessor_scores_through_the_scoresheet_form(client, worlds):
    world = worlds["jinjiang"]
    second = make.instructor(world["school"])
    client.force_login(second)
    url = reverse("practical-scores:add") + f"?rubric={world['rubric'].pk}"
    page = client.get(url)
    assert page.status_code == 200 and "评分项1 (0–40.00)" in page.text
    first, other = world["criteria"]
    response = client.post(
        url,
        {
            "rubric": world["rubric"].pk,
            "enrolment": world["enrolment"].pk,
            "comment": "",
            f"criterion_{first.pk}": "20",
            f"criterion_{other.pk}": "30",
        },
    )
    assert response.status_code == 302
    assert Assessment.objects.get(assessor=second).total == Decimal("50.00")


def test_marks_above_the_maximum_are_refused_on_the_form(client, worlds):
    world = worlds["jinjiang"]
    client.force_login(make.instructor(world["school"]))
    first, other = world["criteria"]
    response = client.post(
        reverse("practical-scores:add"),
        {
            "rubric": world["rubric"].pk,
            "enrolment": world["enrolment"].pk,
            f"criterion_{first.pk}": "41",
            f"criterion_{other.pk}": "30",
        },
    )
    assert response.status_code == 200
    assert "takes 0 to 40.00" in response.text
    assert Assessment.objects.count() == 2  # one per world, nothing new


def test_a_rubric_is_authored_with_inline_criteria(client, worlds):
    world = worlds["jinjiang"]
    course = make.practical_course(world["school"], title="新实训课")
    client.force_login(world["teacher"])
    response = client.post(
        reverse("practical-rubrics:add"),
        {
            "course": course.pk,
            "title": "竹编考核",
            "pass_mark": "30",
            "aggregation": "average",
            "lead_assessor": "",
            "criteria-TOTAL_FORMS": "2",
            "criteria-INITIAL_FORMS": "0",
            "criteria-MIN_NUM_FORMS": "1",
            "criteria-MAX_NUM_FORMS": "1000",
            "criteria-0-title": "编织密度",
            "criteria-0-max_marks": "20",
            "criteria-0-descriptors": "",
            "criteria-0-ORDER": "1",
            "criteria-1-title": "造型",
            "criteria-1-max_marks": "30",
            "criteria-1-descriptors": "",
            "criteria-1-ORDER": "2",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    rubric = Rubric.objects.get(title="竹编考核")
    assert rubric.max_total == Decimal(50)


def test_a_rubric_cannot_be_put_on_another_institutions_course(client, worlds):
    client.force_login(worlds["jinjiang"]["teacher"])
    other_course = make.practical_course(worlds["qingyang"]["school"], title="别家")
    response = client.post(
        reverse("practical-rubrics:add"),
        {
            "course": other_course.pk,
            "title": "越权考核",
            "pass_mark": "10",
            "aggregation": "average",
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-MIN_NUM_FORMS": "1",
            "criteria-MAX_NUM_FORMS": "1000",
            "criteria-0-title": "项",
            "criteria-0-max_marks": "20",
            "criteria-0-ORDER": "1",
        },
    )
    assert response.status_code == 200
    assert not Rubric.objects.filter(title="越权考核").exists()
