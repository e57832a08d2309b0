from celery import shared_task

from trainees.subsidies.services import end_public_notices


@shared_task
def end_public_notices_task() -> int:
    """Daily: claims whose public notice (公示) has run its course become payable."""
    return end_public_notices()
