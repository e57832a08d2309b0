"""Reads of the market that join several apps: the public catalogue a buyer
searches and filters, and the workshops' market figures and inquiries that their
leaders read."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    F,
    Q,
    Sum,
)
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, PlainText

from inheritors.models import Workshop, WorkshopProduct
from inheritors.models.workshops import query_terms
from lms.scoping import region_prefix
from market.models import Inquiry, Participation


@dataclass(frozen=True)
class CatalogueFilters:
    """What a buyer asked the catalogue for; every field optional."""

    q: str = ""
    craft: str = ""
    item_id: int | None = None
    region_code: str = ""
    price_from: Decimal | None = None
    price_to: Decimal | None = None
    assistance: bool = False
    workshop_id: int | None = None


def catalogue_products(filters: CatalogueFilters):
    """The listed products that match the filters, ordered by craft and name: a
    queryset, or with search words ``SearchedProducts`` (on SQLite, Wagtail
    search results). Every search
    word must match, so all are equally relevant and the order stays the
    catalogue's.
    Chinese words match inside Chinese text through the index's character pairs
    (``inheritors.models.workshops.search_terms``)."""
    products = WorkshopProduct.objects.listed()
    workshops = Workshop.objects.all()
    narrowed = False
    if filters.item_id:
        workshops = workshops.filter(items=filters.item_id)
        narrowed = True
    if filters.region_code:
        workshops = workshops.filter(
            region__code__startswith=region_prefix(filters.region_code)
        )
        narrowed = True
    if narrowed:
        products = products.filter(workshop_id__in=workshops.values("pk"))
    if filters.workshop_id:
        products = products.filter(workshop=filters.workshop_id)
    if filters.craft:
        products = products.filter(craft=filters.craft)
    if filters.price_from is not None:
        products = products.filter(price_max__gte=filters.price_from)
    if filters.price_to is not None:
        products = products.filter(price_min__lte=filters.price_to)
    if filters.assistance:
        products = products.filter(consumption_assistance=True)
    # The workshops of a page's products in a query of their own: joined here,
    # PostgreSQL would join every matching product to its workshop before
    # sorting and cutting the page.
    products = (
        products.select_related("photo")
        .prefetch_related("workshop")
        .order_by("craft", "name", "id")
    )
    terms = query_terms(filters.q)
    if not terms:
        return products
    query = And([PlainText(term) for term in terms])
    backend = get_search_backend()
    if connection.vendor != "postgresql":
        return backend.search(query, products, order_by_relevance=False)
    return SearchedProducts(
        products.filter(pk__in=_indexed_products_matching(backend, products, query))
    )


class SearchedProducts:
    """Searched products for a paginator, searched once: the ids of all matches
    in catalogue order in one narrow query, which gives the count, then a page's
    products by id. A queryset would run the search twice, for the count and
    for the page."""

    def __init__(self, products):
        self._products = products
        self._ids: list[int] | None = None

    def _matching_ids(self) -> list[int]:
        if self._ids is None:
            self._ids = list(self._products.values_list("pk", flat=True))
        return self._ids

    def count(self) -> int:
        return len(self._matching_ids())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[WorkshopProduct]:
        ids = self._matching_ids()[index]
        found = (
            WorkshopProduct.objects.select_related("photo")
            .prefetch_related("workshop")
            .in_bulk(ids)
        )
        return [found[pk] for pk in ids]


def _indexed_products_matching(backend, products, query):
    """The ids of the products whose search-index entry matches ``query``, on
    PostgreSQL: a subquery matching the entries' ``body`` alone, which its GIN
    index serves. Wagtail's own search matches ``title || body``, a
    concatenation no index serves, so it reads every entry of the index twice a
    page (rows and count). A product has no ``title`` search field, so its
    entry's title is empty and the body holds all its words: the same matches.
    The text query is Wagtail's own, so words match as they do in search."""
    compiler = backend.query_compiler_class(products, query, order_by_relevance=False)
    text_query = compiler.build_tsquery(query, config=compiler.get_config(backend))
    return (
        IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(WorkshopProduct),
            body=text_query,
        )
        .annotate(product_id=Cast("object_id", BigIntegerField()))
        .values("product_id")
    )


