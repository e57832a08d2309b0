import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from courses.services import register_institution
from lms.models import Institution, Region, User
from lms.roles import Role
from lms.services import grant_scope
from lms.validators import credit_code_check_character

PASSWORD = "a-long-test-password-1"


def credit_code(n: int, region: str = "510104") -> str:
    """A valid unified social credit code for the n-th test institution."""
    first17 = f"52{region}MJ{n:07d}"
    return first17 + credit_code_check_character(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )


def trainee(**kwargs) -> User:
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=Role.TRAINEE))
    return user


def officer(region_code: str, role: Role = Role.CULTURE_OFFICER, **kwargs) -> User:
    user = UserFactory(**kwargs)
    grant_scope(user=user, role=role, region=Region.objects.get(code=region_code))
    return user


def institution_staff(
    institution: Institution, role: Role = Role.INSTITUTION_ADMIN, **kwargs
) -> User:
    user = UserFactory(**kwargs)
    grant_scope(user=user, role=role, institution=institution)
    return user


_institution_numbers = iter(range(1, 10_000_000))


def institution(region_code: str = "510104", name: str | None = None) -> Institution:
    n = next(_institution_numbers)
    return register_institution(
        name=name or f"测试培训学校{n}",
        credit_code=credit_code(n, region_code),
        region=Region.objects.get(code=region_code),
    )


# --- Courses ------------------------------------------------------------------------


def course(school: Institution, **fields):
    """A live course page in the institution's subtree."""
    from courses.models import CoursePage, TrainingMode

    values = {
        "title": "蜀绣基础",
        "summary": "从针法开始学习蜀绣。",
        "mode": TrainingMode.DISTANCE,
        "region": school.region,
        "planned_hours": 12,
        **fields,
    }
    page = CoursePage(**values)
    school.course_index.add_child(instance=page)
    page.save_revision().publish()
    return page


def lesson(parent, kind: str = "reading", **fields):
    from courses.models import LessonPage

    values = {"title": "第一课", "kind": kind, "body": "<p>针法</p>", **fields}
    if kind == "practical":
        values.setdefault("instructions", "<p>绣一片叶子。</p>")
    page = LessonPage(**values)
    parent.add_child(instance=page)
    return page


# --- Inheritors, workshops and studios -------------------------------------------


_person_numbers = iter(range(1, 300_000))


def id_number(n: int | None = None, region: str = "510104") -> str:
    """A valid resident ID number; each call without n gives a new one."""
    from lms.identity import id_check_character

    n = next(_person_numbers) if n is None else n
    day = n // 1000
    first17 = f"{region}1980{1 + day // 28 % 12:02d}{1 + day % 28:02d}{n % 1000:03d}"
    return first17 + id_check_character(first17)


def person(name: str | None = None, region: str = "510104", user=None):
    from lms.services import register_person

    number = id_number(region=region)
    return register_person(
        real_name=name or f"测试人{number[-6:]}", id_number=number, user=user
    )


def ich_item(
    code: str = "Ⅶ-21",
    name: str = "蜀绣",
    level: str = "national",
    region: str = "510100",
    batch: int = 1,
):
    """An item on the list its level implies, listed for one region."""
    from inheritors.models import IchItem, IchListing
    from inheritors.models.items import NUMERALS, list_authority

    category = next(c for c, numeral in NUMERALS.items() if code.startswith(numeral))
    item, _ = IchItem.objects.get_or_create(
        level=level,
        list_region_id=list_authority(level, region),
        code=code,
        defaults={"name": name, "category": category},
    )
    IchListing.objects.get_or_create(
        item=item,
        region_id=region,
        batch=batch,
        defaults={"year": 2006, "protection_unit": "测试保护单位"},
    )
    return item


def workshop_leader(region: str = "510104", name: str | None = None, account=None):
    from inheritors.services import register_workshop_leader

    number = id_number(region=region)
    return register_workshop_leader(
        real_name=name or f"带头人{number[-6:]}",
        id_number=number,
        region=Region.objects.get(code=region),
        account=account,
    )


