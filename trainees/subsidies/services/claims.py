"""Writes of subsidies: status periods, and claims as institutions and trainees
submit them, each with its evaluation frozen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.models import CoursePage
from lms.models import Person, StatusPeriod, User
from trainees.certificates.models import Certificate
from trainees.models import Enrolment
from trainees.subsidies.evidence import evaluate_enrolments, with_records
from trainees.subsidies.flags import flags_for
from trainees.subsidies.models import (
    Claim,
    ClaimEvent,
    ClaimState,
    Payee,
    Policy,
    Verdict,
)
from trainees.subsidies.rulebook import subsidy_year

Action = ClaimEvent.Action

# The entry each step of a claim writes to Wagtail's audit log (registered in
# ``trainees/subsidies/wagtail_hooks.py``).
LOG_ACTIONS = {
    Action.SUBMITTED: "subsidies.submit",
    Action.REVIEW_STARTED: "subsidies.start_review",
    Action.RETURNED: "subsidies.return",
    Action.RESUBMITTED: "subsidies.resubmit",
    Action.REJECTED: "subsidies.reject",
    Action.APPROVED: "subsidies.approve",
    Action.NOTICE_STARTED: "subsidies.start_notice",
    Action.PAYABLE: "subsidies.payable",
    Action.PAID: "subsidies.record_payment",
}


@transaction.atomic
def record_status_period(
    *,
    person: Person,
    group: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    proof: str = "",
    recorded_by: User | None,
) -> StatusPeriod:
    """Record that a person belonged to a group (身份) from one date to another: it
    decides subsidy eligibility, so it is audit-logged as ``recorded_by``."""
    period = StatusPeriod(
        person=person,
        group=group,
        starts_on=starts_on,
        ends_on=ends_on,
        proof=proof,
        recorded_by=recorded_by,
    )
    period.full_clean()
    period.save()
    log(instance=period, action="wagtail.create", user=recorded_by)
    return period


@dataclass
class Submission:
    """What submitting a cohort did: the claims made, and who was left out why."""

    claims: list[Claim] = field(default_factory=list)
    skipped: list[tuple[Enrolment, str]] = field(default_factory=list)


def append_event(
    claim: Claim, action: str, actor: User | None, reason: str = ""
) -> None:
    """Append one step to the claim's history (never edited afterwards) and write it
    to Wagtail's audit log as the person who took it (none for a scheduled step)."""
    ClaimEvent.objects.create(
        claim=claim, action=action, state=claim.state, actor=actor, reason=reason
    )
    log(
        instance=claim,
        action=LOG_ACTIONS[action],
        user=actor,
        data={"reason": reason} if reason else None,
    )


def _refuse_unless_covered(policy: Policy, course: CoursePage) -> None:
    if not Policy.objects.covering(course.region_id).filter(pk=policy.pk).exists():
        raise ValidationError(
            _("The policy %(policy)s does not cover the region of %(course)s.")
            % {"policy": policy, "course": course.title},
            code="region",
        )


def _new_claims(
    enrolments: list[Enrolment],
    policy: Policy,
    *,
    by: User | None,
    payee: str,
    on: dt.date,
    eligible_only: bool = False,
) -> Submission:
    result = Submission()
    evaluations = evaluate_enrolments(enrolments, policy, on=on)
    flags = flags_for(enrolments)
    serials = dict(
        Certificate.objects.filter(enrolment__in=enrolments).values_list(
            "enrolment_id", "serial"
        )
    )
    live = set(
        Claim.objects.filter(enrolment__in=enrolments, scheme=policy.scheme)
        .exclude(state=ClaimState.REJECTED)
        .values_list("enrolment_id", flat=True)
    )
    for enrolment in enrolments:
        person = getattr(enrolment.user, "person", None)
        if person is None:
            result.skipped.append(
                (enrolment, _("no real name and resident ID number registered"))
            )
            continue
        if enrolment.pk in live:
            result.skipped.append((enrolment, _("already claimed under this scheme")))
            continue
        evaluation = evaluations[enrolment.pk]
        if eligible_only and not evaluation.eligible:
            result.skipped.append(
                (
                    enrolment,
                    _("not eligible yet: %(rules)s")
                    % {"rules": "; ".join(r.message for r in evaluation.failures)},
                )
            )
            continue
        try:
            # A savepoint: a claim made meanwhile by someone else is a refusal for
            # this trainee, not an error for the whole cohort.
            with transaction.atomic():
                claim = _create_claim(
                    enrolment,
                    person,
                    evaluation,
                    policy=policy,
                    certificate_serial=serials.get(enrolment.pk, ""),
                    flags=flags[enrolment.pk],
                    by=by,
                    payee=payee,
                    on=on,
                )
        except IntegrityError:
            result.skipped.append((enrolment, _("already claimed under this scheme")))
            continue
        result.claims.append(claim)
    return result


