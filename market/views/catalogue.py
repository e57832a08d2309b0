"""The public catalogue a buyer uses on a phone: search and filters, the product
page with its photos and the inquiry form (rate-limited, with anti-spam checks)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from inheritors.models import Inheritor, InheritorPage, WorkshopProduct
from lms.admin_helpers import add_errors
from market.forms import CatalogueFilterForm, InquiryForm
from market.selectors import CatalogueFilters, catalogue_products
from market.services import send_inquiry

PAGE_SIZE = 30
RATE_WINDOW_SECONDS = 3600


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR, not X-Forwarded-For, which a client can set to dodge the limit.
    return request.META.get("REMOTE_ADDR", "")


def over_inquiry_limit(request: HttpRequest) -> bool:
    """Count an inquiry sent from this address; True past the allowed number an
    hour (``INQUIRIES_PER_HOUR``)."""
    limit = settings.INQUIRIES_PER_HOUR
    key = f"market:inquiry:{client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > limit


def catalogue(request: HttpRequest) -> HttpResponse:
    """The product catalogue (产品目录), searched and filtered from the URL."""
    form = CatalogueFilterForm(request.GET or None)
    filters = (
        form.filters() if form.is_bound and form.is_valid() else CatalogueFilters()
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    products = Paginator(catalogue_products(filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "market/catalogue.html",
        {"form": form, "products": products, "query": query.urlencode()},
        status=status,
    )


def product(request: HttpRequest, pk: int) -> HttpResponse:
    """A product's page: photos, order terms, the workshop, its leader and ICH
    items, and the form to send the workshop an inquiry."""
    item = get_object_or_404(
        WorkshopProduct.objects.listed().select_related(
            "workshop__page", "workshop__leader__person", "workshop__region", "photo"
        ),
        pk=pk,
    )
    if request.method == "POST":
        try:
            data = request.POST
        except RequestDataTooBig:
            return _render(
                request,
                item,
                InquiryForm(product=item),
                error=_("The inquiry is far too long; keep it under 2,000 characters."),
                status=400,
            )
        if over_inquiry_limit(request):
            response = _render(
                request,
                item,
                InquiryForm(data, product=item),
                error=_("Too many inquiries from your network; try again in an hour."),
                status=429,
            )
            response["Retry-After"] = str(RATE_WINDOW_SECONDS)
            return response
        form = InquiryForm(data, product=item)
        if form.is_valid():
            try:
                send_inquiry(inquiry=form.save(), sender_ip=client_ip(request) or None)
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect(f"{request.path}?sent=1#inquiry")
        return _render(request, item, form, status=400)
    return _render(request, item, InquiryForm(product=item))


def _render(request, item, form, *, error: str = "", status: int = 200):
    workshop = item.workshop
    return TemplateResponse(
        request,
        "market/product.html",
        {
            "product": item,
            "photos": item.photos.select_related("image"),
            "workshop": workshop,
            "items": workshop.items.all(),
            "leader": workshop.leader,
            "leader_page": InheritorPage.objects.live()
            .public()
            .filter(
                inheritor__person_id=workshop.leader.person_id,
                inheritor__status=Inheritor.Status.ACTIVE,
            )
            .first(),
            "form": form,
            "error": error,
            "sent": request.GET.get("sent") == "1",
        },
        status=status,
    )
