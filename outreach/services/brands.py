"""Writes of the brands and IP records, and their expiry reminders."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms import policy
from outreach.models import IpExpiryReminder, IpRecord
from outreach.models.brands import EXPIRY_REMINDER_DAYS

logger = logging.getLogger(__name__)


@transaction.atomic
def save_ip_record(*, record: IpRecord, user) -> IpRecord:
    """Validate and save a workshop's right (new or changed) and log who did it;
    raises ValidationError and saves nothing when a field is wrong."""
    created = record.pk is None
    record.full_clean()
    record.save()
    log(record, "wagtail.create" if created else "wagtail.edit", user=user)
    return record


def _recipients(record: IpRecord, officers: dict[str, list[str]]) -> list[str]:
    emails = set(officers.get(record.workshop.region_id, []))
    account = record.workshop.leader.person.user
    if account is not None and account.email:
        emails.add(account.email)
    return sorted(emails)


@transaction.atomic
def send_ip_expiry_reminders(*, today: dt.date) -> int:
    """Mail the leader and the county culture officers of each valid right whose
    registration ends within a reminder threshold not yet reminded (90, 30, 7
    days), once per threshold; return how many mails went out."""
    widest = max(EXPIRY_REMINDER_DAYS)
    records = (
        IpRecord.objects.expiring_within(widest, today=today)
        .select_related("workshop__leader__person__user")
        .prefetch_related("reminders")
        .order_by("valid_until", "pk")
    )
    due: list[tuple[IpRecord, list[int]]] = []
    for record in records:
        left = (record.valid_until - today).days
        sent = {reminder.days_before for reminder in record.reminders.all()}
        crossed = [d for d in EXPIRY_REMINDER_DAYS if left <= d and d not in sent]
        if crossed:
            due.append((record, crossed))
    counties = {record.workshop.region_id for record, _ in due}
    officers: dict[str, list[str]] = defaultdict(list)
    for email, code in policy.department_officers(
        counties, permission="outreach.change_iprecord"
    ).values_list("email", "officer_region"):
        if email:
            officers[code].append(email)
    mails = 0
    for record, crossed in due:
        IpExpiryReminder.objects.bulk_create(
            [IpExpiryReminder(record=record, days_before=d) for d in crossed]
        )
        recipients = _recipients(record, officers)
        if not recipients:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("%(kind)s %(number)s expires on %(day)s") % {
                "kind": record.get_kind_display(),
                "number": record.registration_number,
                "day": record.valid_until.isoformat(),
            }
            body = _(
                "The %(kind)s “%(title)s” (No. %(number)s) of %(workshop)s, held "
                "by %(holder)s, expires on %(day)s. Renew the registration in time "
                "and record the new dates on Jiangxin."
            ) % {
                "kind": record.get_kind_display(),
                "title": record.title,
                "number": record.registration_number,
                "workshop": record.workshop.name,
                "holder": record.holder,
                "day": record.valid_until.isoformat(),
            }
        transaction.on_commit(
            lambda s=subject, b=body, r=recipients: send_mail(s, b, None, r)
        )
        mails += 1
    logger.info("IP expiry reminders: %s mails", mails)
    return mails