def workshop(
    region: str = "510104",
    name: str | None = None,
    *,
    leader=None,
    identified_on=None,
    active: bool = False,
    **fields,
):
    """An applied workshop; identified on the date given, active if asked."""
    import datetime as dt

    from inheritors.models import Workshop
    from inheritors.services import (
        enter_project_library,
        identify_workshop,
        record_workshop_application,
    )

    values = {
        "name": name or f"{region}工坊{next(_person_numbers)}",
        "region_id": region,
        "entity_type": Workshop.EntityType.INDIVIDUAL,
        "leader": leader or workshop_leader(region),
        "craft": "蜀绣",
        "address": "测试地址 1 号",
        "applied_on": dt.date(2020, 1, 1),
        **fields,
    }
    shop = Workshop.objects.create(**values)
    record_workshop_application(workshop=shop, user=None)
    if identified_on or active:
        officer_user = UserFactory(is_superuser=True)
        shop = identify_workshop(
            workshop=shop,
            user=officer_user,
            identified_on=identified_on or dt.date(2020, 6, 1),
            hr_opinion="同意",
            rural_opinion="同意",
        )
        if active:
            shop = enter_project_library(
                workshop=shop,
                user=officer_user,
                entered_on=shop.identified_on,
                library_number="T-1",
            )
    return shop


def inheritor(region: str = "510104", item=None, level: str = "provincial", **fields):
    from inheritors.models import Inheritor

    return Inheritor.objects.create(
        person=person(region=region),
        item=item or ich_item(),
        level=level,
        region_id=region,
        designated_year=2018,
        **fields,
    )


def master_studio(region: str = "510104", name: str | None = None, **fields):
    import datetime as dt

    from inheritors.models import MasterStudio

    values = {
        "name": name or f"{region}大师工作室{next(_person_numbers)}",
        "region_id": region,
        "level": "provincial",
        "recognised_on": dt.date(2025, 3, 1),
        "leader": person(region=region),
        "leader_skill_level": 50,
        "host_unit": "测试主办单位",
        "host_unit_credit_code": credit_code(next(_person_numbers) + 500_000, region),
        **fields,
    }
    return MasterStudio.objects.create(**values)


def video_asset(institution=None, *, title: str = "蜀绣针法 示范", **fields):
    """A video asset row without files or ladder (for pages, listings, choosers).
    For a playable one use ``transcoded_video_asset``."""
    from media.models import VideoAsset

    fields.setdefault("status", VideoAsset.Status.READY)
    fields.setdefault("duration", 3.0)
    fields.setdefault("original", "videos/originals/x.mp4")
    return VideoAsset.objects.create(title=title, institution=institution, **fields)


def transcoded_video_asset(
    directory,
    institution=None,
    *,
    seconds: float = 3,
    size: str = "426x240",
    pattern: str = "testsrc",
):
    """A real, ready video: an ffmpeg test ``pattern`` of ``size`` with a tone made
    in ``directory``, uploaded and transcoded (at 426x240: 240p and audio only,
    ~1 s; a bigger size gets the ladder down from its height)."""
    import subprocess
    from pathlib import Path

    from django.core.files import File

    from media.ffmpeg import ffmpeg_binary
    from media.services import create_video_asset, transcode_video

    clip = Path(directory) / f"factory-clip-{size}.mp4"
    subprocess.run(
        [ffmpeg_binary(), "-v", "error", "-y", "-f", "lavfi"]
        + ["-i", f"{pattern}=size={size}:rate=25:duration={seconds}"]
        + ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
        + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        + ["-c:a", "aac", "-shortest", str(clip)],
        check=True,
        timeout=120,
    )
    with open(clip, "rb") as handle:
        asset = create_video_asset(
            title="蜀绣针法 示范",
            file=File(handle, name=clip.name),
            institution=institution,
            uploaded_by=None,
        )
    return transcode_video(asset_id=asset.pk)
