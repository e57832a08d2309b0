"""The trainee's own learning record (我的学习), gathered in a fixed number of queries:
courses with their completion progress, verified hours by training mode, upcoming
sessions and certificates."""

from __future__ import annotations

from dataclasses import dataclass, field

from courses.models import CourseSession, LessonPage, TrainingMode
from lms.models import Person
from trainees.certificates.models import Certificate
from trainees.certificates.selectors import certificates_for
from trainees.evidence.attendance.selectors import upcoming_sessions
from trainees.evidence.quizzes.selectors import required_by_course
from trainees.models import Enrolment, EnrolmentStatus, LessonProgress
from trainees.progress import completion


@dataclass(frozen=True)
class CourseLine:
    enrolment: Enrolment
    completion: completion.Completion | None  # None unless enrolled
    resume: LessonPage | None = None  # the unfinished lesson watched last
    has_quizzes: bool = False

    @property
    def percent(self) -> int:
        """Progress towards the completion rule, rounded down so that only a
        finished course reads 100 %."""
        if self.enrolment.completed_at:
            return 100
        if not self.completion:
            return 0
        return min(int(self.completion.progress * 100), 99)

    @property
    def still_needed(self) -> list[completion.Requirement]:
        """The unmet parts of the rule; none once the course is finished."""
        if self.enrolment.completed_at or not self.completion:
            return []
        return [r for r in self.completion.requirements if not r.met]


@dataclass(frozen=True)
class HoursLine:
    mode: str
    label: str
    watched_seconds: int
    attended_seconds: int


@dataclass(frozen=True)
class LearningRecord:
    courses: list[CourseLine]
    hours: list[HoursLine]
    upcoming: list[CourseSession]
    certificates: list[Certificate] = field(default_factory=list)


def _resume_lessons(enrolments: list[Enrolment]) -> dict[int, LessonPage]:
    """Per enrolment id, the live lesson it left unfinished last, in two queries."""
    last: dict[int, int] = {}
    rows = (
        LessonProgress.objects.filter(
            enrolment__in=[e.pk for e in enrolments],
            completed_at__isnull=True,
            lesson__live=True,
        )
        .order_by("-updated_at")
        .values_list("enrolment_id", "lesson_id")
    )
    for enrolment_id, lesson_id in rows:
        last.setdefault(enrolment_id, lesson_id)
    lessons = LessonPage.objects.in_bulk(set(last.values()))
    return {
        pk: lessons[lesson_id] for pk, lesson_id in last.items() if lesson_id in lessons
    }


def learning_record(user) -> LearningRecord:
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .select_related("course")
        .order_by("-requested_at")
    )
    enrolled = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    completions = completion.evaluate(enrolled)
    watched: dict[str, int] = {}
    attended: dict[str, int] = {}
    for enrolment in enrolled:
        mode = enrolment.course.mode
        watched[mode] = watched.get(mode, 0) + enrolment.verified_seconds
        attended[mode] = (
            attended.get(mode, 0)
            + completions[enrolment.pk].attendance.attended_seconds
        )
    hours = [
        HoursLine(mode.value, mode.label, watched.get(mode, 0), attended.get(mode, 0))
        for mode in TrainingMode
        if watched.get(mode) or attended.get(mode)
    ]
    person = Person.objects.filter(user=user).first()
    resume = _resume_lessons(enrolled)
    quizzes = required_by_course({e.course_id for e in enrolled})
    return LearningRecord(
        courses=[
            CourseLine(
                e,
                completions.get(e.pk),
                resume.get(e.pk),
                bool(quizzes.get(e.course_id)),
            )
            for e in enrolments
        ],
        hours=hours,
        upcoming=upcoming_sessions(user),
        certificates=certificates_for([person])[person.pk] if person else [],
    )
