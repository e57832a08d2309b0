"""Demo data of the market for ``make run`` (called from ``lms.roof.demo``).

The demo workshop's products get photos, order terms and a consumption-assistance
mark, a few more products make the catalogue worth searching ("刺绣", "团扇"), a
finished festival stand has its results and a live-stream sale is open to
applications, and the demo leader has buyers' inquiries in every state. The
buyers are fictitious. Idempotent: every object is looked up by its name first.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images.models import Image

from inheritors.models import ProductPhoto, Workshop, WorkshopProduct
from inheritors.services import mark_consumption_assistance
from lms.models import User
from market import services
from market.models import Inquiry, Participation, SalesEvent

LEADER_EMAIL = "leader@jiangxin.local"
MORE_PRODUCTS = [
    # name, craft, low, high, description
    ("芙蓉刺绣丝巾", "蜀绣", "260", "480", "真丝双面刺绣，芙蓉花纹，礼盒包装。"),
    ("熊猫刺绣香囊", "蜀绣", "38", "68", "手工刺绣香囊，内装川西草本香料。"),
]
TERMS = {"minimum_order": 50, "lead_time_days": 20, "monthly_capacity": 600}
COLOURS = ["#c0392b", "#2e86c1", "#b9770e", "#7d3c98", "#148f77"]


def _photo(title: str, colour: str) -> Image:
    found = Image.objects.filter(title=title).first()
    if found is not None:
        return found
    picture = PillowImage.new("RGB", (960, 720), "#f6efe4")
    draw = ImageDraw.Draw(picture)
    for ring in range(10, 0, -1):  # a stylised embroidered flower
        r = ring * 30
        draw.ellipse((480 - r, 360 - r, 480 + r, 360 + r), outline=colour, width=8)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    upload = SimpleUploadedFile(f"{title}.jpg", buffer.getvalue(), "image/jpeg")
    return Image.objects.create(title=title, file=upload)


def _products(workshop: Workshop, officer: User | None) -> int:
    created = 0
    for name, craft, low, high, description in MORE_PRODUCTS:
        _product, new = WorkshopProduct.objects.get_or_create(
            workshop=workshop,
            name=name,
            defaults={
                "craft": craft,
                "price_min": Decimal(low),
                "price_max": Decimal(high),
                "description": description,
            },
        )
        created += new
    for n, product in enumerate(workshop.catalogue.order_by("pk")):
        if product.photo_id is None:
            product.photo = _photo(f"演示产品 {product.name}", COLOURS[n % 5])
            for field, value in TERMS.items():
                setattr(product, field, value)
            product.save()
            ProductPhoto.objects.create(
                product=product,
                image=_photo(f"演示产品 {product.name} 细节", COLOURS[(n + 2) % 5]),
                caption="针法细节",
            )
            created += 1
    first = workshop.catalogue.order_by("pk").first()
    if officer is not None and first and not first.consumption_assistance:
        mark_consumption_assistance(
            product=first,
            user=officer,
            assisted=True,
            checked_on=timezone.localdate() - dt.timedelta(days=30),
        )
        created += 1
    return created


def _events(workshop: Workshop, organiser: User | None) -> int:
    if organiser is None or SalesEvent.objects.filter(name__startswith="演示").exists():
        return 0
    today = timezone.localdate()
    past = SalesEvent.objects.create(
        name="演示·成都国际非遗节蜀绣展销",
        kind=SalesEvent.Kind.FESTIVAL_STAND,
        starts_on=today - dt.timedelta(days=40),
        ends_on=today - dt.timedelta(days=36),
        place="成都非遗博览园",
        organiser_region_id="510104",
        description="锦江区组织辖内非遗工坊参加成都国际非遗节，设蜀绣展销专区。",
        published=True,
    )
    participation = Participation.objects.create(
        event=past, workshop=workshop, state=Participation.State.ACCEPTED
    )
    participation.products.set(workshop.catalogue.filter(in_catalogue=True)[:3])
    services.record_event_results(
        participation=participation,
        user=organiser,
        orders=36,
        sales=Decimal("12800.00"),
    )
    SalesEvent.objects.create(
        name="演示·非遗购物节直播带货",
        kind=SalesEvent.Kind.LIVE_STREAM,
        starts_on=today + dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=22),
        place="抖音 · 锦江文旅直播间",
        organiser_region_id="510104",
        description="工坊带头人在直播间讲解针法，观众下单直供。",
        published=True,
    )
    return 3


def _inquiries(workshop: Workshop, leader: User) -> int:
    if Inquiry.objects.filter(workshop=workshop).exists():
        return 0
    product = workshop.catalogue.filter(in_catalogue=True).order_by("pk").first()
    buyers = [
        ("成都文旅商贸有限公司", "新", 300),
        ("锦里礼品店", "答", 80),
        ("天府航空服务有限公司", "成", 1200),
        ("某电商平台店铺", "关", 20),
    ]
    made = []
    for n, (organisation, _state, quantity) in enumerate(buyers):
        made.append(
            services.send_inquiry(
                inquiry=Inquiry(
                    product=product,
                    organisation=organisation,
                    contact_name="联系人",
                    phone=f"1391234567{n}",
                    email=f"buyer{n}@example.com",
                    quantity=quantity,
                    message="请报价，并告知可否定制图案和包装。",
                ),
                sender_ip=None,
            )
        )
    _new, answered, deal, closed = made
    services.answer_inquiry(
        inquiry=answered, user=leader, answer="单价 150 元，20 天交货。"
    )
    services.answer_inquiry(
        inquiry=deal, user=leader, answer="可定制航司标志，单价 120 元。"
    )
    services.record_deal(
        inquiry=deal, user=leader, quantity=1200, value=Decimal("144000.00")
    )
    services.close_inquiry(inquiry=closed, user=leader)
    return len(made)


@transaction.atomic
def load_demo() -> int:
    """Create the market's demo data; return how many objects were created (none
    on a second run)."""
    workshop = Workshop.objects.filter(leader__person__user__email=LEADER_EMAIL).first()
    if workshop is None:
        return 0
    leader = User.objects.get(email=LEADER_EMAIL)
    created = _products(
        workshop, User.objects.filter(email="rural@jiangxin.local").first()
    )
    created += _events(
        workshop, User.objects.filter(email="county@jiangxin.local").first()
    )
    created += _inquiries(workshop, leader)
    return created
