"""The public catalogue, searched and filtered, and a busy workshop's inquiry list,
against hand-written SQL returning the same rows, in the same run.

    DATABASE_URL=postgres://… .venv/bin/python bench/catalogue.py
        [--products 100000] [--workshops 10000] [--inquiries 5000]

Seeds ``--workshops`` qualified workshops with live pages across Sichuan's
counties and ``--products`` catalogue products (names, crafts and descriptions
made of Chinese words, prices, a tenth marked for consumption assistance), indexed
by Wagtail search in bulk; and ``--inquiries`` inquiries to one workshop. Then,
through Django's whole stack (its test client), it reads:

- the catalogue page searched for "刺绣" and filtered by a prefecture and a price
  range (``GET /catalogue/``), against SQL selecting the same page of products
  and counting the matches;
- the busy workshop's leader's inquiry list (``GET /workshops/mine/inquiries/``),
  against SQL that starts, as the page does, from the leader's account: it finds
  the leader's workshops, selects the same page of their inquiries and counts
  them, and reads each workshop's name and figures (inquiries by state, deals,
  orders and sales at events), which must equal the page's.

It asserts that the page, its read (the selectors the view calls: the page of
rows and their count, and for the leader the workshop's figures) and the SQL give
the same rows, and prints JSON: for each, ``read_s`` against ``sql_s`` as
``ratio_vs_sql`` (medians over ``ROUNDS`` interleaved rounds; goal at most 2: what
the ORM and Wagtail search cost over the SQL), ``page_s`` (the whole request,
templates and middleware included) and ``queries`` (the page's statements,
constant in the number of products: tests/market checks it at two sizes).
Needs PostgreSQL; it works in a database of its own beside the one named,
dropped afterwards. BENCH_PROFILE=1 prints each page's statements.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATABASE = "jiangxin_bench_catalogue"
ROUNDS = 7
SEARCH = "刺绣"
PREFECTURE = "510100"
PRICE_FROM, PRICE_TO = 100, 400

ETHNIC = ["苗族", "彝族", "藏族", "羌族", "土家族", "汉族", "侗族", "布依族"]
CRAFTS = ["刺绣", "蜡染", "银饰", "竹编", "漆器", "陶艺", "剪纸", "织锦", "木雕"]
THINGS = ["挂件", "围巾", "手袋", "摆件", "茶具", "团扇", "灯笼", "屏风", "香囊"]


def emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _environment(scratch: Path) -> tuple[dict, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/catalogue.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    import psycopg

    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))

    def admin(sql: str) -> None:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
    admin(f"CREATE DATABASE {BENCH_DATABASE}")
    env = dict(os.environ) | {
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PERSONAL_DATA_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "MEDIA_ROOT": str(scratch / "media"),
        "CELERY_BROKER_URL": "memory://",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": urlunsplit(urlsplit(url)._replace(path=f"/{BENCH_DATABASE}")),
    }
    return env, lambda: admin(f"DROP DATABASE {BENCH_DATABASE}")


# --- Inside the bench environment ----------------------------------------------


def _pages(shops) -> None:
    """A live public page for each workshop, written in bulk: the tree paths as
    treebeard would give them, then the page rows of the subclass."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from inheritors.models import WorkshopIndexPage, WorkshopPage

    index = WorkshopIndexPage.objects.get()
    content_type = ContentType.objects.get_for_model(WorkshopPage)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def step(n: int) -> str:
        digits = ""
        for _ in range(4):
            n, rest = divmod(n, 36)
            digits = alphabet[rest] + digits
        return digits

    first = index.numchild + 1
    pages = Page.objects.bulk_create(
        (
            Page(
                title=shop.name,
                draft_title=shop.name,
                slug=f"bench-{shop.pk}",
                path=index.path + step(first + n),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}bench-{shop.pk}/",
                live=True,
                content_type=content_type,
                locale_id=index.locale_id,
            )
            for n, shop in enumerate(shops)
        ),
        batch_size=5000,
    )
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + len(pages))
    children = [
        WorkshopPage(page_ptr_id=page.pk, workshop_id=shop.pk, summary="", story=[])
        for page, shop in zip(pages, shops, strict=True)
    ]
    fields = list(WorkshopPage._meta.local_concrete_fields)
    for start in range(0, len(children), 5000):
        WorkshopPage._base_manager._insert(children[start : start + 5000], fields)


