"""Builders for competition tests: people with valid ID numbers, competitions,
marking schemes, judges and entries, each made through the services."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from competitions.choices import AspectKind, Component
from competitions.models import Aspect, Competition, Criterion
from competitions.services import Competitor, assign_judge, register_entry
from lms.identity import id_check_character
from lms.models import Person, Region
from lms.services import register_person
from tests import factories

_serials = itertools.count(1)


def id_number(region_code: str = "510104", born: dt.date = dt.date(1990, 5, 1)) -> str:
    first17 = f"{region_code}{born:%Y%m%d}{next(_serials) % 1000:03d}"
    return first17 + id_check_character(first17)


def person(
    name: str | None = None,
    region_code: str | None = "510104",
    born: dt.date = dt.date(1990, 5, 1),
    user=None,
) -> Person:
    number = id_number(region_code or "510104", born)
    return register_person(
        real_name=name or f"选手{number[-5:]}",
        id_number=number,
        household_region=Region.objects.get(code=region_code) if region_code else None,
        user=user,
    )


def competition(region_code: str = "510104", **fields) -> Competition:
    """An open individual competition whose window runs now, held next month."""
    now = timezone.now()
    values = {
        "name": "锦江区蜀绣技能大赛",
        "level": "county",
        "ich_category": "VII",
        "craft": "蜀绣",
        "region": Region.objects.get(code=region_code),
        "department": "culture",
        "organiser": "成都市锦江区文化广电旅游局",
        "registration_opens_at": now - dt.timedelta(days=1),
        "registration_closes_at": now + dt.timedelta(days=10),
        "starts_on": (now + dt.timedelta(days=30)).date(),
        "ends_on": (now + dt.timedelta(days=31)).date(),
        "status": Competition.Status.OPEN,
        **fields,
    }
    return Competition.objects.create(**values)


def scheme(competition: Competition, aspects=None) -> list[Aspect]:
    """A marking scheme: (criterion code, component, kind, max mark) per aspect.
    The default is 100 marks: A practical 40 M + 30 J, B theory 30 M."""
    aspects = aspects or [
        ("A", Component.PRACTICAL, AspectKind.MEASUREMENT, "40"),
        ("A", Component.PRACTICAL, AspectKind.JUDGEMENT, "30"),
        ("B", Component.THEORY, AspectKind.MEASUREMENT, "30"),
    ]
    created = []
    for number, (code, component, kind, max_mark) in enumerate(aspects):
        criterion, _ = Criterion.objects.get_or_create(
            competition=competition,
            code=code,
            defaults={"name": f"模块{code}", "component": component},
        )
        created.append(
            Aspect.objects.create(
                criterion=criterion,
                description=f"要素{number + 1}",
                kind=kind,
                max_mark=Decimal(max_mark),
                guidance="0 未达标；1 达到行业标准；2 部分超出；3 全面超出",
                sort_order=number,
            )
        )
    return created


def judge(
    competition: Competition, *, chief: bool = False, institution=None, name=None
):
    account = factories.UserFactory()
    number = id_number("510105", dt.date(1970, 1, 1))
    return assign_judge(
        competition=competition,
        real_name=name or f"裁判{number[-5:]}",
        id_number=number,
        account=account,
        by=factories.UserFactory(is_superuser=True),
        institution=institution,
        is_chief=chief,
    )


def enter(competition: Competition, *people: Person, **fields):
    """Register an entry for these people (a new person if none)."""
    people = people or (person(),)
    values = {"by": factories.UserFactory(), **fields}
    if competition.is_team:
        values.setdefault("team_name", "测试队")
    return register_entry(
        competition=competition,
        competitors=[Competitor(p, fields.pop("skill_level", "")) for p in people],
        **{k: v for k, v in values.items() if k != "skill_level"},
    )


def ready_for_judging(competition: Competition, *, judges: int = 3, entries=None):
    """Scheme approved, a panel of judges (the first is chief), entries registered,
    registration closed and judging started. Returns (judges, entries)."""
    from competitions.services import (
        approve_marking_scheme,
        close_registration,
        start_judging,
    )

    admin = factories.UserFactory(is_superuser=True)
    if not competition.criteria.exists():
        scheme(competition)
    approve_marking_scheme(competition=competition, by=admin)
    panel = [judge(competition, chief=n == 0) for n in range(judges)]
    entries = entries if entries is not None else [enter(competition) for _ in range(2)]
    close_registration(competition=competition, by=admin)
    start_judging(competition=competition, by=admin)
    competition.refresh_from_db()
    for member in panel:
        member.competition = competition
    return panel, entries
