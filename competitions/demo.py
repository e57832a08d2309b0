"""Demo competitions for ``make run``: a county 蜀绣 contest with published results
and a gallery, a county 蜀绣 newcomers' contest its judges are marking now, and a
provincial 竹编 competition open for registration.

Idempotent: competitions are looked up by name, people by ID number and accounts
by email, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from competitions.choices import AspectKind, Component
from competitions.models import Aspect, Competition, CompetitionTieBreaker, Criterion
from competitions.services import (
    Competitor,
    add_entry_photo,
    approve_marking_scheme,
    assign_judge,
    close_registration,
    lock_marking,
    publish_results,
    register_entry,
    review_spread,
    spread_flags,
    start_judging,
    submit_scores,
)
from lms.identity import id_check_character
from lms.models import Region, User
from lms.services import register_person

DEMO_PASSWORD = (
    "jiangxin-demo-2026"  # the same as lms.roof.demo's, for every demo login
)
SHUXIU = "2026年成都市锦江区蜀绣技能大赛"
ZHUBIAN = "2027年四川省非遗工坊竹编技能竞赛"
NEWCOMERS = "2026年成都市锦江区蜀绣新秀赛"
NEWCOMER_ENTRANTS = [  # (real name, born, workshop): entries nobody has marked yet
    ("黄小梅", dt.date(2000, 3, 8), "锦江区蜀绣工坊"),
    ("林雨欣", dt.date(2002, 9, 19), "东大街蜀绣坊"),
    ("何佳怡", dt.date(1999, 12, 1), "春熙绣庄"),
]
JUDGES = [  # (email, real name, born, chief)
    ("judge1@jiangxin.local", "郝秀清", dt.date(1962, 4, 12), True),
    ("judge2@jiangxin.local", "杨德明", dt.date(1968, 9, 3), False),
    ("judge3@jiangxin.local", "邓桂芳", dt.date(1971, 1, 25), False),
]
COMPETITORS = [  # (real name, born, level held, workshop, A measured, J scores, B)
    ("陈秀英", dt.date(1988, 3, 14), "3", "锦江区蜀绣工坊", "36", (3, 3, 2), "26"),
    ("王丽华", dt.date(1992, 7, 2), "4", "锦江区蜀绣工坊", "38", (2, 2, 2), "27.5"),
    ("刘芳", dt.date(1979, 11, 30), "2", "东大街蜀绣坊", "33", (3, 2, 2), "24"),
    ("张晓燕", dt.date(1995, 5, 18), "", "东大街蜀绣坊", "30", (2, 2, 2), "22"),
    (
        "李娟",
        dt.date(1990, 2, 9),
        "4",
        "春熙绣庄",
        "32",
        (2, 2, 2),
        "20",
    ),  # ties 张晓燕
    ("赵雪梅", dt.date(1986, 8, 21), "3", "春熙绣庄", "28", (1, 1, 2), "25"),
    ("周玉兰", dt.date(1975, 12, 5), "3", "水井坊绣坊", "34", (2, 1, 2), "21"),
    ("吴静", dt.date(1998, 4, 27), "5", "水井坊绣坊", "26", (1, 2, 1), "19.5"),
    ("郑小红", dt.date(1993, 10, 11), "", "合江亭蜀绣馆", "24", (1, 1, 1), "23"),
    ("孙莉", dt.date(2001, 6, 16), "5", "合江亭蜀绣馆", "22", (1, 0, 1), "18"),
]
SCHEME = [  # (code, name, component, [(description, kind, max, guidance)])
    (
        "A",
        "刺绣实操",
        Component.PRACTICAL,
        [
            (
                "针法规范：齐针、套针、晕针各一处",
                AspectKind.MEASUREMENT,
                "40",
                "每种针法合格得满分的三分之一，不合格不得分。",
            ),
            (
                "作品整体艺术效果",
                AspectKind.JUDGEMENT,
                "30",
                "0 低于行业标准；1 达到行业标准；2 部分超出；3 全面超出，堪称精品。",
            ),
        ],
    ),
    (
        "B",
        "理论知识",
        Component.THEORY,
        [
            (
                "蜀绣历史与针法理论笔试",
                AspectKind.MEASUREMENT,
                "30",
                "按答卷得分折算，满分30分。",
            ),
        ],
    ),
]


def _id_number(region: str, born: dt.date, serial: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{serial:03d}"
    return first17 + id_check_character(first17)


def _account(email: str) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=email.split("@")[0], defaults={"email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, created


def _photo(name: str, colour: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), "#f6efe4")
    draw = ImageDraw.Draw(image)
    for ring in range(8, 0, -1):  # a stylised embroidered flower
        r = ring * 24
        draw.ellipse((320 - r, 240 - r, 320 + r, 240 + r), outline=colour, width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _scheme(competition: Competition) -> None:
    for code, name, component, aspects in SCHEME:
        criterion = Criterion.objects.create(
            competition=competition, code=code, name=name, component=component
        )
        for order, (description, kind, max_mark, guidance) in enumerate(aspects):
            Aspect.objects.create(
                criterion=criterion,
                description=description,
                kind=kind,
                max_mark=Decimal(max_mark),
                guidance=guidance,
                sort_order=order,
            )


def _jinjiang_embroidery_contest(**fields) -> Competition:
    """An open county embroidery contest of Jinjiang's culture bureau, for the
    young embroiderers of Chengdu; ``fields`` give its name, dates and the rest."""
    return Competition.objects.create(
        **{
            "level": "county",
            "ich_category": "VII",
            "craft": "蜀绣",
            "region": Region.objects.get(code="510104"),
            "department": "culture",
            "organiser": "成都市锦江区文化广电旅游局",
            "venue": "成都市锦江区非遗文化中心",
            "eligible_region": Region.objects.get(code="510100"),
            "min_age": 16,
            "status": Competition.Status.OPEN,
            "award_rule": "percentage",
            **fields,
        }
    )


def _enter(competition, name, id_number, level, workshop, **entry):
    """A Jinjiang resident registered and entered alone, at ``level``."""
    person = register_person(
        real_name=name,
        id_number=id_number,
        household_region=Region.objects.get(code="510104"),
    )
    return register_entry(
        competition=competition,
        competitors=[Competitor(person, level)],
        workshop_name=workshop,
        **entry,
    )


def _shuxiu(organiser: User | None) -> int:
    """A finished county contest: ten entries marked by three judges, published."""
    now = timezone.now()
    opens = now - dt.timedelta(days=90)
    competition = _jinjiang_embroidery_contest(
        name=SHUXIU,
        registration_opens_at=opens,
        registration_closes_at=opens + dt.timedelta(days=30),
        starts_on=(opens + dt.timedelta(days=45)).date(),
        ends_on=(opens + dt.timedelta(days=46)).date(),
        schedule="第一天：理论笔试；第二天：刺绣实操（6小时）。",
    )
    for order, rule in enumerate(["shorter_time", "practical", "theory"]):
        CompetitionTieBreaker.objects.create(
            competition=competition, rule=rule, sort_order=order
        )
    _scheme(competition)
    judges, created = _panel(competition, organiser)
    created += 1
    entries = []
    colours = ["#a4262c", "#2b6f8f", "#c4842b", "#5b7f3a", "#7a3f8f"] * 2
    for serial, (name, born, level, workshop, *_marks) in enumerate(COMPETITORS):
        entry = _enter(
            competition,
            name,
            _id_number("510104", born, 100 + serial),
            level,
            workshop,
            description="参赛作品：芙蓉锦鲤蜀绣小品，双面绣。",
            by=organiser,
            now=opens + dt.timedelta(days=1 + serial),
        )
        add_entry_photo(
            entry=entry,
            file=_photo(f"shuxiu-{serial + 1}.jpg", colours[serial]),
            caption="芙蓉锦鲤",
            by=organiser,
        )
        entry.completion_time = dt.timedelta(hours=5, minutes=20 + 7 * serial)
        entry.save(update_fields=["completion_time"])
        entries.append(entry)
        created += 2
    approve_marking_scheme(competition=competition, by=organiser)
    close_registration(competition=competition, by=organiser)
    start_judging(competition=competition, by=organiser)
    measured, judged, theory = Aspect.objects.filter(
        criterion__competition=competition
    ).order_by("criterion__code", "sort_order")
    for entry, (*_who, practical, scores, written) in zip(
        entries, COMPETITORS, strict=True
    ):
        for judge, score in zip(judges, scores, strict=True):
            submit_scores(
                judge=judge,
                entry=entry,
                judgements={judged.pk: score},
                measurements={
                    measured.pk: Decimal(practical),
                    theory.pk: Decimal(written),
                }
                if judge.is_chief
                else {},
            )
    for flag in spread_flags(competition):
        review_spread(
            chief=judges[0], entry=flag.entry, aspect=flag.aspect, note="合议后维持"
        )
    lock_marking(chief=judges[0])
    publish_results(competition=competition, by=organiser)
    return created


def _panel(competition: Competition, organiser: User | None) -> tuple[list, int]:
    """The demo judges on ``competition``'s panel, judge1 its chief."""
    created = 0
    judges = []
    for serial, (email, name, born, chief) in enumerate(JUDGES, start=1):
        account, new = _account(email)
        created += new
        judges.append(
            assign_judge(
                competition=competition,
                real_name=name,
                id_number=_id_number("510105", born, serial),
                account=account,
                is_chief=chief,
                by=organiser,
            )
        )
    return judges, created


