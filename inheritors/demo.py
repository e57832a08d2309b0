"""Demo data of the inheritors app for ``make run`` (called from ``lms.roof.demo``).

Sichuan examples: 蜀绣 and 蜀锦织造技艺 on the national list (2006, first batch) and
蜀锦 on the provincial list, a Jinjiang embroidery workshop with its leader, an
inheritor, a skill master studio and a pending application in Qingyang. The people
are fictitious. Idempotent: every object is looked up by its natural key first.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

from inheritors.models import (
    Apprenticeship,
    IchItem,
    IchLevel,
    IchListing,
    Inheritor,
    InheritorAssessment,
    InheritorIndexPage,
    InheritorPage,
    LeaderSupport,
    MasterStudio,
    StudioGrantScheme,
    StudioLevel,
    StudioOutput,
    StudioTarget,
    TransmissionSubsidy,
    Workshop,
    WorkshopConfirmation,
    WorkshopEmployee,
    WorkshopEmployment,
    WorkshopGalleryImage,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopProduct,
)
from inheritors.services import (
    confirm_workshop_registration,
    enter_project_library,
    identify_workshop,
    link_account,
    plan_studio_funding,
    record_workshop_application,
    register_workshop_leader,
)
from lms.models import Person, Region, User
from lms.services import register_person
from lms.skills import SkillLevel

# Matches lms.roof.demo.DEMO_PASSWORD: every demo login shares one password.
DEMO_PASSWORD = "jiangxin-demo-2026"
LEADER_EMAIL = "leader@jiangxin.local"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# (level, code, name, category, region, batch, year, protection unit). Codes as
# published by the China ICH Protection Centre; check before relying on them.
ITEMS = [
    (
        IchLevel.NATIONAL,
        "Ⅶ-21",
        "蜀绣",
        "VII",
        "510100",
        1,
        2006,
        "成都市非物质文化遗产保护中心",
    ),
    (
        IchLevel.NATIONAL,
        "Ⅷ-16",
        "蜀锦织造技艺",
        "VIII",
        "510100",
        1,
        2006,
        "成都蜀锦织绣有限责任公司",
    ),
    (
        IchLevel.PROVINCIAL,
        "Ⅷ-1",
        "蜀锦织造技艺",
        "VIII",
        "510100",
        1,
        2007,
        "成都蜀锦织绣有限责任公司",
    ),
]
LEADER = ("张秀英", "510104197803152423", "13880001234")
EMPLOYEES = [("王小梅", "510104199206113628"), ("陈丽", "510105198609102829")]
APPRENTICES = [("刘佳", "510104200103054712")]


class _Counter:
    def __init__(self) -> None:
        self.created = 0

    def add(self, created: bool) -> None:
        self.created += int(created)


def _items(count: _Counter) -> dict[str, IchItem]:
    items = {}
    for level, code, name, category, region, batch, year, unit in ITEMS:
        authority = None if level == IchLevel.NATIONAL else region[:2] + "0000"
        item, created = IchItem.objects.get_or_create(
            level=level,
            list_region_id=authority,
            code=code,
            defaults={"name": name, "category": category},
        )
        count.add(created)
        _, created = IchListing.objects.get_or_create(
            item=item,
            region_id=region,
            batch=batch,
            defaults={"year": year, "protection_unit": unit},
        )
        count.add(created)
        items[f"{level}:{code}"] = item
    return items


def _leader_account(count: _Counter) -> User:
    user, created = User.objects.get_or_create(
        username="leader", defaults={"email": LEADER_EMAIL}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(
            user=user, email=LEADER_EMAIL, verified=True, primary=True
        )
    count.add(created)
    return user


def _workshop(count: _Counter, items, leader, officer) -> Workshop:
    workshop = Workshop.objects.filter(credit_code="93510104MA6C8X2Q49").first()
    if workshop is not None:
        return workshop
    workshop = Workshop.objects.create(
        name="锦江蜀绣非遗工坊",
        region_id="510104",
        entity_type=Workshop.EntityType.COOPERATIVE,
        entity_name="成都市锦江区锦绣蜀绣专业合作社",
        credit_code="93510104MA6C8X2Q49",
        leader=leader,
        address="成都市锦江区三圣街道红砂村 8 组",
        site_area=Decimal("260"),
        has_water=True,
        has_power=True,
        equipment="绣架 40 套，绷框、针线、图稿台",
        products="蜀绣团扇、熊猫绣片、芙蓉花屏风、定制服饰绣片",
        applied_on=dt.date(2024, 3, 1),
    )
    workshop.items.set([items["national:Ⅶ-21"]])
    record_workshop_application(workshop=workshop, user=officer)
    identify_workshop(
        workshop=workshop,
        user=officer,
        identified_on=dt.date(2024, 5, 20),
        hr_opinion="锦江区人社局：同意认定，纳入就业帮扶车间政策。",
        rural_opinion="锦江区农业农村局（乡村振兴）：同意认定。",
    )
    enter_project_library(
        workshop=workshop,
        user=User.objects.filter(email="rural@jiangxin.local").first() or officer,
        entered_on=dt.date(2024, 6, 10),
        library_number="JJ-2024-017",
    )
    # The steps happened in 2024, not when the demo is loaded.
    for state, day in [
        (Workshop.State.APPLIED, dt.date(2024, 3, 1)),
        (Workshop.State.IDENTIFIED, dt.date(2024, 5, 20)),
        (Workshop.State.ACTIVE, dt.date(2024, 6, 10)),
    ]:
        workshop.state_changes.filter(to_state=state).update(
            changed_at=dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)
        )
    WorkshopEmployment.objects.create(
        workshop=workshop,
        year=2024,
        employed=32,
        poverty_alleviated=11,
        monitoring_targets=3,
        home_based=18,
        flexible=6,
        average_income=Decimal("31500"),
    )
    confirm_workshop_registration(
        workshop=workshop,
        year=2025,
        user=officer,
        channel=WorkshopConfirmation.Channel.ADMIN,
        employment={
            "employed": 38,
            "poverty_alleviated": 14,
            "monitoring_targets": 4,
            "home_based": 22,
            "flexible": 7,
            "average_income": Decimal("34800"),
        },
        today=dt.date(2025, 12, 1),
    )
    workshop.confirmations.filter(year=2025).update(
        confirmed_at=dt.datetime(2025, 12, 1, 10, tzinfo=SHANGHAI)
    )
    for name, craft, low, high in [
        ("熊猫蜀绣团扇", "蜀绣", "180", "420"),
        ("芙蓉花双面绣摆件", "蜀绣", "880", "2600"),
        ("蜀绣书签礼盒", "蜀绣", "68", "128"),
    ]:
        WorkshopProduct.objects.create(
            workshop=workshop,
            name=name,
            craft=craft,
            price_min=Decimal(low),
            price_max=Decimal(high),
        )
    count.add(True)
    return workshop


def _pending_application(count: _Counter, officer) -> None:
    if Workshop.objects.filter(credit_code="91510105MA62Q7L3K0").exists():
        return
    leader = register_workshop_leader(
        real_name="李国华",
        id_number="510105196508221539",
        region=Region.objects.get(code="510105"),
    )
    workshop = Workshop.objects.create(
        name="青羊蜀锦织造工坊",
        region_id="510105",
        entity_type=Workshop.EntityType.ENTERPRISE,
        entity_name="成都青羊锦韵文化有限公司",
        credit_code="91510105MA62Q7L3K0",
        leader=leader,
        craft="蜀锦手工织造",
        address="成都市青羊区文殊坊 12 号",
        has_water=True,
        has_power=True,
        equipment="小花楼木织机 3 台",
        products="蜀锦围巾、书画装裱锦",
        applied_on=dt.date(2026, 9, 15),
    )
    record_workshop_application(workshop=workshop, user=officer)
    count.add(True)


def _people(count: _Counter, workshop: Workshop, items) -> Inheritor:
    leader_person = workshop.leader.person
    for name, number in EMPLOYEES:
        person = register_person(real_name=name, id_number=number)
        _, created = WorkshopEmployee.objects.get_or_create(
            workshop=workshop,
            person=person,
            ended_on=None,
            defaults={"started_on": dt.date(2024, 6, 1), "job": "绣工"},
        )
        count.add(created)
    inheritor, created = Inheritor.objects.get_or_create(
        person=leader_person,
        item=items["national:Ⅶ-21"],
        level=IchLevel.PROVINCIAL,
        defaults={"region_id": "510104", "designated_year": 2018, "batch": 5},
    )
    count.add(created)
    for year, result in [(2024, "passed"), (2025, "excellent")]:
        _, created = InheritorAssessment.objects.get_or_create(
            inheritor=inheritor,
            year=year,
            defaults={
                "plan": "带徒 5 人，开展进校园传习活动 4 次，整理蜀绣针法图谱。",
                "planned_apprentices": 5,
                "taught_apprentices": 6,
                "result": result,
                "assessed_on": dt.date(year, 12, 15),
            },
        )
        count.add(created)
    _, created = TransmissionSubsidy.objects.get_or_create(
        inheritor=inheritor,
        year=2025,
        defaults={
            "amount": Decimal("10000"),
            "granted_on": dt.date(2025, 4, 1),
            "department": "四川省文化和旅游厅",
        },
    )
    count.add(created)
    for kind, amount, day in [
        (LeaderSupport.Kind.STARTUP_SUBSIDY, "5000", dt.date(2023, 8, 1)),
        (LeaderSupport.Kind.GUARANTEED_LOAN, "200000", dt.date(2024, 7, 1)),
    ]:
        _, created = LeaderSupport.objects.get_or_create(
            leader=workshop.leader,
            kind=kind,
            granted_on=day,
            defaults={
                "amount": Decimal(amount),
                "workshop": workshop,
                "department": "成都市锦江区人力资源和社会保障局",
            },
        )
        count.add(created)
    return inheritor


def _studio(count: _Counter, workshop: Workshop, inheritor: Inheritor) -> None:
    for level, region, amount, shares in [
        (StudioLevel.NATIONAL, None, "200000", "100"),
        (StudioLevel.PROVINCIAL, "510000", "100000", "50,50"),
    ]:
        _, created = StudioGrantScheme.objects.get_or_create(
            level=level,
            region_id=region,
            defaults={"amount": Decimal(amount), "tranche_shares": shares},
        )
        count.add(created)
    studio = MasterStudio.objects.filter(name="张秀英蜀绣技能大师工作室").first()
    if studio is None:
        studio = MasterStudio.objects.create(
            name="张秀英蜀绣技能大师工作室",
            region_id="510104",
            level=StudioLevel.PROVINCIAL,
            recognised_on=dt.date(2025, 3, 18),
            leader=inheritor.person,
            leader_skill_level=SkillLevel.LEVEL_2,
            leader_inheritor=inheritor,
            host_unit=workshop.entity_name,
            host_unit_credit_code=workshop.credit_code,
            area=Decimal("80"),
            workshop=workshop,
        )
        plan_studio_funding(studio=studio, user=None)
        StudioTarget.objects.create(
            studio=studio, year=2025, trained_target=50, high_skilled_target=10
        )
        StudioOutput.objects.create(
            studio=studio,
            year=2025,
            kind=StudioOutput.Kind.TRAINEES,
            title="蜀绣技能提升培训班（两期）",
            quantity=49,
            high_skilled=9,
        )
        StudioOutput.objects.create(
            studio=studio,
            year=2025,
            kind=StudioOutput.Kind.TECHNIQUE,
            title="蜀绣晕针、掺针针法图谱整理",
        )
        count.add(True)
    for name, number in APPRENTICES:
        person = register_person(real_name=name, id_number=number)
        _, created = Apprenticeship.objects.get_or_create(
            studio=studio,
            apprentice=person,
            ended_on=None,
            defaults={
                "master": studio.leader,
                "started_on": dt.date(2025, 4, 1),
                "level_at_start": SkillLevel.LEVEL_4,
                "level_reached": SkillLevel.LEVEL_3,
            },
        )
        count.add(created)


def _pages(count: _Counter, workshop: Workshop, inheritor: Inheritor) -> None:
    index = WorkshopIndexPage.objects.first()
    if index is not None and not WorkshopPage.objects.filter(workshop=workshop):
        page = WorkshopPage(
            title=workshop.name,
            slug="jinjiang-shuxiu",
            workshop=workshop,
            summary="三圣街道的绣娘们在家门口绣出熊猫与芙蓉。",
            story=[
                (
                    "paragraph",
                    "<p>工坊依托国家级非遗代表性项目蜀绣，吸纳周边脱贫户和"
                    "留守妇女居家刺绣，按件计酬。</p>",
                )
            ],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        count.add(True)
    index = InheritorIndexPage.objects.first()
    if index is not None and not InheritorPage.objects.filter(inheritor=inheritor):
        page = InheritorPage(
            title=inheritor.public_name,
            slug="zhang-xiuying",
            inheritor=inheritor,
            summary="省级蜀绣代表性传承人，从艺三十余年。",
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        count.add(True)


# (title, background, thread colours, motif) of the generated demo photos.
PHOTOS = {
    "cover": (
        "锦江蜀绣工坊 · 绣架",
        "#efe6d6",
        ["#b3261e", "#2f6b3a", "#d9a441"],
        "rings",
    ),
    "gallery-1": ("绣娘在绣熊猫团扇", "#f3ece0", ["#222222", "#f5f5f5"], "panda"),
    "gallery-2": (
        "芙蓉花针脚特写",
        "#f7efe6",
        ["#d6457a", "#f29bb6", "#2f6b3a"],
        "flower",
    ),
    "gallery-3": (
        "工坊的丝线架",
        "#ece4d4",
        ["#b3261e", "#d9a441", "#3b5ba5"],
        "stripes",
    ),
    "portrait": ("张秀英在绣架前", "#e9e0cf", ["#5a3d2b", "#b3261e"], "portrait"),
    "熊猫蜀绣团扇": ("熊猫蜀绣团扇", "#f3ece0", ["#222222", "#f5f5f5"], "panda"),
    "芙蓉花双面绣摆件": (
        "芙蓉花双面绣摆件",
        "#f7efe6",
        ["#d6457a", "#f29bb6"],
        "flower",
    ),
    "蜀绣书签礼盒": ("蜀绣书签礼盒", "#ece4d4", ["#b3261e", "#d9a441"], "stripes"),
}


def _draw(background: str, colours: list[str], motif: str) -> bytes:
    """A 1200×900 stylised photo of embroidery, drawn so the demo needs no files."""
    image = Image.new("RGB", (1200, 900), background)
    draw = ImageDraw.Draw(image)
    if motif == "rings":
        for ring in range(12, 0, -1):
            r = ring * 32
            colour = colours[ring % len(colours)]
            draw.ellipse((600 - r, 450 - r, 600 + r, 450 + r), outline=colour, width=10)
    elif motif == "panda":
        draw.ellipse((300, 150, 900, 750), fill=colours[1], outline="#8a6d3b", width=12)
        for x in (470, 730):
            draw.ellipse((x - 70, 240, x + 70, 380), fill=colours[0])
        for x in (520, 680):
            draw.ellipse((x - 45, 380, x + 45, 470), fill=colours[0])
        draw.ellipse((560, 520, 640, 580), fill=colours[0])
    elif motif == "flower":
        for angle in range(0, 360, 45):
            dx, dy = [
                (0, -1),
                (1, -1),
                (1, 0),
                (1, 1),
                (0, 1),
                (-1, 1),
                (-1, 0),
                (-1, -1),
            ][angle // 45]
            x, y = 600 + dx * 170, 450 + dy * 170
            draw.ellipse((x - 130, y - 130, x + 130, y + 130), fill=colours[angle % 2])
        draw.ellipse((520, 370, 680, 530), fill=colours[-1])
    elif motif == "portrait":
        draw.ellipse((450, 120, 750, 420), fill="#e8c9a8")
        draw.rectangle((380, 420, 820, 900), fill=colours[1])
        draw.rectangle((100, 600, 1100, 640), fill=colours[0])
    else:  # stripes: skeins of silk thread
        for n in range(24):
            colour = colours[n % len(colours)]
            draw.rectangle((60 + n * 45, 120, 90 + n * 45, 780), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _image(count: _Counter, key: str):
    """The demo photo ``key``, made once (found again by its title)."""
    title, background, colours, motif = PHOTOS[key]
    model = get_image_model()
    found = model.objects.filter(title=title).first()
    if found is not None:
        return found
    data = _draw(background, colours, motif)
    image = model(title=title)
    image.file = ImageFile(io.BytesIO(data), name=f"demo-{motif}.jpg")
    image.save()
    count.add(True)
    return image


def _photos(count: _Counter, workshop: Workshop, inheritor: Inheritor) -> None:
    """Photos on the workshop's page, the inheritor's profile and the products."""
    page = WorkshopPage.objects.filter(workshop=workshop).first()
    if page is not None:
        if page.cover_image_id is None:
            page.cover_image = _image(count, "cover")
            page.save_revision().publish()
        for order, key in enumerate(["gallery-1", "gallery-2", "gallery-3"]):
            image = _image(count, key)
            _, created = WorkshopGalleryImage.objects.get_or_create(
                page=page,
                image=image,
                defaults={"caption": PHOTOS[key][0], "sort_order": order},
            )
            count.add(created)
    profile = InheritorPage.objects.filter(inheritor=inheritor).first()
    if profile is not None and profile.portrait_id is None:
        profile.portrait = _image(count, "portrait")
        profile.save_revision().publish()
    for product in workshop.catalogue.filter(photo__isnull=True, name__in=PHOTOS):
        product.photo = _image(count, product.name)
        product.save(update_fields=["photo"])


@transaction.atomic
def load_demo() -> int:
    """Create the demo register, workshops, people and studio; return how many
    objects were created (none on a second run)."""
    count = _Counter()
    items = _items(count)
    officer = User.objects.filter(email="county@jiangxin.local").first()
    account = _leader_account(count)
    person = Person.objects.with_id_number(LEADER[1]).first()
    leader = getattr(person, "workshop_leader", None) if person else None
    if leader is None:
        leader = register_workshop_leader(
            real_name=LEADER[0],
            id_number=LEADER[1],
            mobile=LEADER[2],
            region=Region.objects.get(code="510104"),
            biography="自幼随母学绣，2016 年起带领村里的妇女做蜀绣。",
            honours="四川省蜀绣代表性传承人、乡村工匠",
        )
        count.add(True)
    if leader.person.user_id is None:
        link_account(person=leader.person, account=account, by=officer)
    workshop = _workshop(count, items, leader, officer)
    _pending_application(count, officer)
    inheritor = _people(count, workshop, items)
    _studio(count, workshop, inheritor)
    _pages(count, workshop, inheritor)
    _photos(count, workshop, inheritor)
    return count.created
