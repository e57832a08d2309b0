"""Background work of the inheritors app. Each task wraps one service."""

from celery import shared_task
from django.utils import timezone

from inheritors.services import cancel_lapsed_workshops


@shared_task
def cancel_lapsed_workshops_task() -> int:
    """Cancel workshops unconfirmed for two consecutive years (Celery beat, daily)."""
    return len(cancel_lapsed_workshops(today=timezone.localdate()))
