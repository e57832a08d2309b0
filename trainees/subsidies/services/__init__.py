"""Writes of subsidies, by sub-domain: submitting claims, reviewing them, and
archiving their evidence."""

from trainees.subsidies.services.archive import archive_claim, archive_missing_claims
from trainees.subsidies.services.claims import (
    Submission,
    apply_for_subsidy,
    record_status_period,
    submit_cohort_claims,
)
from trainees.subsidies.services.review import (
    approve_claim,
    bulk_approve,
    end_public_notices,
    record_payment,
    reject_claim,
    resubmit_claim,
    return_claim,
    start_public_notice,
    start_review,
)

__all__ = [
    "Submission",
    "apply_for_subsidy",
    "approve_claim",
    "archive_claim",
    "archive_missing_claims",
    "bulk_approve",
    "end_public_notices",
    "record_payment",
    "record_status_period",
    "reject_claim",
    "resubmit_claim",
    "return_claim",
    "start_public_notice",
    "start_review",
    "submit_cohort_claims",
]
