"""Background work of the outreach app. Each task wraps one service."""

from celery import shared_task
from django.utils import timezone

from outreach.services import send_ip_expiry_reminders, send_survey_reminders


@shared_task
def send_ip_expiry_reminders_task() -> int:
    """Daily: remind leaders and county officers of registrations about to expire."""
    return send_ip_expiry_reminders(today=timezone.localdate())


@shared_task
def send_survey_reminders_task() -> int:
    """Daily: remind leaders of surveys due soon that they have not answered."""
    return send_survey_reminders(today=timezone.localdate())
