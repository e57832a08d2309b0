"""Writes on the workshops' catalogue products."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from inheritors.models import WorkshopProduct
from lms import policy


@transaction.atomic
def mark_consumption_assistance(
    *, product: WorkshopProduct, user, assisted: bool, checked_on: dt.date
) -> WorkshopProduct:
    """A department officer who checked a product marks it for consumption
    assistance (消费帮扶), or takes the mark away; who and when are kept with it.
    Raises PermissionDenied unless ``policy.may_mark_consumption_assistance``."""
    if not policy.may_mark_consumption_assistance(user, product):
        raise PermissionDenied
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("The check cannot be in the future.")})
    product.consumption_assistance = assisted
    product.assistance_checked_on = checked_on
    product.assistance_checked_by = user
    product.save(
        update_fields=[
            "consumption_assistance",
            "assistance_checked_on",
            "assistance_checked_by",
        ]
    )
    log(
        instance=product,
        action="inheritors.product.assist"
        if assisted
        else "inheritors.product.unassist",
        user=user,
    )
    return product
