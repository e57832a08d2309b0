"""A workshop's life: application, identification with the HR and rural-revitalisation
departments' opinions, entry into the county project library, yearly confirmation,
and cancellation, by staff or automatically after two unconfirmed years."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from inheritors.models import (
    Workshop,
    WorkshopConfirmation,
    WorkshopEmployment,
    WorkshopStateChange,
)
from inheritors.models.workshops import (
    confirmable_years,
    confirmation_grace_ends,
    last_closed_year,
)
from lms.models import User

logger = logging.getLogger(__name__)

State = Workshop.State
# What a workshop confirms or updates each year (its registration).
REGISTRATION_FIELDS = (
    "address",
    "site_area",
    "has_water",
    "has_power",
    "has_heating",
    "equipment",
    "products",
)
EMPLOYMENT_FIELDS = (
    "employed",
    "poverty_alleviated",
    "monitoring_targets",
    "home_based",
    "flexible",
    "average_income",
)


def _locked(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _require(workshop: Workshop, states: tuple[str, ...], doing: str) -> None:
    if workshop.state not in states:
        raise ValidationError(
            _("A workshop that is “%(state)s” cannot be %(doing)s.")
            % {"state": workshop.get_state_display(), "doing": doing},
            code="state",
        )


def _move(
    workshop: Workshop,
    to_state: str,
    *,
    user: User | None,
    reason: str,
    at: dt.datetime | None = None,
) -> WorkshopStateChange:
    change = WorkshopStateChange.objects.create(
        workshop=workshop,
        from_state=workshop.state,
        to_state=to_state,
        changed_by=user,
        reason=reason,
        changed_at=at or timezone.now(),
    )
    workshop.state = to_state
    return change


@transaction.atomic
def record_workshop_application(*, workshop: Workshop, user: User | None) -> None:
    """Open a saved application's state history (the first step: applied)."""
    if workshop.state_changes.exists():
        return
    WorkshopStateChange.objects.create(
        workshop=workshop,
        from_state="",
        to_state=State.APPLIED,
        changed_by=user,
        reason=_("Application received on %(date)s.") % {"date": workshop.applied_on},
    )


@transaction.atomic
def identify_workshop(
    *,
    workshop: Workshop,
    user: User,
    identified_on: dt.date,
    hr_opinion: str,
    rural_opinion: str,
    reason: str = "",
) -> Workshop:
    """Identify (认定) an applicant as an ICH workshop, recording the opinions of
    the HR and rural-revitalisation departments consulted."""
    workshop = _locked(workshop)
    _require(workshop, (State.APPLIED,), _("identified"))
    if not hr_opinion.strip() or not rural_opinion.strip():
        raise ValidationError(
            _("Record both the HR and the rural revitalisation department's opinion."),
            code="opinions",
        )
    if not workshop.items.exists() and not workshop.craft:
        raise ValidationError(
            _("A workshop relies on an ICH item or a traditional craft: name one."),
            code="items",
        )
    if identified_on < workshop.applied_on:
        raise ValidationError(
            _("A workshop cannot be identified before it applied."), code="date"
        )
    workshop.identified_on = identified_on
    workshop.hr_opinion = hr_opinion.strip()
    workshop.rural_opinion = rural_opinion.strip()
    _move(
        workshop,
        State.IDENTIFIED,
        user=user,
        reason=reason.strip() or _("Meets the identification conditions."),
    )
    workshop.save()
    log(instance=workshop, action="inheritors.workshop.identify", user=user)
    return workshop


@transaction.atomic
def reject_workshop_application(
    *, workshop: Workshop, user: User, reason: str
) -> Workshop:
    """Refuse an application (不予认定), saying why."""
    workshop = _locked(workshop)
    _require(workshop, (State.APPLIED,), _("refused"))
    if not reason.strip():
        raise ValidationError(_("Say why the application is refused."), code="reason")
    _move(workshop, State.REJECTED, user=user, reason=reason.strip())
    workshop.save()
    log(instance=workshop, action="inheritors.workshop.reject", user=user)
    return workshop


@transaction.atomic
def enter_project_library(
    *, workshop: Workshop, user: User, entered_on: dt.date, library_number: str
) -> Workshop:
    """Record an identified workshop's entry into the county project library
    (巩固拓展脱贫攻坚成果和乡村振兴项目库), on the word of ``user`` (a rural
    revitalization officer of its region): it is then active."""
    workshop = _locked(workshop)
    _require(workshop, (State.IDENTIFIED,), _("entered into the project library"))
    if entered_on < workshop.identified_on:
        raise ValidationError(
            _("A workshop enters the library after it is identified."), code="date"
        )
    if not library_number.strip():
        raise ValidationError(
            _("Give the workshop's number in the project library."), code="number"
        )
    workshop.library_entered_on = entered_on
    workshop.library_number = library_number.strip()
    workshop.library_entered_by = user
    _move(
        workshop,
        State.ACTIVE,
        user=user,
        reason=_("Entered into the county project library (%(number)s).")
        % {"number": workshop.library_number or "—"},
    )
    workshop.save()
    log(
        instance=workshop,
        action="inheritors.workshop.enter_library",
        user=user,
        data={
            "entered_on": entered_on.isoformat(),
            "library_number": workshop.library_number,
        },
    )
    return workshop


