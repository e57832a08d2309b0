"""Background work of certificates. Each task wraps one service."""

from celery import shared_task

from trainees.certificates.services import store_certificate_pdf


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def render_certificate_pdf_task(certificate_id: int) -> None:
    """Render a newly issued certificate's PDF and store it (retried on storage
    faults)."""
    store_certificate_pdf(certificate_id=certificate_id)
