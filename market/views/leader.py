"""The workshop leader's market pages, made for a phone: inquiries to their
workshops with answers, deals, closing and blocking; events to apply to and
invitations to accept. Only the leader reaches them; anyone else finds nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from inheritors.models import Workshop, WorkshopProduct
from lms.admin_helpers import add_errors
from lms.pagination import KnownCountPaginator
from market import services
from market.forms import AnswerForm, BlockForm, DealForm
from market.models import Inquiry, Participation, SalesEvent
from market.selectors import inquiry_count, leader_inquiries, led_workshops

PAGE_SIZE = 20


def _workshops(request: HttpRequest):
    return Workshop.objects.filter(leader__person__user=request.user).order_by("name")


@login_required
def my_inquiries(request: HttpRequest) -> HttpResponse:
    """Inquiries to the leader's workshops, newest first, by state, with each
    workshop's market figures."""
    state = request.GET.get("state", "")
    workshops = led_workshops(request.user)
    page = KnownCountPaginator(
        leader_inquiries(workshops, state=state),
        PAGE_SIZE,
        count=inquiry_count(workshops, state=state),
    ).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "market/my_inquiries.html",
        {
            "inquiries": page,
            "state": state,
            "states": Inquiry.State.choices,
            "workshops": workshops,
        },
    )


ACTIONS = {
    "answer": AnswerForm,
    "deal": DealForm,
    "block": BlockForm,
}


@login_required
def inquiry(request: HttpRequest, pk: int) -> HttpResponse:
    """One inquiry with the buyer's details, and what the leader may do with it."""
    item = get_object_or_404(
        Inquiry.objects.led_by(request.user).select_related("product", "workshop"),
        pk=pk,
    )
    action = request.POST.get("action", "")
    forms = {
        name: form_class(
            request.POST if action == name else None,
            prefix=name,
            initial={"answer": item.answer} if name == "answer" else None,
        )
        for name, form_class in ACTIONS.items()
    }
    if request.method == "POST":
        form = forms.get(action)
        if action == "close" or (form is not None and form.is_valid()):
            try:
                _act(request, item, action, form)
            except ValidationError as error:
                if form is None:
                    messages.error(request, " ".join(error.messages))
                else:
                    add_errors(form, error)
            else:
                return redirect("market:inquiry", pk=item.pk)
        status = 400
    else:
        status = 200
    return TemplateResponse(
        request,
        "market/inquiry.html",
        {"inquiry": item, "forms": forms, "State": Inquiry.State},
        status=status,
    )


def _act(request, item: Inquiry, action: str, form) -> None:
    user = request.user
    if action == "answer":
        services.answer_inquiry(
            inquiry=item, user=user, answer=form.cleaned_data["answer"]
        )
        messages.success(request, _("Your answer was sent to the buyer."))
    elif action == "deal":
        services.record_deal(
            inquiry=item,
            user=user,
            quantity=form.cleaned_data["quantity"],
            value=form.cleaned_data["value"],
        )
        messages.success(request, _("The deal is recorded."))
    elif action == "close":
        services.close_inquiry(inquiry=item, user=user)
        messages.success(request, _("The inquiry is closed."))
    elif action == "block":
        services.block_sender(inquiry=item, user=user, kind=form.cleaned_data["kind"])
        messages.success(request, _("This sender can no longer send you inquiries."))


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    """Events the leader's workshops are on, and published events still open to
    applications."""
    workshops = list(_workshops(request))
    participations = (
        Participation.objects.filter(workshop__in=workshops)
        .select_related("event", "workshop")
        .order_by("-event__starts_on")
    )
    taken = {(p.event_id, p.workshop_id) for p in participations}
    open_events = SalesEvent.objects.open_to_applications(
        today=timezone.localdate()
    ).select_related("organiser_region")
    offers = [
        (event, [w for w in workshops if (event.pk, w.pk) not in taken])
        for event in open_events
    ]
    return TemplateResponse(
        request,
        "market/my_events.html",
        {
            "participations": participations,
            "offers": [(e, ws) for e, ws in offers if ws],
        },
    )


@login_required
def take_part(request: HttpRequest, event_pk: int, workshop_pk: int) -> HttpResponse:
    """Apply to an event for a workshop, or accept its invitation, with the
    products the workshop will show."""
    workshop = get_object_or_404(_workshops(request), pk=workshop_pk)
    event = get_object_or_404(SalesEvent.objects.published(), pk=event_pk)
    invitation = Participation.objects.filter(
        event=event, workshop=workshop, state=Participation.State.INVITED
    ).first()
    products = WorkshopProduct.objects.filter(workshop=workshop, in_catalogue=True)
    if request.method == "POST":
        chosen = list(products.filter(pk__in=request.POST.getlist("products")))
        try:
            if invitation is not None:
                services.accept_invitation(
                    participation=invitation, user=request.user, products=chosen
                )
            else:
                services.apply_to_event(
                    event=event, workshop=workshop, user=request.user, products=chosen
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: see the event under My events."))
            return redirect("market:my-events")
    return TemplateResponse(
        request,
        "market/take_part.html",
        {
            "event": event,
            "workshop": workshop,
            "products": products,
            "invitation": invitation,
        },
    )
