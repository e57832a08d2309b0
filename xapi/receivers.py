"""Where learning records are written: receivers of the evidence's own signals, run
inside the transaction that records the evidence, so a statement commits or rolls
back with it. Connected in ``XapiConfig.ready``; nothing below this app imports it.
Each does nothing unless an LRS is configured (``lrs.is_configured``)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from trainees.certificates.models import Certificate
from trainees.evidence.attendance.models import Attendance
from trainees.evidence.practical.models import Submission, SubmissionStatus
from trainees.evidence.quizzes.models import Attempt, AttemptStatus
from trainees.signals import playback_changed
from xapi import lrs, services


@receiver(playback_changed)
def record_playback(sender, state, change, events, **kwargs):
    """A heartbeat played, paused, seeked or completed a video lesson."""
    if lrs.is_configured():
        services.record_playback_events(state=state, change=change, events=events)


@receiver(post_save, sender=Attendance)
def record_attendance(sender, instance: Attendance, raw=False, **kwargs):
    """A check-in, a check-out or a mark by hand (each state once)."""
    if lrs.is_configured() and not raw:
        services.record_attendance(attendance=instance)


@receiver(post_save, sender=Attempt)
def record_quiz_attempt(sender, instance: Attempt, raw=False, **kwargs):
    """A quiz attempt closed and graded by the server."""
    if lrs.is_configured() and not raw and instance.status != AttemptStatus.IN_PROGRESS:
        services.record_quiz_attempt(attempt=instance)


@receiver(post_save, sender=Submission)
def record_practical_grade(sender, instance: Submission, raw=False, **kwargs):
    """Practical work graded by an instructor."""
    if (
        lrs.is_configured()
        and not raw
        and instance.status != SubmissionStatus.SUBMITTED
    ):
        services.record_practical_grade(submission=instance)


@receiver(post_save, sender=Certificate)
def record_certificate(sender, instance: Certificate, created=False, raw=False, **kw):
    """A certificate issued here for a completed enrolment."""
    if lrs.is_configured() and created and not raw and instance.enrolment_id:
        services.record_certificate(certificate=instance)
