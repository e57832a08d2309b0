"""Background work of the statistics reports. Each task wraps one service."""

from celery import shared_task

from reporting.reports.services import send_reminders, write_export


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def write_export_task(export_id: int) -> int:
    """Write a report's XLSX or PDF into the media storage (retried on storage
    faults; a file already written is kept)."""
    return write_export(export_id=export_id).pk


@shared_task
def send_report_reminders_task() -> int:
    """Daily: remind the regions whose report is due soon and not yet submitted."""
    return send_reminders()