@transaction.atomic
def cancel_workshop(
    *,
    workshop: Workshop,
    user: User | None,
    reason: str,
    at: dt.datetime | None = None,
) -> Workshop:
    """Cancel a workshop's qualification (取消资格): its public page goes offline
    and its leader is told why."""
    workshop = _locked(workshop)
    _require(workshop, Workshop.QUALIFIED_STATES, _("cancelled"))
    if not reason.strip():
        raise ValidationError(_("Say why the workshop is cancelled."), code="reason")
    _move(workshop, State.CANCELLED, user=user, reason=reason.strip(), at=at)
    workshop.save()
    page = getattr(workshop, "page", None)
    if page is not None and page.live:
        page.unpublish(user=user)
    log(instance=workshop, action="inheritors.workshop.cancel", user=user)
    _notify_leader_of_cancellation(workshop, reason.strip())
    return workshop


def _notify_leader_of_cancellation(workshop: Workshop, reason: str) -> None:
    account = workshop.leader.person.user
    if account is None or not account.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Workshop qualification cancelled: %(name)s") % {
            "name": workshop.name
        }
        body = _(
            "The ICH workshop %(name)s is no longer qualified.\n\nReason: %(reason)s"
            "\n\nPlease contact the culture and tourism department of %(region)s."
        ) % {"name": workshop.name, "reason": reason, "region": workshop.region.name}
    email = account.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]), robust=True)


@transaction.atomic
def confirm_workshop_registration(
    *,
    workshop: Workshop,
    year: int,
    user: User | None,
    channel: str,
    registration: dict[str, Any] | None = None,
    employment: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> WorkshopConfirmation:
    """Confirm or update a workshop's registration for a year (年度确认): the
    changed registration fields and the year's employment are saved with it.

    Only the current year may be confirmed, or the year just ended until the
    province's grace period ends (``confirmable_years``); such a backdated
    confirmation is audited as such (``inheritors.workshop.confirm_backdated``)."""
    today = today or timezone.localdate()
    workshop = _locked(workshop)
    _require(workshop, Workshop.QUALIFIED_STATES, _("confirmed"))
    if year > today.year:
        raise ValidationError(_("A year still to come cannot be confirmed."))
    if year < workshop.identified_on.year:
        raise ValidationError(
            _("The workshop was identified in %(year)s; it confirms from then on.")
            % {"year": workshop.identified_on.year}
        )
    if year not in confirmable_years(workshop.region_id, today):
        ends = confirmation_grace_ends(workshop.region_id, year)
        raise ValidationError(
            _(
                "The registration for %(year)s can no longer be confirmed: its grace "
                "period ended on %(ends)s. A workshop confirms the current year, or "
                "the year just ended during the grace period."
            )
            % {"year": year, "ends": ends.isoformat() if ends else f"{year}-12-31"},
            code="year_closed",
        )
    changed = []
    for name, value in (registration or {}).items():
        if name not in REGISTRATION_FIELDS:
            raise ValueError(f"{name} is not a registration field")
        if getattr(workshop, name) != value:
            setattr(workshop, name, value)
            changed.append(str(Workshop._meta.get_field(name).verbose_name))
    if changed:
        workshop.full_clean(exclude=["leader", "region"])
    # Saved even unchanged: the confirmation and the year's employment are part of
    # the workshop's record, so its ``updated_at`` tells syncing systems to re-read.
    workshop.save(update_fields=[*(registration or {})])
    if employment is not None:
        _save_employment(workshop, year, employment)
    confirmation, _created = WorkshopConfirmation.objects.update_or_create(
        workshop=workshop,
        year=year,
        defaults={
            "confirmed_at": timezone.now(),
            "confirmed_by": user,
            "channel": channel,
            "changes": "、".join(changed),
        },
    )
    backdated = year < today.year
    log(
        instance=workshop,
        action="inheritors.workshop.confirm_backdated"
        if backdated
        else "inheritors.workshop.confirm",
        user=user,
        data={"year": year, "changed": changed, "recorded_on": today.isoformat()},
    )
    return confirmation


def _save_employment(workshop: Workshop, year: int, values: dict[str, Any]) -> None:
    record = WorkshopEmployment.objects.filter(workshop=workshop, year=year).first()
    record = record or WorkshopEmployment(workshop=workshop, year=year)
    for name in EMPLOYMENT_FIELDS:
        default = None if name == "average_income" else 0
        setattr(record, name, values.get(name, default))
    record.full_clean(exclude=["workshop"], validate_unique=False)
    record.save()


def lapse_reason(workshop: Workshop, *, today: dt.date) -> str:
    last = workshop.last_registration_year()
    closed = last_closed_year(workshop.region_id, today)
    return _(
        "Registration not confirmed for %(first)s–%(last)s, two consecutive years "
        "(last registered %(registered)s): qualification cancelled automatically "
        "under 办非遗发〔2021〕221号."
    ) % {"first": last + 1, "last": closed, "registered": last}


def cancel_lapsed_workshops(*, today: dt.date) -> list[Workshop]:
    """Cancel every workshop that has not confirmed its registration for two
    consecutive years (periodic; idempotent). Each cancellation commits alone."""
    cancelled = []
    for pk in Workshop.objects.lapsed(today=today).values_list("pk", flat=True):
        with transaction.atomic():
            workshop = Workshop.objects.select_for_update().get(pk=pk)
            if not Workshop.objects.lapsed(today=today).filter(pk=pk).exists():
                continue  # confirmed or cancelled meanwhile
            with translation.override(settings.LANGUAGE_CODE):
                reason = lapse_reason(workshop, today=today)
            cancelled.append(
                cancel_workshop(workshop=workshop, user=None, reason=reason)
            )
    if cancelled:
        logger.info("Cancelled %d lapsed workshops", len(cancelled))
    return cancelled
