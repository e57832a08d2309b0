"""Public pages of exhibitions and sales events: the list, and each event with
the workshops taking part, their products and, afterwards, their results."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from inheritors.models import WorkshopProduct
from market.models import Participation, SalesEvent


def event_index(request: HttpRequest) -> HttpResponse:
    events = (
        SalesEvent.objects.published()
        .select_related("organiser_region")
        .annotate(
            taking_part=Count(
                "participations",
                filter=Q(participations__state=Participation.State.ACCEPTED),
            )
        )
        .order_by("-starts_on", "name")
    )
    page = Paginator(events, 20).get_page(request.GET.get("page"))
    return TemplateResponse(request, "market/event_index.html", {"events": page})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        SalesEvent.objects.published().select_related("organiser_region"), pk=pk
    )
    participations = (
        event.participations.taking_part()
        .select_related("workshop__page", "workshop__region")
        .prefetch_related(
            Prefetch(
                "products",
                queryset=WorkshopProduct.objects.listed().order_by("name"),
            )
        )
        .order_by("workshop__name")
    )
    totals = participations.aggregate(orders=Sum("orders"), sales=Sum("sales"))
    return TemplateResponse(
        request,
        "market/event_detail.html",
        {"event": event, "participations": participations, "totals": totals},
    )
