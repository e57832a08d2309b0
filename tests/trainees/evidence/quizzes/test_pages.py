"""The trainee's quiz pages: only enrolled trainees reach them, answers are graded on
the server, and the correct answers stay hidden until the author allows them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.trainees.evidence.quizzes import factories as quizzes
from trainees.evidence.quizzes.models import Attempt, AttemptStatus, QuestionKind
from trainees.evidence.quizzes.services import start_attempt, submit_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return factories.course(factories.institution())


@pytest.fixture
def setup(course, client):
    quiz = quizzes.quiz(course, questions=0, max_attempts=2, show_answers=True)
    quizzes.question(quiz, QuestionKind.SINGLE, text="哪一种是平针？")
    quizzes.question(quiz, QuestionKind.TRUE_FALSE, text="蜀绣起源于四川。")
    user, _ = quizzes.enrolled(course)
    client.force_login(user)
    return quiz, user


def attempt_url(attempt):
    return reverse("quizzes:attempt", args=[attempt.pk])


def post_answers(client, attempt, answers, action="submit"):
    data = {f"q{qid}": [str(pk) for pk in pks] for qid, pks in answers.items()}
    return client.post(attempt_url(attempt), {**data, "action": action})


def test_an_enrolled_trainee_starts_answers_and_sees_the_score(client, setup):
    quiz, user = setup
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=user)
    assert response.url == attempt_url(attempt)
    page = client.get(attempt_url(attempt))
    assert "哪一种是平针？" in page.text
    response = post_answers(client, attempt, quizzes.right_answers(attempt))
    assert response.status_code == 302
    result = client.get(attempt_url(attempt))
    assert "100%" in result.text
    assert "Passed" in result.text
    assert "1 attempt left." in result.text


def test_the_open_attempt_never_tells_which_choices_are_correct(client, setup):
    quiz, user = setup
    attempt = start_attempt(quiz=quiz, user=user)
    page = client.get(attempt_url(attempt)).text
    assert "correct" not in page.lower()
    assert "is_correct" not in page


def test_answers_stay_hidden_while_attempts_remain(client, setup):
    quiz, user = setup
    attempt = submit_attempt(attempt=start_attempt(quiz=quiz, user=user), answers={})
    page = client.get(attempt_url(attempt)).text
    assert "correct-answer" not in page
    assert "shown after your last attempt" in page


def test_answers_are_shown_after_the_last_attempt_when_allowed(client, setup):
    quiz, user = setup
    for _n in range(2):
        attempt = submit_attempt(
            attempt=start_attempt(quiz=quiz, user=user), answers={}
        )
    page = client.get(attempt_url(attempt)).text
    assert "Correct answers" in page
    assert page.count("correct-answer") == 2  # one correct choice per question
    assert "0 attempts left." in page


def test_answers_stay_hidden_after_the_last_attempt_if_the_author_says_so(
    client, setup
):
    quiz, user = setup
    quiz.show_answers = False
    quiz.save()
    for _n in range(2):
        attempt = submit_attempt(
            attempt=start_attempt(quiz=quiz, user=user), answers={}
        )
    page = client.get(attempt_url(attempt)).text
    assert "correct-answer" not in page
    assert "does not show the correct answers" in page


def test_saving_keeps_answers_and_the_attempt_open(client, setup):
    quiz, user = setup
    attempt = start_attempt(quiz=quiz, user=user)
    right = quizzes.right_answers(attempt)
    response = post_answers(client, attempt, right, action="save")
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_open
    assert {i.question_id: i.selected for i in attempt.items.all()} == right


def test_a_background_save_answers_with_json(client, setup):
    quiz, user = setup
    attempt = start_attempt(quiz=quiz, user=user)
    data = {
        f"q{qid}": [str(pk) for pk in pks]
        for qid, pks in quizzes.right_answers(attempt).items()
    }
    response = client.post(
        attempt_url(attempt),
        {**data, "action": "save"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.json() == {"saved": True}


def test_a_garbled_answer_is_refused_and_nothing_is_lost(client, setup):
    quiz, user = setup
    attempt = start_attempt(quiz=quiz, user=user)
    right = quizzes.right_answers(attempt)
    post_answers(client, attempt, right, action="save")
    first = next(iter(right))
    response = client.post(
        attempt_url(attempt), {f"q{first}": "not-a-number", "action": "submit"}
    )
    assert response.status_code == 200
    assert "could not be read" in response.text
    attempt.refresh_from_db()
    assert attempt.is_open
    assert {i.question_id: i.selected for i in attempt.items.all()} == right


def test_a_late_submission_is_refused_with_a_clear_message(client, setup):
    quiz, user = setup
    quiz.time_limit_minutes = 5
    quiz.save()
    started = timezone.now() - dt.timedelta(minutes=6)
    attempt = start_attempt(quiz=quiz, user=user, now=started)
    response = post_answers(client, attempt, quizzes.right_answers(attempt))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.TIMED_OUT
    assert attempt.correct_count == 0
    page = client.get(response.url)
    assert "arrived too late" in page.text
    assert "0%" in page.text


def test_opening_a_lapsed_attempt_closes_it(client, setup):
    quiz, user = setup
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = start_attempt(
        quiz=quiz, user=user, now=timezone.now() - dt.timedelta(minutes=6)
    )
    page = client.get(attempt_url(attempt))
    assert "Time ran out" in page.text
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.TIMED_OUT


def test_a_stranger_finds_no_quiz(client, course, setup):
    quiz, user = setup
    attempt = start_attempt(quiz=quiz, user=user)
    client.force_login(factories.trainee())
    assert client.get(reverse("quizzes:quiz", args=[quiz.pk])).status_code == 404
    assert client.post(reverse("quizzes:start", args=[quiz.pk])).status_code == 404
    assert client.get(attempt_url(attempt)).status_code == 404
    assert post_answers(client, attempt, {}).status_code == 404
    url = reverse("quizzes:course-quizzes", args=[course.pk])
    assert client.get(url).status_code == 404
    assert Attempt.objects.count() == 1


def test_staff_of_another_institution_find_no_quiz(client, setup):
    quiz, _user = setup
    client.force_login(factories.institution_staff(factories.institution("510105")))
    assert client.get(reverse("quizzes:quiz", args=[quiz.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(setup):
    from django.test import Client

    quiz, _user = setup
    response = Client().get(reverse("quizzes:quiz", args=[quiz.pk]))
    assert response.status_code == 302
    assert "login" in response.url


def test_an_unpublished_quiz_is_not_found(client, course, setup):
    quiz, _user = setup
    quiz.published = False
    quiz.save()
    assert client.get(reverse("quizzes:quiz", args=[quiz.pk])).status_code == 404


def test_the_course_page_of_quizzes_lists_results(client, course, setup):
    quiz, user = setup
    submit_attempt(
        attempt=start_attempt(quiz=quiz, user=user),
        answers={},
    )
    page = client.get(reverse("quizzes:course-quizzes", args=[course.pk])).text
    assert quiz.title in page
    assert "Attempts: 1 of 2" in page


def test_no_more_starts_once_the_attempts_are_used(client, setup):
    quiz, user = setup
    for _n in range(2):
        submit_attempt(attempt=start_attempt(quiz=quiz, user=user), answers={})
    response = client.post(reverse("quizzes:start", args=[quiz.pk]), follow=True)
    assert "used all 2 attempts" in response.text
    assert Attempt.objects.count() == 2
