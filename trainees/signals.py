"""Signals of the learner's record.

``evidence_changed`` is sent (after the transaction commits) whenever something a
course's completion rule reads has changed for one enrolment: watch time, attendance,
a practical grade, a quiz attempt, an assessment. ``trainees.progress.completion``
listens and re-evaluates that enrolment; senders never import it (it sits above
them), so each sender names the signal in its docstring. ``playback_changed`` tells
the apps above (the xAPI learning records) what a heartbeat showed the trainee did.
"""

from django.db import transaction
from django.dispatch import Signal

evidence_changed = Signal()  # kwargs: enrolment

# Sent inside the transaction that stores a heartbeat which changed how the video is
# being watched (played, paused, seeked, completed: ``trainees.watch.PlaybackEvent``),
# so a receiver's writes commit or roll back with it. kwargs: state (the playback
# session as stored before, ``heartbeat_store.State``), change (what the heartbeat
# wrote, ``heartbeat_store.Change``), events (a list of ``PlaybackEvent``). The xAPI
# outbox (``xapi.receivers``) listens.
playback_changed = Signal()


def announce_evidence_changed(enrolment) -> None:
    """Send ``evidence_changed`` for ``enrolment`` once the transaction commits.

    Its receiver, ``trainees.progress.completion``, may set the enrolment's
    ``completed_at`` and issue the course's certificate: every caller says so in its
    own docstring."""
    transaction.on_commit(
        lambda: evidence_changed.send(sender=type(enrolment), enrolment=enrolment)
    )