def _newcomers(organiser: User | None) -> int:
    """A county contest held last week, its entries waiting for the judges' marks."""
    now = timezone.now()
    opens = now - dt.timedelta(days=40)
    competition = _jinjiang_embroidery_contest(
        name=NEWCOMERS,
        registration_opens_at=opens,
        registration_closes_at=opens + dt.timedelta(days=25),
        starts_on=(now - dt.timedelta(days=7)).date(),
        ends_on=(now - dt.timedelta(days=7)).date(),
        schedule="上午：理论笔试；下午：刺绣实操（4小时）。",
        max_age=35,
    )
    CompetitionTieBreaker.objects.create(
        competition=competition, rule="practical", sort_order=0
    )
    _scheme(competition)
    _judges, created = _panel(competition, organiser)
    created += 1
    for serial, (name, born, workshop) in enumerate(NEWCOMER_ENTRANTS):
        entry = _enter(
            competition,
            name,
            _id_number("510104", born, 200 + serial),
            "",
            workshop,
            description="参赛作品：蜀绣团扇，单面绣。",
            by=organiser,
            now=opens + dt.timedelta(days=2 + serial),
        )
        add_entry_photo(
            entry=entry,
            file=_photo(f"newcomers-{serial + 1}.jpg", "#a4262c"),
            caption="蜀绣团扇",
            by=organiser,
        )
        created += 2
    approve_marking_scheme(competition=competition, by=organiser)
    close_registration(competition=competition, by=organiser)
    start_judging(competition=competition, by=organiser)
    return created