def catalogue_crafts() -> list[str]:
    """The crafts of the listed products, for the catalogue's filter."""
    return list(
        WorkshopProduct.objects.listed()
        .order_by("craft")
        .values_list("craft", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class MarketFigures:
    """A workshop's results in the market: deals from inquiries and sales at
    events."""

    inquiries: int
    open_inquiries: int
    deals: int
    deal_quantity: int
    deal_value: Decimal
    event_orders: int
    event_sales: Decimal
    by_state: dict[str, int]  # inquiries in each state


@dataclass(frozen=True)
class LedWorkshop:
    """A workshop in its leader's market pages: its name and figures."""

    pk: int
    name: str
    figures: MarketFigures


def led_workshops(user) -> list[LedWorkshop]:
    """The workshops ``user`` leads, by name, with their market figures
    (``_with_figures``): a leader has one or two, and opens their inquiries often."""
    if not user.is_authenticated:
        return []
    return _with_figures(Workshop.objects.filter(leader__person__user=user))


def workshop_market_figures(workshop: Workshop) -> MarketFigures:
    """The market figures of one workshop."""
    (led,) = _with_figures(Workshop.objects.filter(pk=workshop.pk))
    return led.figures


def leader_inquiries(workshops: list[LedWorkshop], *, state: str = ""):
    """The inquiries to ``workshops`` (``led_workshops``), newest first, in one
    state if asked, with what their list shows and no more. ``inquiry_count`` says
    how many there are without counting them again."""
    inquiries = (
        Inquiry.objects.filter(workshop__in=[workshop.pk for workshop in workshops])
        .annotate(product_name=F("product__name"))
        .only("organisation", "state", "quantity", "created_at")
    )
    if state in Inquiry.State.values:
        inquiries = inquiries.filter(state=state)
    return inquiries


def inquiry_count(workshops: list[LedWorkshop], *, state: str = "") -> int:
    """How many inquiries ``leader_inquiries`` lists, from the figures."""
    if state in Inquiry.State.values:
        return sum(w.figures.by_state.get(state, 0) for w in workshops)
    return sum(w.figures.inquiries for w in workshops)


def _with_figures(workshops) -> list[LedWorkshop]:
    """``workshops`` by name with their figures, in two statements whatever their
    number: the workshops with their orders and sales at the events they take part
    in (joined and summed: a workshop takes part in a few), then their inquiries
    counted and their deals summed by state."""
    taking_part = Q(event_participations__state=Participation.State.ACCEPTED)
    rows = list(
        workshops.order_by("name", "pk")
        .values_list("pk", "name")
        .annotate(
            _orders=Sum("event_participations__orders", filter=taking_part),
            _sales=Sum("event_participations__sales", filter=taking_part),
        )
    )
    by_state = (
        Inquiry.objects.filter(workshop__in=[row[0] for row in rows])
        .order_by()
        .values_list("workshop_id", "state")
        .annotate(
            _rows=Count("pk"), _quantity=Sum("deal_quantity"), _value=Sum("deal_value")
        )
    )
    counts: dict[int, dict[str, int]] = {pk: {} for pk, *_rest in rows}
    deals: dict[int, tuple] = {}
    for pk, state, number, quantity, value in by_state:
        counts[pk][state] = number
        if state == Inquiry.State.DEAL:
            deals[pk] = (quantity, value)
    return [
        LedWorkshop(
            pk, name, _figures(counts[pk], deals.get(pk, (0, 0)), (orders, sales))
        )
        for pk, name, orders, sales in rows
    ]


def _figures(counts: dict[str, int], deals, sales) -> MarketFigures:
    deal_quantity, deal_value = deals
    event_orders, event_sales = sales
    return MarketFigures(
        inquiries=sum(counts.values()),
        open_inquiries=counts.get(Inquiry.State.NEW, 0)
        + counts.get(Inquiry.State.ANSWERED, 0),
        deals=counts.get(Inquiry.State.DEAL, 0),
        deal_quantity=deal_quantity or 0,
        deal_value=deal_value or Decimal("0"),
        event_orders=event_orders or 0,
        event_sales=event_sales or Decimal("0"),
        by_state=counts,
    )
