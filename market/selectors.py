"""Reads of the market that join several apps: the public catalogue a buyer
searches and filters, and a workshop's market figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BigIntegerField, Count, Sum, Value
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


def leader_inquiries(user, *, state: str = ""):
    """The inquiries to the workshops the user leads, newest first, in one state if
    asked, with what their list shows and no more: a leader reads it often.
    (The product comes joined, not annotated: the paginator's count would keep
    an annotation's join.)"""
    inquiries = (
        Inquiry.objects.led_by(user)
        .select_related("product")
        .only("organisation", "state", "quantity", "created_at", "product__name")
    )
    if state in Inquiry.State.values:
        inquiries = inquiries.filter(state=state)
    return inquiries


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


def workshop_market_figures(workshop: Workshop) -> MarketFigures:
    """The market figures of one workshop, in one query: its inquiries counted and
    their deals summed by state, and beside them (``UNION ALL``) its orders and
    sales at the events it takes part in."""
    inquiries = (
        Inquiry.objects.filter(workshop=workshop)
        .order_by()
        .annotate(source=Value("inquiries"))
        .values_list("source", "state")
        .annotate(
            rows=Count("pk"), quantity=Sum("deal_quantity"), value=Sum("deal_value")
        )
    )
    events = (
        Participation.objects.taking_part()
        .filter(workshop=workshop)
        .order_by()
        .annotate(source=Value("events"))
        .values_list("source", "state")
        .annotate(rows=Count("pk"), quantity=Sum("orders"), value=Sum("sales"))
    )
    counts: dict[str, int] = {}
    deal_quantity, deal_value = 0, Decimal("0")
    event_orders, event_sales = 0, Decimal("0")
    for source, state, rows, quantity, value in inquiries.union(events, all=True):
        if source == "events":
            event_orders, event_sales = quantity or 0, value or Decimal("0")
            continue
        counts[state] = rows
        if state == Inquiry.State.DEAL:
            deal_quantity, deal_value = quantity or 0, value or Decimal("0")
    return MarketFigures(
        inquiries=sum(counts.values()),
        open_inquiries=counts.get(Inquiry.State.NEW, 0)
        + counts.get(Inquiry.State.ANSWERED, 0),
        deals=counts.get(Inquiry.State.DEAL, 0),
        deal_quantity=deal_quantity,
        deal_value=deal_value,
        event_orders=event_orders,
        event_sales=event_sales,
    )
