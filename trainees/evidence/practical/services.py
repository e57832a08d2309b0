"""Writes of practical work: a trainee hands in work, the instructor grades it,
assessors score a trainee on a rubric and the result follows from their scores."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import ExitStack
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.models import LessonKind, LessonPage
from lms import policy
from lms.models import User
from media import resumable
from media.services import create_video_asset
from trainees.evidence.practical import uploads
from trainees.evidence.practical.models import (
    Aggregation,
    Assessment,
    AssessmentResult,
    CriterionScore,
    Rubric,
    Submission,
    SubmissionPhoto,
    SubmissionStatus,
)
from trainees.models import Enrolment, EnrolmentStatus
from trainees.signals import announce_evidence_changed

CENT = Decimal("0.01")


def pass_score() -> Decimal:
    """The score (of 100) that passes a task graded by score alone."""
    return Decimal(getattr(settings, "PRACTICAL_PASS_SCORE", 60))


def _check_task(enrolment: Enrolment, lesson: LessonPage) -> None:
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("Only trainees on the course can hand in work."))
    if lesson.kind != LessonKind.PRACTICAL or not lesson.live:
        raise ValidationError(_("This lesson takes no practical work."))
    if lesson.get_parent().pk != enrolment.course_id:
        raise ValidationError(_("This task belongs to another course."))


def _passed_already(enrolment: Enrolment, lesson: LessonPage) -> bool:
    return (
        Submission.objects.passed().filter(enrolment=enrolment, lesson=lesson).exists()
    )


def submit_practical_work(
    *,
    enrolment: Enrolment,
    lesson: LessonPage,
    text: str = "",
    photos: Sequence[File] = (),
    video: File | None = None,
) -> Submission:
    """Hand in work for a practical task (提交作业): every file is checked before
    anything is stored, so a refused upload loses nothing and stores nothing."""
    _check_task(enrolment, lesson)
    text = text.strip()
    if not (text or photos or video):
        raise ValidationError(
            _("Describe your work, or add a photo or a video."), code="empty"
        )
    if len(photos) > uploads.max_photos():
        raise ValidationError(
            _("Add at most %(count)d photos.") % {"count": uploads.max_photos()},
            code="too_many_photos",
        )
    errors = []
    checked = []
    for photo in photos:
        try:
            checked.append(uploads.check_photo(photo))
        except ValidationError as error:
            errors.extend(error.messages)
    if video is not None:
        try:
            uploads.check_video(video)  # ffmpeg reads it outside any transaction
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return _record_submission(
        enrolment=enrolment, lesson=lesson, text=text, photos=checked, video=video
    )


def submit_practical_work_from_uploads(
    *,
    enrolment: Enrolment,
    lesson: LessonPage,
    text: str = "",
    photo_uploads: Sequence[uuid.UUID] = (),
    video_upload: uuid.UUID | None = None,
    photos: Sequence[File] = (),
    video: File | None = None,
) -> Submission:
    """Hand in work whose files were sent ahead in resumable chunks (media.resumable)
    by the trainee, beside any that came with the form; each upload is used once."""
    user = enrolment.user
    taken = [
        resumable.take_upload(
            user=user, upload_id=upload_id, purpose=uploads.PHOTO_UPLOAD, lock=False
        )
        for upload_id in photo_uploads
    ]
    if video_upload is not None:
        taken.append(
            resumable.take_upload(
                user=user,
                upload_id=video_upload,
                purpose=uploads.VIDEO_UPLOAD,
                lock=False,
            )
        )
    with ExitStack() as stack:
        files = []
        for upload in taken:
            path = stack.enter_context(resumable.local_copy(upload))
            files.append(
                stack.enter_context(File(open(path, "rb"), name=upload.filename))
            )
        sent_photos = files[: len(photo_uploads)]
        sent_video = files[len(photo_uploads) :] or [None]
        submission = submit_practical_work(
            enrolment=enrolment,
            lesson=lesson,
            text=text,
            photos=[*photos, *sent_photos],
            video=video or sent_video[0],
        )
    for upload in taken:
        resumable.mark_used(upload=upload, keep_stored=False)
    return submission


@transaction.atomic
def _record_submission(
    *,
    enrolment: Enrolment,
    lesson: LessonPage,
    text: str,
    photos: list[uploads.CheckedPhoto],
    video: File | None,
) -> Submission:
    # Serialise with grading: a task passed meanwhile takes no more work.
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if _passed_already(enrolment, lesson):
        raise ValidationError(
            _("This task has already been passed; no more work is needed."),
            code="passed",
        )
    submission = Submission.objects.create(
        enrolment=enrolment, lesson=lesson, text=text
    )
    for position, photo in enumerate(photos):
        row = SubmissionPhoto(
            submission=submission,
            width=photo.width,
            height=photo.height,
            position=position,
        )
        name = f"{submission.pk}-{uuid.uuid4().hex[:12]}.{photo.extension}"
        row.image.save(name, photo.file, save=False)
        row.save()
    if video is not None:
        submission.video = create_video_asset(
            title=f"{lesson.title} · #{submission.pk}",
            file=video,
            institution=enrolment.course.institution,
            uploaded_by=enrolment.user,
        )
        submission.save(update_fields=["video"])
    return submission


def _check_grader(user: User, submission: Submission) -> None:
    if not policy.is_course_staff(user, submission.enrolment.course):
        raise ValidationError(
            _("Only staff of the course's institution can grade its work."),
            code="not_staff",
        )


def _verdict(passed: bool | None, score: Decimal | None) -> bool:
    if score is not None and not (0 <= score <= 100):
        raise ValidationError(_("A score is between 0 and 100."), code="score_range")
    if passed is None:
        if score is None:
            raise ValidationError(
                _("Give a result (passed or not) or a score."), code="no_grade"
            )
        return score >= pass_score()
    return passed


@transaction.atomic
def grade_submission(
    *,
    submission: Submission,
    graded_by: User,
    passed: bool | None = None,
    score: Decimal | None = None,
    comment: str = "",
) -> Submission:
    """The instructor grades a hand-in (评阅): passed or not, or a score of 100 that
    passes at PRACTICAL_PASS_SCORE, with a comment the trainee reads.

    Side effect: sends ``trainees.signals.evidence_changed`` on commit; the
    completion rule (``trainees.progress.completion``) then re-evaluates the
    enrolment and, the first time it is met, sets ``completed_at`` and issues the
    course's certificate."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("enrolment__course")
        .get(pk=submission.pk)
    )
    _check_grader(graded_by, submission)
    verdict = _verdict(passed, score)
    submission.status = SubmissionStatus.PASSED if verdict else SubmissionStatus.FAILED
    submission.score = score
    submission.comment = comment.strip()
    submission.graded_by = graded_by
    submission.graded_at = timezone.now()
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        raise ValidationError(
            _("Another hand-in of this task has already passed."), code="passed"
        ) from None
    log(instance=submission, action="practical.grade", user=graded_by)
    announce_evidence_changed(submission.enrolment)
    return submission


