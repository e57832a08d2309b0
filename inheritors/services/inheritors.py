"""Writes about inheritors: the transmission subsidy, which the previous year's
assessment decides, and cancellation on a statutory ground."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from inheritors.models import Inheritor, InheritorAssessment, TransmissionSubsidy
from lms.models import User

Ground = Inheritor.CancellationGround


def subsidy_refusal(*, inheritor: Inheritor, year: int) -> str | None:
    """Why an inheritor may not be granted the subsidy for a year, or None."""
    if inheritor.status == Inheritor.Status.CANCELLED and (
        inheritor.cancelled_on.year <= year
    ):
        return _("The inheritor's title was cancelled on %(date)s.") % {
            "date": inheritor.cancelled_on
        }
    previous = inheritor.assessments.filter(year=year - 1).first()
    if previous is not None and previous.counts_towards_cancellation:
        return _(
            "The inheritor failed the %(year)s assessment without justification; "
            "no subsidy is paid for %(next)s."
        ) % {"year": year - 1, "next": year}
    return None


@transaction.atomic
def grant_transmission_subsidy(
    *,
    inheritor: Inheritor,
    year: int,
    amount: Decimal,
    granted_on: dt.date,
    department: str,
    note: str = "",
    user: User | None,
) -> TransmissionSubsidy:
    """Grant an inheritor the year's transmission subsidy (传习补助), unless their
    title is cancelled or they failed the previous year's assessment."""
    inheritor = Inheritor.objects.select_for_update().get(pk=inheritor.pk)
    refusal = subsidy_refusal(inheritor=inheritor, year=year)
    if refusal:
        raise ValidationError(refusal, code="refused")
    subsidy = TransmissionSubsidy(
        inheritor=inheritor,
        year=year,
        amount=amount,
        granted_on=granted_on,
        department=department,
        note=note,
        recorded_by=user,
    )
    subsidy.full_clean()
    subsidy.save()
    log(instance=subsidy, action="wagtail.create", user=user)
    return subsidy


@transaction.atomic
def correct_transmission_subsidy(
    *,
    subsidy: TransmissionSubsidy,
    amount: Decimal,
    granted_on: dt.date,
    department: str,
    note: str = "",
    user: User | None,
) -> TransmissionSubsidy:
    """Correct a granted subsidy's amount, date, department or note (its inheritor
    and year stay); audit-logged with the amount it had before."""
    subsidy = TransmissionSubsidy.objects.select_for_update().get(pk=subsidy.pk)
    previous_amount = subsidy.amount
    subsidy.amount = amount
    subsidy.granted_on = granted_on
    subsidy.department = department
    subsidy.note = note
    subsidy.full_clean()
    subsidy.save()
    log(
        instance=subsidy,
        action="wagtail.edit",
        user=user,
        data={"previous_amount": str(previous_amount), "amount": str(amount)},
    )
    return subsidy


@transaction.atomic
def cancel_inheritor(
    *,
    inheritor: Inheritor,
    ground: str,
    note: str,
    cancelled_on: dt.date,
    user: User | None,
) -> Inheritor:
    """Cancel an inheritor's title on one of the grounds of article 22; the
    failed-assessments ground needs two unjustified failures on record."""
    inheritor = Inheritor.objects.select_for_update().get(pk=inheritor.pk)
    if inheritor.status != Inheritor.Status.ACTIVE:
        raise ValidationError(_("This title is already cancelled."), code="state")
    if ground not in Ground.values:
        raise ValidationError(_("Choose a statutory ground."), code="ground")
    if not note.strip():
        raise ValidationError(
            _("Record the decision: its reference and the facts."), code="note"
        )
    if (
        ground == Ground.FAILED_ASSESSMENTS
        and not inheritor.is_eligible_for_cancellation
    ):
        raise ValidationError(
            _(
                "Only %(count)s unjustified failed assessment(s) are on record; "
                "this ground needs two."
            )
            % {"count": inheritor.unjustified_failure_count},
            code="not_eligible",
        )
    inheritor.status = Inheritor.Status.CANCELLED
    inheritor.cancellation_ground = ground
    inheritor.cancellation_note = note.strip()
    inheritor.cancelled_on = cancelled_on
    inheritor.save()
    page = getattr(inheritor, "page", None)
    if page is not None and page.live:
        page.unpublish(user=user)
    log(
        instance=inheritor,
        action="inheritors.inheritor.cancel",
        user=user,
        data={"ground": ground},
    )
    return inheritor


def newly_eligible(assessment: InheritorAssessment) -> bool:
    """Whether this assessment is the one that made its inheritor eligible for
    cancellation (for a warning to the officer who recorded it)."""
    return (
        assessment.counts_towards_cancellation
        and assessment.inheritor.is_eligible_for_cancellation
    )
