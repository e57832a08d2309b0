"""Background work of competitions. Each task wraps one service."""

from celery import shared_task

from competitions.services import close_lapsed_registrations


@shared_task
def close_lapsed_registrations_task() -> int:
    """Close competitions whose registration window has ended (Celery beat)."""
    return close_lapsed_registrations()