def combine_totals(rubric: Rubric, totals: dict[int, Decimal]) -> Decimal | None:
    """One result from the assessors' totals (keyed by assessor id): their average,
    or the lead assessor's total (None until the lead has scored)."""
    if not totals:
        return None
    if rubric.aggregation == Aggregation.LEAD:
        return totals.get(rubric.lead_assessor_id)
    average = sum(totals.values(), Decimal(0)) / len(totals)
    return average.quantize(CENT, rounding=ROUND_HALF_UP)


def _refresh_result(rubric: Rubric, enrolment: Enrolment) -> AssessmentResult:
    totals = dict(
        Assessment.objects.filter(rubric=rubric, enrolment=enrolment).values_list(
            "assessor_id", "total"
        )
    )
    score = combine_totals(rubric, totals)
    result, _created = AssessmentResult.objects.update_or_create(
        rubric=rubric,
        enrolment=enrolment,
        defaults={
            "score": score,
            "passed": None if score is None else score >= rubric.pass_mark,
            "assessors": len(totals),
        },
    )
    return result


def _checked_marks(rubric: Rubric, marks: dict[int, Decimal]) -> dict[int, Decimal]:
    criteria = {c.pk: c for c in rubric.criteria.all()}
    errors = []
    for pk, criterion in criteria.items():
        value = marks.get(pk)
        if value is None:
            errors.append(_("Give marks for “%(c)s”.") % {"c": criterion.title})
        elif value < 0 or value > criterion.max_marks:
            errors.append(
                _("“%(c)s” takes 0 to %(max)s marks, not %(value)s.")
                % {"c": criterion.title, "max": criterion.max_marks, "value": value}
            )
    if set(marks) - set(criteria):
        errors.append(_("Some marks are for criteria of another rubric."))
    if errors:
        raise ValidationError(errors, code="marks")
    return {pk: marks[pk] for pk in criteria}


@transaction.atomic
def record_assessment(
    *,
    rubric: Rubric,
    enrolment: Enrolment,
    assessor: User,
    marks: dict[int, Decimal],
    comment: str = "",
) -> Assessment:
    """An assessor scores a trainee on each criterion (评分); their scoresheet is
    replaced if they score again, and the trainee's result follows.

    Side effect: sends ``trainees.signals.evidence_changed`` on commit; the
    completion rule (``trainees.progress.completion``) then re-evaluates the
    enrolment and, the first time it is met, sets ``completed_at`` and issues the
    course's certificate."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if enrolment.course_id != rubric.course_id:
        raise ValidationError(_("This trainee is not on the rubric's course."))
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("Only trainees on the course can be assessed."))
    if not policy.is_course_staff(assessor, rubric.course):
        raise ValidationError(
            _("Only staff of the course's institution can assess its trainees."),
            code="not_staff",
        )
    marks = _checked_marks(rubric, marks)
    assessment, _created = Assessment.objects.update_or_create(
        rubric=rubric,
        enrolment=enrolment,
        assessor=assessor,
        defaults={"total": sum(marks.values(), Decimal(0)), "comment": comment},
    )
    assessment.scores.all().delete()
    CriterionScore.objects.bulk_create(
        CriterionScore(assessment=assessment, criterion_id=pk, marks=value)
        for pk, value in marks.items()
    )
    _refresh_result(rubric, enrolment)
    log(instance=assessment, action="practical.assess", user=assessor)
    announce_evidence_changed(enrolment)
    return assessment


@transaction.atomic
def refresh_rubric_results(*, rubric: Rubric) -> int:
    """After a rubric's pass mark or rule changed: recompute every trainee's result
    on it; returns how many results were refreshed.

    Side effect: sends ``trainees.signals.evidence_changed`` on commit for each of
    those enrolments, so the completion rule may complete a course and issue its
    certificate."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    enrolment_ids = set(
        Assessment.objects.filter(rubric=rubric).values_list("enrolment_id", flat=True)
    )
    for enrolment in Enrolment.objects.filter(pk__in=enrolment_ids):
        _refresh_result(rubric, enrolment)
        announce_evidence_changed(enrolment)
    return len(enrolment_ids)
