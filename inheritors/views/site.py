"""The workshop leader's own pages on the site: their workshops, and the yearly
confirmation of each. Only the leader reaches them; anyone else finds nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from inheritors.forms import ConfirmationForm
from inheritors.models import Workshop, WorkshopConfirmation
from inheritors.models.workshops import confirmable_years, confirmation_grace_ends
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
    """The workshops the signed-in leader runs, whether this year is confirmed, and
    the year just ended if it is unconfirmed and still in its grace period."""
    today = timezone.localdate()
    year = today.year
    workshops = list(_led_by(request))
    confirmed = set(
        WorkshopConfirmation.objects.filter(
            workshop__in=workshops, year__gte=year - 1
        ).values_list("workshop_id", "year")
    )
    rows = []
    for workshop in workshops:
        late = [
            y
            for y in confirmable_years(workshop.region_id, today)[1:]
            if (workshop.pk, y) not in confirmed
            and workshop.identified_on
            and y >= workshop.identified_on.year
        ]
        rows.append(
            {
                "workshop": workshop,
                "confirmed": (workshop.pk, year) in confirmed,
                "can_confirm": workshop.is_qualified,
                "late_year": late[0] if late else None,
                "late_until": late
                and confirmation_grace_ends(workshop.region_id, late[0]),
            }
        )
    return TemplateResponse(
        request, "inheritors/my_workshops.html", {"rows": rows, "year": year}
    )


@login_required
def confirm_workshop(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or update this year's registration of a workshop the user leads, or
    (``?year=``) the year just ended during its grace period."""
    workshop = get_object_or_404(_led_by(request), pk=pk)
    years = confirmable_years(workshop.region_id, timezone.localdate())
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        raise Http404 from None
    if year not in years:
        raise Http404
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
