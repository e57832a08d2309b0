"""Writes about skill master studios: funding tranches from the configured grant."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from inheritors.models import MasterStudio, StudioFundingTranche
from lms.models import User


@transaction.atomic
def plan_studio_funding(
    *, studio: MasterStudio, user: User | None
) -> list[StudioFundingTranche]:
    """Split the grant configured for the studio's level and region into its
    tranches (资助资金分期), once."""
    studio = MasterStudio.objects.select_for_update().get(pk=studio.pk)
    if studio.tranches.exists():
        raise ValidationError(
            _("This studio's funding is already planned; edit its tranches."),
            code="planned",
        )
    scheme = studio.grant_scheme()
    if scheme is None:
        raise ValidationError(
            _("No grant is configured for %(level)s studios in %(region)s.")
            % {"level": studio.get_level_display(), "region": studio.region},
            code="no_scheme",
        )
    tranches = [
        StudioFundingTranche.objects.create(studio=studio, number=number, amount=amount)
        for number, amount in enumerate(scheme.tranche_amounts(), start=1)
    ]
    log(
        instance=studio,
        action="inheritors.studio.plan_funding",
        user=user,
        data={"scheme": scheme.pk},
    )
    return tranches
