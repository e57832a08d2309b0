"""A workshop's brands and intellectual property (221号 §6): trademarks, patents,
copyrights and geographical indications, with the reminders sent before a
registration expires."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet
from lms.validators import canonical

# Days before a registration expires on which the leader and the county officer
# are reminded; each threshold is reminded once.
EXPIRY_REMINDER_DAYS = (90, 30, 7)

_TRADEMARK = re.compile(r"[0-9]{1,9}", re.ASCII)
# CNIPA patent application numbers: 8 digits (before 2003) or 12 (year, kind,
# serial), a dot, and a check character (ISO 7064-like, weights 2…9 repeating).
_PATENT = re.compile(r"(?:ZL)?([0-9]{8}|[0-9]{12})\.?([0-9X])", re.ASCII)
# 国作登字-2020-F-00012345 (works) or 2020SR0123456 (software).
_WORK_COPYRIGHT = re.compile(r"国作登字-[0-9]{4}-[A-Z]-[0-9]{8}")
_SOFTWARE_COPYRIGHT = re.compile(r"[0-9]{4}SR[0-9]{7}", re.ASCII)


def patent_check_character(digits: str) -> str:
    """The check character of a CNIPA application number (8 or 12 digits)."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9]
    total = sum(int(d) * weights[i % 8] for i, d in enumerate(digits))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def normalise_registration_number(kind: str, value: str) -> str:
    """The one spelling of a registration number of this kind, validated where
    the kind has a national format; raises ValidationError with the reason."""
    number = canonical(value)
    if not number:
        raise ValidationError(_("Enter the registration number."))
    if kind == IpRecord.Kind.TRADEMARK:
        if not _TRADEMARK.fullmatch(number):
            raise ValidationError(
                _("A trademark registration number has 1 to 9 digits.")
            )
    elif kind == IpRecord.Kind.PATENT:
        match = _PATENT.fullmatch(number)
        if match is None:
            raise ValidationError(
                _(
                    "A patent number is ZL, 12 digits (or 8 for old ones), a dot and "
                    "a check character, e.g. ZL202010123456.X."
                )
            )
        digits, check = match.groups()
        if patent_check_character(digits) != check:
            raise ValidationError(
                _("The check character of this patent number is wrong.")
            )
        number = f"ZL{digits}.{check}"
    elif kind == IpRecord.Kind.COPYRIGHT:
        if not (
            _WORK_COPYRIGHT.fullmatch(number) or _SOFTWARE_COPYRIGHT.fullmatch(number)
        ):
            raise ValidationError(
                _(
                    "A copyright registration number looks like "
                    "国作登字-2020-F-00012345 or 2020SR0123456."
                )
            )
    elif len(number) > 50:
        raise ValidationError(_("A registration number has at most 50 characters."))
    return number


class IpRecordQuerySet(ScopedQuerySet):
    region_lookup = "workshop__region__code"
    institution_lookup = None

    def of_leader(self, user) -> IpRecordQuerySet:
        """The records of the workshops the user leads."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(workshop__leader__person__user=user)

    def valid_on(self, day: dt.date) -> IpRecordQuerySet:
        return self.filter(revoked=False, valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def expiring_within(self, days: int, *, today: dt.date) -> IpRecordQuerySet:
        """Valid records whose registration ends in the next ``days`` days."""
        return self.valid_on(today).filter(
            valid_until__lte=today + dt.timedelta(days=days)
        )


class IpRecord(models.Model):
    """A right a workshop holds (知识产权): a trademark (商标), patent (专利),
    copyright (著作权) or geographical indication (地理标志) it may use."""

    class Kind(models.TextChoices):
        TRADEMARK = "trademark", _("Trademark (商标)")
        PATENT = "patent", _("Patent (专利)")
        COPYRIGHT = "copyright", _("Copyright (著作权)")
        GEOGRAPHICAL_INDICATION = (
            "geographical_indication",
            _("Geographical indication (地理标志)"),
        )

    workshop = models.ForeignKey(
        "inheritors.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="ip_records",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("The mark, invention, work or product the right protects."),
    )
    registration_number = models.CharField(_("registration number"), max_length=50)
    holder = models.CharField(
        _("holder"),
        max_length=200,
        help_text=_("The registrant: the workshop, its enterprise or cooperative."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a right that does not expire."),
    )
    revoked = models.BooleanField(
        _("no longer valid"),
        default=False,
        help_text=_("Cancelled, invalidated or transferred before its end."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = IpRecordQuerySet.as_manager()

    class Meta:
        ordering = ["workshop", "kind", "title"]
        verbose_name = _("brand or IP record")
        verbose_name_plural = _("brands and IP")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "registration_number"],
                name="ip_record_number_unique_per_kind",
                violation_error_message=_(
                    "A right of this kind with this number is already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gt=F("valid_from")),
                name="ip_record_ends_after_start",
                violation_error_message=_("The right must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.registration_number}"

    def clean(self) -> None:
        if self.kind:
            try:
                self.registration_number = normalise_registration_number(
                    self.kind, self.registration_number
                )
            except ValidationError as error:
                raise ValidationError({"registration_number": error}) from None

    def is_valid(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return (
            not self.revoked
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )

    is_valid.boolean = True
    is_valid.short_description = _("valid")


class IpExpiryReminder(models.Model):
    """That the reminder of one threshold (days before expiry) went out for a
    record: the task sends each once."""

    record = models.ForeignKey(
        IpRecord, on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "days_before"], name="ip_reminder_once_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record} · {self.days_before}"
