"""Quizzes for tests: a course with an enrolled trainee, a quiz and its bank."""

from __future__ import annotations

from tests import factories
from trainees.evidence.quizzes.models import Choice, Question, QuestionKind, Quiz
from trainees.services import enrol_trainee


def enrolled(course, user=None):
    """A trainee holding a place on the course; returns (user, enrolment)."""
    user = user or factories.trainee()
    return user, enrol_trainee(user=user, course=course)


def question(quiz: Quiz, kind: str = QuestionKind.SINGLE, choices=None, text=None):
    """A question with its choices, given as (text, correct) pairs."""
    if choices is None:
        choices = {
            QuestionKind.SINGLE: [("平针", True), ("打籽", False), ("套针", False)],
            QuestionKind.MULTIPLE: [("红", True), ("蓝", True), ("绿", False)],
            QuestionKind.TRUE_FALSE: [("对", True), ("错", False)],
        }[kind]
    asked = Question.objects.create(quiz=quiz, kind=kind, text=text or f"{kind}?")
    for order, (label, correct) in enumerate(choices):
        Choice.objects.create(
            question=asked, text=label, is_correct=correct, sort_order=order
        )
    return asked


def quiz(course, *, questions: int = 3, **fields) -> Quiz:
    """A published quiz with a bank of single-choice questions."""
    fields.setdefault("title", "蜀绣针法测验")
    fields.setdefault("published", True)
    made = Quiz.objects.create(course=course, **fields)
    for n in range(questions):
        question(made, text=f"第{n + 1}题")
    return made


def right_answers(attempt) -> dict[int, list[int]]:
    """The correct choices of every question drawn for the attempt."""
    return {
        item.question_id: [c.pk for c in item.question.choices.all() if c.is_correct]
        for item in attempt.items.select_related("question")
    }


def wrong_answers(attempt) -> dict[int, list[int]]:
    return {
        item.question_id: [
            c.pk for c in item.question.choices.all() if not c.is_correct
        ][:1]
        for item in attempt.items.select_related("question")
    }