def _zhubian() -> int:
    """A provincial team competition, open for registration now."""
    now = timezone.now()
    competition = Competition.objects.create(
        name=ZHUBIAN,
        level="province",
        ich_category="VIII",
        craft="竹编",
        region=Region.objects.get(code="510000"),
        department="hr",
        organiser="四川省人力资源和社会保障厅、四川省文化和旅游厅",
        registration_opens_at=now - dt.timedelta(days=3),
        registration_closes_at=now + dt.timedelta(days=45),
        starts_on=(now + dt.timedelta(days=75)).date(),
        ends_on=(now + dt.timedelta(days=77)).date(),
        venue="成都市崇州市道明镇竹艺村",
        entry_kind="team",
        team_size=2,
        eligible_region=Region.objects.get(code="510000"),
        min_age=16,
        max_age=60,
        eligibility_notes="非遗工坊从业人员或职业院校学员，每个工坊限报一队。",
        status=Competition.Status.OPEN,
        standardiser="worldskills",
        award_rule="national",
    )
    for order, rule in enumerate(["shorter_time", "practical"]):
        CompetitionTieBreaker.objects.create(
            competition=competition, rule=rule, sort_order=order
        )
    return 1


@transaction.atomic
def load_demo() -> int:
    """Create the demo competitions, judges and competitors; return how many
    objects were created."""
    created = 0
    # The county culture officer of lms.roof.demo, when it exists, signs the steps.
    organiser = User.objects.filter(email="county@jiangxin.local").first()
    if not Competition.objects.filter(name=SHUXIU).exists():
        created += _shuxiu(organiser)
    if not Competition.objects.filter(name=NEWCOMERS).exists():
        created += _newcomers(organiser)
    if not Competition.objects.filter(name=ZHUBIAN).exists():
        created += _zhubian()
    return created
