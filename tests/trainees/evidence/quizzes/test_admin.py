"""Quizzes in the admin: authoring within the institution, the question bank's
checks, and the attempts list, scoped and exported."""

import pytest
from django.urls import reverse

from lms.roles import Role
from tests import factories
from tests.trainees.evidence.quizzes import factories as quizzes
from trainees.evidence.quizzes.models import Question, Quiz
from trainees.evidence.quizzes.services import start_attempt, submit_attempt

pytestmark = pytest.mark.django_db

JINJIANG, QINGYANG, SICHUAN = "510104", "510105", "510000"


@pytest.fixture
def two_schools():
    """A school in each county, each with a quiz that one trainee has taken."""
    found = {}
    for code, title in ((JINJIANG, "锦江测验"), (QINGYANG, "青羊测验")):
        school = factories.institution(code)
        course = factories.course(school, title=f"{title}课程")
        quiz = quizzes.quiz(course, title=title)
        user, _ = quizzes.enrolled(
            course, factories.trainee(username=f"trainee-{code}")
        )
        submit_attempt(
            attempt=start_attempt(quiz=quiz, user=user),
            answers={},
        )
        found[code] = (school, course, quiz)
    return found


def export(client, name):
    response = client.get(reverse(f"{name}:index") + "?export=csv")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_a_county_officer_sees_their_countys_attempts_not_the_neighbours(
    client, two_schools
):
    client.force_login(factories.officer(JINJIANG))
    page = client.get(reverse("quiz-attempts:index")).text
    assert "trainee-510104" in page
    assert "trainee-510105" not in page
    body = export(client, "quiz-attempts")
    assert "trainee-510104" in body
    assert "trainee-510105" not in body


def test_a_province_officer_sees_both_counties(client, two_schools):
    client.force_login(factories.officer(SICHUAN, Role.HR_OFFICER))
    body = export(client, "quiz-attempts")
    assert "trainee-510104" in body and "trainee-510105" in body
    quizzes_body = export(client, "quiz-admin")
    assert "锦江测验" in quizzes_body and "青羊测验" in quizzes_body


