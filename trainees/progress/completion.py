"""A course's completion rule (结业条件): what its training mode needs, read from
every kind of evidence at once, for one enrolment or a whole cohort.

| requirement  | applies when                                                    |
| ------------ | --------------------------------------------------------------- |
| watch        | distance and order-based courses that have video lessons        |
| attendance   | centralized, on-site and practical courses; order-based ones    |
|              | with scheduled sessions                                         |
| tasks        | the course has practical tasks                                  |
| quizzes      | the course has quizzes required for completion                  |
| assessment   | the course has a rubric assessment                              |

A course that records none of these has no verifiable evidence and never completes
by itself. When the rule is first met the enrolment's ``completed_at`` is set, once,
and the certificate the course awards is issued.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Least
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import SCHEDULED_MODES, LessonKind, TrainingMode
from courses.selectors import live_lesson_counts
from lms.templatetags.jiangxin_format import hours
from trainees.certificates.services import issue_certificate
from trainees.evidence.attendance.selectors import (
    AttendanceFigure,
    attendance_by_enrolment,
)
from trainees.evidence.practical.selectors import (
    PracticalFigure,
    practical_by_enrolment,
)
from trainees.evidence.quizzes.selectors import QuizFigure, quizzes_by_enrolment
from trainees.models import Enrolment, EnrolmentStatus, LessonProgress
from trainees.signals import evidence_changed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Requirement:
    """One part of the rule, whether it is met, and the evidence in words."""

    code: str
    met: bool
    evidence: str
    progress: float = 0.0  # how far towards it, 0.0–1.0, for progress bars


@dataclass(frozen=True)
class Completion:
    enrolment_id: int
    requirements: tuple[Requirement, ...]
    attendance: AttendanceFigure  # read for the rule; pages show its hours too

    @property
    def met(self) -> bool:
        return bool(self.requirements) and all(r.met for r in self.requirements)

    @property
    def progress(self) -> float:
        """The mean progress over the requirements, 0.0–1.0."""
        if not self.requirements:
            return 0.0
        return sum(r.progress for r in self.requirements) / len(self.requirements)


def _share(done: float, needed: float) -> float:
    return 1.0 if needed <= 0 else max(0.0, min(1.0, done / needed))


@dataclass(frozen=True)
class _Watch:
    videos: int = 0
    completed: int = 0
    progress: float = 0.0  # the lessons' progress towards completion, summed


# A lesson's progress towards completing it, as its page shows it: 1 once complete,
# else the covered share over the share required (LessonProgressView.progress).
_LESSON_PROGRESS = Case(
    When(completed_at__isnull=False, then=Value(1.0)),
    When(
        duration__gt=0,
        required_share__gt=0,
        then=Least(
            Value(0.99),
            F("covered_seconds") * 100.0 / (F("duration") * F("required_share")),
        ),
    ),
    default=Value(0.0),
    output_field=FloatField(),
)


def _watch_by_enrolment(enrolments: list[Enrolment]) -> dict[int, _Watch]:
    videos = live_lesson_counts(
        {e.course_id for e in enrolments}, kind=LessonKind.VIDEO, video__isnull=False
    )
    rows = (
        LessonProgress.objects.filter(
            enrolment__in=[e.pk for e in enrolments],
            lesson__live=True,
            lesson__kind=LessonKind.VIDEO,
            lesson__video__isnull=False,
        )
        .order_by()
        .values("enrolment_id")
        .annotate(
            done=Count("pk", filter=Q(completed_at__isnull=False)),
            progress=Sum(_LESSON_PROGRESS),
        )
        .values_list("enrolment_id", "done", "progress")
    )
    figures = {enrolment_id: (done, progress) for enrolment_id, done, progress in rows}
    return {
        e.pk: _Watch(videos.get(e.course_id, 0), *figures.get(e.pk, (0, 0.0)))
        for e in enrolments
    }


def _requirements(
    enrolment: Enrolment,
    watch: _Watch,
    attendance: AttendanceFigure,
    practical: PracticalFigure,
    quizzes: QuizFigure,
) -> tuple[Requirement, ...]:
    course = enrolment.course
    needs = []
    if watch.videos and course.mode in (
        TrainingMode.DISTANCE,
        TrainingMode.ORDER_BASED,
    ):
        needs.append(
            Requirement(
                "watch",
                watch.completed >= watch.videos,
                _("%(done)d of %(total)d video lessons watched to %(share)d %%")
                % {
                    "done": watch.completed,
                    "total": watch.videos,
                    "share": course.completion_share,
                },
                _share(watch.progress, watch.videos),
            )
        )
    if course.mode in SCHEDULED_MODES and not attendance.sessions_total:
        needs.append(
            Requirement(
                "attendance",
                False,
                _("attendance at the sessions, once the institution schedules them"),
            )
        )
    elif attendance.sessions_total and (
        course.mode in SCHEDULED_MODES or course.mode == TrainingMode.ORDER_BASED
    ):
        needs.append(
            Requirement(
                "attendance",
                attendance.share * 100 >= course.attendance_share,
                _("attended %(attended)s h of %(scheduled)s h (%(required)d %% needed)")
                % {
                    "attended": hours(attendance.attended_seconds),
                    "scheduled": hours(attendance.scheduled_seconds),
                    "required": course.attendance_share,
                },
                _share(attendance.share * 100, course.attendance_share),
            )
        )
    if practical.tasks_total:
        needs.append(
            Requirement(
                "tasks",
                practical.tasks_passed >= practical.tasks_total,
                _("%(passed)d of %(total)d practical tasks passed")
                % {"passed": practical.tasks_passed, "total": practical.tasks_total},
                _share(practical.tasks_passed, practical.tasks_total),
            )
        )
    if quizzes.required_total:
        needs.append(
            Requirement(
                "quizzes",
                quizzes.required_passed >= quizzes.required_total,
                _("%(passed)d of %(total)d required quizzes passed")
                % {"passed": quizzes.required_passed, "total": quizzes.required_total},
                _share(quizzes.required_passed, quizzes.required_total),
            )
        )
    if practical.assessment_required:
        needs.append(
            Requirement(
                "assessment",
                practical.assessment_passed is True,
                _("practical assessment: not yet scored")
                if practical.assessment_passed is None
                else _("practical assessment: %(score)s, %(verdict)s")
                % {
                    "score": practical.assessment_score,
                    "verdict": _("passed")
                    if practical.assessment_passed
                    else _("failed"),
                },
                1.0 if practical.assessment_passed else 0.0,
            )
        )
    return tuple(needs)


def evaluate(enrolments: Iterable[Enrolment]) -> dict[int, Completion]:
    """The rule for each enrolment, by id, in a fixed number of queries."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    watch = _watch_by_enrolment(enrolments)
    attendance = attendance_by_enrolment(enrolments)
    practical = practical_by_enrolment(enrolments)
    quizzes = quizzes_by_enrolment(enrolments)
    return {
        e.pk: Completion(
            e.pk,
            _requirements(
                e,
                watch[e.pk],
                attendance.get(e.pk, AttendanceFigure()),
                practical.get(e.pk, PracticalFigure()),
                quizzes.get(e.pk, QuizFigure()),
            ),
            attendance.get(e.pk, AttendanceFigure()),
        )
        for e in enrolments
    }