def _seed(products: int, workshops: int, inquiries: int):
    """The workshops, their pages and products, the index, and the busy workshop's
    inquiries; returns the busy workshop's leader's account."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone
    from wagtail.search.backends import get_search_backend

    from inheritors.models import Workshop, WorkshopLeader, WorkshopProduct
    from lms.models import Person, Region, User
    from market.models import Inquiry
    from tests import factories

    counties = list(
        Region.objects.filter(code__startswith="51", level="county").values_list(
            "code", flat=True
        )
    )
    people = []
    for n in range(workshops):
        person = Person(real_name=f"带头人{n}", household_region_id=counties[0])
        person.set_id_number(factories.id_number(n + 1))
        person.set_mobile("")
        people.append(person)
    account = User.objects.create(
        username="bench-leader", email="leader@bench.test", password="!"
    )
    people[0].user = account
    people = Person.objects.bulk_create(people, batch_size=5000)
    leaders = WorkshopLeader.objects.bulk_create(
        (
            WorkshopLeader(person=person, region_id=counties[n % len(counties)])
            for n, person in enumerate(people)
        ),
        batch_size=5000,
    )
    shops = Workshop.objects.bulk_create(
        (
            Workshop(
                name=f"基准工坊{n}",
                region_id=counties[n % len(counties)],
                entity_type="individual",
                leader=leader,
                craft=CRAFTS[n % len(CRAFTS)],
                address="基准地址",
                state="identified",
                identified_on=dt.date(2024, 1 + n % 12, 1 + n % 28),
            )
            for n, leader in enumerate(leaders)
        ),
        batch_size=5000,
    )
    _pages(shops)
    today = timezone.localdate()
    made = WorkshopProduct.objects.bulk_create(
        (
            WorkshopProduct(
                workshop=shops[n % workshops],
                name=f"{ETHNIC[n % 8]}{CRAFTS[n % 9]}{THINGS[n // 9 % 9]}{n}",
                craft=CRAFTS[n % 9],
                description=f"{ETHNIC[n // 7 % 8]}传统{CRAFTS[n // 5 % 9]}工艺",
                price_min=Decimal(20 + n % 500),
                price_max=Decimal(40 + n % 500 + n % 300),
                minimum_order=10 + n % 90,
                consumption_assistance=n % 10 == 0,
                assistance_checked_on=today if n % 10 == 0 else None,
            )
            for n in range(products)
        ),
        batch_size=5000,
    )
    backend = get_search_backend()
    index = backend.get_index_for_model(WorkshopProduct)
    for start in range(0, len(made), 2000):
        index.add_items(WorkshopProduct, made[start : start + 2000])
    busy = shops[0]
    busy_products = [p for p in made[: workshops * 5] if p.workshop_id == busy.pk]
    states = ["new", "answered", "deal", "closed"]
    now = timezone.now()
    Inquiry.objects.bulk_create(
        (
            Inquiry(
                product=busy_products[n % len(busy_products)],
                workshop=busy,
                organisation=f"采购商{n}",
                contact_name="李经理",
                phone="13912345678",
                email=f"buyer{n}@bench.test",
                message="需要定制",
                quantity=10 + n % 1000,
                state=states[n % 4],
                answered_at=None if n % 4 == 0 else now,
                deal_quantity=10 + n % 1000 if n % 4 == 2 else None,
                deal_value=Decimal(1000 + n) if n % 4 == 2 else None,
                created_at=now - dt.timedelta(minutes=n),
            )
            for n in range(inquiries)
        ),
        batch_size=5000,
    )
    # Other workshops' inquiries, so the busy one's are found among many.
    Inquiry.objects.bulk_create(
        (
            Inquiry(
                product=made[n % len(made)],
                workshop_id=made[n % len(made)].workshop_id,
                organisation=f"别的采购商{n}",
                contact_name="王经理",
                phone="13912345678",
                email=f"other{n}@bench.test",
                message="询价",
                quantity=5,
                created_at=now - dt.timedelta(minutes=n),
            )
            for n in range(inquiries * 4)
            if made[n % len(made)].workshop_id != busy.pk
        ),
        batch_size=5000,
    )
    return account


CATALOGUE_SQL = """
WITH matches AS (
    SELECT p.id, p.name, p.craft, p.price_min, p.price_max, p.minimum_order,
           p.consumption_assistance, p.photo_id, p.workshop_id
    FROM inheritors_workshopproduct p
    JOIN wagtailsearch_indexentry e
      ON e.content_type_id = %(content_type)s AND e.object_id = p.id::text
    WHERE p.in_catalogue
      AND p.workshop_id IN (
          SELECT w.id FROM inheritors_workshop w
          JOIN inheritors_workshoppage wp ON wp.workshop_id = w.id
          JOIN wagtailcore_page pg ON pg.id = wp.page_ptr_id
          WHERE w.state IN ('identified', 'active') AND pg.live
            AND w.region_id LIKE %(prefix)s)
      AND p.price_max >= %(price_from)s AND p.price_min <= %(price_to)s
      AND (e.title || e.body) @@ plainto_tsquery(%(search)s)
)
SELECT m.*, w.name, pg.url_path, (SELECT count(*) FROM matches)
FROM matches m
JOIN inheritors_workshop w ON w.id = m.workshop_id
LEFT JOIN inheritors_workshoppage wp ON wp.workshop_id = w.id
LEFT JOIN wagtailcore_page pg ON pg.id = wp.page_ptr_id
ORDER BY m.craft, m.name, m.id
LIMIT 30
"""

# The leader's page as a hand-written reader would serve it, from the leader's
# account as the page is: the leader's workshops found through their person;
# then, with their ids written into the statements as a list (so that PostgreSQL
# plans for those workshops: for one, the page walks the index of recent
# inquiries, as the ORM's ``IN`` lets it), a page of their
# inquiries with the count, and each workshop's name and figures (inquiries by
# state, deals, and orders and sales at events).
LED_SQL = """
SELECT w.id FROM inheritors_workshop w
JOIN inheritors_workshopleader l ON l.id = w.leader_id
JOIN lms_person p ON p.id = l.person_id
WHERE p.user_id = %(user)s
"""

INQUIRIES_SQL = """
SELECT i.id, i.organisation, i.state, i.quantity, i.created_at, p.name,
       (SELECT count(*) FROM market_inquiry WHERE workshop_id IN ({led}))
