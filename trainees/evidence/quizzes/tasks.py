from celery import shared_task

from trainees.evidence.quizzes.services import close_overdue_attempts


@shared_task
def close_overdue_attempts_task() -> int:
    """Grade the timed attempts abandoned past their deadline."""
    return close_overdue_attempts()
