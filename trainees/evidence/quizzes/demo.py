"""A demo quiz on the demo distance course: a small bank of 蜀绣 questions of each
kind. Idempotent: the quiz is found by course and title before anything is made."""

from __future__ import annotations

from django.db import transaction

from courses.demo import DISTANCE_TITLE
from courses.models import CoursePage
from trainees.evidence.quizzes.models import Choice, Question, QuestionKind, Quiz

QUIZ_TITLE = "蜀绣针法小测验"
QUESTIONS = [
    (
        QuestionKind.SINGLE,
        "蜀绣的中心产地是哪里？",
        [("成都", True), ("苏州", False), ("长沙", False), ("广州", False)],
        "蜀绣又称川绣，以成都为中心。",
    ),
    (
        QuestionKind.SINGLE,
        "蜀绣在哪一年列入第一批国家级非物质文化遗产名录？",
        [("2006 年", True), ("2008 年", False), ("2011 年", False)],
        "",
    ),
    (
        QuestionKind.MULTIPLE,
        "以下哪些是蜀绣常用的针法？",
        [("套针", True), ("掺针", True), ("十字绣", False), ("晕针", True)],
        "套针、掺针、晕针都是蜀绣的传统针法。",
    ),
    (
        QuestionKind.TRUE_FALSE,
        "起针和收针时都要把线头藏在绣面背后。",
        [("对", True), ("错", False)],
        "",
    ),
    (
        QuestionKind.TRUE_FALSE,
        "蜀绣只能用丝线，不能用其他材料。",
        [("对", False), ("错", True)],
        "",
    ),
]


@transaction.atomic
def load_demo() -> int:
    """Add the demo quiz if the demo course exists; return how many objects were
    created."""
    course = CoursePage.objects.filter(title=DISTANCE_TITLE).first()
    if course is None or Quiz.objects.filter(course=course, title=QUIZ_TITLE).exists():
        return 0
    quiz = Quiz.objects.create(
        course=course,
        title=QUIZ_TITLE,
        instructions="从题库中随机抽取 4 题，限时 10 分钟，可作答 3 次，60 分及格。",
        draw_count=4,
        time_limit_minutes=10,
        max_attempts=3,
        pass_mark=60,
        show_answers=True,
        required_for_completion=True,
        published=True,
    )
    created = 1
    for kind, text, choices, explanation in QUESTIONS:
        question = Question.objects.create(
            quiz=quiz, kind=kind, text=text, explanation=explanation
        )
        Choice.objects.bulk_create(
            Choice(question=question, text=label, is_correct=right, sort_order=n)
            for n, (label, right) in enumerate(choices)
        )
        created += 1 + len(choices)
    return created
