"""The workshop leader's own pages on the site: their workshops, and the yearly
confirmation of each. Only the leader reaches them; anyone else finds nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from inheritors.forms import ConfirmationForm
from inheritors.models import Workshop, WorkshopConfirmation
from inheritors.services import confirm_workshop_registration
from lms.admin_helpers import add_errors


def _led_by(request: HttpRequest):
    return (
        Workshop.objects.filter(leader__person__user=request.user)
        .with_last_registration_year()
        .select_related("region")
        .order_by("name")
    )


@login_required
def my_workshops(request: HttpRequest) -> HttpResponse:
    """The workshops the signed-in leader runs, and whether this year is confirmed."""
    year = timezone.localdate().year
    workshops = list(_led_by(request))
    confirmed = set(
        WorkshopConfirmation.objects.filter(
            workshop__in=workshops, year=year
        ).values_list("workshop_id", flat=True)
    )
    rows = [
        {
            "workshop": workshop,
            "confirmed": workshop.pk in confirmed,
            "can_confirm": workshop.is_qualified,
        }
        for workshop in workshops
    ]
    return TemplateResponse(
        request, "inheritors/my_workshops.html", {"rows": rows, "year": year}
    )


@login_required
def confirm_workshop(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or update this year's registration of a workshop the user leads."""
    workshop = get_object_or_404(_led_by(request), pk=pk)
    year = timezone.localdate().year
    confirmation = workshop.confirmations.filter(year=year).first()
    if not workshop.is_qualified:
        return TemplateResponse(
            request,
            "inheritors/confirm_workshop.html",
            {"workshop": workshop, "year": year, "form": None},
        )
    form = ConfirmationForm(
        request.POST or None, workshop=workshop, year=year, prefix="confirm"
    )
    if request.method == "POST" and form.is_valid():
        try:
            confirm_workshop_registration(
                workshop=workshop,
                year=year,
                user=request.user,
                channel=WorkshopConfirmation.Channel.SITE,
                registration=form.registration(),
                employment=form.employment(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you: the registration of %(name)s is confirmed for %(year)s.")
                % {"name": workshop.name, "year": year},
            )
            return redirect("inheritors:my-workshops")
    return TemplateResponse(
        request,
        "inheritors/confirm_workshop.html",
        {
            "workshop": workshop,
            "year": year,
            "form": form,
            "confirmation": confirmation,
        },
    )
