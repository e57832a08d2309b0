"""Background work of subsidies. Each task wraps one service."""

from celery import shared_task

from trainees.subsidies.services import (
    archive_claim,
    archive_missing_claims,
    end_public_notices,
)


@shared_task
def end_public_notices_task() -> int:
    """Daily: claims whose public notice (公示) has run its course become payable."""
    return end_public_notices()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def archive_claim_task(claim_id: int) -> int:
    """Write a newly submitted claim's evidence archive (retried on storage faults);
    idempotent, so a redelivered job writes nothing more."""
    return archive_claim(claim_id=claim_id).pk


@shared_task
def archive_missing_claims_task() -> int:
    """Daily: archive the claims that have no evidence archive yet."""
    return archive_missing_claims()