def _create_claim(
    enrolment, person, evaluation, *, policy, certificate_serial, flags, by, payee, on
) -> Claim:
    """One submitted claim with its evaluation snapshot and its first event; its
    evidence archive is written once the submission is committed."""
    claim = Claim.objects.create(
        policy=policy,
        enrolment=enrolment,
        person=person,
        course=enrolment.course,
        institution_id=enrolment.course.institution_id,
        scheme=policy.scheme,
        payee=payee,
        occupation=enrolment.course.occupation,
        skill_level=enrolment.course.skill_level,
        certificate_serial=certificate_serial,
        amount=evaluation.amount,
        verdict=Verdict.ELIGIBLE if evaluation.eligible else Verdict.INELIGIBLE,
        evaluated_on=on,
        evaluation=evaluation.as_json(),
        flags=flags,
        submitted_at=timezone.now(),
        submitted_by=by,
        subsidy_year=subsidy_year(on),
    )
    append_event(claim, Action.SUBMITTED, by)
    # Robust: a broker that is down must not turn a committed submission into an
    # error page; the daily sweep (archive_missing_claims) archives the claim later.
    transaction.on_commit(lambda: queue_archive(claim.pk), robust=True)
    return claim


def queue_archive(claim_id: int) -> None:
    """Ask a worker to write the claim's evidence archive."""
    from trainees.subsidies.tasks import archive_claim_task

    archive_claim_task.delay(claim_id)


@transaction.atomic
def submit_cohort_claims(
    *, course: CoursePage, policy: Policy, submitted_by: User, on: dt.date | None = None
) -> Submission:
    """An institution claims for everyone enrolled on a finished course (paid to the
    institution); each claim keeps the evaluation it was submitted on."""
    on = on or timezone.localdate()
    _refuse_unless_covered(policy, course)
    if course.ends_on is None or course.ends_on > on:
        raise ValidationError(
            _("Claims are submitted once the course has ended."), code="not_ended"
        )
    enrolments = list(with_records(Enrolment.objects.enrolled().filter(course=course)))
    return _new_claims(
        enrolments, policy, by=submitted_by, payee=Payee.INSTITUTION, on=on
    )


@transaction.atomic
def apply_for_subsidy(
    *, enrolment: Enrolment, policy: Policy, user: User, on: dt.date | None = None
) -> Claim:
    """A trainee claims for their own training (paid to them), once it meets every
    rule of the policy: the page says what is missing instead."""
    on = on or timezone.localdate()
    enrolment = with_records(Enrolment.objects.enrolled()).get(pk=enrolment.pk)
    if enrolment.user_id != user.pk:
        raise ValidationError(_("This is not your enrolment."), code="not_yours")
    _refuse_unless_covered(policy, enrolment.course)
    result = _new_claims(
        [enrolment], policy, by=user, payee=Payee.TRAINEE, on=on, eligible_only=True
    )
    if result.skipped:
        raise ValidationError(result.skipped[0][1], code="skipped")
    return result.claims[0]