def test_institution_staff_see_only_their_quizzes_and_questions(client, two_schools):
    school, _course, _quiz = two_schools[JINJIANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    for name in ("quiz-admin", "quiz-attempts"):
        page = client.get(reverse(f"{name}:index")).text
        assert "青羊测验" not in page, name
    body = export(client, "quiz-admin")
    assert "锦江测验" in body and "青羊测验" not in body
    questions = export(client, "quiz-questions")
    assert "锦江测验" in questions and "青羊测验" not in questions


def test_staff_reaching_into_another_institutions_quiz_find_nothing(
    client, two_schools
):
    school, _course, _quiz = two_schools[JINJIANG]
    _other_school, _other_course, other = two_schools[QINGYANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    assert client.get(reverse("quiz-admin:edit", args=[other.pk])).status_code == 404
    question = other.questions.first()
    url = reverse("quiz-questions:edit", args=[question.pk])
    assert client.get(url).status_code == 404
    attempt = other.attempts.get()
    url = reverse("quiz-attempts:inspect", args=[attempt.pk])
    assert client.get(url).status_code == 404


def test_filters_by_quiz_and_result(client, two_schools):
    _school, _course, quiz = two_schools[JINJIANG]
    client.force_login(factories.officer(SICHUAN))
    url = reverse("quiz-attempts:index")
    page = client.get(url, {"quiz": quiz.pk}).text
    assert "trainee-510104" in page and "trainee-510105" not in page
    assert "trainee-510104" not in client.get(url, {"passed": "true"}).text


def test_nobody_adds_or_edits_an_attempt_by_hand(client, two_schools):
    _school, _course, quiz = two_schools[JINJIANG]
    client.force_login(factories.UserFactory(is_superuser=True))
    assert client.get(reverse("quiz-attempts:add")).status_code in (302, 403)
    attempt = quiz.attempts.get()
    url = reverse("quiz-attempts:edit", args=[attempt.pk])
    assert client.get(url).status_code in (302, 403)


def quiz_form(course, **fields):
    return {
        "course": course.pk,
        "title": "新测验",
        "instructions": "",
        "max_attempts": 2,
        "pass_mark": 60,
        "required_for_completion": "on",
        **fields,
    }


def test_an_instructor_creates_a_quiz_for_their_course(client, two_schools):
    school, course, _quiz = two_schools[JINJIANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.post(reverse("quiz-admin:add"), quiz_form(course))
    assert response.status_code == 302
    assert Quiz.objects.filter(title="新测验", course=course).exists()


def test_a_quiz_cannot_be_put_on_another_institutions_course(client, two_schools):
    school, _course, _quiz = two_schools[JINJIANG]
    _other, other_course, _other_quiz = two_schools[QINGYANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.post(reverse("quiz-admin:add"), quiz_form(other_course))
    assert response.status_code == 200
    assert not Quiz.objects.filter(title="新测验").exists()


def test_a_quiz_cannot_open_without_questions(client, two_schools):
    school, course, _quiz = two_schools[JINJIANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.post(reverse("quiz-admin:add"), quiz_form(course, published="on"))
    assert response.status_code == 200
    assert "Add questions before opening" in response.text
    assert not Quiz.objects.filter(title="新测验").exists()


def test_a_draw_larger_than_the_bank_is_refused(client, two_schools):
    school, course, quiz = two_schools[JINJIANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.post(
        reverse("quiz-admin:edit", args=[quiz.pk]),
        quiz_form(course, title=quiz.title, published="on", draw_count=9),
    )
    assert response.status_code == 200
    assert "only 3 questions" in response.text
    quiz.refresh_from_db()
    assert quiz.draw_count is None


def question_form(quiz, kind, choices):
    data = {
        "quiz": quiz.pk,
        "kind": kind,
        "text": "以下哪些是蜀绣针法？",
        "explanation": "",
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 2,
        "choices-MAX_NUM_FORMS": 1000,
    }
    for n, (text, correct) in enumerate(choices):
        data[f"choices-{n}-text"] = text
        data[f"choices-{n}-ORDER"] = n + 1
        data[f"choices-{n}-id"] = ""
        if correct:
            data[f"choices-{n}-is_correct"] = "on"
    return data


def test_an_author_adds_a_multiple_choice_question(client, two_schools):
    school, _course, quiz = two_schools[JINJIANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    data = question_form(
        quiz, "multiple", [("套针", True), ("掺针", True), ("十字绣", False)]
    )
    response = client.post(reverse("quiz-questions:add"), data)
    assert response.status_code == 302, response.text
    question = Question.objects.get(text="以下哪些是蜀绣针法？")
    assert question.choices.filter(is_correct=True).count() == 2


@pytest.mark.parametrize(
    ("kind", "choices", "message"),
    [
        ("single", [("甲", True), ("乙", True)], "exactly one choice"),
        ("multiple", [("甲", False), ("乙", False)], "at least one choice"),
        ("true_false", [("对", True), ("错", False), ("不知道", False)], "two choices"),
    ],
)
def test_a_malformed_question_is_refused_and_nothing_saved(
    client, two_schools, kind, choices, message
):
    school, _course, quiz = two_schools[JINJIANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    response = client.post(
        reverse("quiz-questions:add"), question_form(quiz, kind, choices)
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Question.objects.filter(text="以下哪些是蜀绣针法？").exists()


def test_a_question_cannot_go_into_another_institutions_quiz(client, two_schools):
    school, _course, _quiz = two_schools[JINJIANG]
    _other, _other_course, other_quiz = two_schools[QINGYANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    data = question_form(other_quiz, "single", [("甲", True), ("乙", False)])
    response = client.post(reverse("quiz-questions:add"), data)
    assert response.status_code == 200
    assert not Question.objects.filter(text="以下哪些是蜀绣针法？").exists()


def test_a_quiz_or_question_that_trainees_answered_cannot_be_deleted(
    client, two_schools
):
    school, _course, quiz = two_schools[JINJIANG]
    client.force_login(factories.institution_staff(school, Role.INSTRUCTOR))
    question = quiz.attempts.get().items.first().question
    for url in (
        reverse("quiz-questions:delete", args=[question.pk]),
        reverse("quiz-admin:delete", args=[quiz.pk]),
    ):
        response = client.post(url, follow=True)
        assert response.status_code in (200, 403), url
    assert Question.objects.filter(pk=question.pk).exists()
    assert Quiz.objects.filter(pk=quiz.pk).exists()
