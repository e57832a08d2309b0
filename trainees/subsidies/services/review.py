"""Every step a claim takes after submission (审核, 公示, 发放).

Each step locks the claim row, checks the state it moves from, and appends one
``ClaimEvent``; a claim is approved once and paid once (database constraints back
the locks up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.models import Person, User
from trainees.models import Enrolment
from trainees.subsidies.evidence import evaluate_enrolments, with_records
from trainees.subsidies.flags import flags_for
from trainees.subsidies.models import (
    AWAITING_REVIEW,
    Claim,
    ClaimEvent,
    ClaimState,
    RegionRules,
    Verdict,
)
from trainees.subsidies.rulebook import subsidy_year
from trainees.subsidies.services.claims import append_event

Action = ClaimEvent.Action


def _locked(claim: Claim, user: User | None, *states: str) -> Claim:
    """The claim, locked for this step; refused outside the user's scope or state."""
    if (
        user is not None
        and not Claim.objects.in_scope(user).filter(pk=claim.pk).exists()
    ):
        raise ValidationError(_("This claim is outside your region."), code="scope")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.state not in states:
        raise ValidationError(
            _("This claim is %(state)s; it cannot take this step.")
            % {"state": claim.get_state_display()},
            code="state",
        )
    return claim


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError(_("Give a reason."), code="reason_required")


@transaction.atomic
def start_review(*, claim: Claim, officer: User) -> Claim:
    """An officer takes a submitted claim up (受理)."""
    claim = _locked(claim, officer, ClaimState.SUBMITTED)
    claim.state = ClaimState.UNDER_REVIEW
    claim.save(update_fields=["state"])
    append_event(claim, Action.REVIEW_STARTED, officer)
    return claim


def _current_failures(claim: Claim) -> list[str]:
    """Rules that fail now, judged on the day the claim was submitted."""
    # Approvals of one person are serialised, so the yearly cap holds.
    Person.objects.select_for_update().filter(pk=claim.person_id).first()
    enrolment = with_records(Enrolment.objects).get(pk=claim.enrolment_id)
    evaluation = evaluate_enrolments([enrolment], claim.policy, on=claim.evaluated_on)
    evaluation = evaluation[enrolment.pk]
    return [r.message for r in evaluation.failures]


@transaction.atomic
def approve_claim(*, claim: Claim, officer: User, reason: str = "") -> Claim:
    """HR approves a claim whose every rule still passes; never twice."""
    claim = _locked(claim, officer, *AWAITING_REVIEW)
    failures = _current_failures(claim)
    if failures:
        raise ValidationError(
            _("This claim cannot be approved: %(rules)s")
            % {"rules": "; ".join(failures)},
            code="rules_fail",
        )
    claim.state = ClaimState.APPROVED
    claim.save(update_fields=["state"])
    append_event(claim, Action.APPROVED, officer, reason)
    return claim


@transaction.atomic
def reject_claim(*, claim: Claim, officer: User, reason: str) -> Claim:
    """HR turns a claim down (不予通过), saying why; it can be claimed afresh."""
    _require_reason(reason)
    claim = _locked(claim, officer, *AWAITING_REVIEW)
    claim.state = ClaimState.REJECTED
    claim.save(update_fields=["state"])
    append_event(claim, Action.REJECTED, officer, reason)
    return claim


@transaction.atomic
def return_claim(*, claim: Claim, officer: User, reason: str) -> Claim:
    """Send a claim back for correction (退回补正), saying what to correct."""
    _require_reason(reason)
    claim = _locked(claim, officer, *AWAITING_REVIEW)
    claim.state = ClaimState.RETURNED
    claim.save(update_fields=["state"])
    append_event(claim, Action.RETURNED, officer, reason)
    return claim


@transaction.atomic
def resubmit_claim(*, claim: Claim, user: User, on: dt.date | None = None) -> Claim:
    """After correction the claim is evaluated again and goes back to the queue; it
    now counts in the year of the day it is judged on (``subsidy_year``)."""
    on = on or timezone.localdate()
    claim = _locked(claim, user, ClaimState.RETURNED)
    enrolment = with_records(Enrolment.objects).get(pk=claim.enrolment_id)
    evaluation = evaluate_enrolments([enrolment], claim.policy, on=on)[enrolment.pk]
    claim.evaluated_on = on
    claim.subsidy_year = subsidy_year(on)
    claim.evaluation = evaluation.as_json()
    claim.verdict = Verdict.ELIGIBLE if evaluation.eligible else Verdict.INELIGIBLE
    claim.amount = evaluation.amount
    claim.flags = flags_for([enrolment])[enrolment.pk]
    claim.state = ClaimState.SUBMITTED
    claim.save()
    append_event(claim, Action.RESUBMITTED, user)
    return claim


def bulk_approve(*, claims: Iterable[Claim], officer: User) -> list[Claim]:
    """Approve every claim that passes every rule and carries no flag; each in its
    own transaction, so one refusal does not undo the others."""
    approved = []
    for claim in claims:
        if claim.verdict != Verdict.ELIGIBLE or claim.flags:
            continue
        try:
            approved.append(approve_claim(claim=claim, officer=officer))
        except ValidationError:
            continue
    return approved


@transaction.atomic
def start_public_notice(
    *, claims: Iterable[Claim], officer: User, on: dt.date | None = None
) -> list[Claim]:
    """Publish approved claims (公示) for the policy's or region's number of days."""
    on = on or timezone.localdate()
    started = []
    for claim in claims:
        claim = _locked(claim, officer, ClaimState.APPROVED)
        days = claim.policy.public_notice_days
        if days is None:
            days = RegionRules.governing(claim.course.region_id).public_notice_days
        claim.state = ClaimState.IN_NOTICE
        claim.notice_ends_on = on + dt.timedelta(days=days)
        claim.save(update_fields=["state", "notice_ends_on"])
        append_event(claim, Action.NOTICE_STARTED, officer)
        started.append(claim)
    return started


@transaction.atomic
def end_public_notices(*, today: dt.date | None = None) -> int:
    """Claims whose public notice has run its course become payable."""
    today = today or timezone.localdate()
    ended = Claim.objects.filter(state=ClaimState.IN_NOTICE, notice_ends_on__lt=today)
    count = 0
    for claim in ended:
        claim = _locked(claim, None, ClaimState.IN_NOTICE)
        claim.state = ClaimState.PAYABLE
        claim.save(update_fields=["state"])
        append_event(claim, Action.PAYABLE, None)
        count += 1
    return count


@transaction.atomic
def record_payment(*, claim: Claim, officer: User, reference: str) -> Claim:
    """Record that a payable claim was paid; never twice."""
    if not reference.strip():
        raise ValidationError(
            _("Give the payment reference."), code="reference_required"
        )
    claim = _locked(claim, officer, ClaimState.PAYABLE)
    claim.state = ClaimState.PAID
    claim.payment_reference = reference.strip()
    claim.save(update_fields=["state", "payment_reference"])
    append_event(claim, Action.PAID, officer, reference)
    return claim