FROM market_inquiry i
JOIN inheritors_workshopproduct p ON p.id = i.product_id
WHERE i.workshop_id IN ({led})
ORDER BY i.created_at DESC, i.id DESC
LIMIT 20
"""

FIGURES_SQL = """
SELECT w.id, w.name, f.inquiries, f.open, f.deals, f.quantity, f.value,
       e.orders, e.sales
FROM inheritors_workshop w,
LATERAL (
    SELECT count(*) AS inquiries,
           count(*) FILTER (WHERE state IN ('new', 'answered')) AS open,
           count(*) FILTER (WHERE state = 'deal') AS deals,
           coalesce(sum(deal_quantity) FILTER (WHERE state = 'deal'), 0) AS quantity,
           coalesce(sum(deal_value) FILTER (WHERE state = 'deal'), 0) AS value
    FROM market_inquiry WHERE workshop_id = w.id) f,
LATERAL (
    SELECT coalesce(sum(orders), 0) AS orders, coalesce(sum(sales), 0) AS sales
    FROM market_participation WHERE workshop_id = w.id AND state = 'accepted') e
WHERE w.id IN ({led})
ORDER BY w.name, w.id
"""


def _ids(ids: list[int]) -> str:
    """Ids written into a statement (integers read from the database)."""
    return ", ".join(str(int(pk)) for pk in ids) or "NULL"


def inner(products: int, workshops: int, inquiries: int) -> None:
    from decimal import Decimal

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    # Pages name their static files; without collectstatic's manifest, plainly.
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": plain}}
    ).enable()

    from django.core.paginator import Paginator

    from inheritors.models import WorkshopProduct
    from lms.pagination import KnownCountPaginator
    from market.selectors import (
        CatalogueFilters,
        catalogue_products,
        inquiry_count,
        leader_inquiries,
        led_workshops,
    )
    from market.views.catalogue import PAGE_SIZE as CATALOGUE_PAGE
    from market.views.leader import PAGE_SIZE as INQUIRY_PAGE

    started = time.perf_counter()
    account = _seed(products, workshops, inquiries)
    emit({"phase": "seed", "seconds": round(time.perf_counter() - started, 1)})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    content_type = ContentType.objects.get_for_model(WorkshopProduct).pk

    buyer = Client()
    leader = Client()
    leader.force_login(account)
    catalogue_params = {
        "q": SEARCH,
        "region": PREFECTURE,
        "price_from": PRICE_FROM,
        "price_to": PRICE_TO,
    }

    def page_ids(client, url, params, key) -> tuple[list[int], int]:
        response = client.get(url, params)
        assert response.status_code == 200, response.content[:300]
        html = response.content.decode()
        ids = [int(pk) for pk in re.findall(rf'data-{key}="([0-9]+)"', html)]
        return ids, int(re.search(r'data-count="([0-9]+)"', html).group(1))

    def catalogue_page():
        return page_ids(buyer, "/catalogue/", catalogue_params, "product")

    def inquiry_page():
        return page_ids(leader, "/workshops/mine/inquiries/", {}, "inquiry")

    def catalogue_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                CATALOGUE_SQL,
                {
                    "content_type": content_type,
                    "prefix": PREFECTURE[:4] + "%",
                    "price_from": PRICE_FROM,
                    "price_to": PRICE_TO,
                    "search": SEARCH,
                },
            )
            rows = cursor.fetchall()
        return [row[0] for row in rows], rows[0][-1] if rows else 0

    def inquiry_sql():
        with connection.cursor() as cursor:
            cursor.execute(LED_SQL, {"user": account.pk})
            led = [row[0] for row in cursor.fetchall()]
            cursor.execute(INQUIRIES_SQL.format(led=_ids(led)))
            rows = cursor.fetchall()
            cursor.execute(FIGURES_SQL.format(led=_ids(led)))
            cursor.fetchall()
        return [row[0] for row in rows], rows[0][-1] if rows else 0

    def catalogue_read():
        filters = CatalogueFilters(
            q=SEARCH,
            region_code=PREFECTURE,
            price_from=Decimal(PRICE_FROM),
            price_to=Decimal(PRICE_TO),
        )
        page = Paginator(catalogue_products(filters), CATALOGUE_PAGE).get_page(1)
        return [row.pk for row in page], page.paginator.count

    def figures_agree() -> None:
        with connection.cursor() as cursor:
            cursor.execute(LED_SQL, {"user": account.pk})
            led = [row[0] for row in cursor.fetchall()]
            cursor.execute(FIGURES_SQL.format(led=_ids(led)))
            by_sql = [list(row) for row in cursor.fetchall()]
        by_read = [
            [w.pk, w.name, f.inquiries, f.open_inquiries, f.deals]
            + [f.deal_quantity, f.deal_value, f.event_orders, f.event_sales]
            for w in led_workshops(account)
            for f in [w.figures]
        ]
        assert by_sql == by_read, (by_sql, by_read)

    def inquiry_read():
        workshops = led_workshops(account)
        page = KnownCountPaginator(
            leader_inquiries(workshops),
            INQUIRY_PAGE,
            count=inquiry_count(workshops),
        ).get_page(1)
        return [row.pk for row in page], page.paginator.count

    figures_agree()
    results = {}
    for name, through_page, through_read, through_sql in (
        ("catalogue", catalogue_page, catalogue_read, catalogue_sql),
        ("inquiries", inquiry_page, inquiry_read, inquiry_sql),
    ):
        with CaptureQueriesContext(connection) as captured:
            got = through_page()  # warm-up: caches, and the query count
        queries = len(captured.captured_queries)
        if os.environ.get("BENCH_PROFILE"):
            for query in captured.captured_queries:
                sys.stderr.write(f"{query['time']} s  {query['sql'][:300]}\n")
        expected = through_sql()
        assert got == expected == through_read(), (name, got, expected)
        assert got[1] > 0, name
        times = {"page": [], "read": [], "sql": []}
        for _round in range(ROUNDS):
            for kind, run in (
                ("page", through_page),
                ("read", through_read),
                ("sql", through_sql),
            ):
                started = time.perf_counter()
                run()
                times[kind].append(time.perf_counter() - started)
        page_s, read_s, sql_s = (
            statistics.median(times[kind]) for kind in ("page", "read", "sql")
        )
        results[name] = {
            "rows": len(got[0]),
            "matches": got[1],
            "read_s": round(read_s, 4),
            "sql_s": round(sql_s, 4),
            "ratio_vs_sql": round(read_s / sql_s, 2),
            "page_s": round(page_s, 4),
            "queries": queries,
        }
        emit({name: results[name]})
    emit(
        {
            "products": products,
            "workshops": workshops,
            "inquiries_of_busy_workshop": inquiries,
            **results,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--workshops", type=int, default=10_000)
    parser.add_argument("--inquiries", type=int, default=5_000)
    parser.add_argument("--inner", action="store_true")
    args = parser.parse_args()
    if args.inner:
        inner(args.products, args.workshops, args.inquiries)
        return
    with tempfile.TemporaryDirectory(prefix="jiangxin-bench-") as folder:
        env, cleanup = _environment(Path(folder))
        try:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            subprocess.run(
                [sys.executable, __file__, "--inner"]
                + ["--products", str(args.products)]
                + ["--workshops", str(args.workshops)]
                + ["--inquiries", str(args.inquiries)],
                cwd=ROOT,
                env=env,
                check=True,
            )
        finally:
            cleanup()


if __name__ == "__main__":
    main()
