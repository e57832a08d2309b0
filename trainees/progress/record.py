"""The trainee's own learning record (我的学习), gathered in a fixed number of queries:
courses with their completion progress, verified hours by training mode, upcoming
sessions and certificates."""

from __future__ import annotations

from dataclasses import dataclass, field

from courses.models import CourseSession, TrainingMode
from lms.models import Person
from trainees.certificates.models import Certificate
from trainees.certificates.selectors import certificates_for
from trainees.evidence.attendance.selectors import upcoming_sessions
from trainees.models import Enrolment, EnrolmentStatus
from trainees.progress import completion


@dataclass(frozen=True)
class CourseLine:
    enrolment: Enrolment
    completion: completion.Completion | None  # None unless enrolled

    @property
    def percent(self) -> int:
        if self.enrolment.completed_at:
            return 100
        return round(self.completion.progress * 100) if self.completion else 0


@dataclass(frozen=True)
class HoursLine:
    mode: str
    label: str
    watched_hours: float
    attended_hours: float


@dataclass(frozen=True)
class LearningRecord:
    courses: list[CourseLine]
    hours: list[HoursLine]
    upcoming: list[CourseSession]
    certificates: list[Certificate] = field(default_factory=list)


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
        HoursLine(
            mode.value,
            mode.label,
            round(watched.get(mode, 0) / 3600, 1),
            round(attended.get(mode, 0) / 3600, 1),
        )
        for mode in TrainingMode
        if watched.get(mode) or attended.get(mode)
    ]
    person = Person.objects.filter(user=user).first()
    return LearningRecord(
        courses=[CourseLine(e, completions.get(e.pk)) for e in enrolments],
        hours=hours,
        upcoming=upcoming_sessions(user),
        certificates=certificates_for([person])[person.pk] if person else [],
    )