def record_completion(enrolment: Enrolment) -> bool:
    """Set ``completed_at`` the first time the rule is met and issue the course's
    certificate; True when the enrolment is (now or already) complete."""
    enrolment = Enrolment.objects.select_related("course").get(pk=enrolment.pk)
    if enrolment.completed_at is None:
        if not evaluate([enrolment])[enrolment.pk].met:
            return False
        Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=timezone.now(), updated_at=timezone.now()
        )
    if enrolment.course.awards:
        try:
            issue_certificate(enrolment=enrolment)
        except ValidationError as error:
            # e.g. no real name and ID number yet: the institution issues it later.
            logger.warning(
                "No certificate for enrolment %s: %s", enrolment.pk, error.messages
            )
    return True


@receiver(evidence_changed)
def _reevaluate(sender, enrolment, **kwargs) -> None:
    """Sent on commit by the services that record evidence (``watch.record_heartbeat``
    and the attendance, practical and quizzes services), each of which names it."""
    record_completion(enrolment)


def still_needed(user, course) -> list[str] | None:
    """What this trainee still needs to finish the course, in words: the unmet parts
    of the rule; empty once finished; None for anyone not enrolled (the
    ``course_still_needed`` hook of ``courses.access``)."""
    enrolment = (
        Enrolment.objects.filter(
            user=user, course=course, status=EnrolmentStatus.ENROLLED
        )
        .select_related("course")
        .first()
        if user.is_authenticated
        else None
    )
    if enrolment is None:
        return None
    if enrolment.completed_at:
        return []
    completion = evaluate([enrolment])[enrolment.pk]
    if not completion.requirements:
        return [_("This course records no evidence of learning yet.")]
    return [r.evidence for r in completion.requirements if not r.met]
